import Foundation
import Testing

/// The real csx binary in a real terminal (tmux): what a user sees and types.
@Suite("TUI end to end", .serialized)
struct TUITests {
    static func start(_ arguments: String = "", width: Int = 160, height: Int = 48,
                      environment: [String: String] = Subprocess.baseEnvironment) throws -> TmuxSession {
        let binary = try CSXBinary.path()
        return try TmuxSession(command: "exec '\(binary)' \(arguments)", width: width, height: height, environment: environment)
    }

    @Test func opensOnTheSeedRaceAndStepsToItsViolationByKeys() throws {
        let session = try Self.start()
        defer { session.kill() }
        let start = try session.waitFor(text: "claim-failure-vs-idle")
        #expect(start.contains("juno-r2"))
        #expect(start.contains("v6.18 · pm-save self-hosted"))
        #expect(start.contains("no violation"))
        #expect(start.contains("Topology"))
        #expect(start.contains("Timeline"))
        // cpu0 runs its enable to the IPI; cpu1 takes it (claim fails), goes idle, runs its PM path.
        try session.sendKeys("0", "r")
        try session.waitFor(text: "cpu0 sent the IPI to cpu1")
        try session.sendKeys("1", "r", "i", "r")
        let violation = try session.waitFor(text: "1 VIOLATION")
        #expect(violation.contains("cpu1 read mode SYSFS while etm1 is not enabled"))
        #expect(violation.contains("✗ VIOLATION"))
        #expect(violation.contains("▲"))  // on the timeline's axis

        // Step back: the violation is gone, one action fewer.
        try session.sendKeys("u")
        let back = try session.waitFor(text: "no violation")
        #expect(back.contains("3 actions"))

        // Forward again, then the next kernel (v6.18.2) replays the same actions without the violation.
        try session.sendKeys("r")
        try session.waitFor(text: "1 VIOLATION")
        try session.sendKeys("v")
        let next = try session.waitFor(text: "v6.18.2 · pm-save self-hosted")
        #expect(next.contains("no violation"))
        #expect(next.contains("4 actions"))
        #expect(next.contains("diverges from v6.18 at step"))
        try session.sendKeys("u")  // undo works across the switch, on the new kernel
        let undone = try session.waitFor(text: "3 actions")
        #expect(undone.contains("v6.18.2 · pm-save self-hosted"))

        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
        #expect(try session.modes() == .restored)
    }

    /// `x` then Space: the schedule the search found, played to where it broke; the screen then.
    static func exploreAndPlay(_ session: TmuxSession, opensOn title: String, finds invariant: String) throws -> String {
        try session.waitFor(text: title)
        try session.sendKeys("x")
        let found = try session.waitFor(text: "found: \(invariant) in")
        #expect(found.contains("Space plays it"))
        try session.sendKeys("Space")
        let played = try session.waitFor(text: "1 VIOLATION")
        #expect(played.contains("⏸ paused"))  // playing stops where it broke
        return played
    }

    @Test func exploreFindsTheShortestScheduleAndPlaysIt() throws {
        let session = try Self.start()
        defer { session.kill() }
        let played = try Self.exploreAndPlay(session, opensOn: "claim-failure-vs-idle", finds: "pm-reads-stale-mode")
        #expect(played.contains("will save context of a tracer it does not own"))
        try session.sendKeys("Escape")
        try session.waitFor(text: "left found schedule")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }

    @Test func dtsOpensThatBoardWithAGeneratedScenario() throws {
        let dts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("DeviceTreeTests/Fixtures/hikey960/hi3660-hikey960.dts").path
        let session = try Self.start("--dts '\(dts)'")
        defer { session.kill() }
        let screen = try session.waitFor(text: "generated")
        #expect(screen.contains("HiKey960"))
        #expect(screen.contains("etm7"))  // eight tracers, from the DTS
        #expect(screen.contains("assumed") || screen.contains("warning"))  // the reader's notes, on screen
        // The generated scenario: cpu0 enables cpu1's tracer; run it through.
        try session.sendKeys("0", "r", "1", "r", "0", "r")
        try session.waitFor(text: "etm1 SYSFS")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }

    @Test func helpListsTheKeysAndClosesOnAnyKey() throws {
        let session = try Self.start()
        defer { session.kill() }
        try session.waitFor(text: "claim-failure-vs-idle")
        try session.sendKeys("?")
        let help = try session.waitFor(text: "step back")
        for key in ["cycle kernels", "external", "Tab", "explore every schedule"] { #expect(help.contains(key), "help lacks \(key)") }
        try session.sendKeys("Escape")
        try session.waitUntil("help closed") { !$0.contains("step back") && $0.contains("Timeline") }
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }

    @Test func commandLineTakesTheActionLanguage() throws {
        let session = try Self.start()
        defer { session.kill() }
        try session.waitFor(text: "claim-failure-vs-idle")
        try session.enterCommandLine("run cpu0; run cpu1; idle cpu1; run cpu1")
        try session.waitFor(text: "1 VIOLATION")
        try session.enterCommandLine("frobnicate")
        try session.waitFor(text: "frobnicate: 1:1: expected")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }

    @Test func resizingBelowTheMinimumShowsANoticeAndComesBack() throws {
        let session = try Self.start()
        defer { session.kill() }
        try session.waitFor(text: "claim-failure-vs-idle")
        try session.resize(width: 60, height: 15)
        let small = try session.waitFor(text: "terminal too small: 60x15")
        #expect(small.contains("csx needs at least 80x24"))
        try session.sendKeys("s")  // keys other than q do nothing while too small
        try session.resize(width: 160, height: 48)
        let back = try session.waitFor(text: "claim-failure-vs-idle")
        #expect(back.contains("Timeline"))
        try session.resize(width: 100, height: 30)
        try session.waitUntil("the 100x30 layout") { $0.contains("Timeline") && !$0.contains("too small") }
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
        #expect(try session.modes() == .restored)
    }

    @Test func sigtermRestoresTheTerminal() throws {
        let session = try Self.start()
        defer { session.kill() }
        try session.waitFor(text: "claim-failure-vs-idle")
        kill(try session.processID(), SIGTERM)
        #expect(try session.waitForExit() == 128 + SIGTERM)
        #expect(try session.modes() == .restored)
    }

    @Test func aCrashStillRestoresTheTerminal() throws {
        // No SWIFT_BACKTRACE: on a terminal the runtime's backtracer would ask for a key and
        // wait ~30 s; csx restarts itself with interactive=no, so no key is ever needed.
        var environment = Subprocess.baseEnvironment
        environment["SWIFT_BACKTRACE"] = nil
        let session = try Self.start("terminal-check --crash-after-first-frame", environment: environment)
        defer { session.kill() }
        // Any deadline will do: whether the backtracer waited for a key shows on screen below.
        let status = try session.waitForExit()
        #expect(status > 128, "ended by a signal, not an exit: \(status)")
        #expect(try session.modes() == .restored)
        let shown = try SignalTests.history(of: session)
        // The crash report reaches the real screen, and never asked for a key.
        #expect(shown.contains("deliberate crash"), "\(shown)")
        #expect(!shown.contains("Press space to interact"), "\(shown)")
    }

    @Test func ctrlCQuitsCleanly() throws {
        let session = try Self.start()
        defer { session.kill() }
        try session.waitFor(text: "claim-failure-vs-idle")
        try session.sendKeys("C-c")
        let status = try session.waitForExit()
        #expect(status == 0 || status == 128 + SIGINT)
        #expect(try session.modes() == .restored)
    }

    @Test func noColorGivesAMonochromeScreen() throws {
        var environment = Subprocess.baseEnvironment
        environment["NO_COLOR"] = "1"
        let session = try Self.start("--variant legacy --actions 'run cpu0; run cpu1; idle cpu1; run cpu1'", environment: environment)
        defer { session.kill() }
        try session.waitFor(text: "1 VIOLATION")
        let screen = try session.capture(escapes: true)
        // Monochrome keeps bold, dim and reverse; any colour parameter (30-38, 40-48, 90-97,
        // 100-107) in a select-graphic-rendition sequence is a colour. 39/49 (default) are fine.
        let colours = Self.sgrParameters(in: screen).filter {
            (30...38).contains($0) || (40...48).contains($0) || (90...97).contains($0) || (100...107).contains($0)
        }
        #expect(colours.isEmpty, "colour escapes under NO_COLOR: \(Set(colours).sorted())")
        #expect(Self.sgrParameters(in: screen).contains(7), "the selection should still show, in reverse video")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }

    /// The numbers in every ESC [ ... m sequence.
    static func sgrParameters(in text: String) -> [Int] {
        var numbers: [Int] = []
        var rest = Substring(text)
        while let start = rest.range(of: "\u{1B}[") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(where: { !($0.isNumber || $0 == ";") }) else { break }
            if rest[end] == "m" { numbers += rest[..<end].split(separator: ";").compactMap { Int($0) } }
            rest = rest[end...]
        }
        return numbers
    }

    @Test func withoutATerminalItSaysSoAndExits2() throws {
        let result = try Subprocess.run(try CSXBinary.path(), [], input: "")
        #expect(result.exitCode == 2)
        #expect(result.standardError.hasPrefix("csx: "))
        #expect(result.standardError.contains("csx run"))
    }

    /// A press and release at 0-based `column`, `row`, as an X10 mouse report (tmux-256color's
    /// kmous): ESC [ M, then button, column, row, each + 32 (+1: the report is 1-based).
    static func click(column: Int, row: Int) -> String {
        func report(_ button: Int) -> String {
            "\u{1B}[M" + String(UnicodeScalar(UInt8(32 + button))) + String(UnicodeScalar(UInt8(33 + column)))
                + String(UnicodeScalar(UInt8(33 + row)))
        }
        return report(0) + report(3)
    }

    @Test func mouseClickSelectsACPU() throws {
        let session = try Self.start()
        defer { session.kill() }
        let screen = try session.waitFor(text: "cpu3")
        // Find "cpu3" in the CPU grid and click it.
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        let row = try #require(lines.firstIndex { $0.contains("cpu3") && !$0.contains("Timeline") })
        let column = try #require(lines[row].range(of: "cpu3")).lowerBound.utf16Offset(in: lines[row])
        try session.type(Self.click(column: column + 1, row: row))
        try session.waitUntil("cpu3 selected") { $0.contains("▶cpu3") }
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }

    @Test func mouseClickOnTheTimelineSelectsThatStep() throws {
        let session = try Self.start("--actions 'run cpu0; run cpu1; idle cpu1; run cpu1'")
        defer { session.kill() }
        let screen = try session.waitFor(text: "1 VIOLATION")
        // Click the first event glyph on cpu0's lane: the cursor moves there and the title says so.
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        let row = try #require(lines.firstIndex { $0.hasPrefix("│cpu0 ") })
        let lane = lines[row]
        let glyph = try #require(lane.dropFirst(8).firstIndex { $0 != " " })
        try session.type(Self.click(column: lane.distance(from: lane.startIndex, to: glyph), row: row))
        #expect(screen.contains("Timeline · step 15 · cursor"))  // a run that broke stops the cursor there
        try session.waitFor(text: "Timeline · step 1 · cursor")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }
}
