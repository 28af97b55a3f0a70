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
        let lines = [
            "terminal too small: \(size.width)x\(size.height)",
            "csx needs at least \(AppLayout.minimum.width)x\(AppLayout.minimum.height)",
            "enlarge the window, or press q to quit",
        ]
        for (i, line) in lines.enumerated() {
            let y = max(0, size.height / 2 - 1 + i)
            let x = max(0, (size.width - DisplayWidth.of(line)) / 2)
            buffer.put(text: line, at: Point(x: x, y: y), style: i == 0 ? Theme.bad : Theme.text)
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
