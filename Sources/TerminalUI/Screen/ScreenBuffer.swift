/// A grid of cells that views draw into, with no terminal behind it.
///
/// Layout is by display width: double-width glyphs take two cells, combining marks stay with
/// their base character, and overwriting either half of a double-width glyph blanks the other
/// half (the row never shifts, unlike writing into a terminal's right half of a wide glyph).
///
/// Invariant: a cell of width 2 is always followed by a continuation with the same style, and
/// every continuation follows a cell of width 2.
public struct ScreenBuffer: Sendable, Hashable {
    public let width: Int
    public let height: Int
    var cells: [Cell]

    public init(width: Int, height: Int, filling cell: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        let fill = cell.width == 1 ? cell : .blank
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    public init(size: Size, filling cell: Cell = .blank) {
        self.init(width: size.width, height: size.height, filling: cell)
    }

    public var size: Size { Size(width: width, height: height) }

    /// The whole buffer as a rect, the default clip.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at `point`; a blank for points outside the buffer.
    public subscript(point: Point) -> Cell {
        guard bounds.contains(point) else { return .blank }
        return cells[point.y * width + point.x]
    }

    /// The cell at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> Cell {
        self[Point(x: x, y: y)]
    }

    /// Every cell becomes a space in `style`.
    public mutating func clear(style: Style = .plain) {
        let blank = Cell.blank(style)
        for index in cells.indices { cells[index] = blank }
    }

    /// Fills `rect` (clipped to the buffer) with `glyph` in `style`.
    public mutating func fill(_ rect: Rect, with glyph: Character = " ", style: Style = .plain) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        let cell = Cell(glyph, style: style)
        for row in area.minY..<area.maxY {
            var column = area.minX
            while column < area.maxX {
                if column + cell.width <= area.maxX {
                    place(cell, x: column, y: row)
                } else {
                    place(.blank(style), x: column, y: row)
                }
                column += cell.width
            }
        }
    }

    /// Writes one line of `text` from `point`, clipped to `clip` (and to the buffer), and returns
    /// the column after the last glyph laid out (as if unclipped), so calls can be chained.
    ///
    /// Layout by display width: a double-width glyph takes two columns; one cut by the clip edge
    /// shows as a space in `style` in its visible half. Control characters (newlines included)
    /// are shown as U+FFFD, so a stray one is visible. A lone combining mark (one at the start of
    /// `text`) and zero-width format characters are dropped.
    @discardableResult
    public mutating func put(text: String, at point: Point, style: Style = .plain, clip: Rect? = nil) -> Int {
        let area = (clip ?? bounds).intersection(bounds)
        var column = point.x
        let rowVisible = point.y >= area.minY && point.y < area.maxY
        for character in text {
            if DisplayWidth.of(character) == 0 && !DisplayWidth.isControl(character) {
                continue  // a lone combining mark or format character: nothing to attach it to
            }
            let cell = Cell(character, style: style)
            let end = column + cell.width
            if rowVisible && end > area.minX && column < area.maxX {
                if column >= area.minX && end <= area.maxX {
                    place(cell, x: column, y: point.y)
                } else {
                    for half in max(column, area.minX)..<min(end, area.maxX) {
                        place(.blank(style), x: half, y: point.y)
                    }
                }
            }
            column = end
        }
        return column
    }

    /// Sets one cell, keeping the wide-glyph invariant: a double-width glyph whose half is
    /// overwritten loses its other half to a space in its own style.
    mutating func place(_ cell: Cell, x: Int, y: Int) {
        let rowStart = y * width
        let end = x + max(1, cell.width)
        guard x >= 0, end <= width, y >= 0, y < height else { return }
        if cells[rowStart + x].isContinuation, x > 0 {
            cells[rowStart + x - 1] = .blank(cells[rowStart + x - 1].style)
        }
        let last = end - 1
        if cells[rowStart + last].width == 2, last + 1 < width {
            cells[rowStart + last + 1] = .blank(cells[rowStart + last + 1].style)
        }
        cells[rowStart + x] = cell
        if cell.width == 2 { cells[rowStart + x + 1] = .continuation(cell.style) }
    }

    /// The rows as plain text, joined by "\n": glyphs only (no styles), continuation cells
    /// skipped, trailing spaces trimmed from each row (trailing blank rows are kept, as empty
    /// lines, so the row count is always `height`). For snapshot tests.
    public func text() -> String { text(in: Rect(x: 0, y: 0, width: width, height: height)) }

    /// `text()` of the cells inside `rect` (clipped to the buffer): one panel, for its snapshot.
    public func text(in rect: Rect) -> String {
        let x0 = max(0, rect.x), x1 = min(width, rect.maxX)
        let y0 = max(0, rect.y), y1 = min(height, rect.maxY)
        var lines: [String] = []
        for row in y0..<max(y0, y1) {
            var line = ""
            for cell in cells[(row * width + x0)..<(row * width + max(x0, x1))] where !cell.isContinuation {
                line.append(cell.glyph)
            }
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}

extension DisplayWidth {
    /// Whether the cluster starts with a C0/C1 control character (newline, tab, escape…).
    static func isControl(_ character: Character) -> Bool {
        character.unicodeScalars.first?.properties.generalCategory == .control
    }
}
