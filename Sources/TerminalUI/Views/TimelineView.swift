import DriverSimulation

/// A lane per CPU plus the external debugger, one column per atomic step, a glyph per event.
struct TimelineView {
    let state: AppState
    let layout: AppLayout
    static let gutter = 7

    var inner: Rect {
        let rect = layout.timeline
        return Rect(x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, height: rect.height - 2)
    }

    static let legendEntryWidth = 19

    /// The legend's place on the right, when the panel is wide enough to spare it.
    var legend: Rect? {
        let inner = self.inner
        guard inner.width >= 110 else { return nil }
        let width = 2 * Self.legendEntryWidth
        return Rect(x: inner.maxX - width, y: inner.y, width: width, height: inner.height)
    }

    /// Where step columns go.
    var plot: Rect {
        let inner = self.inner
        let right = legend.map { $0.x - 1 } ?? inner.maxX
        return Rect(x: inner.x + Self.gutter, y: inner.y, width: max(1, right - inner.x - Self.gutter), height: inner.height)
    }

    /// Cells per step: two while the whole run fits that way (easier to read), else one.
    var cellsPerColumn: Int { state.timeline.columns.count * 2 <= plot.width ? 2 : 1 }

    /// The column indices shown: the latest when following, else centred on the cursor.
    func window() -> Range<Int> {
        let count = state.timeline.columns.count
        let visible = max(1, plot.width / cellsPerColumn)
        guard count > visible else { return 0..<count }
        guard let cursor = state.timelineCursor else {
            // Following: jump by half pages rather than scroll every step, so a step redraws one
            // column, not the whole timeline.
            let page = max(1, visible / 2)
            let start = (count - visible + page - 1) / page * page
            return start..<min(count, start + visible)
        }
        let start = min(max(0, cursor - visible / 2), count - visible)
        return start..<(start + visible)
    }

    /// Lanes shown, in CPU order, then the debugger. When not all fit: the selected and the
    /// issuing CPU, then every CPU that did something in the visible steps, then the selected
    /// CPU's neighbours, so the lanes that matter are never scrolled away.
    func lanes(window: Range<Int>) -> [Int] {
        let cpuCount = state.topology.cpuCount
        let rows = max(1, inner.height - 1)
        if cpuCount + 1 <= rows { return Array(0..<cpuCount) + [state.timeline.externalLane] }
        let room = max(0, rows - 1)
        var chosen: [Int] = []
        var seen = Set<Int>()
        func take(_ cpu: Int) {
            guard chosen.count < room, cpu >= 0, cpu < cpuCount, seen.insert(cpu).inserted else { return }
            chosen.append(cpu)
        }
        take(state.selectedCPU)
        take(state.issuingCPU)
        for column in window.reversed() where chosen.count < room {
            for mark in state.timeline.columns[column].marks.sorted(by: { $0.lane < $1.lane }) { take(mark.lane) }
        }
        var distance = 1
        while chosen.count < room, distance < cpuCount {
            take(state.selectedCPU + distance)
            take(state.selectedCPU - distance)
            distance += 1
        }
        return chosen.sorted() + [state.timeline.externalLane]
    }

    func draw(into buffer: inout ScreenBuffer) {
        let rect = layout.timeline
        let focused = state.focus == .timeline
        let timeline = state.timeline
        let unit = state.live == nil ? "step" : "poll"
        let stepText = state.focusedColumn.map { "\(unit) \(timeline.columns[$0].step)" } ?? (state.live == nil ? "no steps yet" : "no change yet")
        let follow = state.timelineCursor == nil ? "following" : "cursor"
        buffer.drawBox(rect, style: focused ? Theme.focusedBorder : Theme.border,
                       title: "Timeline · \(stepText) · \(follow) · n: next violation", titleStyle: focused ? Theme.focusedBorder : Theme.title)
        let inner = self.inner
        guard inner.height >= 2, inner.width > Self.gutter else { return }
        let window = window()
        let lanes = lanes(window: window)
        let x0 = plot.x
        let cells = cellsPerColumn
        for (row, lane) in lanes.enumerated() {
            let y = inner.y + row
            let isExternal = lane == timeline.externalLane
            let name = isExternal ? (state.live == nil ? "ext" : "dev") : "cpu\(lane)"
            let nameStyle = !isExternal && lane == state.selectedCPU ? Theme.selected.adding(.bold) : (isExternal ? Theme.external : Theme.label)
            buffer.put(text: name, at: Point(x: inner.x, y: y), style: nameStyle, clip: inner)
            var column = window.lowerBound
            while column < window.upperBound {
                let x = x0 + (column - window.lowerBound) * cells
                let activity = timeline.activity(lane: lane, column: column)
                let (glyph, style) = Self.background(activity)
                buffer.put(text: String(repeating: glyph, count: cells), at: Point(x: x, y: y), style: style, clip: inner)
                column += 1
            }
        }
        // Event glyphs over the background.
        var shownMarks = Set<TimelineMark>()
        for column in window {
            let x = x0 + (column - window.lowerBound) * cells
            let entry = timeline.columns[column]
            let isCursor = column == state.timelineCursor
            for mark in entry.marks {
                guard let row = lanes.firstIndex(of: mark.lane) else { continue }
                shownMarks.insert(mark.mark)
                var style = Self.style(mark.mark)
                if isCursor { style = style.adding(.reverse) }
                buffer.put(text: String(mark.mark.glyph), at: Point(x: x, y: inner.y + row), style: style, clip: inner)
            }
        }
        drawAxis(window: window, y: inner.y + lanes.count, into: &buffer)
        let shownAxisMarkers = Set(window.compactMap(axisMarker))
        let entries = AxisMarker.allCases.filter(shownAxisMarkers.contains).map { ($0.glyph, $0.style, $0.meaning) }
            + shownMarks.sorted().reversed().map { ($0.glyph, Self.style($0), $0.meaning) }
        drawLegend(entries, into: &buffer)
    }

    /// The meaning of every glyph on screen (all of them are on the help screen).
    func drawLegend(_ entries: [(glyph: Character, style: Style, meaning: String)], into buffer: inout ScreenBuffer) {
        guard let legend else { return }
        let rows = legend.height
        for (index, entry) in entries.enumerated() {
            let column = index / rows
            guard column < 2 else { break }
            let point = Point(x: legend.x + column * Self.legendEntryWidth, y: legend.y + index % rows)
            let x = buffer.put(text: String(entry.glyph), at: point, style: entry.style, clip: legend)
            buffer.put(text: " " + entry.meaning, at: Point(x: x, y: point.y), style: Theme.dim, clip: legend)
        }
        for y in legend.y..<legend.maxY {
            buffer.put(text: "│", at: Point(x: legend.x - 1, y: y), style: Theme.border, clip: inner)
        }
    }

    func drawAxis(window: Range<Int>, y: Int, into buffer: inout ScreenBuffer) {
        let timeline = state.timeline
        let x0 = plot.x
        let cells = cellsPerColumn
        let inner = Rect(x: self.inner.x, y: self.inner.y, width: plot.maxX - self.inner.x, height: self.inner.height)
        buffer.put(text: state.live == nil ? "step" : "poll", at: Point(x: inner.x, y: y), style: Theme.dim, clip: inner)
        // Markers first, then step labels only where they cover no marker: nothing overwrites.
        var markerXs = Set<Int>()
        for column in window {
            let x = x0 + (column - window.lowerBound) * cells
            guard let marker = axisMarker(column) else { continue }
            buffer.put(text: String(marker.glyph), at: Point(x: x, y: y), style: marker.style, clip: inner)
            markerXs.insert(x)
        }
        var nextLabelX = x0
        for column in window {
            let x = x0 + (column - window.lowerBound) * cells
            let entry = timeline.columns[column]
            guard x >= nextLabelX, entry.step % 10 == 0 || column == window.lowerBound else { continue }
            let label = "╵\(entry.step)"
            let width = DisplayWidth.of(label)
            guard !(x..<(x + width)).contains(where: markerXs.contains) else { continue }
            buffer.put(text: label, at: Point(x: x, y: y), style: Theme.dim, clip: inner)
            nextLabelX = x + width + 1
        }
    }

    /// What marks a column on the axis row (the help lists all of these).
    enum AxisMarker: CaseIterable {
        case violation, divergence, cursor

        var glyph: Character {
            switch self {
            case .violation: "▲"
            case .divergence: "◆"
            case .cursor: "↑"
            }
        }

        var meaning: String {
            switch self {
            case .violation: "violation step"
            case .divergence: "runs diverge"
            case .cursor: "cursor"
            }
        }

        var style: Style {
            switch self {
            case .violation: Theme.bad
            case .divergence: Theme.external
            case .cursor: Theme.key
            }
        }
    }

    func axisMarker(_ column: Int) -> AxisMarker? {
        let entry = state.timeline.columns[column]
        if entry.hasViolation { return .violation }
        if let divergence = state.divergence, entry.step == divergence.step { return .divergence }
        if column == state.timelineCursor { return .cursor }
        return nil
    }

    static func background(_ activity: LaneActivity) -> (Character, Style) {
        switch activity {
        case .running: (" ", Theme.text)
        case .busy: ("─", Theme.border)
        case .waiting: ("┈", Theme.warn)
        case .handler: ("━", Theme.handler)
        case .idle: ("░", Theme.idle)
        case .wfi: ("▁", Theme.idle)
        case .offline: ("╌", Theme.dim)
        }
    }

    static func style(_ mark: TimelineMark) -> Style {
        switch mark {
        case .violation: Theme.badBlock
        case .note: Style(foreground: .black, background: .yellow)
        case .claimFailed: Theme.bad
        case .modeSysfs, .modePerf: Theme.okStrong
        case .modeDisabled: Style(foreground: .white, attributes: [.bold])
        case .extClaim, .extRelease: Theme.external
        case .cpuDown, .cpuUp: Style(foreground: .magenta, attributes: [.bold])
        case .save, .restore, .pmRead, .idleEnter, .idleExit, .wfi, .woke: Style(foreground: .brightBlue, attributes: [.bold])
        case .ipiSent, .ipiTaken, .callDone: Style(foreground: .yellow, attributes: [.bold])
        case .unitOn, .unitOff: Theme.ok
        default: Theme.text
        }
    }

    /// The column under a click, if any.
    func column(at point: Point) -> Int? {
        let inner = self.inner
        let plot = self.plot
        guard inner.contains(point), point.x >= plot.x, point.x < plot.maxX else { return nil }
        let column = window().lowerBound + (point.x - plot.x) / cellsPerColumn
        return column < state.timeline.columns.count ? column : nil
    }
}
