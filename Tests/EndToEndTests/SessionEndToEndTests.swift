import Foundation
import Testing

/// `csx run --record`, `csx replay` and `csx export` through the real binary.
@Suite("Sessions end to end")
struct SessionEndToEndTests {
    static let actions = "run cpu0; run cpu1; idle cpu1; run cpu1; run cpu0; wake cpu1; run cpu1"

    func csx(_ arguments: [String]) throws -> Subprocess.Result {
        try Subprocess.run(try CSXBinary.path(), arguments)
    }

    /// Records the seed race; returns run's result and the file.
    func recordSeedRace(in directory: TemporaryDirectory, json: Bool = false) throws -> (Subprocess.Result, String) {
        let file = directory.path("seed.csxs")
        let run = try csx(["run", "claim-failure-vs-idle", "--variant", "legacy", "--actions", Self.actions, "--record", file]
            + (json ? ["--json"] : []))
        return (run, file)
    }

    @Test func replayHeadlessPrintsWhatRunPrinted() throws {
        let directory = try TemporaryDirectory()
        let (run, file) = try recordSeedRace(in: directory)
        #expect(run.exitCode == 1, "\(run)")  // legacy breaks an invariant
        let replay = try csx(["replay", file, "--headless"])
        #expect(replay.exitCode == run.exitCode)
        #expect(replay.standardOutput == run.standardOutput)
        #expect(replay.standardError.isEmpty)

        let runJSON = try csx(["run", "claim-failure-vs-idle", "--variant", "legacy", "--actions", Self.actions, "--json"])
        let replayJSON = try csx(["replay", file, "--headless", "--json"])
        #expect(replayJSON.standardOutput == runJSON.standardOutput)
    }

    @Test func verifyMatchesThenFindsATamperedStep() throws {
        let directory = try TemporaryDirectory()
        let (_, file) = try recordSeedRace(in: directory)
        let verify = try csx(["replay", file, "--verify"])
        #expect(verify.exitCode == 0, "\(verify)")
        #expect(verify.standardOutput == "\(file): all 11 action lines match the simulation\n")

        var text = try String(contentsOfFile: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "enters idle (IRQs off)", with: "enters idle (IRQs on)")
        let tampered = directory.path("tampered.csxs")
        try text.write(toFile: tampered, atomically: true, encoding: .utf8)
        let caught = try csx(["replay", tampered, "--verify"])
        #expect(caught.exitCode == 1, "\(caught)")
        #expect(caught.standardOutput.hasPrefix("\(tampered):8: action 3 (idle cpu1): event 1 differs: recorded "), "\(caught)")
    }

    @Test func aMalformedLineIsBadInputNamedByLine() throws {
        let directory = try TemporaryDirectory()
        let (_, file) = try recordSeedRace(in: directory)
        var lines = try String(contentsOfFile: file, encoding: .utf8).components(separatedBy: "\n")
        lines[5] = "{\"type\": \"action\", oops"
        let broken = directory.path("broken.csxs")
        try lines.joined(separator: "\n").write(toFile: broken, atomically: true, encoding: .utf8)
        for flags in [["--headless"], ["--verify"]] {
            let result = try csx(["replay", broken] + flags)
            #expect(result.exitCode == 2, "\(result)")
            #expect(result.standardError.hasPrefix("csx: \(broken):6: malformed JSON at column 20: "), "\(result)")
        }
    }

    @Test func aTornLastLineIsSkippedWithAWarning() throws {
        let directory = try TemporaryDirectory()
        let (_, file) = try recordSeedRace(in: directory)
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let torn = directory.path("torn.csxs")
        try data.dropLast(30).write(to: URL(fileURLWithPath: torn))  // the newline and 29 bytes of the line
        let result = try csx(["replay", torn, "--verify"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.standardError == "csx: warning: \(torn):12: torn last line skipped (\(try lastLineLength(data) - 29) bytes, no newline: the recording was cut off)\n")
    }

    func lastLineLength(_ data: Data) throws -> Int {
        let bytes = [UInt8](data.dropLast())  // without the final newline
        return bytes.count - (bytes.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
    }

    @Test func exportWritesAChromeTrace() throws {
        let directory = try TemporaryDirectory()
        let (_, file) = try recordSeedRace(in: directory)
        let out = directory.path("trace.json")
        let result = try csx(["export", file, "--perfetto", out])
        #expect(result.exitCode == 0, "\(result)")
        let document = try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any]
        #expect((document?["traceEvents"] as? [Any])?.isEmpty == false)
    }
}
