/// Why a terminal session could not start.
public enum TerminalError: Error, Equatable, CustomStringConvertible {
    /// Standard input or output is not a terminal (a pipe, a file, /dev/null).
    case notATerminal(stream: String)
    /// `TERM` is unset or empty.
    case terminalTypeUnset
    /// The terminfo database has no entry for `TERM`.
    case unknownTerminalType(String)
    /// Another `Terminal` is running in this process.
    case alreadyActive

    public var description: String {
        switch self {
        case .notATerminal(let stream):
            return "\(stream) is not a terminal; the interactive screen needs one (run it in a terminal, not through a pipe)"
        case .terminalTypeUnset:
            return "TERM is not set; set it to your terminal's type (e.g. TERM=xterm-256color)"
        case .unknownTerminalType(let type):
            return "unknown terminal type '\(type)' (no terminfo entry); try TERM=xterm-256color"
        case .alreadyActive:
            return "a terminal session is already active in this process"
        }
    }
}
