/// One input event from the terminal, independent of ncurses so key handling can be tested.
public enum Key: Sendable, Hashable {
    /// A printable character (including space).
    case character(Character)
    /// Ctrl with a letter or one of `@[\]^_`, as the lower-case letter or the symbol: Ctrl-L is
    /// `.control("l")`. Tab, Enter, Escape and Backspace have their own cases.
    case control(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end, insert, delete
    case enter, escape, tab, backTab, backspace
    /// F1…F63.
    case function(Int)
    /// The terminal changed size: re-read it and redraw everything.
    case resize
    /// A primary button press at column `x`, row `y`.
    case mouseClick(x: Int, y: Int)
    case scrollUp(x: Int, y: Int)
    case scrollDown(x: Int, y: Int)
    /// SIGINT, SIGTERM or SIGHUP arrived: restore the terminal and leave.
    case terminationRequested(signal: Int32)
    /// The terminal went away (end of input, hang-up): stop reading, restore and leave.
    case endOfInput

    /// Whether the key loop must end.
    public var endsSession: Bool {
        switch self {
        case .terminationRequested, .endOfInput: return true
        default: return false
        }
    }

    /// The key for one character read from the terminal (not a special key code): C0 controls
    /// map to Enter, Tab, Escape, Backspace or `.control`, DEL to Backspace.
    public init(terminalCharacter value: UInt32) {
        switch value {
        case 0x0D, 0x0A: self = .enter
        case 0x09: self = .tab
        case 0x1B: self = .escape
        case 0x08, 0x7F: self = .backspace
        case 0x00: self = .control("@")
        case 0x01...0x1A: self = .control(Character(Unicode.Scalar(value + 0x60)!))
        case 0x1C...0x1F: self = .control(Character(Unicode.Scalar(value + 0x40)!))
        default:
            if let scalar = Unicode.Scalar(value) {
                self = .character(Character(scalar))
            } else {
                self = .character(Cell.replacement)
            }
        }
    }
}

extension Key: CustomStringConvertible {
    /// A short name for status lines and help: "q", "Ctrl-L", "↑", "PgDn", "F5", "click 3,4".
    public var description: String {
        switch self {
        case .character(" "): return "Space"
        case .character(let character): return String(character)
        case .control(let character): return "Ctrl-" + String(character).uppercased()
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .insert: return "Ins"
        case .delete: return "Del"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .function(let number): return "F\(number)"
        case .resize: return "resize"
        case .mouseClick(let x, let y): return "click \(x),\(y)"
        case .scrollUp(let x, let y): return "wheel up \(x),\(y)"
        case .scrollDown(let x, let y): return "wheel down \(x),\(y)"
        case .terminationRequested(let signal): return "signal \(signal)"
        case .endOfInput: return "end of input"
        }
    }
}
