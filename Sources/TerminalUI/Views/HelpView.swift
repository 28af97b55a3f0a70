/// The `?` screen: every key, what the panels show, the timeline legend.
struct HelpView {
    let layout: AppLayout

    static let keys: [(String, String)] = [
        ("0-9", "select a CPU (digits add up: 1 2 is cpu12)"),
        ("s", "step the selected CPU one atomic step"),
        ("r", "run it until it waits, sleeps or is done"),
        ("i", "the selected CPU enters idle (CPU PM notifiers run)"),
        ("w", "wake it from WFI (an interrupt)"),
        ("f", "external debugger claims / releases its tracer"),
        ("e / d", "issuing CPU writes 1 / 0 to its enable_source"),
        ("I", "make the selected CPU the issuing CPU"),
        ("u", "step back (undo the last action)"),
        ("v", "legacy ⇄ fixed: same actions, mark the divergence"),
        ("n", "jump to the next violation on the timeline"),
        ("x", "explore every schedule; play the shortest bad one"),
        ("R", "start / stop recording (csx replay plays it)"),
        (":", "actions, e.g. \"cpu0 enable etm1; run cpu0\""),
        ("Tab / S-Tab", "next / previous panel; arrows or h j k l move"),
        ("", "topology: j / k pick a component, h / l scroll"),
        ("PgUp PgDn g G", "scroll; G / End follows the latest step"),
        ("click", "select a CPU or a timeline column"),
        ("replay", "Space play · . step · , back · +/- speed · :N step N"),
        ("Ctrl-L", "repaint the whole screen"),
        ("?", "this help (any key closes it)"),
        ("q", "quit"),
    ]

    func draw(into buffer: inout ScreenBuffer) {
        let size = layout.size
        let width = min(size.width - 4, 96)
        let height = min(size.height - 2, Self.keys.count + 14)
        let rect = Rect(x: (size.width - width) / 2, y: max(1, (size.height - height) / 2), width: width, height: height)
        buffer.fill(rect)
        buffer.drawBox(rect, style: Theme.focusedBorder, lines: .rounded, title: "csx keys", titleStyle: Theme.focusedBorder)
        let inner = Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
        var y = inner.y
        for (key, what) in Self.keys {
            guard y < inner.maxY else { return }
            buffer.put(text: key, at: Point(x: inner.x, y: y), style: Theme.key, clip: inner)
            buffer.put(text: what, at: Point(x: inner.x + 16, y: y), style: Theme.text, clip: inner)
            y += 1
        }
        y += 1
        guard y < inner.maxY else { return }
        buffer.put(text: "Timeline glyphs", at: Point(x: inner.x, y: y), style: Theme.title, clip: inner)
        y += 1
        var x = inner.x
        for mark in TimelineMark.allCases where mark != .other {
            let entry = "\(mark.glyph) \(mark.meaning)"
            if x + DisplayWidth.of(entry) + 3 > inner.maxX {
                x = inner.x
                y += 1
            }
            guard y < inner.maxY else { return }
            buffer.put(text: String(mark.glyph), at: Point(x: x, y: y), style: TimelineView.style(mark), clip: inner)
            x = buffer.put(text: " " + mark.meaning + "   ", at: Point(x: x + 1, y: y), style: Theme.dim, clip: inner)
        }
        y += 1
        guard y < inner.maxY else { return }
        x = inner.x
        for activity in [LaneActivity.busy, .waiting, .handler, .idle, .wfi] {
            let (glyph, style) = TimelineView.background(activity)
            buffer.put(text: String(repeating: glyph, count: 3), at: Point(x: x, y: y), style: style, clip: inner)
            x = buffer.put(text: " \(activity) ", at: Point(x: x + 3, y: y), style: Theme.dim, clip: inner) + 1
        }
        y += 2
        guard y < inner.maxY else { return }
        buffer.put(text: "CPU grid: mode · EN (trace unit on) · claim tags · saved · ✓ in sync / ~ in flight / ✗ out of sync",
                   at: Point(x: inner.x, y: y), style: Theme.dim, clip: inner)
    }
}
