/// Colours for SVG screenshots: the 16-colour palette plus default foreground and background.
public struct SVGTheme: Sendable, Hashable {
    public var foreground: String
    public var background: String
    /// ANSI colours 0…15 as "#rrggbb".
    public var palette: [String]

    public init(foreground: String, background: String, palette: [String]) {
        precondition(palette.count == 16, "an SVG theme needs 16 palette colours")
        self.foreground = foreground
        self.background = background
        self.palette = palette
    }

    /// A dark terminal theme (close to VS Code's dark terminal colours), readable on screens and
    /// in documents.
    public static let dark = SVGTheme(
        foreground: "#d4d4d4",
        background: "#1e1e1e",
        palette: [
            "#000000", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
            "#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff",
        ])

    /// The colour a cell's foreground shows in.
    func foregroundColor(_ color: Color) -> String {
        color.ansiIndex.map { palette[$0] } ?? foreground
    }

    /// The colour a cell's background shows in.
    func backgroundColor(_ color: Color) -> String {
        color.ansiIndex.map { palette[$0] } ?? background
    }
}
