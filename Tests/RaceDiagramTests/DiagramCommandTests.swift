import Foundation
import RaceDiagram
import Testing

/// `csx diagram` end to end: the real binary prints what RaceDiagram draws, exits 1 on a
/// violation, refuses bad flags in one line (exit 2), and draws sessions and counterexamples.
@Suite struct DiagramCommandTests {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The csx built beside this test bundle, or CSX_BINARY.
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
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no csx binary; tried \(candidates)"])
        }
        return found
    }

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
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("csx-diagram-test-\(getpid())-\(name)").path
    }

    @Test func aRunPrintsTheLibrarysDiagramAndExitsOneOnAViolation() throws {
        let result = try Self.csx(["diagram", "claim-failure-vs-idle", "--kernel", "v6.18", "--actions", Fixtures.seedActions])
        #expect(result.status == 1)
        let simulation = try Fixtures.run("claim-failure-vs-idle", kernel: try Fixtures.profile("v6.18"), actions: Fixtures.seedActions)
        #expect(result.stdout == Fixtures.draw(simulation))
        let fixed = try Self.csx(["diagram", "claim-failure-vs-idle", "--kernel", "v6.19", "--actions", Fixtures.seedActions])
        #expect(fixed.status == 0)
        #expect(fixed.stdout.contains("no invariant broke"))
    }

    @Test func aCounterexampleAndItsSessionDrawTheSame() throws {
        let session = Self.temporaryPath("race.jsonl")
        defer { try? FileManager.default.removeItem(atPath: session) }
        let explored = try Self.csx(["diagram", "ipi-wakes-idle-cpu", "--explore"])
        #expect(explored.status == 1)
        #expect(explored.stdout.contains("^^^"))
        _ = try Self.csx(["explore", "ipi-wakes-idle-cpu", "--out", session])
        let replayed = try Self.csx(["diagram", "--session", session])
        #expect(replayed.status == 1)
        #expect(replayed.stdout == explored.stdout)
        let none = try Self.csx(["diagram", "self-enable", "--explore"])
        #expect(none.status == 0)
        #expect(none.stdout.contains("no invariant broke"))
    }

    @Test func widthFullAndOutGoWhereAsked() throws {
        let out = Self.temporaryPath("diagram.txt")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try Self.csx(["diagram", "claim-failure-vs-idle", "--actions", Fixtures.seedActions, "--width", "60", "--full", "--out", out])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let written = try String(contentsOfFile: out, encoding: .utf8)
        checkPastable(written, width: 60)
        #expect(written.contains("coresight_enable_path()"))
    }

    @Test(arguments: [
        ["diagram", "claim-failure-vs-idle", "--width", "20"],
        ["diagram", "--session", "x.jsonl", "claim-failure-vs-idle"],
        ["diagram", "claim-failure-vs-idle", "--explore", "--actions", "run cpu0"],
        ["diagram", "--explore"],
        ["diagram", "claim-failure-vs-idle", "--actions", "run cpu9"],
        ["diagram", "--session", "/nonexistent/\u{1b}[2Jx.jsonl"],
    ])
    func badInputIsOneLineAndExitTwo(arguments: [String]) throws {
        let result = try Self.csx(arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("csx: "))
        #expect(!result.stderr.contains("\u{1b}"))
    }
}
