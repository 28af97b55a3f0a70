import ArgumentParser
import NcursesTerminal
import TerminalUI

/// Takes the terminal for one interactive session and gives it back: a terminal that cannot be
/// used is bad input (exit 2); a session ended by SIGINT/SIGTERM/SIGHUP/SIGQUIT exits 128 + the signal,
/// as shells report it.
enum TerminalSession {
    static func run(mouse: Bool, unusable hint: String = "", _ interact: (Terminal) -> Key?) throws {
        let terminal = Terminal(options: Terminal.Options(mouse: mouse))
        do {
            try terminal.start()
        } catch {
            throw BadInput(error.description + hint)
        }
        let ending = interact(terminal)
        terminal.stop()
        if case .terminationRequested(let signal)? = ending {
            throw ExitCode(128 + signal)
        }
    }
}
