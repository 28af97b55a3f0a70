import CNcurses
import CNcursesShim
import TerminalUI

/// ncurses colour pairs, allocated on first use for each foreground/background combination.
struct ColorPairs {
    let colors: Int
    let pairs: Int
    /// Whether colour -1 means the terminal's own colour (`use_default_colors` worked).
    let defaultColors: Bool
    private var allocated: [UInt16: Int32] = [:]
    private var nextPair: Int32 = 1

    init(colors: Int, pairs: Int, defaultColors: Bool) {
        self.colors = colors
        self.pairs = pairs
        self.defaultColors = defaultColors
    }

    /// The pair number for `style`'s colours and any attribute the colours need (bold for a
    /// bright foreground on an 8-colour terminal). Pair 0 when colours are off or pairs run out.
    mutating func pair(for style: Style) -> (pair: Int32, extraAttributes: Style.Attributes) {
        guard colors > 0, style.foreground != .default || style.background != .default else { return (0, []) }
        let key = UInt16(style.foreground.rawValue) << 8 | UInt16(style.background.rawValue)
        let extra: Style.Attributes = style.foreground.isBright && colors < 16 ? .bold : []
        if let pair = allocated[key] { return (pair, extra) }
        guard Int(nextPair) < pairs, nextPair <= Int32(Int16.max) else { return (0, extra) }
        let pair = nextPair
        nextPair += 1
        init_pair(Int16(pair), number(style.foreground, isForeground: true), number(style.background, isForeground: false))
        allocated[key] = pair
        return (pair, extra)
    }

    /// The ncurses colour number: -1 for the default when supported, else white on black.
    private func number(_ color: Color, isForeground: Bool) -> Int16 {
        guard let index = color.ansiIndex else {
            return defaultColors ? -1 : (isForeground ? 7 : 0)
        }
        return Int16(index < colors ? index : index - 8)
    }
}
