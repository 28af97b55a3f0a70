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
        ("x", "explore every schedule; play a counterexample"),
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

    /// Where descriptions start, after the key column.
    static let descriptionX = 16

    /// Every line of the help, laid out for `width`; drawn from `scroll` down. Text wraps at
    /// word boundaries, so no word is cut at any width.
    func rows(width: Int) -> [[Segment]] {
        var rows: [[Segment]] = []
        for (key, what) in Self.keys {
            for (index, line) in Self.wrap(what, width: width - Self.descriptionX).enumerated() {
                rows.append([(0, index == 0 ? key : "", Theme.key), (Self.descriptionX, line, Theme.text)])
            }
        }
        rows.append([])
        rows.append([(0, "Timeline glyphs", Theme.title)])
        rows += Self.flow(TimelineMark.allCases.filter { $0 != .other }.map { (String($0.glyph), TimelineView.style($0), $0.meaning) }, width: width)
        rows += Self.flow([LaneActivity.busy, .waiting, .handler, .idle, .wfi, .offline].map { activity in
            let (glyph, style) = TimelineView.background(activity)
            return (String(repeating: glyph, count: 3), style, "\(activity)")
        }, width: width)
        rows.append([(0, "Timeline axis", Theme.title)])
        rows += Self.flow(TimelineView.AxisMarker.allCases.map { (String($0.glyph), $0.style, $0.meaning) }
            + [("╵10", Theme.dim, "step number")], width: width)
        rows.append([])
        rows.append([(0, "CPU grid", Theme.title)])
        for line in Self.cpuGridText { rows += Self.wrap(line, width: width).map { [(0, $0, Theme.dim)] } }
        return rows
    }

    static let cpuGridText = [
        "Roomy cells: activity, then the tracer: mode · EN trace unit on, en off · claim tags · saved copy · ✓ in sync, ~ in flight, ✗ out of sync.",
        "Compact cells (many CPUs or a small window): cpuN, then what it does (▸ ready or running, · nothing to do, … waits, ◆ IPI handler, z idle path, _ WFI, ○ offline, ↓ ↑ hotplug), the mode (- DISABLED, S SYSFS, P PERF), e external claim, ! IPIs pending, then ✓ in sync, ~ in flight, ✗ out of sync, ! violation.",
    ]

    /// Glyph-and-meaning entries side by side, a new row when the next does not fit.
    static func flow(_ entries: [(glyph: String, style: Style, meaning: String)], width: Int) -> [[Segment]] {
        var rows: [[Segment]] = []
        var row: [Segment] = []
        var x = 0
        for entry in entries {
            let glyphWidth = DisplayWidth.of(entry.glyph)
            let entryWidth = glyphWidth + 1 + DisplayWidth.of(entry.meaning)
            if x + entryWidth > width, !row.isEmpty {
                rows.append(row)
                row = []
                x = 0
            }
            row.append((x, entry.glyph, entry.style))
            row.append((x + glyphWidth, " " + entry.meaning, Theme.dim))
            x += entryWidth + 3
        }
        if !row.isEmpty { rows.append(row) }
        return rows
    }

    /// `text` in lines of at most `width` columns, broken between words.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if DisplayWidth.of(candidate) > max(1, width), !line.isEmpty {
                lines.append(line)
                line = String(word)
            } else {
                line = candidate
            }
        }
        lines.append(line)
        return lines
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
