import Testing
@testable import DeviceTree

/// `#include`, `/include/`, `#define` and conditional groups.
@Suite struct PreprocessorTests {
    private func numbers(_ tree: DeviceTree, _ path: String, _ name: String) -> [UInt64?] {
        guard let node = tree.node(atPath: path), let property = tree[node].property(name) else { return [] }
        return property.cells.map { cell in
            if case .number(let value) = cell.cell { return value }
            return nil
        }
    }

    @Test func includesResolveNextToTheIncludingFile() throws {
        var asked: [String] = []
        let files = [
            "boards/soc/base.dtsi": "#include \"parts/clk.dtsi\"\n/ { base = <1>; };",
            "boards/soc/parts/clk.dtsi": "/include/ \"../../common.dtsi\"\n/ { clk = <2>; };",
            "boards/common.dtsi": "/ { common = <3>; };",
        ]
        let (tree, _) = try DeviceTreeTopology.parse(
            source: "/dts-v1/;\n#include \"soc/base.dtsi\"\n/ { board = <4>; };", fileName: "boards/board.dts"
        ) { path in
            asked.append(path)
            return files[path]
        }
        #expect(asked == ["boards/soc/base.dtsi", "boards/soc/parts/clk.dtsi", "boards/common.dtsi"])
        #expect(tree[DeviceTree.root].properties.map(\.name) == ["common", "clk", "base", "board"])
    }

    @Test func angleIncludesUseTheIncludeDirectories() throws {
        let header = "#ifndef _GIC_H\n#define _GIC_H\n#define GIC_SPI 0\n#define IRQ_TYPE_LEVEL_HIGH 4\n#endif\n"
        let source = "#include <dt-bindings/arm-gic.h>\n/ { n { interrupts = <GIC_SPI 60 IRQ_TYPE_LEVEL_HIGH>; }; };"
        let (tree, warnings) = try DeviceTreeTopology.parse(
            source: source, fileName: "b.dts", options: .init(includeDirectories: ["/k/include"])
        ) { $0 == "/k/include/dt-bindings/arm-gic.h" ? header : nil }
        #expect(warnings.isEmpty)
        #expect(numbers(tree, "/n", "interrupts") == [0, 60, 4])
    }

    @Test func unreadableIncludesAndMacrosAreReportedNotFatal() throws {
        let (tree, warnings) = try DeviceTreeTopology.parse(
            source: "#include <dt-bindings/x.h>\n#include \"missing.dtsi\"\n/ { n { i = <GIC_SPI 3 F(1, (2))>; f = FUNC; }; };",
            fileName: "b.dts")
        #expect(tree[try #require(tree.node(atPath: "/n"))].property("i")?.cells.map(\.cell) == [.opaque, .number(3), .opaque])
        #expect(tree[try #require(tree.node(atPath: "/n"))].property("f")?.pieces == [.opaque])
        let messages = warnings.map(\.description)
        #expect(messages.contains("b.dts:1:1: warning: cannot read #include <dt-bindings/x.h> (no include directory given has it); its macros are treated as opaque values"))
        #expect(messages.contains { $0.hasPrefix("b.dts:2:1: warning: cannot read #include \"missing.dtsi\"") })
        #expect(messages.contains { $0.hasPrefix("b.dts:3:14: warning: 3 unknown macros") && $0.contains("GIC_SPI, F, FUNC") })
    }

    @Test func objectLikeDefinesExpandInValues() throws {
        let tree = try Fixtures.parse("""
            #define BASE 0x1000
            #define SIZE (BASE / 2)
            #define NAME "etm"
            #define PAIR 1 2
            #define LONG 3 \\
                     4
            / { n { reg = <BASE SIZE PAIR LONG>; name = NAME, "x"; e = <(BASE + 1)>; }; };
            #undef BASE
            / { m { v = <BASE>; }; };
            """)
        #expect(numbers(tree, "/n", "reg") == [0x1000, 0x800, 1, 2, 3, 4])
        #expect(numbers(tree, "/n", "e") == [0x1001])
        #expect(tree[try #require(tree.node(atPath: "/n"))].property("name")?.strings == ["etm", "x"])
        #expect(numbers(tree, "/m", "v") == [nil], "undefined again after #undef")
    }

    @Test func selfReferentialMacrosStop() throws {
        let tree = try Fixtures.parse("#define A B\n#define B A\n/ { n { v = <A>; }; };")
        #expect(numbers(tree, "/n", "v") == [nil])
    }

    @Test func conditionalGroups() throws {
        let tree = try Fixtures.parse("""
            #define HAVE_STM
            #define LEVEL 2
            / {
            #ifdef HAVE_STM
                stm { };
            #else
                nostm { };
            #endif
            #ifndef HAVE_STM
                wrong1 { };
            #elif LEVEL > 1 && defined(HAVE_STM)
                level2 { };
            #else
                wrong2 { };
            #endif
            #if 0
                #include "never-read.dtsi"
                broken { ;
            #if 1
                nested { };
            #endif
            #elif UNKNOWN_IS_ZERO
                wrong3 { };
            #else
                fallback { };
            #endif
            };
            """)
        let names = tree[DeviceTree.root].children.map { tree[$0].name }
        #expect(names == ["stm", "level2", "fallback"])
    }

    @Test func directivesDoNotCaptureHashProperties() throws {
        let tree = try Fixtures.parse("""
            / {
            #address-cells = <2>;
                #size-cells = <1>;
            #interrupt-cells = <3>;
            };
            """)
        #expect(tree[DeviceTree.root].properties.map(\.name) == ["#address-cells", "#size-cells", "#interrupt-cells"])
    }

    @Test func lineMarkersAndPragmasAreIgnored() throws {
        let tree = try Fixtures.parse("# 1 \"board.dts\"\n#pragma once\n/ { n { }; };")
        #expect(tree.node(atPath: "/n") != nil)
    }
}
