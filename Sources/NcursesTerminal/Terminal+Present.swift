import CNcurses
import CNcursesShim
public import TerminalUI

extension Terminal {
    /// Shows `buffer`: writes only the cells that differ from the last presented frame (all of
    /// them after `forceFullRepaint()`, a resize, or a size change), then one `wnoutrefresh` +
    /// `doupdate`. Returns the number of cells written (continuations included), for benchmarks.
    @discardableResult
    public func present(_ buffer: ScreenBuffer) -> Int {
        guard isActive else { return 0 }
        let runs: [ScreenBuffer.Run]
        if needsFullRepaint || lastFrame == nil {
            _ = csx_erase()
            _ = csx_clearok(true)
            runs = buffer.fullRepaint()
            needsFullRepaint = false
        } else {
            runs = buffer.diff(from: lastFrame!)
        }
        var scalars: [UInt32] = []
        scalars.reserveCapacity(5)
        for run in runs {
            for (offset, cell) in run.cells.enumerated() where !cell.isContinuation {
                scalars.removeAll(keepingCapacity: true)
                for scalar in cell.glyph.unicodeScalars { scalars.append(scalar.value) }
                let (attributes, pair) = drawingAttributes(for: cell.style)
                _ = csx_put_cell(Int32(run.row), Int32(run.column + offset), scalars, Int32(scalars.count), attributes, pair)
            }
        }
        _ = csx_wnoutrefresh()
        doupdate()
        lastFrame = buffer
        return runs.cellCount
    }

    /// ncurses attributes and colour pair for a style, after the monochrome mapping.
    private func drawingAttributes(for style: Style) -> (UInt32, Int32) {
        let resolved = style.resolved(for: colorMode)
        let (pair, extra) = palette.pair(for: resolved)
        let attributes = resolved.attributes.union(extra)
        var value: UInt32 = 0
        if attributes.contains(.bold) { value |= csx_attr_bold() }
        if attributes.contains(.dim) { value |= csx_attr_dim() }
        if attributes.contains(.reverse) { value |= csx_attr_reverse() }
        if attributes.contains(.underline) { value |= csx_attr_underline() }
        return (value, pair)
    }
}
