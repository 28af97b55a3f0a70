import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("End-to-end harness")
struct HarnessTests {
    @Test func capturesStandardOutputAndExitStatus() throws {
        let result = try Subprocess.run("/bin/echo", ["hello", "wörld"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput == "hello wörld\n")
        #expect(result.standardError.isEmpty)
    }

    @Test func capturesStandardErrorSeparatelyAndNonZeroExits() throws {
        let result = try Subprocess.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"])
        #expect(result.exitCode == 3)
        #expect(result.standardOutput == "out\n")
        #expect(result.standardError == "err\n")
    }

    @Test func passesInputOnStandardInput() throws {
        let result = try Subprocess.run("cat", input: "line one\nline two\n")
        #expect(result.standardOutput == "line one\nline two\n")
    }

    @Test func childGetsExactlyTheEnvironmentGiven() throws {
        setenv("NO_COLOR", "1", 1)  // even if the runner has it, the child must not
        defer { unsetenv("NO_COLOR") }
        let result = try Subprocess.run("/usr/bin/env", environment: ["CSX_E2E": "yes", "PATH": "/usr/bin:/bin"])
        #expect(result.standardOutput.split(separator: "\n").sorted() == ["CSX_E2E=yes", "PATH=/usr/bin:/bin"])
    }

    #if os(Linux)
    @Test func childStartsWithNoBlockedOrIgnoredSignals() throws {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGINT)
        pthread_sigmask(SIG_BLOCK, &blocked, nil)  // as a test runner might
        defer { pthread_sigmask(SIG_UNBLOCK, &blocked, nil) }
        let result = try Subprocess.run("/bin/sh", ["-c", "grep -E '^Sig(Blk|Ign)' /proc/self/status"])
        let masks = result.standardOutput.split(separator: "\n").compactMap { line in
            line.split(separator: "\t").last.flatMap { UInt64($0, radix: 16) }
        }
        // Signals 1-31 only: glibc reserves 32 and 33 for itself and keeps them as it likes.
        #expect(masks.count == 2 && masks.allSatisfy { $0 & 0x7FFF_FFFF == 0 }, "\(result.standardOutput)")
    }
    #endif

    @Test func largeOutputDoesNotDeadlock() throws {
        let result = try Subprocess.run("/bin/sh", ["-c", "head -c 2000000 /dev/zero | tr '\\0' x"])
        #expect(result.standardOutput.utf8.count == 2_000_000)
    }

    @Test func aHangingChildIsKilledAtTheTimeLimit() throws {
        let started = ContinuousClock.now
        let result = try Subprocess.run("sleep", ["30"], timeout: .milliseconds(300))
        #expect(result.timedOut)
        #expect(result.signal == SIGKILL)
        // Killed, not waited for: well before sleep's own 30 s, however loaded the machine.
        #expect(ContinuousClock.now - started < .seconds(25))
    }

    @Test func anUnknownProgramIsALaunchError() {
        #expect(throws: Subprocess.LaunchError.self) { try Subprocess.run("csx-no-such-program") }
    }

    @Test func tmuxRunsAnInteractiveProgramInARealTerminal() throws {
        let session = try TmuxSession(command: "cat", width: 60, height: 10)
        defer { session.kill() }
        try session.type("hello tmux")
        try session.sendKeys("Enter")
        // The terminal echoes the typed line and cat prints it again.
        try session.waitUntil("two lines of hello") { $0.components(separatedBy: "hello tmux").count == 3 }
        #expect(try session.size() == (60, 10))
        #expect(try session.modes() == .restored)
        try session.resize(width: 40, height: 8)
        #expect(try session.size() == (40, 8))
        try session.sendKeys("C-d")
        #expect(try session.waitForExit() == 0)
    }

    @Test func tmuxReportsSignalsAsShellStatuses() throws {
        let session = try TmuxSession(command: "exec sleep 30")
        defer { session.kill() }
        let pid = try session.processID()
        #expect(pid > 0)
        kill(pid, SIGTERM)
        #expect(try session.waitForExit() == 128 + SIGTERM)
    }

    @Test func waitingForTextThatNeverComesTimesOutWithTheScreen() throws {
        let session = try TmuxSession(command: "echo visible; exec sleep 30", width: 40, height: 5)
        defer { session.kill() }
        try session.waitFor(text: "visible")
        do {
            try session.waitFor(text: "never shown", timeout: .milliseconds(200))
            Issue.record("expected a timeout")
        } catch let timeout as TmuxSession.Timeout {
            #expect(timeout.screen.contains("visible"))
            // The report names the wait and where it is, and shows every row of the screen.
            #expect(timeout.description.hasPrefix("timed out after"))
            #expect(timeout.description.contains("waiting for \"never shown\" (HarnessTests.swift:"))
            #expect(timeout.description.contains("the whole screen (40x5)"))
            #expect(timeout.description.components(separatedBy: "\n│").count - 1 == 5)
        }
    }

    @Test func sessionsAreKilledWhenReleased() throws {
        var socket = ""
        do {
            let session = try TmuxSession(command: "exec sleep 30")
            socket = session.socket
        }
        let listing = try Subprocess.run("tmux", ["-S", socket, "list-sessions"])
        #expect(!listing.succeeded)
    }

    @Test func findsTheBuiltCSXBinary() throws {
        let path = try CSXBinary.path()
        let result = try Subprocess.run(path, ["--help"])
        #expect(result.exitCode == 0, "\(result)")
    }
}

/// `csx terminal-check` in a real terminal: the terminal layer's own end-to-end proof that the
/// terminal is always restored. Runs once the command is registered in csx (or CSX_BINARY points
/// at a binary that has it).
@Suite("csx terminal-check", .enabled(if: TerminalCheckAvailability.inBinary))
struct TerminalCheckEndToEndTests {
    func start(width: Int = 100, height: Int = 30, environment: [String: String] = Subprocess.baseEnvironment) throws -> TmuxSession {
        let session = try TmuxSession(command: "exec '\(try CSXBinary.path())' terminal-check", width: width, height: height,
                                      environment: environment)
        try session.waitFor(text: "csx terminal-check")
        return session
    }

    @Test func drawsThePatternAndQuitsOnQWithTheTerminalRestored() throws {
        let session = try start()
        defer { session.kill() }
        let screen = try session.waitFor(text: "100x30 · colour")
        #expect(screen.contains("├─────┬─────┤"))
        #expect(screen.contains("中文 漢字"))
        #expect(try session.modes() == TmuxSession.Modes(alternateScreen: true, cursorVisible: false, mouseReporting: true,
                                                          applicationCursorKeys: true))
        try session.sendKeys("Up")
        try session.waitFor(text: "last key    ↑")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
        let modes = try session.modes()
        #expect(modes == .restored, "\(modes)")
    }

    @Test func redrawsOnResizeAndShowsANoticeWhenTooSmall() throws {
        let session = try start()
        defer { session.kill() }
        try session.resize(width: 70, height: 20)
        try session.waitFor(text: "70x20 · colour")
        try session.resize(width: 40, height: 10)
        try session.waitFor(text: "Terminal too small: 40x10")
        try session.resize(width: 90, height: 25)
        try session.waitFor(text: "90x25 · colour")
    }

    @Test(arguments: [("C-c", SIGINT), ("TERM", SIGTERM), ("HUP", SIGHUP)] as [(String, Int32)])
    func signalsEndTheSessionWithTheTerminalRestored(how: String, signal: Int32) throws {
        let session = try start()
        defer { session.kill() }
        if how == "C-c" {
            try session.sendKeys("C-c")
        } else {
            kill(try session.processID(), signal)
        }
        #expect(try session.waitForExit() == 128 + signal)
        let modes = try session.modes()
        #expect(modes == .restored, "\(modes)")
    }

    @Test func noColorMeansMonochrome() throws {
        var environment = Subprocess.baseEnvironment
        environment["NO_COLOR"] = "1"
        let session = try start(environment: environment)
        defer { session.kill() }
        try session.waitFor(text: "100x30 · monochrome")
        #expect(!(try session.capture(escapes: true)).contains("\u{1B}[31m"))
    }

    @Test func refusesWithoutATerminal() throws {
        let result = try Subprocess.run(try CSXBinary.path(), ["terminal-check"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("standard input is not a terminal"))
    }

    @Test func refusesAnUnknownTerminalType() throws {
        var environment = Subprocess.baseEnvironment
        environment["TERM"] = "no-such-terminal"
        let session = try TmuxSession(command: "TERM=no-such-terminal '\(try CSXBinary.path())' terminal-check",
                                      environment: environment)
        defer { session.kill() }
        #expect(try session.waitForExit() == 2)
        #expect(try session.capture().contains("unknown terminal type 'no-such-terminal'"))
    }
}

enum TerminalCheckAvailability {
    /// Whether the csx under test has the (hidden) terminal-check command.
    static var inBinary: Bool {
        guard let path = try? CSXBinary.path() else { return false }
        // Unknown subcommands fall back to the root help, so look for the command's own usage line.
        let help = try? Subprocess.run(path, ["terminal-check", "--help"])
        return help?.exitCode == 0 && help?.standardOutput.contains("terminal-check") == true
    }
}
