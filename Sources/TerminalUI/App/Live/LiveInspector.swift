import CoreSightModel
import DriverSimulation

/// The inspector of the live view: each value says where it came from. Read from a file: the
/// file, relative to the root. Inferred: marked `inferred`, with what from. What no file
/// shows (the trace unit's registers, claim tags, a saved context, who issued a write) is
/// `unknown`, never the model's guess.
struct LiveInspector {
    let state: AppState
    let live: LiveStatus

    /// Provenance words, one style each, so a screenshot tells them apart without colour.
    static let readMark = "read from"
    static let inferredMark = "inferred from"
    static let unknownMark = "unknown:"

    private var recorded: Bool { live.isReplay }

    /// `read from bus/coresight/devices/etm1/enable_source` (a replay: what was recorded).
    private func source(_ file: String?) -> String {
        guard let file, !recorded else { return recorded ? "recorded" : "no file" }
        return "\(Self.readMark) \(file)"
    }

    private func deviceFile(_ device: String, _ target: LiveTarget) -> String {
        (live.files.deviceDirectory[device] ?? "bus/coresight/devices/\(device)") + "/" + target.fileName
    }

    func cpuLines(_ cpu: Int) -> [(String, Style)] {
        var lines: [(String, Style)] = [("cpu\(cpu)", Theme.title)]
        let world = state.world
        let online = state.lastReading?.online[cpu]
        let onlineText = online.map { $0 ? "online" : "offline" } ?? "online state unknown"
        let onlineSource = live.files.onlineFile[cpu].map(source) ?? (recorded ? "recorded" : "assumed: no online file, it cannot be unplugged")
        lines.append(("  \(onlineText) — \(onlineSource)", online == nil ? Theme.warn : Theme.text))
        if let idleFile = live.files.idleFiles[cpu] ?? (recorded ? "cpuidle" : nil) {
            let last = state.lastReading?.idleEntries[cpu, default: 0] ?? 0
            lines.append(("  idle entries: \(last) since the last poll, \(live.idleTotals[cpu, default: 0]) in all — \(source(idleFile))", Theme.text))
        } else {
            lines.append(("  idle entries: unknown: no cpuidle states", Theme.warn))
        }
        guard let tracer = state.topology.tracerOfCPU[cpu] else {
            lines.append(("  no tracer", Theme.dim))
            return lines
        }
        let name = state.topology[tracer].name
        let attribute = LiveAttribute(device: name, target: .source)
        let value = state.lastReading?.value(of: attribute)
        let valueText = value.map { $0 ? "1" : "0" } ?? "no value"
        lines.append(("\(name) enable_source \(valueText) — \(source(deviceFile(name, .source)))", Theme.text))
        if let fault = state.lastReading?.unreadable[attribute] {
            lines.append(("  last read: \(fault)", Theme.warn))
        }
        let mode = world.tracers[cpu].mode
        lines.append(("  mode \(mode) — \(Self.inferredMark) enable_source (perf reads 0)", Theme.dim))
        lines.append(("  trace unit \(value == true ? "on" : "off") — \(Self.inferredMark) enable_source", Theme.dim))
        lines.append(("  TRCPRGCTLR, OS lock, power-up: \(Self.unknownMark) no file shows them", Theme.warn))
        lines.append(("  claim tags: \(Self.unknownMark) no file shows them", Theme.warn))
        lines.append(("  saved context: \(Self.unknownMark) no file shows it", Theme.warn))
        if let path = world.tracers[cpu].sysfsPath {
            let hops = path.hops.map { state.topology[$0.component].name }.joined(separator: " → ")
            lines.append(("  path \(hops) — \(Self.inferredMark) the activated sinks", Theme.dim))
        }
        return lines
    }

    /// A link's or sink's lines: only `enable_sink` is read; the rest is inferred or unknown.
    func componentLines(_ id: Topology.ComponentID) -> [(String, Style)] {
        let component = state.topology[id]
        let part = state.world.parts[id]
        var lines: [(String, Style)] = [("\(component.name) (\(component.subtype.rawValue))", Theme.title)]
        if component.type == .sink {
            let value = state.lastReading?.value(of: LiveAttribute(device: component.name, target: .sink))
            lines.append(("  enable_sink \(value.map { $0 ? "1" : "0" } ?? "no value") — \(source(deviceFile(component.name, .sink)))", Theme.text))
        } else if component.type == .source {
            let value = state.lastReading?.value(of: LiveAttribute(device: component.name, target: .source))
            lines.append(("  enable_source \(value.map { $0 ? "1" : "0" } ?? "no value") — \(source(deviceFile(component.name, .source)))", Theme.text))
        }
        if component.type != .source {
            lines.append(("  \(part.enabled ? "enabled" : "disabled"), refcount \(part.refcount) — \(Self.inferredMark) the enabled sources' paths", Theme.dim))
        }
        lines.append(("  claim tags: \(Self.unknownMark) no sysfs file shows them", Theme.warn))
        let inputs = state.topology.inputs[id].map { state.topology[$0.peer].name }
        let outputs = state.topology.outputs[id].map { state.topology[$0.peer].name }
        if !inputs.isEmpty { lines.append(("  from " + inputs.joined(separator: ", "), Theme.dim)) }
        if !outputs.isEmpty { lines.append(("  to " + outputs.joined(separator: ", "), Theme.dim)) }
        lines.append(("", Theme.text))
        return lines
    }

    /// The kernel, its profile, pm_save_enable and the known races.
    func kernelLines() -> [(String, Style)] {
        let kernel = live.kernel
        var lines: [(String, Style)] = [("", Theme.text), ("kernel", Theme.title)]
        if let release = kernel.release {
            lines.append(("  release \(release) — \(source(kernel.releaseSource))", Theme.text))
        } else {
            lines.append(("  release: \(Self.unknownMark) no proc/sys/kernel/osrelease beside the root", Theme.warn))
        }
        if let profile = kernel.profile {
            lines.append(("  profile \(profile) — \(Self.inferredMark) the release: \(kernel.profileRule ?? "")", Theme.dim))
        }
        if let value = kernel.pmSaveEnable {
            lines.append(("  pm_save_enable \(value) — \(source(kernel.pmSaveFile))", Theme.text))
        } else {
            lines.append(("  pm_save_enable: \(Self.unknownMark) no \(kernel.pmSaveFile)", Theme.warn))
        }
        lines.append(("  model pm-save \(kernel.modelPMSave)", Theme.dim))
        if !kernel.races.isEmpty {
            lines.append(("  known races under \(kernel.profile ?? "?") on this board:", Theme.bad))
            for race in kernel.races { lines.append(("    " + race, Theme.bad)) }
        }
        if let note = kernel.racesNote { lines.append(("  " + note, Theme.dim)) }
        lines.append(("  issuer: \(Self.unknownMark) sysfs does not say which CPU wrote a file", Theme.warn))
        if !kernel.exploration.isEmpty {
            lines.append(("x:", Theme.title))
            for line in kernel.exploration { lines.append(("  " + line, Theme.text)) }
        }
        return lines
    }
}
