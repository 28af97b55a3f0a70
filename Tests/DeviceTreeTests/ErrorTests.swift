import Testing
@testable import DeviceTree

/// Malformed input gives `file:line:column: message (expected X)`, at the right place.
@Suite struct ErrorTests {
    private func error(_ source: String, files: [String: String] = [:], options: DeviceTreeOptions = .init()) -> DeviceTreeError? {
        do {
            _ = try Fixtures.build(source, files: files, options: options)
            return nil
        } catch {
            return error
        }
    }

    @Test func missingSemicolonAfterAProperty() {
        let failure = error("/ {\n    a = <1>\n    b = <2>;\n};")
        #expect(failure?.description == "board.dts:3:5: unexpected 'b' (expected ',' or ';' after the value)")
    }

    @Test func missingSemicolonAfterANode() {
        let failure = error("/ {\n    n { }\n    m { };\n};")
        #expect(failure?.description == "board.dts:3:5: unexpected 'm' (expected ';' after '}')")
    }

    @Test func unclosedNode() {
        let failure = error("/dts-v1/;\n/ {\n    n {\n        a;\n")
        #expect(failure?.location == SourceLocation(file: "board.dts", line: 5, column: 1))
        #expect(failure?.message == "node opened at board.dts:3:5 is not closed")
        #expect(failure?.expected == "'}'")
    }

    @Test func unclosedStringCommentAndCells() {
        #expect(error("/ { a = \"abc; };")?.description == "board.dts:1:9: string is not closed (expected '\"')")
        #expect(error("/ { /* never closed };")?.description == "board.dts:1:5: comment is not closed (expected '*/')")
        #expect(error("/ { a = <1 2")?.description == "board.dts:1:13: cell list opened at board.dts:1:9 is not closed (expected '>')")
    }

    @Test func badTokensSayWhatWasExpected() {
        #expect(error("/ { a = <1 -2>; };")?.description == "board.dts:1:12: unexpected '-' (expected a number, &label, (expression) or '>')")
        #expect(error("/ { a = ; };")?.description == "board.dts:1:9: unexpected ';' (expected a value: \"string\", <cells>, [bytes] or &label)")
        #expect(error("/ { a = [0 1]; };")?.description == "board.dts:1:11: unexpected ' ' (expected a second hex digit (bytes are two digits each))")
        #expect(error("foo { };")?.description == "board.dts:1:1: unexpected 'f' (expected '/ {', '&label {' or a directive such as /dts-v1/)")
        #expect(error("/ { n @ { }; };")?.description == "board.dts:1:7: unexpected '@' (expected '{', '=' or ';' after 'n')")
        #expect(error("/dts-v2/;")?.description.hasPrefix("board.dts:1:1: unknown directive /dts-v2/") == true)
    }

    @Test func numbersThatDoNotFit() {
        #expect(error("/ { a = <0x100000000>; };")?.description == "board.dts:1:10: 0x100000000 does not fit in a 32-bit cell (expected at most 0xffffffff)")
        #expect(error("/ { a = <0x10000000000000000>; };")?.description == "board.dts:1:10: number is too large (expected a value that fits in 64 bits)")
        #expect(error("/ { a = <09>; };")?.description == "board.dts:1:11: digit 9 in an octal number (expected digits 0-7 after a leading 0)")
        #expect(error("/ { a = <(1 / 0)>; };")?.description == "board.dts:1:13: division by zero (expected a non-zero divisor)")
        #expect(error("/ { a = /bits/ 8 <256>; };")?.description == "board.dts:1:19: 0x100 does not fit in a 8-bit cell (expected at most 0xff)")
    }

    @Test func negativeCellsSignExtendAsInDtc() throws {
        let tree = try Fixtures.parse("/ { a = <(-1)>; b = /bits/ 8 <(-2)>; };")
        #expect(tree[DeviceTree.root].property("a")?.cells.map(\.cell) == [.number(UInt64.max)])
    }

    @Test func unknownLabelsAreErrorsWhenEverythingWasRead() {
        #expect(error("/ { };\n&nosuch { a; };")?.description == "board.dts:2:1: &nosuch is not defined (expected a label or path defined earlier)")
        #expect(error("/ { };\n/delete-node/ &{/none};")?.description == "board.dts:2:15: &{/none} is not defined (expected a label or path defined earlier)")
        #expect(error("/ { a: x { }; b: y { }; };\n&b { a: z { }; };")?.description == "board.dts:2:6: label 'a' is already on /x (board.dts:1:8) (expected a label used once)")
    }

    @Test func errorsInIncludedFilesNameThatFile() {
        let files = ["dir/part.dtsi": "/ {\n\tn {\n\t\tbad = <1>\n\t};\n};\n"]
        let failure = error("/dts-v1/;\n#include \"dir/part.dtsi\"\n", files: files)
        #expect(failure?.description == "dir/part.dtsi:4:2: unexpected '}' (expected ',' or ';' after the value)")
    }

    @Test func includeCyclesAndUnbalancedConditionals() {
        #expect(error("#include \"board.dts\"\n", files: ["board.dts": "#include \"board.dts\"\n"])?.description == "board.dts:1:1: board.dts includes itself (expected an include chain without cycles)")
        #expect(error("#ifdef X\n/ { };\n")?.description == "board.dts:1:1: #if without #endif (expected #endif before the end of board.dts)")
        #expect(error("#endif\n")?.description == "board.dts:1:1: #endif without #if (expected #if before it)")
        #expect(error("#error no board here\n")?.description == "board.dts:1:1: #error no board here")
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = "/ { " + String(repeating: "n { ", count: 5000)
        #expect(error(deep)?.message == "nodes are nested too deeply")
        let parens = "/ { a = <" + String(repeating: "(", count: 5000) + "1>; };"
        #expect(error(parens)?.message == "expression is nested too deeply")
    }

    @Test func coreSightProblemsPointAtTheNode() {
        let noCPU = Fixtures.minimalBoard("    etm@1000 { compatible = \"arm,coresight-etm4x\", \"arm,primecell\"; };")
        #expect(error(noCPU)?.description == "board.dts:11:5: etm@1000 has no cpu property (expected cpu = <&label of its cpu node>)")
        let badEndpoint = Fixtures.minimalBoard("""
                funnel@2000 {
                    compatible = "arm,coresight-dynamic-funnel", "arm,primecell";
                    out-ports { port { endpoint { remote-endpoint = <&nowhere>; }; }; };
                };
            """)
        #expect(error(badEndpoint)?.description == "board.dts:13:58: &nowhere is not defined (expected the label of an endpoint node)")
        let twoETMs = Fixtures.minimalBoard("""
                etm@1000 { compatible = "arm,coresight-etm4x", "arm,primecell"; cpu = <&cpu0>; };
                etm@2000 { compatible = "arm,coresight-etm4x", "arm,primecell"; cpu = <&cpu0>; };
            """)
        #expect(error(twoETMs)?.description == "board.dts:12:5: etm@2000 and etm@1000 are both bound to logical CPU 0 (expected one trace unit per CPU)")
        let notACPU = Fixtures.minimalBoard("""
                x: thing { };
                etm@1000 { compatible = "arm,coresight-etm4x", "arm,primecell"; cpu = <&x>; };
            """)
        #expect(error(notACPU)?.description == "board.dts:12:76: cpu of etm@1000 is /thing, not a cpu node (expected a cpu node under /cpus)")
        #expect(error("/ { };")?.description == "board.dts:1:1: the device tree has no /cpus node (expected a /cpus node with cpu@N children)")
    }

    @Test func unknownBootCPUListsTheCPUs() {
        let failure = error(Fixtures.minimalBoard("", cpus: 2), options: .init(bootCPU: "cpu@7"))
        #expect(failure?.description == "boot CPU 'cpu@7' is not a cpu node of this device tree (expected one of cpu@0 (cpu0), cpu@1 (cpu1))")
    }
}

extension ErrorTests {
    @Test func nonASCIICharactersAreShownWhole() {
        #expect(error("/ {\n\tné = <1>;\n};")?.description == "board.dts:2:3: unexpected 'é' (expected '{', '=' or ';' after 'n')")
    }
}
