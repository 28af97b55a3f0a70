extension ScreenBuffer {
    /// A box along the edges of `rect` (clipped), optionally with a title in its top border
    /// ("┌ Title ───┐"). Borders merge with lines already drawn: draw boxes first, then the rules
    /// that divide them, so rules end in ├ ┤ ┬ ┴.
    public mutating func drawBox(_ rect: Rect, style: Style = .plain, lines: LineStyle = .light, title: String? = nil,
                                 titleStyle: Style? = nil) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let right = rect.maxX - 1
        let bottom = rect.maxY - 1
        addArms([.down, .right], x: rect.minX, y: rect.minY, style: style, lines: lines)
        addArms([.down, .left], x: right, y: rect.minY, style: style, lines: lines)
        addArms([.up, .right], x: rect.minX, y: bottom, style: style, lines: lines)
        addArms([.up, .left], x: right, y: bottom, style: style, lines: lines)
        for column in (rect.minX + 1)..<right {
            addArms(.horizontal, x: column, y: rect.minY, style: style, lines: lines)
            addArms(.horizontal, x: column, y: bottom, style: style, lines: lines)
        }
        for row in (rect.minY + 1)..<bottom {
            addArms(.vertical, x: rect.minX, y: row, style: style, lines: lines)
            addArms(.vertical, x: right, y: row, style: style, lines: lines)
        }
        if let title, !title.isEmpty, rect.width > 4 {
            let room = rect.width - 4
            let shown = " " + DisplayWidth.truncate(title, toWidth: room) + " "
            put(text: shown, at: Point(x: rect.minX + 1, y: rect.minY), style: titleStyle ?? style,
                clip: Rect(x: rect.minX + 1, y: rect.minY, width: rect.width - 2, height: 1))
        }
    }

    /// A horizontal rule on row `y` over `columns`. Its end cells join lines they meet (├ ┤)
    /// instead of crossing them.
    public mutating func drawHorizontalLine(y: Int, columns: Range<Int>, style: Style = .plain, lines: LineStyle = .light) {
        guard !columns.isEmpty else { return }
        for column in columns {
            var arms = LineArms.horizontal
            if column == columns.lowerBound, joinsExistingLine(x: column, y: y) { arms.remove(.left) }
            if column == columns.upperBound - 1, joinsExistingLine(x: column, y: y) { arms.remove(.right) }
            if arms.isEmpty { arms = .horizontal }
            addArms(arms, x: column, y: y, style: style, lines: lines)
        }
    }

    /// A vertical rule in column `x` over `rows`. Its end cells join lines they meet (┬ ┴).
    public mutating func drawVerticalLine(x: Int, rows: Range<Int>, style: Style = .plain, lines: LineStyle = .light) {
        guard !rows.isEmpty else { return }
        for row in rows {
            var arms = LineArms.vertical
            if row == rows.lowerBound, joinsExistingLine(x: x, y: row) { arms.remove(.up) }
            if row == rows.upperBound - 1, joinsExistingLine(x: x, y: row) { arms.remove(.down) }
            if arms.isEmpty { arms = .vertical }
            addArms(arms, x: x, y: row, style: style, lines: lines)
        }
    }

    private func joinsExistingLine(x: Int, y: Int) -> Bool {
        guard bounds.contains(Point(x: x, y: y)) else { return false }
        return LineGlyphs.arms(of: self[x, y].glyph) != nil
    }

    /// Draws a line glyph with `arms`, merged with the line glyph already there when both are of
    /// the same family (light and rounded count as one).
    private mutating func addArms(_ arms: LineArms, x: Int, y: Int, style: Style, lines: LineStyle) {
        guard bounds.contains(Point(x: x, y: y)) else { return }
        let family: LineStyle = lines == .rounded ? .light : lines
        var merged = arms
        if let existing = LineGlyphs.arms(of: self[x, y].glyph), existing.style == family {
            merged.formUnion(existing.arms)
        }
        // Rounded corners only where the line really turns; junctions stay light.
        let glyph = LineGlyphs.glyph(merged, lines)
        place(Cell(glyph, style: style), x: x, y: y)
    }
}
