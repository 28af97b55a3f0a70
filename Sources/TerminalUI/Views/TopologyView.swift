import CoreSightModel
import DriverSimulation

/// The trace graph with live state: enabled parts, refcounts, modes, and the active paths.
struct TopologyView {
    let state: AppState
    let layout: AppLayout
    let graph: TopologyLayout

    /// Connections (indices into `topology.connections`) carried by an enabled path or the
    /// enabled part of one being built or torn down.
    func activeEdges() -> Set<Int> {
        var active = Set<Int>()
        state.world.forEachEnabledPath { path, enabledHops in
            guard enabledHops > 0 else { return }
            let hops = path.hops
            // The enabled part runs from the sink back `enabledHops` components; its edges too,
            // and the edge from the source once the whole path is up.
            for i in max(0, hops.count - 1 - enabledHops)..<(hops.count - 1) {
                if let edge = graph.edge(from: hops[i].component, to: hops[i + 1].component) { active.insert(edge) }
            }
        }
        return active
    }

    /// The first row shown: the user's scroll, or what keeps the selected CPU's tracer in view.
    func firstRow(in inner: Rect) -> Int {
        let maxFirst = max(0, graph.height - inner.height)
        var first = min(state.topologyScroll, maxFirst)
        if let selected = state.selectedComponent ?? state.topology.tracerOfCPU[state.selectedCPU] {
            let y = graph.nodes[graph.nodeOfComponent[selected]].y
            if y < first || y >= first + inner.height { first = min(maxFirst, max(0, y - inner.height / 2)) }
        }
        return first
    }

    func draw(into buffer: inout ScreenBuffer) {
        let rect = layout.topology
        guard rect.height >= 3 else { return }
        let focused = state.focus == .topology
        let sinks = state.topology.components.indices.filter { state.world.parts[$0].activated }.map { state.topology[$0].name }
        let title = "Topology · \(state.topology.name)" + (sinks.isEmpty ? " · no sink activated" : " · sink \(sinks.joined(separator: ", "))")
            + (graph.abridged ? " · too many edges: some not drawn" : "")
        buffer.drawBox(rect, style: focused ? Theme.focusedBorder : Theme.border, title: title, titleStyle: focused ? Theme.focusedBorder : Theme.title)
        let inner = Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 3, height: rect.height - 2)
        let first = firstRow(in: inner)
        let active = activeEdges()
        let firstColumn = min(state.topologyScrollX, max(0, graph.width - inner.width))
        let origin = Point(x: inner.x - firstColumn, y: inner.y - first)
        for cell in graph.lines where cell.y >= first && cell.y < first + inner.height {
            let lit = cell.edges.contains { active.contains($0) }
            buffer.put(text: String(cell.glyph), at: Point(x: origin.x + cell.x, y: origin.y + cell.y), style: lit ? Theme.active : Theme.border, clip: inner)
        }
        for arrow in graph.arrows where arrow.y >= first && arrow.y < first + inner.height {
            let lit = active.contains(arrow.edge)
            buffer.put(text: "▸", at: Point(x: origin.x + arrow.x, y: origin.y + arrow.y), style: lit ? Theme.active : Theme.border, clip: inner)
        }
        for node in graph.nodes where node.y >= first && node.y < first + inner.height {
            drawNode(node, at: Point(x: origin.x + node.x, y: origin.y + node.y), clip: inner, into: &buffer)
        }
        if graph.height + 1 < inner.height { drawKey(at: Point(x: inner.x, y: inner.maxY - 1), clip: inner, into: &buffer) }
        if graph.height > inner.height {
            let text = " \(first + 1)-\(min(graph.height, first + inner.height))/\(graph.height) "
            buffer.put(text: text, at: Point(x: rect.maxX - text.count - 2, y: rect.maxY - 1), style: Theme.dim, clip: rect)
        }
        if graph.width > inner.width {
            let text = " columns \(firstColumn + 1)-\(firstColumn + inner.width)/\(graph.width) · Tab here, h/l scroll "
            buffer.put(text: text, at: Point(x: rect.x + 2, y: rect.maxY - 1), style: Theme.dim, clip: rect)
        }
    }

    /// What the state letters and colours mean, under the graph when there is room.
    func drawKey(at point: Point, clip: Rect, into buffer: inout ScreenBuffer) {
        let entries: [(String, String, Style)] = [
            ("S", "sysfs", Theme.okStrong), ("P", "perf", Style(foreground: .brightBlue, attributes: [.bold])),
            ("e", "external claim", Theme.external), ("*", "activated sink", Theme.dim), ("n", "refcount", Theme.dim),
            ("──▸", "enabled path", Theme.active),
        ]
        var x = point.x
        for (mark, meaning, style) in entries {
            x = buffer.put(text: mark, at: Point(x: x, y: point.y), style: style, clip: clip)
            x = buffer.put(text: " \(meaning)   ", at: Point(x: x, y: point.y), style: Theme.dim, clip: clip)
        }
    }

    func drawNode(_ node: TopologyLayout.Node, at point: Point, clip: Rect, into buffer: inout ScreenBuffer) {
        let topology = state.topology
        let world = state.world
        let component = topology[node.component]
        let part = world.parts[node.component]
        var style = Theme.text
        var stateText = ""
        var stateStyle = Theme.dim
        if let cpu = component.cpu, component.subtype.isTracer {
            let status = CPUStatus(cpu: cpu, state: state)
            stateText = String(status.modeLetter)
            stateStyle = status.modeStyle
            if part.claim.contains(.external) {
                style = Theme.external
                stateText += "e"
            } else if status.sync == .outOfSync || status.sync == .violated {
                style = Theme.bad
            } else if status.unitOn {
                style = Theme.okStrong
            }
            if cpu == state.selectedCPU && state.selectedComponent == nil { style = style.adding(.reverse) }
        } else {
            let refcount = part.refcount
            if refcount > 0 { stateText = "\(refcount)" }
            if component.type == .sink {
                if part.mode != .disabled { stateText = (part.mode == .sysfs ? "S" : "P") + stateText }
                if part.activated { stateText = "*" + stateText }
            }
            if part.claim.contains(.external) {
                style = Theme.external
                stateText += "e"
            } else if part.enabled {
                style = Theme.okStrong
                stateStyle = Theme.ok
            } else if component.type == .sink && part.activated {
                style = Theme.label
            }
        }
        if node.component == state.selectedComponent { style = style.adding(.reverse) }
        let x = buffer.put(text: component.name, at: point, style: style, clip: clip)
        guard !stateText.isEmpty else { return }
        let field = TopologyLayout.stateWidth(component)
        buffer.put(text: " " + stateText.padding(toLength: field, withPad: " ", startingAt: 0), at: Point(x: x, y: point.y), style: stateStyle, clip: clip)
    }
}

extension String {
    /// Pads with spaces (or cuts) to exactly `length` characters.
    func padding(toLength length: Int, withPad pad: Character, startingAt _: Int) -> String {
        count >= length ? String(prefix(length)) : self + String(repeating: pad, count: length - count)
    }
}
