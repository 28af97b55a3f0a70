import CoreSightModel
import Foundation
import FuzzSupport
import Testing
@testable import DeviceTree

/// Each DTS limit: at the limit the source is read, one past it is refused with
/// `file:line:column: ...` at the place that crossed it. Small limits keep the inputs small;
/// the defaults are exercised by the hostile corpus (FuzzTests).
@Suite struct LimitTests {
    static let board = Fixtures.minimalBoard("")

    static func options(_ change: (inout DeviceTreeLimits) -> Void) -> DeviceTreeOptions {
        var limits = DeviceTreeLimits()
        change(&limits)
        return DeviceTreeOptions(limits: limits)
    }

    static func outcome(_ source: String, files: [String: String] = [:], options: DeviceTreeOptions) -> DeviceTreeError? {
        do {
            _ = try Fixtures.build(source, files: files, options: options)
            return nil
        } catch {
            #expect(Fuzzing.isCleanMessage(error.description), "\(error.description.debugDescription)")
            return error
        }
    }

    static func line(of text: String, in source: String) -> Int? {
        source.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(text) }.map { $0 + 1 }
    }

    @Test func fileSize() {
        let size = Self.board.utf8.count
        #expect(Self.outcome(Self.board, options: Self.options { $0.maxFileBytes = size }) == nil)
        #expect(Self.outcome(Self.board, options: Self.options { $0.maxFileBytes = size - 1 })?.description
            == "board.dts:1:1: board.dts is \(size) bytes; at most \(size - 1) are read per file (expected a smaller source)")
        let include = "/ { };\n"
        let source = "#include \"big.dtsi\"\n" + Self.board
        let tight = Self.options { $0.maxFileBytes = max(source.utf8.count, include.utf8.count) + 1 }
        #expect(Self.outcome(source, files: ["big.dtsi": include], options: tight) == nil)
        let big = include + String(repeating: " ", count: source.utf8.count + 2)
        #expect(Self.outcome(source, files: ["big.dtsi": big], options: tight)?.description.hasPrefix(
            "board.dts:1:1: big.dtsi is \(big.utf8.count) bytes; at most") == true)
    }

    /// Each file includes the next one twice: 2^depth openings without a total bound.
    @Test func includesInAll() {
        var files: [String: String] = [:]
        for level in 0..<12 { files["l\(level).dtsi"] = "#include \"l\(level + 1).dtsi\"\n#include \"l\(level + 1).dtsi\"\n" }
        files["l12.dtsi"] = ""
        let source = Self.board + "\n#include \"l0.dtsi\"\n"
        // 1 + 2 + 4 + ... + 2^12 = 8191 includes.
        #expect(Self.outcome(source, files: files, options: Self.options { $0.maxIncludes = 8191 }) == nil)
        let refused = Self.outcome(source, files: files, options: Self.options { $0.maxIncludes = 8190 })
        #expect(refused?.message == "#include \"l12.dtsi\": more than 8190 includes in all")
        #expect(refused?.location?.file == "l11.dtsi")
    }

    @Test func unreadIncludesCountToo() {
        let source = Self.board + "\n" + String(repeating: "#include <missing.h>\n", count: 11)
        #expect(Self.outcome(source, options: Self.options { $0.maxIncludes = 11 }) == nil)
        let lastLine = source.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        #expect(Self.outcome(source, options: Self.options { $0.maxIncludes = 10 })?.location?.line == lastLine)
    }

    @Test func includeDepth() {
        var files: [String: String] = [:]
        for level in 0..<10 { files["d\(level).dtsi"] = "#include \"d\(level + 1).dtsi\"\n" }
        files["d10.dtsi"] = ""
        let source = Self.board + "\n#include \"d0.dtsi\"\n"
        #expect(Self.outcome(source, files: files, options: Self.options { $0.maxIncludeDepth = 11 }) == nil)
        #expect(Self.outcome(source, files: files, options: Self.options { $0.maxIncludeDepth = 10 })?.description
            == "d9.dtsi:1:1: includes nested too deeply (expected at most 10 levels)")
    }

    @Test func macroDepth() {
        let defines = (1...10).map { "#define M\($0) M\($0 - 1)" }.joined(separator: "\n")
        let source = "#define M0 7\n" + defines + "\n" + Fixtures.minimalBoard("x = <M10>;")
        #expect(Self.outcome(source, options: Self.options { $0.maxMacroDepth = 11 }) == nil)
        #expect(Self.outcome(source, options: Self.options { $0.maxMacroDepth = 10 })?.message == "macro M0 expands too deeply")
    }

    /// A macro that doubles per level: refused once one use passes the bound, at that use.
    @Test func bytesPerExpansion() throws {
        let defines = (1...6).map { "#define D\($0) D\($0 - 1) D\($0 - 1)" }.joined(separator: "\n")
        let source = "#define D0 1\n" + defines + "\n" + Fixtures.minimalBoard("x = <D6>;")
        // D6 pushes 64 bodies of "1" (64 bytes) and 63 bodies of 5 bytes: 379 bytes.
        #expect(Self.outcome(source, options: Self.options { $0.maxExpansionBytes = 379 }) == nil)
        let refused = try #require(Self.outcome(source, options: Self.options { $0.maxExpansionBytes = 378 }))
        #expect(refused.message == "macro D6 expands to more than 378 bytes")
        #expect(refused.location?.line == Self.line(of: "x = <D6>", in: source))
    }

    @Test func bytesInAll() {
        let source = "#define W 1\n" + Fixtures.minimalBoard("x = <" + String(repeating: "W ", count: 100) + ">;")
        let size = source.utf8.count
        #expect(Self.outcome(source, options: Self.options { $0.maxTotalBytes = size + 100 }) == nil)
        #expect(Self.outcome(source, options: Self.options { $0.maxTotalBytes = size + 99 })?.message
            == "macro W would bring the source, its includes and macros to more than \(size + 99) bytes")
        let include = "/ { };\n"
        let withInclude = "#include \"x.dtsi\"\n" + Self.board
        let total = withInclude.utf8.count + include.utf8.count
        #expect(Self.outcome(withInclude, files: ["x.dtsi": include], options: Self.options { $0.maxTotalBytes = total }) == nil)
        #expect(Self.outcome(withInclude, files: ["x.dtsi": include], options: Self.options { $0.maxTotalBytes = total - 1 })?.description
            == "board.dts:1:1: x.dtsi would bring the source, its includes and macros to more than \(total - 1) bytes")
    }

    @Test func nodeDepth() {
        let nested = { (depth: Int) in Fixtures.minimalBoard(String(repeating: "n {", count: depth) + String(repeating: "};", count: depth)) }
        #expect(Self.outcome(nested(9), options: Self.options { $0.maxNodeDepth = 10 }) == nil)
        #expect(Self.outcome(nested(10), options: Self.options { $0.maxNodeDepth = 10 })?.message == "nodes are nested too deeply")
    }

    @Test func nodesChildrenPropertiesAndLabels() {
        let children = Fixtures.minimalBoard((0..<5).map { "c\($0) { };" }.joined())
        // The root, cpus, cpu@0 and five children.
        #expect(Self.outcome(children, options: Self.options { $0.maxNodes = 8 }) == nil)
        #expect(Self.outcome(children, options: Self.options { $0.maxNodes = 7 })?.message == "the tree has more than 7 nodes")
        #expect(Self.outcome(children, options: Self.options { $0.maxChildren = 6 }) == nil)
        #expect(Self.outcome(children, options: Self.options { $0.maxChildren = 5 })?.message == "/ has more than 5 children")
        let properties = Fixtures.minimalBoard((0..<5).map { "p\($0);" }.joined())
        // #address-cells and #size-cells are the root's first two.
        #expect(Self.outcome(properties, options: Self.options { $0.maxProperties = 7 }) == nil)
        #expect(Self.outcome(properties, options: Self.options { $0.maxProperties = 6 })?.message == "/ has more than 6 properties")
        let labels = Fixtures.minimalBoard("a: b: c: n { };")
        #expect(Self.outcome(labels, options: Self.options { $0.maxLabels = 3 }) == nil)
        #expect(Self.outcome(labels, options: Self.options { $0.maxLabels = 2 })?.message == "/n has more than 2 labels")
    }

    @Test func expressionDepth() {
        let source = Fixtures.minimalBoard("x = <" + String(repeating: "(", count: 20) + "1" + String(repeating: ")", count: 20) + ">;")
        // The first `(` opens the expression; each one inside costs three levels (full
        // expression, binary operators, unary operators).
        let depthNeeded = 20 * 3
        #expect(Self.outcome(source, options: Self.options { $0.maxExpressionDepth = depthNeeded }) == nil)
        #expect(Self.outcome(source, options: Self.options { $0.maxExpressionDepth = depthNeeded - 1 })?.message == "expression is nested too deeply")
    }

    @Test func cellsBytesStringsAndParts() {
        let tight = Self.options { $0.maxCells = 4 }
        #expect(Self.outcome(Fixtures.minimalBoard("x = <1 2 3 4>, [01 02 03 04], \"abcd\", <1>;"), options: tight) == nil)
        #expect(Self.outcome(Fixtures.minimalBoard("x = <1 2 3 4 5>;"), options: tight)?.message == "cell list has more than 4 cells")
        #expect(Self.outcome(Fixtures.minimalBoard("x = [01 02 03 04 05];"), options: tight)?.message == "byte string has more than 4 bytes")
        #expect(Self.outcome(Fixtures.minimalBoard("x = \"abcde\";"), options: tight)?.message == "string is longer than 4 bytes")
        #expect(Self.outcome(Fixtures.minimalBoard("x = <1>, <2>, <3>, <4>, <5>;"), options: tight)?.message == "value has more than 4 parts")
    }

    @Test func aModelThatCannotBeShownLeavesTheBoardNamedAfterItsFile() throws {
        let result = try Fixtures.build(Fixtures.minimalBoard("", rootExtras: "model = \"\u{1b}]0;pwned\u{7}\";"))
        #expect(result.topology.name == "board")
        #expect(result.warnings.contains { $0.message.hasPrefix("model is not a usable board name") })
        #expect(result.warnings.allSatisfy { Fuzzing.isCleanMessage($0.description) })
    }

    @Test func portNumbersPastTheTopologyLimitAreRefusedAtTheirReg() throws {
        let source = Fixtures.minimalBoard("""
                etm@22040000 { compatible = "arm,coresight-etm4x", "arm,primecell"; reg = <0x22040000 0x1000>; cpu = <&cpu0>;
                    out-ports { port { reg = <256>; e0: endpoint { remote-endpoint = <&f0>; }; }; }; };
                etf@20010000 { compatible = "arm,coresight-tmc", "arm,primecell"; reg = <0x20010000 0x1000>;
                    in-ports { port { f0: endpoint { remote-endpoint = <&e0>; }; }; }; };
            """)
        let refused = try #require(Self.outcome(source, options: .init()))
        #expect(refused.message == "port number 256 of /etm@22040000/out-ports/port is out of range")
        #expect(refused.expected == "a port from 0 to 255")
        #expect(Self.outcome(source.replacingOccurrences(of: "<256>", with: "<255>"), options: .init()) == nil)
    }
}

/// A device tree can describe a graph the kernel's searches take exponential time on: read
/// from a DTS, it is searched entering each component once.
@Suite struct DiamondChainTests {
    /// `levels` replicators, each feeding both inputs of a funnel that feeds the next.
    static func diamondChain(levels: Int) -> String {
        var nodes = ["""
                etm@10000000 { compatible = "arm,coresight-etm4x", "arm,primecell"; reg = <0x10000000 0x1000>; cpu = <&cpu0>;
                    out-ports { port { etm_out: endpoint { remote-endpoint = <&r0_in>; }; }; }; };
            """]
        for level in 0..<levels {
            let feeds = level + 1 < levels ? "r\(level + 1)_in" : "etr_in"
            let from = level == 0 ? "etm_out" : "f\(level - 1)_out"
            nodes.append("""
                    replicator@\(String(0x2000_0000 + level * 0x2000, radix: 16)) {
                        compatible = "arm,coresight-dynamic-replicator", "arm,primecell"; reg = <0x\(String(0x2000_0000 + level * 0x2000, radix: 16)) 0x1000>;
                        in-ports { port { r\(level)_in: endpoint { remote-endpoint = <&\(from)>; }; }; };
                        out-ports { #address-cells = <1>; #size-cells = <0>;
                            port@0 { reg = <0>; r\(level)_a: endpoint { remote-endpoint = <&f\(level)_a>; }; };
                            port@1 { reg = <1>; r\(level)_b: endpoint { remote-endpoint = <&f\(level)_b>; }; }; }; };
                    funnel@\(String(0x2000_1000 + level * 0x2000, radix: 16)) {
                        compatible = "arm,coresight-dynamic-funnel", "arm,primecell"; reg = <0x\(String(0x2000_1000 + level * 0x2000, radix: 16)) 0x1000>;
                        in-ports { #address-cells = <1>; #size-cells = <0>;
                            port@0 { reg = <0>; f\(level)_a: endpoint { remote-endpoint = <&r\(level)_a>; }; };
                            port@1 { reg = <1>; f\(level)_b: endpoint { remote-endpoint = <&r\(level)_b>; }; }; };
                        out-ports { port { f\(level)_out: endpoint { remote-endpoint = <&\(feeds)>; }; }; }; };
                """)
        }
        nodes.append("""
                etr@30000000 { compatible = "arm,coresight-tmc", "arm,primecell"; reg = <0x30000000 0x1000>; arm,scatter-gather;
                    in-ports { port { etr_in: endpoint { remote-endpoint = <&f\(levels - 1)_out>; }; }; }; };
            """)
        return Fixtures.minimalBoard(nodes.joined(separator: "\n"))
    }

    @Test func sixtyDiamondsReadFromADTSHaveTheirDefaultSinkFound() throws {
        let result = try Fixtures.build(Self.diamondChain(levels: 60))
        let topology = result.topology
        #expect(topology.components.count == 1 + 2 * 60 + 1)
        let etm = try #require(topology.tracerOfCPU[0])
        let etr = try #require(topology.id(named: "tmc_etr0"))
        #expect(topology.defaultSink(from: etm) == etr)
        #expect(topology.buildPath(from: etm, to: etr)?.hops.count == topology.components.count)
    }
}

/// Only regular files are read: a FIFO, a directory or a device named by an include is refused
/// without blocking, with the reason.
@Suite struct SpecialFileTests {
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("csx-dts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func refusal(including name: String, in directory: URL) throws -> String? {
        let main = directory.appendingPathComponent("main.dts")
        try Data((Fixtures.minimalBoard("") + "\n#include \"\(name)\"\n").utf8).write(to: main)
        do {
            _ = try DeviceTreeTopology.load(path: main.path)
            return nil
        } catch {
            #expect(Fuzzing.isCleanMessage(error.description))
            return error.description
        }
    }

    @Test func aFIFOIsRefusedWithoutWaitingForAWriter() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fifo = directory.appendingPathComponent("pipe.dtsi").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let message = try #require(try Self.refusal(including: "pipe.dtsi", in: directory))
        #expect(message.contains("cannot read #include \"pipe.dtsi\": \(fifo) is a FIFO, not a regular file"))
        do {
            _ = try DeviceTreeTopology.load(path: fifo)
            Issue.record("read a FIFO as the top file")
        } catch {
            #expect(error.description == "cannot read \(fifo): it is a FIFO, not a regular file (expected a readable .dts file)")
        }
    }

    @Test func aDirectoryAndADeviceAreRefused() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("sub.dtsi"), withIntermediateDirectories: true)
        #expect(try Self.refusal(including: "sub.dtsi", in: directory)?.contains("is a directory, not a regular file") == true)
        #expect(try Self.refusal(including: "/dev/zero", in: directory)?.contains("/dev/zero is a character device, not a regular file") == true)
    }

    @Test func aFileTooLargeIsRefusedBeforeItIsRead() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let big = directory.appendingPathComponent("big.dtsi")
        try #require(FileManager.default.createFile(atPath: big.path, contents: nil))
        let handle = try FileHandle(forWritingTo: big)
        // Sparse: its size is past the limit without writing gigabytes.
        try handle.truncate(atOffset: 1 << 40)
        try handle.close()
        #expect(try Self.refusal(including: "big.dtsi", in: directory)?.contains(
            "big.dtsi is 1099511627776 bytes; at most \(DeviceTreeLimits().maxFileBytes) are read per file") == true)
    }
}
