import Foundation
import OrderedJSON
import Testing

/// `csx explore` end to end: the real binary, its exit statuses, its JSON, and that `csx run`
/// replays the counterexample it prints.
@Suite struct ExploreCommandTests {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The csx built beside this test bundle (SwiftPM puts both in one directory), or CSX_BINARY.
    static func binary() throws -> String {
        var candidates: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["CSX_BINARY"] { candidates.append(explicit) }
        for path in [Bundle.main.executablePath, CommandLine.arguments.first].compactMap({ $0 }) {
            var url = URL(fileURLWithPath: path)
            while url.pathComponents.count > 1 {
                url.deleteLastPathComponent()
                candidates.append(url.appendingPathComponent("csx").path)
                if url.lastPathComponent == "debug" || url.lastPathComponent == "release" { break }
            }
        }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) && !$0.hasSuffix("/") }) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no csx binary; tried \(candidates)"])
        }
        return found
    }

    /// The package's root, from this file's place in it.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func csx(_ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary())
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func legacySeedGivesAViolationThatRunReplays() throws {
        let explored = try Self.csx(["explore", "seed-4", "--variant", "legacy", "--json"])
        #expect(explored.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(explored.stdout.utf8)) as? [String: Any])
        let keys = ["scenario", "variant", "verdict", "invariant", "shortest", "counterexample", "states",
                    "transitions", "max_depth", "seconds", "peak_memory_bytes"]
        // Key order as the issue specifies.
        let positions = keys.map { explored.stdout.range(of: "\"\($0)\"")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        #expect(document["verdict"] as? String == "violation")
        let actions = try #require(document["counterexample"] as? [String])
        #expect(document["shortest"] as? Int == actions.count)
        let invariant = try #require(document["invariant"] as? String)
        let replayed = try Self.csx(["run", "seed-4", "--variant", "legacy", "--actions", actions.joined(separator: "; ")])
        #expect(replayed.status == 1)
        #expect(replayed.stdout.contains("!! \(invariant)"))
    }

    /// Each hotplug window found from the scenario's environment alone, replayed by `csx run`
    /// (the printed command) and as a session.
    @Test(arguments: [
        ("disable-while-offline", "v6.19", "tracer-matches-path"),
        ("claim-while-offline", "v7.1", "quiescent-mode-matches-hw"),
        ("enable-vs-online", "v6.18", "quiescent-mode-matches-hw"),
    ])
    func hotplugWindowsAreFoundAndReplay(scenario: String, kernel: String, invariant: String) throws {
        let explored = try Self.csx(["explore", scenario, "--kernel", kernel, "--json"])
        #expect(explored.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(explored.stdout.utf8)) as? [String: Any])
        #expect(document["invariant"] as? String == invariant)
        let actions = try #require(document["counterexample"] as? [String])
        #expect(actions.contains { $0.hasPrefix("offline ") || $0.hasPrefix("online ") })
        let replayed = try Self.csx(["run", scenario, "--kernel", kernel, "--actions", actions.joined(separator: "; ")])
        #expect(replayed.status == 1)
        #expect(replayed.stdout.contains("!! \(invariant)"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("csx-hotplug-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(try Self.csx(["explore", scenario, "--kernel", kernel, "--out", file]).status == 1)
        #expect(try Self.csx(["replay", file, "--verify"]).status == 0)
        let session = try Self.csx(["replay", file, "--headless"])
        #expect(session.status == 1 && session.stdout.contains(invariant))
        #expect(try Self.csx(["explore", scenario, "--kernel", "v7.2"]).status == 0)
    }

    /// A scenario from a file: the printed replay command names the file (its `name:` is no
    /// file), quoted for the shell when it must be, and runs as printed.
    @Test func theReplayLineOfAScenarioFileNamesTheFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("csx-replay \(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("my race.yaml").path
        let text = try String(contentsOfFile: Self.repository + "/Resources/scenarios/claim-failure-vs-idle.yaml", encoding: .utf8)
        try text.replacingOccurrences(of: "name: claim-failure-vs-idle", with: "name: not-a-file-name").write(toFile: file, atomically: true, encoding: .utf8)
        let explored = try Self.csx(["explore", file])
        #expect(explored.status == 1)
        let line = try #require(explored.stdout.split(separator: "\n").first { $0.hasPrefix("replay: csx run ") })
        #expect(line.hasPrefix("replay: csx run '\(file)' --kernel v6.18"), "\(line)")
        let actions = try #require(line.split(separator: "--actions \"").last?.dropLast())
        let replayed = try Self.csx(["run", file, "--kernel", "v6.18", "--pm-save", "self-hosted", "--actions", String(actions)])
        #expect(replayed.status == 1)
    }

    @Test func fixedSeedIsOkAndExitsZero() throws {
        let explored = try Self.csx(["explore", "seed-3", "--variant", "fixed"])
        #expect(explored.status == 0)
        #expect(explored.stdout.contains("ok: no schedule breaks an invariant"))
        #expect(explored.stderr.isEmpty)  // no progress line when stderr is not a terminal
    }

    @Test func aDepthBoundIsOkWithinItAndSaysSo() throws {
        let explored = try Self.csx(["explore", "seed-2", "--variant", "fixed", "--max-depth", "4"])
        #expect(explored.status == 0)
        #expect(explored.stdout.contains("ok within --max-depth: no schedule of at most 4 moves"))
        let json = try Self.csx(["explore", "seed-2", "--variant", "fixed", "--max-depth", "4", "--json"])
        #expect(json.stdout.contains("\"verdict\":\"ok\"") || json.stdout.contains("\"verdict\": \"ok\""))
        #expect(!json.stdout.contains("bound"))
    }

    /// A --max-memory too small for the start alone says what was given and how far it got, in
    /// words that fit: "1 byte", "1 state" (not "1 KiB", "1 states").
    @Test func aTinyMemoryBoundSaysItsOwnSize() throws {
        let explored = try Self.csx(["explore", "ring-2", "--max-memory", "1"])
        #expect(explored.status == 2, "\(explored)")
        #expect(explored.stderr.hasPrefix("csx: the search reached --max-memory (1 byte) after 1 state at depth 0 without a violation"),
            "\(explored.stderr)")
        let kib = try Self.csx(["explore", "ring-2", "--max-memory", "2K"])
        #expect(kib.status == 2 && kib.stderr.contains("--max-memory (2 KiB) after "), "\(kib)")
    }

    @Test func outWritesTheCounterexampleAsAReplayableSession() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("csx-explore-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let explored = try Self.csx(["explore", "seed-3", "--variant", "legacy", "--out", file])
        #expect(explored.status == 1)
        let verify = try Self.csx(["replay", file, "--verify"])
        #expect(verify.status == 0)
        let replayed = try Self.csx(["replay", file, "--headless"])
        #expect(replayed.status == 1)
        #expect(replayed.stdout.contains("pm-reads-stale-mode"))
    }

    @Test func runningOutOfMemoryIsNoVerdict() throws {
        let explored = try Self.csx(["explore", "seed-5", "--variant", "fixed", "--max-memory", "64K"])
        #expect(explored.status == 2)
        #expect(explored.stderr.contains("reached --max-memory"))
        #expect(explored.stdout.isEmpty)
    }

    @Test(arguments: [
        (["explore", "no-such-scenario"], "no such scenario"),
        (["explore", "seed-2", "--max-depth", "0"], "--max-depth must be at least 1"),
        (["explore", "seed-2", "--max-depth=-3"], "--max-depth must be at least 1"),
        (["explore", "seed-2", "--max-depth", "-3"], "--max-depth"),  // parsed as a missing value
        (["explore", "seed-2", "--max-memory", "lots"], "--max-memory expects"),
        (["explore", "seed-9"], "no such scenario"),
    ])
    func badInputIsOneMessageAndExitTwo(arguments: [String], message: String) throws {
        let result = try Self.csx(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("csx: "))
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func malformedYAMLIsBadInput() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("csx-explore-bad-\(getpid()).yaml").path
        try "name: broken\nboard: [juno-r2\nthreads: {".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Self.csx(["explore", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("malformed YAML"), "\(result.stderr)")
    }

    @Test func seedScenariosAreListed() throws {
        let listed = try Self.csx(["scenarios"])
        #expect(listed.status == 0)
        for n in 2...8 { #expect(listed.stdout.contains("seed-\(n) ")) }
    }
}
