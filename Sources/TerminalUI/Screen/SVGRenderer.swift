/// Writes a `ScreenBuffer` as an SVG image on a monospace grid: a background `<rect>` per run of
/// same-coloured cells and a `<text>` per run of same-styled glyphs.
///
/// `rsvg-convert` ignores `textLength`, so glyphs are placed on the font's real advance width:
/// DejaVu Sans Mono advances 1233/2048 em (0.602 em) per glyph. Every double-width glyph gets its
/// own `<text>`, centred on its two cells (`text-anchor="middle"`), because fallback fonts (CJK,
/// emoji) advance differently; the run after it starts afresh at its own cell.
public struct SVGRenderer: Sendable {
    public var theme: SVGTheme
    public var fontSize: Double
    /// Font families in order of preference.
    public var fontFamily: String
    /// Horizontal advance of one cell, in em.
    public var advance: Double
    /// Row height, in em. 1.17 em is DejaVu Sans Mono's ascent + descent, so box-drawing lines
    /// join across rows.
    public var lineHeight: Double
    /// Margin around the grid, in pixels.
    public var padding: Double
    /// `.monochrome` draws styles as a terminal without colours would.
    public var colorMode: ColorMode

    public init(theme: SVGTheme = .dark, fontSize: Double = 14, fontFamily: String = "DejaVu Sans Mono, monospace",
                advance: Double = 1233.0 / 2048.0, lineHeight: Double = 1.17, padding: Double = 8,
                colorMode: ColorMode = .color) {
        self.theme = theme
        self.fontSize = fontSize
        self.fontFamily = fontFamily
        self.advance = advance
        self.lineHeight = lineHeight
        self.padding = padding
        self.colorMode = colorMode
    }

    var cellWidth: Double { fontSize * advance }
    var rowHeight: Double { fontSize * lineHeight }
    /// From a row's top to its text baseline: DejaVu Sans Mono's ascent (1901/2048 em), centred.
    var baseline: Double { fontSize * (1901.0 / 2048.0 + (lineHeight - 2384.0 / 2048.0) / 2) }

    /// The SVG document for `buffer`.
    public func render(_ buffer: ScreenBuffer) -> String {
        let width = padding * 2 + Double(buffer.width) * cellWidth
        let height = padding * 2 + Double(buffer.height) * rowHeight
        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(number(width))" height="\(number(height))" \
            viewBox="0 0 \(number(width)) \(number(height))">
            <rect width="100%" height="100%" fill="\(theme.background)"/>
            <g shape-rendering="crispEdges">

            """
        for row in 0..<buffer.height {
            for run in backgroundRuns(buffer, row: row) {
                svg += "<rect x=\"\(number(x(run.column)))\" y=\"\(number(y(row)))\" "
                    + "width=\"\(number(Double(run.count) * cellWidth))\" height=\"\(number(rowHeight))\" "
                    + "fill=\"\(run.color)\"/>\n"
            }
        }
        svg += "</g>\n<g font-family=\"\(fontFamily)\" font-size=\"\(number(fontSize))\" xml:space=\"preserve\">\n"
        for row in 0..<buffer.height {
            for run in textRuns(buffer, row: row) {
                svg += textElement(run, row: row)
            }
        }
        svg += "</g>\n</svg>\n"
        return svg
    }

    // MARK: - Runs

    struct BackgroundRun {
        var column: Int
        var count: Int
        var color: String
    }

    struct TextRun {
        var column: Int
        var text: String
        var style: Style
        /// A lone double-width glyph, centred on its two cells.
        var isWide = false
    }

    /// Colours a cell's background and foreground show in, after reverse video.
    func colors(_ style: Style) -> (foreground: String, background: String) {
        let foreground = theme.foregroundColor(style.foreground)
        let background = theme.backgroundColor(style.background)
        return style.attributes.contains(.reverse) ? (background, foreground) : (foreground, background)
    }

    func backgroundRuns(_ buffer: ScreenBuffer, row: Int) -> [BackgroundRun] {
        var runs: [BackgroundRun] = []
        for column in 0..<buffer.width {
            let color = colors(buffer[column, row].style.resolved(for: colorMode)).background
            if let last = runs.last, last.color == color, last.column + last.count == column {
                runs[runs.count - 1].count += 1
            } else if color != theme.background {
                runs.append(BackgroundRun(column: column, count: 1, color: color))
            }
        }
        return runs
    }

    func textRuns(_ buffer: ScreenBuffer, row: Int) -> [TextRun] {
        var runs: [TextRun] = []
        var current: TextRun?
        var column = 0
        while column < buffer.width {
            let cell = buffer[column, row]
            let style = cell.style.resolved(for: colorMode)
            if cell.width == 2 {
                if let run = current { runs.append(run) }
                runs.append(TextRun(column: column, text: String(cell.glyph), style: style, isWide: true))
                current = nil
            } else if !cell.isContinuation {
                if current?.style == style {
                    current?.text.append(cell.glyph)
                } else {
                    if let run = current { runs.append(run) }
                    current = TextRun(column: column, text: String(cell.glyph), style: style)
                }
            }
            column += max(1, cell.width)
        }
        if let run = current { runs.append(run) }
        return runs.compactMap { run in
            // Spaces draw nothing unless underlined; trailing ones only lengthen the element.
            var run = run
            if !run.style.attributes.contains(.underline) {
                while run.text.last == " " { run.text.removeLast() }
            }
            return run.text.isEmpty ? nil : run
        }
    }

    func textElement(_ run: TextRun, row: Int) -> String {
        let left = x(run.column)
        var attributes = run.isWide
            ? "x=\"\(number(left + cellWidth))\" y=\"\(number(y(row) + baseline))\" text-anchor=\"middle\" "
            : "x=\"\(number(left))\" y=\"\(number(y(row) + baseline))\" "
        attributes += "fill=\"\(colors(run.style).foreground)\""
        if run.style.attributes.contains(.bold) { attributes += " font-weight=\"bold\"" }
        if run.style.attributes.contains(.dim) { attributes += " fill-opacity=\"0.6\"" }
        if run.style.attributes.contains(.underline) { attributes += " text-decoration=\"underline\"" }
        return "<text \(attributes)>\(Self.escape(run.text))</text>\n"
    }

    // MARK: - Geometry and text

    func x(_ column: Int) -> Double { padding + Double(column) * cellWidth }
    func y(_ row: Int) -> Double { padding + Double(row) * rowHeight }

    /// Two decimals at most, no trailing zeros: short, stable output.
    func number(_ value: Double) -> String {
        let hundredths = roundedToInteger(value * 100)
        let whole = hundredths / 100
        let fraction = abs(hundredths) % 100
        if fraction == 0 { return String(whole) }
        let sign = hundredths < 0 && whole == 0 ? "-" : ""
        return fraction % 10 == 0 ? "\(sign)\(whole).\(fraction / 10)" : "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// XML-escaped text.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }
}

/// Rounds half away from zero without `Double.rounded()`, which calls libm: this module links
/// neither Foundation nor Glibc, and a pure product using it must still link.
func roundedToInteger(_ value: Double) -> Int {
    Int(value < 0 ? value - 0.5 : value + 0.5)
}
