import CoreSightModel
import DriverSimulation

/// The selected step's events in full, the selected CPU's tracer and path, what diverged.
struct InspectorView {
    let state: AppState
    let layout: AppLayout

    func lines() -> [(String, Style)] {
        var lines: [(String, Style)] = []
        let timeline = state.timeline
        let describer = EventDescriber(topology: state.topology)
        if let index = state.focusedColumn {
            let column = timeline.columns[index]
            lines.append(("\(state.live == nil ? "step" : "poll") \(column.step)\(state.timelineCursor == nil ? " (latest)" : "")", Theme.title))
            for event in timeline.events(in: column) {
                if let violation = event.violation {
                    lines.append(("\(event.actor) ✗ \(violation.invariant.rawValue)", Theme.bad))
                    lines.append(("  " + state.narrator.explain(violation, actor: event.actor, events: timeline.events(in: column)), Theme.bad))
                } else if let note = event.note {
                    lines.append(("\(event.actor) n \(note.name)", Theme.warn))
                    lines.append(("  note: " + describer.explain(note), Theme.warn))
                } else {
                    lines.append(("\(event.actor) \(describer.describe(event.kind))", Theme.text))
                }
            }
            lines.append(("", Theme.text))
        }
        if let divergence = state.divergence {
            lines.append(("\(divergence.kernel) did at step \(divergence.step):", Theme.external))
            for text in divergence.otherEvents.prefix(6) { lines.append(("  " + text, Theme.dim)) }
            if divergence.otherEvents.isEmpty { lines.append(("  nothing (the run was shorter)", Theme.dim)) }
            lines.append(("", Theme.text))
        }
        if let live = state.live {
            // Live: every value with where it came from (read, inferred, unknown).
            let inspector = LiveInspector(state: state, live: live)
            if let id = state.selectedComponent { lines += inspector.componentLines(id) }
            return lines + inspector.cpuLines(state.selectedCPU) + inspector.kernelLines()
        }
        let world = state.world
        if let id = state.selectedComponent { lines += componentLines(id) }
        let cpu = state.selectedCPU
        lines.append(("cpu\(cpu)", Theme.title))
        if let tracer = state.topology.tracerOfCPU[cpu] {
            let t = world.tracers[cpu]
            let name = state.topology[tracer].name
            lines.append(("\(name): mode \(t.mode), claim \(world.parts[tracer].claim)", Theme.text))
            lines.append(("  TRCPRGCTLR.EN=\(t.unit.enabled ? 1 : 0) programmed=\(t.unit.programmed ? 1 : 0) OS lock=\(t.unit.osLocked ? 1 : 0) PU=\(t.unit.poweredUp ? 1 : 0)", Theme.dim))
            if let saved = t.saved {
                lines.append(("  saved copy: EN=\(saved.unit.enabled ? 1 : 0) claim \(saved.claim), \(saved.ownedAtSave ? "owned" : "NOT owned") at save\(t.needsRestore ? ", to restore" : "")", saved.ownedAtSave ? Theme.dim : Theme.warn))
            }
            if let path = t.sysfsPath ?? t.perfPath {
                lines.append(("  path: " + path.hops.map { state.topology[$0.component].name }.joined(separator: " → "), Theme.ok))
            }
        }
        let c = world.cpus[cpu]
        if !c.queue.isEmpty {
            lines.append(("queued: " + c.queue.map(describer.describe).joined(separator: ", "), Theme.dim))
        }
        if !c.pendingCalls.isEmpty {
            lines.append(("pending IPIs: " + c.pendingCalls.map { "from cpu\($0.caller)" }.joined(separator: ", "), Theme.warn))
        }
        return lines
    }

    /// A link's or sink's driver state: what `coresight_enable_path()` left in it.
    func componentLines(_ id: Topology.ComponentID) -> [(String, Style)] {
        let component = state.topology[id]
        let part = state.world.parts[id]
        var lines: [(String, Style)] = [("\(component.name) (\(component.subtype.rawValue))", Theme.title)]
        var facts = [part.enabled ? "enabled" : "disabled", "refcount \(part.refcount)"]
        if part.portRefcounts.count > 1 {
            facts.append("ports " + part.portRefcounts.enumerated().map { "\($0.offset):\($0.element)" }.joined(separator: " "))
        }
        if component.type == .sink { facts.append(part.activated ? "enable_sink 1" : "enable_sink 0") }
        if part.mode != .disabled { facts.append("mode \(part.mode)") }
        if !part.claim.isEmpty { facts.append("claim \(part.claim)") }
        lines.append(("  " + facts.joined(separator: ", "), part.enabled ? Theme.ok : Theme.text))
        let inputs = state.topology.inputs[id].map { state.topology[$0.peer].name }
        let outputs = state.topology.outputs[id].map { state.topology[$0.peer].name }
        if !inputs.isEmpty { lines.append(("  from " + inputs.joined(separator: ", "), Theme.dim)) }
        if !outputs.isEmpty { lines.append(("  to " + outputs.joined(separator: ", "), Theme.dim)) }
        if let address = component.address { lines.append(("  at 0x" + String(address, radix: 16), Theme.dim)) }
        lines.append(("", Theme.text))
        return lines
    }

    func draw(into buffer: inout ScreenBuffer) {
        let rect = layout.inspector
        guard rect.width >= 10, rect.height >= 3 else { return }
        let focused = state.focus == .inspector
        buffer.fill(rect)
        buffer.drawBox(rect, style: focused ? Theme.focusedBorder : Theme.border, title: "Inspector", titleStyle: focused ? Theme.focusedBorder : Theme.title)
        let inner = Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 3, height: rect.height - 2)
        var y = inner.y
        let all = wrapped(lines(), width: inner.width)
        let first = min(state.inspectorScroll, max(0, all.count - inner.height))
        for (text, style) in all.dropFirst(first) {
            guard y < inner.maxY else { break }
            buffer.put(text: text, at: Point(x: inner.x, y: y), style: style, clip: inner)
            y += 1
        }
    }

    /// Wraps long lines at spaces, continuation lines indented.
    func wrapped(_ lines: [(String, Style)], width: Int) -> [(String, Style)] {
        guard width > 8 else { return lines }
        var result: [(String, Style)] = []
        for (text, style) in lines {
            var rest = Substring(text)
            var first = true
            repeat {
                let room = first ? width : width - 4
                if DisplayWidth.of(String(rest)) <= room {
                    result.append(((first ? "" : "    ") + rest, style))
                    break
                }
                var cut = rest.index(rest.startIndex, offsetBy: room)
                if let space = rest[..<cut].lastIndex(of: " "), rest.distance(from: rest.startIndex, to: space) > room / 2 { cut = space }
                result.append(((first ? "" : "    ") + rest[..<cut], style))
                rest = rest[cut...].drop { $0 == " " }
                first = false
            } while !rest.isEmpty
        }
        return result
    }
}
