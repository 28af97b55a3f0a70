/// The `?` screen: every key, what the panels show, the timeline legend.
struct HelpView {
    let layout: AppLayout
    /// Lines scrolled past (j / k), when the terminal is too short for all of it.
    var scroll = 0

    static let keys: [(String, String)] = [
        ("0-9", "select a CPU (digits add up: 1 2 is cpu12)"),
        ("s", "step the selected CPU one atomic step"),
        ("r", "run it until it waits, sleeps or is done"),
        ("i", "the selected CPU enters idle (CPU PM notifiers run)"),
        ("w", "wake it from WFI (an interrupt)"),
        ("o", "take the selected CPU offline / bring it back (CPU hotplug)"),
        ("f", "external debugger claims / releases its tracer"),
        ("e / d", "issuing CPU writes 1 / 0 to its enable_source"),
        ("I", "make the selected CPU the issuing CPU"),
        ("u", "step back (undo the last action)"),
        ("v", "cycle kernels (v6.18 → v6.18.2 → …): same actions, mark the divergence"),
        ("n", "jump to the next violation on the timeline"),
        ("x", "explore every schedule; play the shortest bad one"),
        ("R", "start / stop recording (csx replay plays it)"),
        ("D", "write the run's race diagram to a file (csx diagram)"),
        (":", "actions, e.g. \"cpu0 enable etm1; run cpu0\""),
        ("Tab / S-Tab", "next / previous panel; arrows or h j k l move"),
        ("", "topology: j / k pick a component, h / l scroll"),
        ("PgUp PgDn g G", "scroll; G / End follows the latest step"),
        ("click", "select a CPU or a timeline column"),
        ("replay", "Space play · . step · , back · +/- speed · :N step N"),
        ("Ctrl-L", "repaint the whole screen"),
        ("?", "this help (j k scroll, any other key closes it)"),
        ("q", "quit"),
    ]

    typealias Segment = (x: Int, text: String, style: Style)

    /// Every line of the help, laid out for `width`; drawn from `scroll` down.
    func rows(width: Int) -> [[Segment]] {
        var rows: [[Segment]] = Self.keys.map { [(0, $0.0, Theme.key), (16, $0.1, Theme.text)] }
        rows.append([])
        rows.append([(0, "Timeline glyphs", Theme.title)])
        var row: [Segment] = []
        var x = 0
        for mark in TimelineMark.allCases where mark != .other {
            let entry = "\(mark.glyph) \(mark.meaning)"
            if x + DisplayWidth.of(entry) + 3 > width, !row.isEmpty {
                rows.append(row)
                row = []
                x = 0
            }
            row.append((x, String(mark.glyph), TimelineView.style(mark)))
            row.append((x + 1, " " + mark.meaning, Theme.dim))
            x += DisplayWidth.of(entry) + 3
        }
        rows.append(row)
        row = []
        x = 0
        for activity in [LaneActivity.busy, .waiting, .handler, .idle, .wfi, .offline] {
            let (glyph, style) = TimelineView.background(activity)
            row.append((x, String(repeating: glyph, count: 3), style))
            row.append((x + 3, " \(activity)", Theme.dim))
            x += 5 + "\(activity)".count
        }
        rows.append(row)
        rows.append([])
        rows.append([(0, "CPU grid: mode · EN trace unit on, en off · claim tags · saved copy", Theme.dim)])
        rows.append([(0, "          ✓ in sync / ~ in flight / ✗ out of sync", Theme.dim)])
        return rows
    }

    func draw(into buffer: inout ScreenBuffer) {
        let size = layout.size
        let width = min(size.width - 4, 96)
        let all = rows(width: width - 4)
        let height = min(size.height - 2, all.count + 2)
        let rect = Rect(x: (size.width - width) / 2, y: max(1, (size.height - height) / 2), width: width, height: height)
        buffer.fill(rect)
        buffer.drawBox(rect, style: Theme.focusedBorder, lines: .rounded, title: "csx keys", titleStyle: Theme.focusedBorder)
        let inner = Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
        let maxFirst = max(0, all.count - inner.height)
        let first = min(scroll, maxFirst)
        for (offset, row) in all.dropFirst(first).prefix(inner.height).enumerated() {
            for segment in row {
                buffer.put(text: segment.text, at: Point(x: inner.x + segment.x, y: inner.y + offset), style: segment.style, clip: inner)
            }
        }
        // Too short for all of it: say how to see the rest (j / k scroll, any other key closes).
        if first < maxFirst { buffer.put(text: " j ↓ more ", at: Point(x: rect.maxX - 12, y: rect.maxY - 1), style: Theme.key, clip: rect) }
        if first > 0 { buffer.put(text: " k ↑ ", at: Point(x: rect.maxX - 8, y: rect.y), style: Theme.key, clip: rect) }
    }
}
