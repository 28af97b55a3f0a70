/// How a diagram is drawn, and the numbers that bound it.
public struct DiagramOptions: Sendable, Hashable {
    /// A commit message's width.
    public static let defaultWidth = 75
    /// `--width` accepts these; the library clamps anything else into it.
    public static let widthRange = 40...240
    /// At most this many diagram entries are drawn; the rest of a long run is counted and named
    /// in the footer (a 1M-step session draws its first entries, not a 1M-line diagram).
    public static let maxEntries = 1_000
    /// At most this many events (setup included) are read into a diagram; past them the rest is
    /// only counted, so the work is bounded whatever the input's length.
    public static let maxEvents = 100_000
    /// At most this many columns (CPUs and the external debugger); more are folded and counted.
    public static let maxColumns = 8
    /// Narrowest column worth drawing: fewer columns fit a narrow width.
    static let minColumnWidth = 12
    /// Setup actions listed in the header; more are counted.
    public static let maxSetupActionsListed = 8

    /// Columns of text, at most; clamped into `widthRange`.
    public var width: Int
    /// Keep what is folded by default: path building link by link, the mutex, setup-free flows of
    /// uninvolved CPUs.
    public var full: Bool

    public init(width: Int = DiagramOptions.defaultWidth, full: Bool = false) {
        self.width = min(max(width, Self.widthRange.lowerBound), Self.widthRange.upperBound)
        self.full = full
    }

    /// Columns that fit this width.
    var columnLimit: Int { max(2, min(Self.maxColumns, (width - 1) / Self.minColumnWidth)) }
}
