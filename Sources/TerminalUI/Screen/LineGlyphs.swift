/// Line weights for boxes and rules.
public enum LineStyle: Sendable, Hashable, CaseIterable {
    /// ─ │ ┌ ┐ └ ┘ ├ ┤ ┬ ┴ ┼
    case light
    /// ━ ┃ ┏ ┓ ┗ ┛ ┣ ┫ ┳ ┻ ╋
    case heavy
    /// Light lines with ╭ ╮ ╰ ╯ corners.
    case rounded
    /// ═ ║ ╔ ╗ ╚ ╝ ╠ ╣ ╦ ╩ ╬
    case double
}

/// Which directions a line glyph reaches from the cell centre. Lines drawn over each other merge
/// their arms, so a rule meeting a box border becomes ├ rather than cutting it.
struct LineArms: OptionSet, Hashable {
    let rawValue: UInt8
    static let up = LineArms(rawValue: 1)
    static let down = LineArms(rawValue: 2)
    static let left = LineArms(rawValue: 4)
    static let right = LineArms(rawValue: 8)
    static let horizontal: LineArms = [.left, .right]
    static let vertical: LineArms = [.up, .down]
}

/// The box-drawing glyph table: arms ↔ glyph for each line style.
enum LineGlyphs {
    /// The glyph for `arms` in `style` (indexed by the arms' raw value 0…15).
    static func glyph(_ arms: LineArms, _ style: LineStyle) -> Character {
        let table: [Character]
        switch style {
        case .light: table = light
        case .heavy: table = heavy
        case .rounded: table = rounded
        case .double: table = double
        }
        return table[Int(arms.rawValue)]
    }

    /// The arms and family of an existing line glyph, if `glyph` is one of ours. Rounded corners
    /// read as light lines (they merge into light junctions).
    static func arms(of glyph: Character) -> (arms: LineArms, style: LineStyle)? {
        lookup[glyph]
    }

    //                         0    up   down  u+d   left  l+u  l+d  l+u+d right r+u  r+d  r+u+d r+l  r+l+u r+l+d all
    static let light: [Character] = [" ", "╵", "╷", "│", "╴", "┘", "┐", "┤", "╶", "└", "┌", "├", "─", "┴", "┬", "┼"]
    static let heavy: [Character] = [" ", "╹", "╻", "┃", "╸", "┛", "┓", "┫", "╺", "┗", "┏", "┣", "━", "┻", "┳", "╋"]
    static let rounded: [Character] = [" ", "╵", "╷", "│", "╴", "╯", "╮", "┤", "╶", "╰", "╭", "├", "─", "┴", "┬", "┼"]
    // Double lines have no half-line glyphs: a single arm shows as the full line.
    static let double: [Character] = [" ", "║", "║", "║", "═", "╝", "╗", "╣", "═", "╚", "╔", "╠", "═", "╩", "╦", "╬"]

    private static let lookup: [Character: (arms: LineArms, style: LineStyle)] = {
        var result: [Character: (arms: LineArms, style: LineStyle)] = [:]
        for (style, table) in [(LineStyle.double, double), (.heavy, heavy), (.rounded, rounded), (.light, light)] {
            for (index, glyph) in table.enumerated() where index != 0 {
                let family: LineStyle = style == .rounded ? .light : style
                // Double's single-arm slots repeat full-line glyphs: keep the full-line reading.
                if style == .double, result[glyph] != nil { continue }
                result[glyph] = (LineArms(rawValue: UInt8(index)), family)
            }
        }
        for (glyph, arms) in [("║", LineArms.vertical), ("═", .horizontal)] as [(Character, LineArms)] {
            result[glyph] = (arms, .double)
        }
        return result
    }()
}
