import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A detached tmux session running one command in a real terminal, for end-to-end tests of
/// interactive programs: type keys, read the screen, resize, and wait for text to appear.
///
/// Each session lives on a private tmux server whose socket is in the session's temporary
/// directory (never the user's server, nothing left in /tmp/tmux-UID), with no tmux config,
/// `TERM=tmux-256color` inside, and a unique name. The command runs under a small wrapper
/// script that records its process id and exit status in files, then keeps the pane open, as a
/// shell would, so the screen and terminal modes the command left behind can be checked (tmux
/// 3.3's dead panes lose both, and `pane_dead_status` has no signal). The session is killed on
/// `kill()` or deinit, so it ends with the test that made it.
final class TmuxSession {
    /// How long a wait lasts before it fails: what normally takes well under a second, given
    /// the room a loaded 2-core machine needs (other tests build and run beside it).
    static let defaultTimeout: Duration = .seconds(60)

    /// A wait that ran out: what it waited for, where, and the whole screen at the end.
    struct Timeout: Error, CustomStringConvertible {
        var waitingFor: String
        var screen: String
        /// `File.swift:42` of the wait in the test.
        var location: String = ""
        var waited: Duration = .zero
        /// The keys and text sent last, oldest first.
        var recentInput: [String] = []
        /// The terminal's size when the screen was captured.
        var size: (width: Int, height: Int)?

        var description: String {
            let seconds = Double(waited.components.seconds) + Double(waited.components.attoseconds) * 1e-18
            var text = "timed out after \(String(format: "%.1f", seconds)) s waiting for \(waitingFor)"
            if !location.isEmpty { text += " (\(location))" }
            if !recentInput.isEmpty { text += "; last input sent: " + recentInput.joined(separator: ", ") }
            // capture-pane ends every row with a newline, the last one too.
            let rows = (screen.hasSuffix("\n") ? screen.dropLast() : Substring(screen))
                .split(separator: "\n", omittingEmptySubsequences: false)
            let shape = size.map { "\($0.width)x\($0.height)" } ?? "\(rows.count) rows"
            text += "\n┌─ the whole screen (\(shape)) ─\n"
            for row in rows { text += "│" + row + "\n" }
            text += "└─ end of screen; the wait was for \(waitingFor)"
            if !location.isEmpty { text += " (\(location))" }
            return text
        }
    }
    struct CommandFailed: Error, CustomStringConvertible {
        var arguments: [String]
        var result: Subprocess.Result
        var description: String { "tmux \(arguments.joined(separator: " ")) failed: \(result)" }
    }

    /// Terminal modes the program set, as tmux sees them: all false once a TUI restored the
    /// terminal (cursor visible true).
    struct Modes: Equatable, CustomStringConvertible {
        var alternateScreen: Bool
        var cursorVisible: Bool
        var mouseReporting: Bool
        var applicationCursorKeys: Bool

        /// What a shell prompt expects.
        static let restored = Modes(alternateScreen: false, cursorVisible: true, mouseReporting: false,
                                    applicationCursorKeys: false)

        var description: String {
            "alternate screen \(alternateScreen), cursor \(cursorVisible ? "visible" : "hidden"), "
                + "mouse \(mouseReporting), application cursor keys \(applicationCursorKeys)"
        }
    }

    let name: String
    /// The private server's socket (tmux -S).
    let socket: String
    private let environment: [String: String]
    private let files: TemporaryDirectory
    private var killed = false
    /// The last few `sendKeys` / `type` inputs, for a timeout's report.
    private var recentInput: [String] = []

    init(command: String, width: Int = 120, height: Int = 40,
         environment: [String: String] = Subprocess.baseEnvironment) throws {
        name = "csx-e2e-\(getpid())-\(UUID().uuidString.prefix(8))"
        self.environment = environment
        files = try TemporaryDirectory()
        socket = files.path("tmux")
        // The wrapper catches (does not ignore, which children would inherit) the keyboard's
        // SIGINT/SIGQUIT, which reach its whole process group, so it outlives the command.
        let script = """
            trap : INT QUIT
            /bin/sh -c 'echo $$ > "$1"; exec /bin/sh -c "$2"' wrapper \(Self.quoted(files.path("pid"))) \(Self.quoted(command))
            echo $? > \(Self.quoted(files.path("status.partial")))
            mv \(Self.quoted(files.path("status.partial"))) \(Self.quoted(files.path("status")))
            printf '\\033]2;%s\\033\\\\' \(Self.exitedTitle)
            exec sleep 86400

            """
        try Data(script.utf8).write(to: URL(fileURLWithPath: files.path("run.sh")))
        try tmux(["-f", "/dev/null", "start-server", ";",
                  "set-option", "-g", "default-terminal", "tmux-256color", ";",
                  "set-option", "-g", "remain-on-exit", "on", ";",
                  "set-option", "-g", "status", "off", ";",
                  "new-session", "-d", "-s", name, "-x", String(width), "-y", String(height),
                  "/bin/sh \(Self.quoted(files.path("run.sh")))"])
    }

    deinit { kill() }

    /// Ends the session and its private server. Safe to call more than once.
    func kill() {
        guard !killed else { return }
        killed = true
        _ = try? Subprocess.run("tmux", ["-S", socket, "kill-server"], environment: environment, timeout: Self.defaultTimeout)
    }

    /// Sends tmux key names: "q", "Enter", "C-c", "Up", "F5", "BTab", "Escape"…
    func sendKeys(_ keys: String...) throws {
        remember(keys.joined(separator: " "))
        try tmux(["send-keys", "-t", name] + keys)
    }

    /// Opens the TUI's `:` line, types `text` and presses Enter.
    func enterCommandLine(_ text: String) throws {
        try sendKeys(":")
        try type(text)
        try sendKeys("Enter")
    }

    /// Types `text` literally (no key-name lookup).
    func type(_ text: String) throws {
        remember("text \(text.debugDescription)")
        try tmux(["send-keys", "-t", name, "-l", text])
    }

    private func remember(_ input: String) {
        recentInput.append(input)
        if recentInput.count > 8 { recentInput.removeFirst() }
    }

    /// The screen as text, one line per row; with `escapes`, including colour and attribute
    /// escape sequences.
    func capture(escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : [])).standardOutput
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", String(width), "-y", String(height)])
    }

    /// The terminal's current size.
    func size() throws -> (width: Int, height: Int) {
        let parts = try display("#{pane_width} #{pane_height}").split(separator: " ").compactMap { Int($0) }
        return (parts.first ?? 0, parts.last ?? 0)
    }

    /// The process id of the command (of the program itself when the command starts with `exec`).
    func processID(timeout: Duration = defaultTimeout, fileID: String = #fileID, line: Int = #line) throws -> pid_t {
        let deadline = Deadline(timeout, location: Self.location(fileID, line))
        let pid = try waitForFile("pid", what: "the command to start", deadline: deadline)
        return pid_t(pid) ?? 0
    }

    /// Terminal modes the command left set.
    func modes() throws -> Modes {
        let flags = try display("#{alternate_on} #{cursor_flag} #{mouse_any_flag} #{keypad_cursor_flag}")
            .split(separator: " ").map { $0 == "1" }
        guard flags.count == 4 else { return Modes(alternateScreen: false, cursorVisible: false, mouseReporting: false,
                                                   applicationCursorKeys: false) }
        return Modes(alternateScreen: flags[0], cursorVisible: flags[1], mouseReporting: flags[2],
                     applicationCursorKeys: flags[3])
    }

    /// Polls the screen until it contains `text`; returns that screen.
    @discardableResult
    func waitFor(text: String, timeout: Duration = defaultTimeout, fileID: String = #fileID, line: Int = #line) throws -> String {
        try waitUntil("\"\(text)\"", timeout: timeout, fileID: fileID, line: line) { $0.contains(text) }
    }

    /// Polls the screen until `condition` holds on a settled screen; returns that screen.
    /// Settled: the condition holds on two captures in a row that are the same (not a frame
    /// half drawn), or on `settleCaptures` in a row when the screen never holds still (a live
    /// view redraws its poll count every interval).
    @discardableResult
    func waitUntil(_ what: String, timeout: Duration = defaultTimeout, fileID: String = #fileID, line: Int = #line,
                   _ condition: (String) -> Bool) throws -> String {
        let deadline = Deadline(timeout, location: Self.location(fileID, line))
        var previous: String?
        var heldFor = 0
        while true {
            let screen = try capture()
            if condition(screen) {
                heldFor += 1
                if screen == previous || heldFor >= Self.settleCaptures { return screen }
                previous = screen
            } else {
                heldFor = 0
                previous = nil
            }
            if deadline.passed { throw timedOut(what, deadline, screen: screen) }
            deadline.pause(heldFor > 0 ? 0.02 : 0.03)
        }
    }

    /// Captures in a row a condition must hold on when the screen keeps changing.
    static let settleCaptures = 4

    /// Waits for the command to end; returns its exit status (128 + n when signal n ended it).
    /// Once it returns, tmux has read everything the command wrote, so `capture()` and `modes()`
    /// show what the user would see at the prompt.
    func waitForExit(timeout: Duration = defaultTimeout, fileID: String = #fileID, line: Int = #line) throws -> Int32 {
        let deadline = Deadline(timeout, location: Self.location(fileID, line))
        let status = Int32(try waitForFile("status", what: "the command to exit", deadline: deadline)) ?? -1
        while try display("#{pane_title}") != Self.exitedTitle {
            if deadline.passed { throw timedOut("the wrapper's exit mark (the command exited with \(status))", deadline) }
            deadline.pause(0.02)
        }
        return status
    }

    /// Polls for a file the wrapper script writes; returns its trimmed contents.
    private func waitForFile(_ name: String, what: String, deadline: Deadline) throws -> String {
        while true {
            if let data = FileManager.default.contents(atPath: files.path(name)),
               let text = String(data: data, encoding: .utf8), text.hasSuffix("\n") {
                return text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            if deadline.passed { throw timedOut(what, deadline) }
            deadline.pause(0.02)
        }
    }

    /// The timeout error, with the whole screen; also written to standard error at once, so
    /// the log has it even where a runner shortens error descriptions.
    private func timedOut(_ what: String, _ deadline: Deadline, screen: String? = nil) -> Timeout {
        let error = Timeout(
            waitingFor: what, screen: screen ?? (try? capture()) ?? "(the screen could not be captured)",
            location: deadline.location, waited: deadline.elapsed, recentInput: recentInput, size: try? size())
        FileHandle.standardError.write(Data(("\n[e2e wait failed] " + error.description + "\n").utf8))
        return error
    }

    private static func location(_ fileID: String, _ line: Int) -> String {
        "\(fileID.split(separator: "/").last.map(String.init) ?? fileID):\(line)"
    }

    /// When a wait gives up.
    private struct Deadline {
        let start = ContinuousClock.now
        let end: ContinuousClock.Instant
        let location: String

        init(_ timeout: Duration, location: String) {
            end = start.advanced(by: timeout)
            self.location = location
        }

        var passed: Bool { ContinuousClock.now >= end }
        var elapsed: Duration { ContinuousClock.now - start }

        /// Between two looks at a condition (polling, not a wait for time to pass).
        func pause(_ seconds: Double) { usleep(useconds_t(seconds * 1_000_000)) }
    }

    private func display(_ format: String) throws -> String {
        try tmux(["display-message", "-p", "-t", name, format]).standardOutput
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `text` as one single-quoted shell word.
    /// The pane title the wrapper sets after the command ended: once tmux shows it, tmux has
    /// read everything the command wrote.
    private static let exitedTitle = "csx-e2e-command-exited"

    private static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> Subprocess.Result {
        let result = try Subprocess.run("tmux", ["-S", socket] + arguments, environment: environment, timeout: Self.defaultTimeout)
        guard result.succeeded else { throw CommandFailed(arguments: arguments, result: result) }
        return result
    }
}
