/// The terminal's 16-colour palette plus the terminal's own default.
///
/// A small palette on purpose: every terminal (and every ncurses colour-pair budget) can show it,
/// and the SVG theme maps it 1:1.
public enum Color: UInt8, Sendable, Hashable, CaseIterable {
    /// The terminal's own foreground or background (ncurses colour -1).
    case `default`
    case black, red, green, yellow, blue, magenta, cyan, white
    case brightBlack, brightRed, brightGreen, brightYellow, brightBlue, brightMagenta, brightCyan, brightWhite

    /// The ANSI index 0…15, or nil for `.default`.
    public var ansiIndex: Int? {
        self == .default ? nil : Int(rawValue) - 1
    }

    /// True for the eight bright variants (index 8…15).
    public var isBright: Bool {
        (ansiIndex ?? 0) >= 8
    }

    /// The bright variant's basic colour (index 0…7), for terminals with only eight colours.
    public var basic: Color {
        guard let index = ansiIndex, index >= 8 else { return self }
        return Color(rawValue: rawValue - 8)!
    }
}
