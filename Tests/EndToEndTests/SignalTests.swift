import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Every signal that can end csx leaves the terminal as a shell prompt expects it (normal
/// screen, cursor visible, mouse reporting off), and a crash report never waits for a key.
@Suite("Signals end to end", .serialized)
struct SignalTests {
    /// The TUI on the seed race, ready for keys.
    static func startTUI(environment: [String: String] = Subprocess.baseEnvironment) throws -> TmuxSession {
        // No core files from the signals whose default action dumps one (SIGSYS, SIGXCPU).
        let session = try TmuxSession(command: "ulimit -c 0; exec '\(try CSXBinary.path())'", width: 160, height: 48,
                                      environment: environment)
        try session.waitFor(text: "claim-failure-vs-idle")
        return session
    }

    /// Everything the pane showed, scrolled-off lines included.
    static func history(of session: TmuxSession) throws -> String {
        try Subprocess.run("tmux", ["-S", session.socket, "capture-pane", "-p", "-S", "-", "-t", session.name]).standardOutput
    }

    @Test func ctrlBackslashQuitsLikeSigterm() throws {
        let session = try Self.startTUI()
        defer { session.kill() }
        try session.sendKeys("C-\\")
        #expect(try session.waitForExit() == 128 + SIGQUIT)
        #expect(try session.modes() == .restored)
        // Handled as a request to leave, not a crash: no backtrace over the screen.
        let shown = try Self.history(of: session)
        #expect(!shown.contains("Backtrace") && !shown.contains("Crash"), "\(shown)")
    }

    @Test func sigquitTwiceInARowStillRestores() throws {
        let session = try Self.startTUI()
        defer { session.kill() }
        let pid = try session.processID()
        kill(pid, SIGQUIT)
        kill(pid, SIGQUIT)
        #expect(try session.waitForExit() == 128 + SIGQUIT)
        #expect(try session.modes() == .restored)
    }

    /// Signals nobody sends csx on purpose keep their meaning (the process dies of them, as the
    /// shell reports) but the terminal is restored first.
    @Test(arguments: [SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGIO, SIGPWR, SIGSTKFLT, SIGSYS,
                      SIGRTMIN_PLUS_3])
    func endingSignalsRestoreThenEnd(signal: Int32) throws {
        let session = try Self.startTUI()
        defer { session.kill() }
        kill(try session.processID(), signal)
        #expect(try session.waitForExit() == 128 + signal)
        let modes = try session.modes()
        #expect(modes == .restored, "\(modes)")
    }

    /// SIGPIPE and SIGXFSZ are ignored while the TUI runs (the write that caused them fails and
    /// says so): the session carries on and quits normally.
    @Test(arguments: [SIGPIPE, SIGXFSZ])
    func writeSignalsAreIgnored(signal: Int32) throws {
        let session = try Self.startTUI()
        defer { session.kill() }
        kill(try session.processID(), signal)
        try session.sendKeys("0", "r")
        try session.waitFor(text: "cpu0 sent the IPI to cpu1")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
        #expect(try session.modes() == .restored)
    }

    /// The restart that turns interaction off: the running process's environment says
    /// `interactive=no`, added to what the user had, and a mode the user chose is kept.
    @Test(arguments: [(nil, "interactive=no"), ("color=no", "color=no,interactive=no"),
                      ("interactive=yes", "interactive=yes")] as [(String?, String)])
    func crashReportsAreMadeNonInteractiveOnce(given: String?, expected: String) throws {
        var environment = Subprocess.baseEnvironment
        environment["SWIFT_BACKTRACE"] = given
        let session = try Self.startTUI(environment: environment)
        defer { session.kill() }
        let pid = try session.processID()
        let variables = try String(decoding: Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ")), as: UTF8.self)
            .split(separator: "\0").filter { $0.hasPrefix("SWIFT_BACKTRACE=") }
        #expect(variables == ["SWIFT_BACKTRACE=\(expected)"])
        // The same process, still named csx (the restart execs the binary's own path).
        let name = try String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)
        #expect(name == "csx\n")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }
}

/// glibc's first real-time signal free for programs, plus three (SIGRTMIN is a function call).
let SIGRTMIN_PLUS_3: Int32 = __libc_current_sigrtmin() + 3
