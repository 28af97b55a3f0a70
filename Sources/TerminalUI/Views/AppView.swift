/// Draws the whole screen from the app state into a buffer. Pure: no terminal here.
public struct AppView: Sendable {
    public let graph: TopologyLayout

    public init(state: AppState) {
        graph = state.graph
    }

    /// Renders `state` at `state.screenSize`; `badges` add words to the header ("REC", "live").
    public func render(_ state: AppState, badges: [String] = []) -> ScreenBuffer {
        var buffer = ScreenBuffer(size: state.screenSize)
        render(state, into: &buffer, badges: badges)
        return buffer
    }

    public func render(_ state: AppState, into buffer: inout ScreenBuffer, badges: [String] = []) {
        buffer.clear()
        let layout = state.layout
        if layout.isTooSmall {
            drawTooSmall(layout.size, into: &buffer)
            return
        }
        CPUGridView(state: state, layout: layout).draw(into: &buffer)
        if !(state.focus == .inspector && !layout.inspectorDocked) {
            TopologyView(state: state, layout: layout, graph: graph).draw(into: &buffer)
        }
        InspectorView(state: state, layout: layout).draw(into: &buffer)
        TimelineView(state: state, layout: layout).draw(into: &buffer)
        StatusViews(state: state, layout: layout, badges: badges).draw(into: &buffer)
        if state.showHelp { HelpView(layout: layout, scroll: state.helpScroll).draw(into: &buffer) }
    }

    func drawTooSmall(_ size: Size, into buffer: inout ScreenBuffer) {
        // Words wrap to the window, so a cut never leaves a wrong number ("at least 8").
        let minimum = "\(AppLayout.minimum.width)x\(AppLayout.minimum.height)"
        let sentences = [
            ("terminal too small: \(size.width)x\(size.height)", Theme.bad),
            ("csx needs at least \(minimum)", Theme.text),
            ("enlarge the window, or press q to quit", Theme.text),
        ]
        var lines = sentences.flatMap { sentence in HelpView.wrap(sentence.0, width: size.width).map { ($0, sentence.1) } }
        // Too short for all: the shortest form that still says the minimum and how to leave.
        if lines.count > size.height { lines = HelpView.wrap("need \(minimum) · q quits", width: size.width).map { ($0, Theme.bad) } }
        let top = max(0, (size.height - lines.count) / 2)
        for (i, line) in lines.prefix(size.height).enumerated() {
            let x = max(0, (size.width - DisplayWidth.of(line.0)) / 2)
            buffer.put(text: line.0, at: Point(x: x, y: top + i), style: line.1)
        }
    }

    /// What a mouse click at `point` means, if anything.
    public func command(forClickAt point: Point, in state: AppState) -> [AppCommand] {
        let layout = state.layout
        if let cpu = CPUGridView(state: state, layout: layout).cpu(at: point) { return [.selectCPU(cpu)] }
        let timeline = TimelineView(state: state, layout: layout)
        if let column = timeline.column(at: point) { return [.selectColumn(column)] }
        return []
    }
}
