import FuzzSupport
import Foundation
import Testing

/// Whatever a user or a crafted file feeds csx (escape sequences, NUL, U+202E, a huge token) in a
/// flag, an action string, a file name or a file, the error is one line, inert, and exit 2.
@Suite("Hostile messages end to end")
struct HostileMessageTests {
    static let escape = "\u{1B}[2J\u{1B}]0;pwned\u{07}"
    static let reversal = "\u{202E}"
    /// Under the kernel's 128 KiB limit for one argument; files carry a full megabyte.
    static let hugeArgument = String(repeating: "A", count: 100_000)
    static let megabyte = String(repeating: "B", count: 1 << 20)

    /// Asserts the run failed with exactly one clean line on standard error.
    static func expectOneCleanLine(_ result: Subprocess.Result, _ what: String) {
        #expect(result.exitCode == 2, "\(what): \(result)")
        let lines = result.standardError.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "\(what): not one line: \(result.standardError.prefix(2000))")
        let line = String(lines.first ?? "")
        #expect(line.hasPrefix("csx: "), "\(what): \(line.prefix(300))")
        #expect(Fuzzing.isCleanMessage(line), "\(what): \(line.prefix(2000))")
    }

    static func run(_ arguments: [String]) throws -> Subprocess.Result {
        try Subprocess.run(try CSXBinary.path(), arguments)
    }

    @Test func flags() throws {
        for value in [Self.escape, Self.reversal + "etm1", Self.hugeArgument, Self.escape + Self.hugeArgument] {
            Self.expectOneCleanLine(try Self.run(["run", "--board", value]), "--board")
            Self.expectOneCleanLine(try Self.run(["run", "--variant", value]), "--variant")
            Self.expectOneCleanLine(try Self.run(["run", "--kernel", value]), "--kernel")
            Self.expectOneCleanLine(try Self.run(["run", "--pm-save", value]), "--pm-save")
            Self.expectOneCleanLine(try Self.run(["matrix", "--kernels", "v6.19," + value]), "matrix --kernels")
            Self.expectOneCleanLine(try Self.run(["matrix", value]), "a matrix scenario")
            Self.expectOneCleanLine(try Self.run(["screenshot", "--svg", "-", "--size", value]), "--size")
            Self.expectOneCleanLine(try Self.run(["screenshot", "--svg", "-", "--keys", "<\(value)>"]), "--keys")
            Self.expectOneCleanLine(try Self.run(["run", "--\(value)"]), "an unknown option")
            Self.expectOneCleanLine(try Self.run(["explore", "claim-failure-vs-idle", "--max-memory", value]), "--max-memory")
        }
    }

    @Test func actionStrings() throws {
        for value in [Self.escape, "cpu0 enable \(Self.reversal)etm1", "ext-claim " + Self.hugeArgument,
                      Self.hugeArgument, "run cpu0; " + Self.escape] {
            Self.expectOneCleanLine(try Self.run(["run", "--actions", value]), "--actions")
        }
        // An action the simulation refuses names it, escaped too.
        Self.expectOneCleanLine(try Self.run(["run", "--actions", "ext-claim etm1\(Self.escape)"]), "an impossible action")
    }

    @Test func fileNames() throws {
        let directory = try TemporaryDirectory()
        for name in [Self.escape, Self.reversal + "lmay.jsonl", String(repeating: "n", count: 200)] {
            let missing = directory.path(name)
            Self.expectOneCleanLine(try Self.run(["replay", missing]), "replay of a missing file")
            Self.expectOneCleanLine(try Self.run(["run", missing + ".yaml"]), "a missing scenario")
            Self.expectOneCleanLine(try Self.run(["run", "--dts", missing + ".dts"]), "a missing DTS")
            let present = directory.path(name + "-here.jsonl")
            try Data("not a session\n".utf8).write(to: URL(fileURLWithPath: present))
            Self.expectOneCleanLine(try Self.run(["replay", present, "--headless"]), "replay of a bad file")
            Self.expectOneCleanLine(try Self.run(["export", present, "--perfetto", "-"]), "export of a bad file")
        }
    }

    /// Session files built to hurt: control bytes and a megabyte token in the header, in an
    /// action line and in a torn last line.
    @Test func sessionFiles() throws {
        let directory = try TemporaryDirectory()
        let good = directory.path("good.jsonl")
        let recorded = try Self.run(["run", "claim-failure-vs-idle", "--actions", "run cpu0", "--record", good])
        try #require(recorded.exitCode == 0, "\(recorded)")
        let header = try #require(try String(contentsOfFile: good, encoding: .utf8).split(separator: "\n").first.map(String.init))
        let nasty = "\u{1B}[2J\u{00}\u{202E}\u{1B}]0;x\u{07}"
        let bodies: [(String, String)] = [
            ("raw control bytes in the header", "{\"format\":\"\(nasty)\"}\n"),
            ("escaped control characters in the header", "{\"format\":\"\\u001b[2J\\u0000\\u202e\"}\n"),
            ("a megabyte token in the header", "{\"format\":\"\(Self.megabyte)\"}\n"),
            ("a megabyte key", "{\"\(Self.megabyte)\":1}\n"),
            ("a NUL-filled line", String(repeating: "\u{00}", count: 4096) + "\n"),
            ("an action with control characters", header + "\n{\"type\":\"action\",\"setup\":false,\"action\":\"\\u001b[2J\\u202e\(nasty)\",\"events\":[]}\n"),
            ("a megabyte action", header + "\n{\"type\":\"action\",\"setup\":false,\"action\":\"\(Self.megabyte)\",\"events\":[]}\n"),
            ("a megabyte name", header + "\n{\"type\":\"action\",\"setup\":false,\"action\":\"ext-claim \(Self.megabyte)\",\"events\":[]}\n"),
            ("a bad line type", header + "\n{\"type\":\"\(nasty)\(Self.megabyte)\"}\n{\"type\":1}\n"),
        ]
        for (what, body) in bodies {
            let path = directory.path("hostile.jsonl")
            try Data(body.utf8).write(to: URL(fileURLWithPath: path))
            for arguments in [["replay", path, "--headless"], ["replay", path, "--verify"], ["export", path, "--perfetto", "-"]] {
                let result = try Self.run(arguments)
                if result.exitCode == 0 || result.exitCode == 1 {
                    // Read (an unknown line skipped): any warning is one clean line each.
                    for line in result.standardError.split(separator: "\n") {
                        #expect(Fuzzing.isCleanMessage(String(line)), "\(what), \(arguments[0]): \(line.prefix(2000))")
                    }
                } else {
                    Self.expectOneCleanLine(result, "\(what), \(arguments[0])")
                }
            }
        }
    }

    /// A torn last line's warning echoes nothing raw either.
    @Test func theTornLineWarningIsClean() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("torn\u{1B}[1m.jsonl")
        let recorded = try Self.run(["run", "claim-failure-vs-idle", "--actions", "run cpu0", "--record", path])
        try #require(recorded.exitCode == 0)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"type\":\"action\",\"action\":\"\u{1B}[2J".utf8))
        try handle.close()
        let result = try Self.run(["replay", path, "--headless"])
        #expect(result.exitCode == 0, "\(result)")
        let warnings = result.standardError.split(separator: "\n")
        #expect(warnings.count == 1 && warnings[0].contains("torn last line"), "\(result.standardError)")
        #expect(warnings.allSatisfy { Fuzzing.isCleanMessage(String($0)) })
    }
}

/// Hotplug moves a user can get wrong, through the real binary: one line naming why, exit 2.
@Suite("Hotplug bad input end to end")
struct HotplugBadInputTests {
    @Test(arguments: [
        ("cpu0 enable-sink tmc_etr0; run cpu0; cpu0 enable etm1; step cpu0; offline cpu0", "csx: action 5 (offline cpu0): cpu0 cannot go offline: it is mid-flow (a sysfs write); csx takes a CPU down only between its operations"),
        ("online cpu1", "csx: action 1 (online cpu1): cpu1 cannot come online: it is already online"),
        ("offline cpu9", "csx: action 1 (offline cpu9): no cpu9: juno-r2 has cpu0..cpu5"),
        ("online cpu4096", "csx: action 1 (online cpu4096): no cpu4096: juno-r2 has cpu0..cpu5"),
    ])
    func oneLineAndExit2(actions: String, message: String) throws {
        let result = try Subprocess.run(try CSXBinary.path(), ["run", "--board", "juno-r2", "--actions", actions])
        HostileMessageTests.expectOneCleanLine(result, actions)
        #expect(result.standardError == message + "\n")
    }
}
