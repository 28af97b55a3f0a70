import FuzzSupport
import Foundation
import SysfsFixtures
import Testing

/// Every file of the hostile corpus (Tests/HostileCorpus) through the real binary, the way a user
/// would hand it over: exit 0, 1 or 2 only (never a signal, never a hang), within a memory limit,
/// and every line on standard error one inert line (an error ends the run in one `csx:` line).
@Suite("Hostile corpus end to end")
struct HostileCorpusTests {
    /// Address space for one run (`ulimit -v`, KiB): csx needs well under 100 MiB for any of these.
    static let memoryLimitKiB = 2 * 1024 * 1024

    static func run(_ arguments: [String]) throws -> Subprocess.Result {
        let quoted = ([try CSXBinary.path()] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        return try Subprocess.run("/bin/sh", ["-c", "ulimit -v \(memoryLimitKiB) && exec " + quoted.joined(separator: " ")])
    }

    static func expectHandled(_ result: Subprocess.Result, _ what: String) {
        #expect(!result.timedOut, "\(what): did not finish")
        #expect(result.signal == nil, "\(what): killed by signal \(result.signal ?? 0)\n\(result.standardError.prefix(2000))")
        #expect([0, 1, 2].contains(result.exitCode ?? -1), "\(what): \(result.exitCode.map(String.init) ?? "no exit")")
        let lines = result.standardError.split(separator: "\n").map(String.init)
        for line in lines {
            #expect(Fuzzing.isCleanMessage(line), "\(what): \(line.prefix(500))")
        }
        if result.exitCode == 2 {
            #expect(lines.last?.hasPrefix("csx: ") == true, "\(what): \(result.standardError.prefix(500))")
        }
    }

    @Test(arguments: Fuzzing.corpus("scenarios"))
    func scenario(file: URL) throws {
        Self.expectHandled(try Self.run(["run", file.path]), file.lastPathComponent)
        Self.expectHandled(try Self.run(["explore", file.path, "--max-depth", "12"]), "explore \(file.lastPathComponent)")
    }

    @Test(arguments: Fuzzing.corpus("sessions"))
    func session(file: URL) throws {
        Self.expectHandled(try Self.run(["replay", file.path, "--headless"]), file.lastPathComponent)
        Self.expectHandled(try Self.run(["replay", file.path, "--verify"]), "verify \(file.lastPathComponent)")
        Self.expectHandled(try Self.run(["export", file.path, "--perfetto", "-"]), "export \(file.lastPathComponent)")
    }

    @Test(arguments: Fuzzing.corpus("dts"))
    func deviceTree(file: URL) throws {
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory)
        let path = isDirectory.boolValue ? file.appendingPathComponent("main.dts").path : file.path
        Self.expectHandled(try Self.run(["topology", "--dts", path]), file.lastPathComponent)
        Self.expectHandled(try Self.run(["run", "--dts", path, "--actions", "cpu0 perf-start; run cpu0"]), "run \(file.lastPathComponent)")
    }

    @Test(arguments: Fuzzing.corpus("actions"))
    func actions(file: URL) throws {
        let bytes = try Data(contentsOf: file)
        // An argument cannot hold a NUL: a shell would pass what comes before it.
        let text = String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        Self.expectHandled(try Self.run(["run", "--board", "juno-r2", "--actions", text]), file.lastPathComponent)
    }

    @Test(arguments: Fuzzing.corpus("sysfs"))
    func sysfsTree(file: URL) throws {
        let tree = try FixtureTree(hostileManifest: try String(contentsOf: file, encoding: .utf8), name: "corpus-e2e")
        Self.expectHandled(try Self.run(["topology", "--sysfs", tree.root]), file.lastPathComponent)
        Self.expectHandled(try Self.run(["run", "--sysfs", tree.root, "--actions", "cpu0 perf-start; run cpu0"]), "run \(file.lastPathComponent)")
    }
}
