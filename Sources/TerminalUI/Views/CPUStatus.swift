import CoreSightModel
import DriverSimulation

/// What the CPU grid says about one CPU and its tracer, derived from the world.
struct CPUStatus {
    /// `violated`: the step in view broke an invariant on this CPU or its tracer.
    enum Sync { case inSync, inFlight, outOfSync, violated }

    var activity: String
    var activityStyle: Style
    var glyph: Character
    var detail: String
    var pendingIPIs: Int
    var queued: Int
    var tracerName: String?
    var mode: Mode
    var unitOn: Bool
    var claim: ClaimTags
    var saved: Bool
    var sync: Sync

    init(cpu: Int, state: AppState) {
        let world = state.world
        let topology = state.topology
        let engine = state.simulation.engine
        let describer = EventDescriber(topology: topology)
        let c = world.cpus[cpu]
        pendingIPIs = c.pendingCalls.count
        queued = c.queue.count
        let name = { (id: Topology.ComponentID) in topology.components[id].name }
        if let phase = c.hotplug {
            (activity, activityStyle, glyph) = (phase.goingDown ? "going down" : "coming up", Theme.warn, phase.goingDown ? "↓" : "↑")
            detail = Self.hotplugDetail(phase, c, world.driver.hotplug)
        } else if !c.online {
            let hint = state.live == nil ? ": o brings it back" : ""
            (activity, activityStyle, glyph, detail) = ("offline", Theme.dim, "○", "out of cpu_online_mask" + hint)
        } else if let live = state.live {
            let last = state.lastReading?.idleEntries[cpu, default: 0] ?? 0
            (activity, activityStyle, glyph) = ("online", last > 0 ? Theme.idle : Theme.text, last > 0 ? "z" : "▸")
            detail = "idle entries: \(live.idleTotals[cpu, default: 0]) since start, +\(last) last poll"
        } else if c.idle != .running {
            let phase = switch c.idle {
            case .entering: "entering idle"
            case .pmEntered: "CPU PM entered"
            case .wfi: "in WFI"
            case .waking: "leaving WFI"
            case .pmExited: "leaving idle"
            case .running: ""
            }
            (activity, activityStyle, glyph) = (phase, Theme.idle, c.idle == .wfi ? "_" : "z")
            detail = c.idle == .wfi ? "sleeps until wake or an IPI" : "idle path, IRQs off" + (c.savedThisEntry ? ", context saved" : "")
        } else if let handler = c.handler {
            let what = handler.call.kind == .enableTracer ? "enable" : "disable"
            let tracer = topology.tracerOfCPU[handler.call.tracerCPU].map(name) ?? "?"
            (activity, activityStyle, glyph) = (handler.inline ? "inline call" : "IPI handler", Theme.handler, "◆")
            detail = "\(what) \(tracer) for cpu\(handler.call.caller), IRQs off"
        } else if let thread = c.thread {
            let op = describer.describe(thread.op)
            switch engine.stepability(of: cpu, in: world) {
            case .waitingForCall(let target):
                (activity, activityStyle, glyph) = ("waits IPI", Theme.warn, "…")
                detail = "\(op): spins for cpu\(target)"
            default:
                (activity, activityStyle, glyph) = (thread.isPerfCallback ? "perf, IRQs off" : "sysfs write", Theme.label, "▸")
                detail = "\(op): \(Self.phase(thread))"
            }
        } else if !c.queue.isEmpty {
            let next = describer.describe(c.queue[0])
            if case .waitingForMutex(let holder) = engine.stepability(of: cpu, in: world) {
                (activity, activityStyle, glyph, detail) = ("waits mutex", Theme.warn, "…", "\(next): cpu\(holder) holds coresight_mutex")
            } else {
                (activity, activityStyle, glyph, detail) = ("ready", Theme.text, "▸", "next: \(next)")
            }
        } else {
            (activity, activityStyle, glyph, detail) = ("idle-able", Theme.dim, "·", "")
        }
        if let tracer = topology.tracerOfCPU[cpu] {
            let t = world.tracers[cpu]
            tracerName = name(tracer)
            mode = t.mode
            unitOn = t.unit.enabled
            claim = world.parts[tracer].claim
            saved = t.needsRestore
            let owned = t.unit.enabled && claim == .selfHosted
            let consistent = (t.mode != .disabled) == owned && !(t.mode == .disabled && claim.contains(.selfHosted))
            // The engine's invariants decide "out of sync"; an offline CPU's unit is off by design.
            if !engine.tracerViolations(tracerCPU: cpu, tracer: tracer, in: world).isEmpty {
                sync = .outOfSync
            } else {
                sync = consistent || !c.online ? .inSync : .inFlight
            }
            if Self.violationInView(cpu: cpu, tracer: tracer, state: state) { sync = .violated }
        } else {
            (tracerName, mode, unitOn, claim, saved, sync) = (nil, .disabled, false, [], false, .inSync)
        }
    }

    static func hotplugDetail(_ phase: HotplugPhase, _ cpu: CPUState, _ code: HotplugCode) -> String {
        switch phase {
        case .coreTeardown:
            cpu.thread == nil ? "hotplug thread: coresight_dying_cpu() next" : "coresight_dying_cpu() disables its sysfs path"
        case .stopped: "stop_machine, IRQs off: __cpu_disable() next"
        case .dying:
            cpu.handler != nil || !cpu.pendingCalls.isEmpty
                ? "smpcfd_dying_cpu() runs a queued cross-call"
                : (code == .driver ? "etm4_dying_cpu() next, then dead" : "dead next (no CoreSight DYING callback)")
        case .booting: code == .driver ? "boots, IRQs off: etm4_starting_cpu() next" : "boots, IRQs off (no CoreSight callback)"
        case .started: "joins cpu_online_mask next, IRQs on"
        }
    }

    static func phase(_ flow: ThreadFlow) -> String {
        let hops = max(0, (flow.path?.hops.count ?? 1) - 1)
        switch flow.pc {
        case .lockAndCheck: return "takes the mutex"
        case .findSink: return "finds the sink"
        case .enablePath: return "enables path \(flow.enabledHops)/\(hops)"
        case .takeMode: return "takes the mode next"
        case .sendCall: return "cross-calls next"
        case .afterCall: return "handler done (\(flow.rc))"
        case .commit: return "commits"
        case .teardown: return "tears down \(flow.enabledHops) left"
        case .finish: return "returns \(flow.rc)"
        case .perfBuildPath: return "builds the path"
        case .perfEnableHW: return "enables the unit next"
        case .perfSetDisabled: return "sets DISABLED next"
        case .perfDisableHW: return "disables the unit"
        case .setActivated: return "sets enable_sink"
        }
    }

    static func violationInView(cpu: Int, tracer: Topology.ComponentID, state: AppState) -> Bool {
        guard let index = state.focusedColumn else { return false }
        let column = state.timeline.columns[index]
        guard column.hasViolation else { return false }
        // A tracer's violation marks its own row; one of a link or sink marks the CPU that broke it.
        let topology = state.topology
        return state.timeline.events(in: column).contains { event in
            guard case .violation(let violation) = event.kind else { return false }
            if violation.subject == tracer { return true }
            return !topology.components[violation.subject].subtype.isTracer && event.actor.cpu == cpu
        }
    }

    var modeStyle: Style {
        switch mode {
        case .disabled: Theme.dim
        case .sysfs: sync == .outOfSync || sync == .violated ? Theme.bad : Theme.okStrong
        case .perf: Style(foreground: .brightBlue, attributes: [.bold])
        }
    }

    var modeLetter: Character {
        switch mode {
        case .disabled: "-"
        case .sysfs: "S"
        case .perf: "P"
        }
    }

    var syncText: (String, Style) {
        switch sync {
        case .inSync: ("✓ in sync", Theme.ok)
        case .inFlight: ("~ in flight", Theme.warn)
        case .outOfSync: ("✗ OUT OF SYNC", Theme.badBlock)
        case .violated: ("✗ VIOLATION", Theme.badBlock)
        }
    }

    var syncGlyph: (Character, Style) {
        switch sync {
        case .inSync: ("✓", Theme.ok)
        case .inFlight: ("~", Theme.warn)
        case .outOfSync: ("✗", Theme.badBlock)
        case .violated: ("!", Theme.badBlock)
        }
    }

    var claimStyle: Style {
        if claim.contains(.external) { return Theme.external }
        return claim.isEmpty ? Theme.dim : Theme.ok
    }
}
