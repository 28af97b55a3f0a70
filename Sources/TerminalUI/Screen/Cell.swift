/// One terminal cell: a glyph (a grapheme cluster, combining marks included), its display width
/// and its style.
///
/// A double-width glyph occupies two cells: the left one holds the glyph with width 2, the right
/// one is a *continuation* (width 0, same style) that the terminal never writes itself.
///
/// A plain value (no references inside): copying and comparing cells is cheap, which the frame
/// diff relies on.
public struct Cell: Sendable, Hashable {
    private var packed: PackedGlyph
    private var storedWidth: UInt8
    public var style: Style

    /// The glyph, combining marks included (a cluster longer than 15 UTF-8 bytes keeps the
    /// scalars that fit).
    public var glyph: Character { packed.character }

    /// A cell showing `glyph` (its width measured by `DisplayWidth`; zero-width glyphs and control
    /// characters are shown as U+FFFD so a cell always advances the cursor).
    public init(_ glyph: Character, style: Style = .plain) {
        let width = DisplayWidth.of(glyph)
        if width == 0 {
            packed = PackedGlyph(Cell.replacement)
            storedWidth = 1
        } else {
            packed = PackedGlyph(glyph)
            storedWidth = UInt8(width)
        }
        self.style = style
    }

    private init(glyph: Character, width: UInt8, style: Style) {
        packed = PackedGlyph(glyph)
        storedWidth = width
        self.style = style
    }

    /// A space in the default style.
    public static let blank = Cell(" ")

    /// A space in `style` (its background shows).
    public static func blank(_ style: Style) -> Cell {
        Cell(glyph: " ", width: 1, style: style)
    }

    /// The right half of a double-width glyph drawn in `style`.
    public static func continuation(_ style: Style) -> Cell {
        Cell(glyph: " ", width: 0, style: style)
    }

    /// Columns this cell's glyph covers: 1, 2, or 0 for a continuation.
    public var width: Int { Int(storedWidth) }

    /// Whether this is the right half of a double-width glyph.
    public var isContinuation: Bool { storedWidth == 0 }

    static let replacement: Character = "\u{FFFD}"
}
