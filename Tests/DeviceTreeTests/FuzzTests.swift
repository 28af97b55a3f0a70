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

    /// Builds, and checks the outcome is a topology or a well-formed error.
    static func check(_ files: [String: String], top: String, options: DeviceTreeOptions = .init()) {
        do {
            let result = try DeviceTreeTopology.build(source: files[top] ?? "", fileName: top, options: options) { files[$0] }
            #expect(result.topology.cpuCount >= 1)
        } catch {
            #expect(!error.message.isEmpty)
            guard let location = error.location else {
                Issue.record("an error without a location: \(error)")
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
}
