import Foundation
import Testing

/// Sessions through the TUI: `R` / `--record` write what the screen shows; `csx replay` plays it.
@Suite("TUI sessions end to end", .serialized)
struct TUISessionTests {
    @Test func recordingFromTheUIReplaysToTheSameRun() throws {
        let directory = try TemporaryDirectory()
        let file = directory.path("race.jsonl")
        let session = try TUITests.start("--record '\(file)'")
        defer { session.kill() }
        try session.waitFor(text: "● REC")
        try session.sendKeys("0", "r", "1", "r", "i", "r")
        try session.waitFor(text: "1 VIOLATION")
        try session.sendKeys("u")  // the file follows a step back too
        try session.waitFor(text: "3 actions")
        try session.sendKeys("r")
        try session.waitFor(text: "1 VIOLATION")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)

        let binary = try CSXBinary.path()
        let verify = try Subprocess.run(binary, ["replay", file, "--verify"])
        #expect(verify.exitCode == 0, "\(verify)")
        let replayed = try Subprocess.run(binary, ["replay", file, "--headless"])
        let direct = try Subprocess.run(binary, ["run", "claim-failure-vs-idle", "--variant", "legacy",
                                                 "--actions", "run cpu0; run cpu1; idle cpu1; run cpu1"])
        #expect(replayed.exitCode == 1)
        #expect(replayed.standardOutput == direct.standardOutput)
    }

    @Test func replayOpensTheUIAndPlaysToTheViolation() throws {
        let directory = try TemporaryDirectory()
        let file = directory.path("race.jsonl")
        let binary = try CSXBinary.path()
        let recorded = try Subprocess.run(binary, ["run", "claim-failure-vs-idle", "--record", file, "--actions",
                                                   "run cpu0; run cpu1; idle cpu1; run cpu1; run cpu0; wake cpu1; run cpu1"])
        #expect(recorded.exitCode == 1)
        let session = try TmuxSession(command: "exec '\(binary)' replay '\(file)'", width: 160, height: 48)
        defer { session.kill() }
        let start = try session.waitFor(text: "replay race.jsonl")
        #expect(start.contains("action 0/7") || start.contains("7 actions"))
        try session.sendKeys("Space")
        let stopped = try session.waitFor(text: "1 VIOLATION")
        #expect(stopped.contains("⏸ paused"))
        #expect(stopped.contains("action 4/7"))
        try session.sendKeys(",")
        try session.waitFor(text: "action 3/7")
        try session.enterCommandLine("20")
        try session.waitFor(text: "step 20: action")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
        #expect(try session.modes() == .restored)
    }
}

/// `:N` into the middle of a `run`, then `.`: one step on (it once played the whole next action).
@Suite("TUI playback steps after a jump", .serialized)
struct TUIPlaybackStepTests {
    @Test func dotAfterAJumpStepsOneStep() throws {
        let directory = try TemporaryDirectory()
        let file = directory.path("race.jsonl")
        let binary = try CSXBinary.path()
        let recorded = try Subprocess.run(binary, ["run", "claim-failure-vs-idle", "--record", file, "--actions",
                                                   "run cpu0; run cpu1; idle cpu1; run cpu1; run cpu0"])
        #expect(recorded.exitCode == 1)
        let session = try TmuxSession(command: "exec '\(binary)' replay '\(file)'", width: 160, height: 48)
        defer { session.kill() }
        try session.waitFor(text: "replay race.jsonl")
        try session.enterCommandLine("3")
        try session.waitFor(text: "step 3: action 1 of 5")
        try session.sendKeys(".")
        let stepped = try session.waitFor(text: "· step 4 ·")
        #expect(stepped.contains("1 action ·"))
        try session.sendKeys(",")
        try session.waitFor(text: "· step 3 ·")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }
}
