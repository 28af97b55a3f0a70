import Foundation
import FuzzSupport
import PropertyBased
import Testing
@testable import DeviceTree

/// Malformed and mutated input never crashes the reader: every run ends in a topology or in a
/// `DeviceTreeError` that points into one of the files it was given.
@Suite struct FuzzTests {
    /// The Juno fixture's four files, in memory so a mutation can hit any of them.
    static let junoFiles: [String: String] = {
        var files: [String: String] = [:]
        for name in ["juno-r2.dts", "juno-base.dtsi", "juno-cs-r1r2.dtsi", "juno-clocks.dtsi"] {
            files[name] = (try? Fixtures.text("juno-r2/" + name)) ?? ""
        }
        return files
    }()
    static let junoNames = ["juno-r2.dts", "juno-base.dtsi", "juno-cs-r1r2.dtsi", "juno-clocks.dtsi"]

    /// Pieces of DTS syntax, so insertions reach deep into the grammar rather than stopping at
    /// the first stray byte.
    static let fragments = [
        "{", "}", ";", "<", ">", "&", "=", ",", "(", ")", "[", "]", "\"", "'", "/", "*", ":", "@", "#", "\\", "\n", " ",
        "/*", "*/", "//", "0x", "-1", "(1 << 40)", "label:", "&etm0", "&{/cpus}", "&nosuch", "/delete-node/ ",
        "/delete-property/ ", "/include/ ", "/bits/ 64 ", "#include \"juno-base.dtsi\"\n", "#include <x.h>\n",
        "#define GIC_SPI 0\n", "#if 0\n", "#endif\n", "#else\n", "status = \"disabled\";", "cpu = <&A72_0>;",
        "compatible = \"arm,coresight-tmc\", \"arm,primecell\";", "remote-endpoint = <&tpiu_in_port>;",
        "port@9 { reg = <9>; e: endpoint { remote-endpoint = <&etr_in_port>; }; };", "out-ports", "in-ports",
        "\u{00e9}", "\u{0000}", "\u{00ff}",
    ]

    /// Applies one mutation per code: delete a run, insert fragments, truncate, or duplicate a run.
    static func mutate(_ text: String, codes: [Int], insertion: String) -> String {
        var bytes = Array(text.utf8)
        for code in codes {
            let position = (code / 4) % (bytes.count + 1)
            let length = 1 + (code / 7) % 24
            let end = min(position + length, bytes.count)
            switch code % 4 {
            case 0: bytes.removeSubrange(position..<end)
            case 1: bytes.insert(contentsOf: Array(insertion.utf8), at: position)
            case 2: bytes.removeSubrange(position...)
            default: bytes.insert(contentsOf: Array(bytes[position..<end]), at: end)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Builds, and checks the outcome is a topology or a well-formed error, every message one
    /// clean line.
    static func check(_ files: [String: String], top: String, options: DeviceTreeOptions = .init()) {
        do {
            let result = try DeviceTreeTopology.build(source: files[top] ?? "", fileName: top, options: options) { files[$0] }
            #expect(result.topology.cpuCount >= 1)
            for warning in result.warnings { #expect(Fuzzing.isCleanMessage(warning.description), "\(warning.description.debugDescription)") }
        } catch {
            #expect(!error.message.isEmpty)
            #expect(Fuzzing.isCleanMessage(error.description), "\(error.description.debugDescription)")
            guard let location = error.location else {
                // Only the boot CPU option, when the (mutated) files lack that cpu node, belongs
                // to no place in them (DeviceTreeError's contract; ErrorTests pins the message).
                let aboutTheOption = options.bootCPU.map { error.message == "boot CPU '\($0)' is not a cpu node of this device tree" } ?? false
                if !aboutTheOption { Issue.record("an error without a location: \(error)") }
                return
            }
            #expect(files[location.file] != nil, "\(error)")
            #expect(location.line >= 1 && location.column >= 1, "\(error)")
        }
    }

    @Test func theUnmutatedFixtureBuilds() throws {
        #expect(Self.junoFiles.values.allSatisfy { !$0.isEmpty })
        let result = try DeviceTreeTopology.build(
            source: Self.junoFiles["juno-r2.dts"] ?? "", fileName: "juno-r2.dts", options: .init(bootCPU: "cpu@100")
        ) { Self.junoFiles[$0] }
        #expect(result.topology.components.count == 17)
    }

    @Test func mutatedBoardFilesGiveATopologyOrAClearError() async {
        await propertyCheck(
            count: 300, input: Gen.int(in: 0...1_000_000_000).array(of: 1...4),
            Gen.int(in: 0...(Self.fragments.count - 1)).array(of: 1...3)
        ) { codes, picks in
            var files = Self.junoFiles
            let target = Self.junoNames[codes[0] % Self.junoNames.count]
            files[target] = Self.mutate(files[target] ?? "", codes: codes, insertion: picks.map { Self.fragments[$0] }.joined())
            Self.check(files, top: "juno-r2.dts", options: .init(bootCPU: "cpu@100"))
        }
    }

    @Test func randomFragmentSoupNeverCrashes() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...(Self.fragments.count - 1)).array(of: 0...80)) { picks in
            let source = "/dts-v1/;\n/ { cpus { cpu@0 { device_type = \"cpu\"; }; }; " + picks.map { Self.fragments[$0] }.joined()
            Self.check(["soup.dts": source], top: "soup.dts")
        }
    }

    @Test func arbitraryBytesNeverCrash() async {
        await propertyCheck(count: 200, input: Gen.latin1.string(of: 0...200)) { text in
            Self.check(["bytes.dts": text], top: "bytes.dts")
        }
    }

    // MARK: The hostile corpus (Tests/HostileCorpus/dts)

    /// One corpus case: a file, or a folder whose `main.dts` includes the others; text by
    /// path relative to the case.
    struct CorpusCase {
        let name: String
        let path: String
        let files: [String: String]
        let top: String
    }

    static func corpusCases() throws -> [CorpusCase] {
        try Fuzzing.corpus("dts").map { url in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
                return CorpusCase(name: url.lastPathComponent, path: url.path, files: [url.lastPathComponent: text], top: url.lastPathComponent)
            }
            var files: [String: String] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path) {
                let file = url.appendingPathComponent(name)
                guard let data = FileManager.default.contents(atPath: file.path) else { continue }
                files[name] = String(decoding: data, as: UTF8.self)
            }
            return CorpusCase(name: url.lastPathComponent, path: url.appendingPathComponent("main.dts").path, files: files, top: "main.dts")
        }
    }

    /// What each hostile case must be refused with (cases not listed may build or be refused).
    static let refusals: [String: String] = [
        "macro-doubling-per-level.dts": "macro A40 expands to more than 65536 bytes",
        "macro-doubling-in-if-line.dts": "expands to more than 65536 bytes",
        "include-next-file-twice": "more than 1024 includes in all",
        "include-itself": "includes itself",
        "include-a-directory": "is a directory, not a regular file",
        "port-near-int-max.dts": "its unit address is not a port number",
        "port-reg-ffffffff.dts": "port number 4294967295",
        "nodes-nested-200-deep.dts": "nodes are nested too deeply",
        "expression-nested-300-deep.dts": "expression is nested too deeply",
        "unary-minus-300-deep.dts": "expression is nested too deeply",
        "terminal-escapes-in-messages.dts": "#error \\x1b[31mred",
        "labels-on-one-node.dts": "more than 256 labels",
        "if-without-endif.dts": "#if without #endif",
    ]

    @Test func everyCorpusCaseIsReadFromDiskOrRefusedWithOneCleanLine() throws {
        let cases = try Self.corpusCases()
        #expect(cases.count >= 10)
        for corpusCase in cases {
            do {
                let result = try DeviceTreeTopology.load(path: corpusCase.path)
                #expect(Self.refusals[corpusCase.name] == nil, "\(corpusCase.name) was read")
                for warning in result.warnings {
                    #expect(Fuzzing.isCleanMessage(warning.description), "\(corpusCase.name): \(warning.description.debugDescription)")
                }
            } catch {
                #expect(Fuzzing.isCleanMessage(error.description), "\(corpusCase.name): \(error.description.debugDescription)")
                if let expected = Self.refusals[corpusCase.name] {
                    #expect(error.description.contains(expected), "\(corpusCase.name): \(error.description)")
                }
            }
        }
    }

    @Test func mutatedCorpusCasesGiveATopologyOrOneCleanLine() throws {
        let cases = try Self.corpusCases()
        try #require(!cases.isEmpty)
        let dictionary = Self.fragments.map { Array($0.utf8) }
        Fuzzing.run(minimum: 100) { generator, iteration in
            let corpusCase = cases[iteration % cases.count]
            var files = corpusCase.files
            let names = files.keys.sorted()
            let target = names[Int(generator.next() % UInt64(names.count))]
            let mutated = Fuzzing.mutate(Array((files[target] ?? "").utf8), using: &generator, dictionary: dictionary)
            files[target] = String(decoding: mutated, as: UTF8.self)
            Self.check(files, top: corpusCase.top)
        }
    }
}
