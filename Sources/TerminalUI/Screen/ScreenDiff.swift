extension ScreenBuffer {
    /// A horizontal stretch of changed cells: the terminal writes `cells` from (`row`, `column`).
    /// Continuation cells are included so a run covers whole glyphs; writers skip them.
    public struct Run: Sendable, Hashable {
        public var row: Int
        public var column: Int
        public var cells: [Cell]

        public init(row: Int, column: Int, cells: [Cell]) {
            self.row = row
            self.column = column
            self.cells = cells
        }
    }

    /// The runs of cells that differ from `previous`, row by row, left to right. A buffer of a
    /// different size differs everywhere: every row becomes one run.
    ///
    /// Runs never start on a continuation or end on the left half of a double-width glyph, so
    /// writing them never splits a glyph on the terminal.
    public func diff(from previous: ScreenBuffer) -> [Run] {
        guard previous.width == width, previous.height == height else { return fullRepaint() }
        var runs: [Run] = []
        cells.withUnsafeBufferPointer { new in
            previous.cells.withUnsafeBufferPointer { old in
                for row in 0..<height {
                    let rowStart = row * width
                    var column = 0
                    while column < width {
                        if new[rowStart + column] == old[rowStart + column] {
                            column += 1
                            continue
                        }
                        var start = column
                        var end = column + 1
                        while end < width, new[rowStart + end] != old[rowStart + end] { end += 1 }
                        if start > 0, new[rowStart + start].isContinuation { start -= 1 }
                        if end < width, new[rowStart + end - 1].width == 2 { end += 1 }
                        runs.append(Run(row: row, column: start, cells: Array(new[(rowStart + start)..<(rowStart + end)])))
                        column = end
                    }
                }
            }
        }
        return runs
    }

    /// Every row as one run: what a terminal must write after it was cleared or resized.
    public func fullRepaint() -> [Run] {
        (0..<height).map { row in
            Run(row: row, column: 0, cells: Array(cells[(row * width)..<((row + 1) * width)]))
        }
    }

    /// Writes `runs` over this buffer as a terminal would (cells outside the buffer are
    /// dropped). `previous.applying(new.diff(from: previous)) == new` for same-sized buffers.
    public mutating func apply(_ runs: [Run]) {
        for run in runs where run.row >= 0 && run.row < height {
            for (offset, cell) in run.cells.enumerated() {
                let column = run.column + offset
                guard column >= 0, column < width else { continue }
                cells[run.row * width + column] = cell
            }
        }
    }

    /// A copy with `runs` applied.
    public func applying(_ runs: [Run]) -> ScreenBuffer {
        var copy = self
        copy.apply(runs)
        return copy
    }
}

extension Array where Element == ScreenBuffer.Run {
    /// Cells the runs write (continuations included): a frame's cost on the terminal.
    public var cellCount: Int {
        reduce(0) { $0 + $1.cells.count }
    }
}
