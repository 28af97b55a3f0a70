/// The CPU grid: per CPU what it is doing and whether its tracer's mode matches its hardware.
struct CPUGridView {
    let state: AppState
    let layout: AppLayout

    /// The first row of cells shown, so the selected CPU stays visible.
    var firstRow: Int {
        let grid = layout.cpuGrid
        let row = state.selectedCPU / grid.columns
        return max(0, row - grid.visibleRows + 1)
    }

    func draw(into buffer: inout ScreenBuffer) {
        let rect = layout.cpus
        let focused = state.focus == .cpus
        let count = state.topology.cpuCount
        let grid = layout.cpuGrid
        // Live, no file says which CPU writes: no issuer is shown (the inspector says unknown).
        let title = state.live != nil ? "CPUs · \(count)" : "CPUs · \(count) · issuer cpu\(state.issuingCPU)"
        buffer.drawBox(rect, style: focused ? Theme.focusedBorder : Theme.border, title: title, titleStyle: focused ? Theme.focusedBorder : Theme.title)
        let inner = Rect(x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, height: rect.height - 2)
        let first = firstRow
        for cpu in (first * grid.columns)..<min(count, (first + grid.visibleRows) * grid.columns) {
            let index = cpu - first * grid.columns
            let cell = Rect(
                x: inner.x + (index % grid.columns) * grid.cellWidth, y: inner.y + (index / grid.columns) * grid.cellHeight,
                width: grid.cellWidth - 1, height: grid.cellHeight)
            let status = CPUStatus(cpu: cpu, state: state)
            if grid.cellHeight >= 3 {
                drawRoomy(cpu: cpu, status: status, in: cell, into: &buffer)
            } else {
                drawCompact(cpu: cpu, status: status, in: cell, into: &buffer)
            }
        }
        let rows = (count + grid.columns - 1) / grid.columns
        if rows > grid.visibleRows {
            let text = " rows \(first + 1)-\(first + grid.visibleRows) of \(rows) "
            buffer.put(text: text, at: Point(x: rect.maxX - text.count - 2, y: rect.maxY - 1), style: Theme.dim, clip: rect)
        }
    }

    func drawRoomy(cpu: Int, status: CPUStatus, in cell: Rect, into buffer: inout ScreenBuffer) {
        let selected = cpu == state.selectedCPU
        let nameStyle = selected ? Theme.selected.adding(.bold) : Theme.title
        var x = buffer.put(text: selected ? "▶cpu\(cpu)" : " cpu\(cpu)", at: Point(x: cell.x, y: cell.y), style: nameStyle, clip: cell)
        x = buffer.put(text: " " + status.activity, at: Point(x: x, y: cell.y), style: status.activityStyle, clip: cell)
        var flags: [String] = []
        if status.pendingIPIs > 0 { flags.append("IPI×\(status.pendingIPIs)") }
        if status.queued > 0 { flags.append("+\(status.queued) queued") }
        if !flags.isEmpty {
            let text = flags.joined(separator: " ")
            buffer.put(text: text, at: Point(x: max(x + 1, cell.maxX - DisplayWidth.of(text)), y: cell.y), style: Theme.warn, clip: cell)
        }
        buffer.put(text: "  " + DisplayWidth.truncate(status.detail, toWidth: cell.width - 2), at: Point(x: cell.x, y: cell.y + 1), style: Theme.dim, clip: cell)
        guard let tracer = status.tracerName else {
            buffer.put(text: "  (no tracer)", at: Point(x: cell.x, y: cell.y + 2), style: Theme.dim, clip: cell)
            return
        }
        let row = cell.y + 2
        x = buffer.put(text: "  \(tracer) ", at: Point(x: cell.x, y: row), style: Theme.text, clip: cell)
        x = buffer.put(text: status.mode.description, at: Point(x: x, y: row), style: status.modeStyle, clip: cell)
        if state.live != nil {
            // Live, only enable_source is read: unit, claim and sync would be the model's guess.
            buffer.put(text: " (enable_source)", at: Point(x: x, y: row), style: Theme.dim, clip: cell)
            return
        }
        x = buffer.put(text: status.unitOn ? " EN" : " en", at: Point(x: x + 1, y: row), style: status.unitOn ? Theme.ok : Theme.dim, clip: cell)
        x = buffer.put(text: " " + status.claim.description, at: Point(x: x, y: row), style: status.claimStyle, clip: cell)
        if status.saved { x = buffer.put(text: " saved", at: Point(x: x, y: row), style: Theme.idle, clip: cell) }
        let (text, style) = status.syncText
        let syncX = max(x + 1, cell.maxX - DisplayWidth.of(text))
        buffer.put(text: text, at: Point(x: syncX, y: row), style: style, clip: cell)
    }

    func drawCompact(cpu: Int, status: CPUStatus, in cell: Rect, into buffer: inout ScreenBuffer) {
        let selected = cpu == state.selectedCPU
        var x = buffer.put(text: "cpu\(cpu)", at: Point(x: cell.x, y: cell.y), style: selected ? Theme.selected.adding(.bold) : Theme.text, clip: cell)
        x = buffer.put(text: " \(status.glyph)", at: Point(x: x, y: cell.y), style: status.activityStyle, clip: cell)
        x = buffer.put(text: " \(status.modeLetter)", at: Point(x: x, y: cell.y), style: status.modeStyle, clip: cell)
        if status.claim.contains(.external) { x = buffer.put(text: "e", at: Point(x: x, y: cell.y), style: Theme.external, clip: cell) }
        if status.pendingIPIs > 0 { x = buffer.put(text: "!", at: Point(x: x, y: cell.y), style: Theme.warn, clip: cell) }
        let (glyph, style) = status.syncGlyph
        buffer.put(text: String(glyph), at: Point(x: x + 1, y: cell.y), style: style, clip: cell)
    }

    /// The CPU under a click, if any.
    func cpu(at point: Point) -> Int? {
        let rect = layout.cpus
        let grid = layout.cpuGrid
        let inner = Rect(x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, height: rect.height - 2)
        guard inner.contains(point) else { return nil }
        let column = (point.x - inner.x) / grid.cellWidth
        let row = (point.y - inner.y) / grid.cellHeight
        guard column < grid.columns else { return nil }
        let cpu = (firstRow + row) * grid.columns + column
        return cpu < state.topology.cpuCount ? cpu : nil
    }
}
