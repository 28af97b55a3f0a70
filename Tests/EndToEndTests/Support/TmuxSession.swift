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
    struct Timeout: Error, CustomStringConvertible {
        var waitingFor: String
        var screen: String
        var description: String { "timed out waiting for \(waitingFor); screen:\n\(screen)" }
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

    /// Starts `command` (run by `/bin/sh -c`; start it with `exec` so signals sent to
    /// `processID()` reach the program itself) in a `width` × `height` terminal. `environment` is
    /// the whole environment of the tmux server and so of the command (tmux sets `TERM`).
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
        _ = try? Subprocess.run("tmux", ["-S", socket, "kill-server"], environment: environment, timeout: .seconds(10))
    }

    /// Sends tmux key names: "q", "Enter", "C-c", "Up", "F5", "BTab", "Escape"…
    func sendKeys(_ keys: String...) throws {
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
        try tmux(["send-keys", "-t", name, "-l", text])
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
    func processID(timeout: Duration = .seconds(10)) throws -> pid_t {
        let pid = try waitForFile("pid", what: "the command to start", timeout: timeout)
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
    func waitFor(text: String, timeout: Duration = .seconds(10)) throws -> String {
        try waitUntil("\"\(text)\"", timeout: timeout) { $0.contains(text) }
    }

    /// Polls the screen until `condition` holds on a settled screen (the same twice in a row, so
    /// not a frame half drawn); returns that screen.
    @discardableResult
    func waitUntil(_ what: String, timeout: Duration = .seconds(10), _ condition: (String) -> Bool) throws -> String {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var screen = ""
        while true {
            screen = try capture()
            if condition(screen) {
                // A frame can be caught half written; return one that holds still for a moment.
                usleep(40_000)
                let again = try capture()
                if again == screen { return screen }
            }
            if clock.now >= deadline { throw Timeout(waitingFor: what, screen: screen) }
            usleep(30_000)
        }
    }

    /// Waits for the command to end; returns its exit status (128 + n when signal n ended it).
    /// Once it returns, tmux has read everything the command wrote, so `capture()` and `modes()`
    /// show what the user would see at the prompt.
    func waitForExit(timeout: Duration = .seconds(10)) throws -> Int32 {
        let status = Int32(try waitForFile("status", what: "the command to exit", timeout: timeout)) ?? -1
        try waitUntilTrue("the wrapper's exit mark", timeout: timeout) { try display("#{pane_title}") == Self.exitedTitle }
        return status
    }

    private func waitUntilTrue(_ what: String, timeout: Duration, _ condition: () throws -> Bool) throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while try !condition() {
            if clock.now >= deadline { throw Timeout(waitingFor: what, screen: (try? capture()) ?? "") }
            usleep(20_000)
        }
    }

    /// Polls for a file the wrapper script writes; returns its trimmed contents.
    private func waitForFile(_ name: String, what: String, timeout: Duration) throws -> String {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            if let data = FileManager.default.contents(atPath: files.path(name)),
               let text = String(data: data, encoding: .utf8), text.hasSuffix("\n") {
                return text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            if clock.now >= deadline { throw Timeout(waitingFor: what, screen: (try? capture()) ?? "") }
            usleep(20_000)
        }
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
        let result = try Subprocess.run("tmux", ["-S", socket] + arguments, environment: environment, timeout: .seconds(10))
        guard result.succeeded else { throw CommandFailed(arguments: arguments, result: result) }
        return result
    }
}
