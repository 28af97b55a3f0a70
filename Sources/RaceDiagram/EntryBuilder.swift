import CoreSightModel
import DriverSimulation

/// Turns engine events into diagram entries, following each CPU's flow (its queued operations)
/// and the cross-call handler it runs, so that every event lands in the kernel's call chain for
/// the profile's knobs (`KernelCalls`). An event it does not know becomes a generic line.
struct EntryBuilder {
    let topology: Topology
    let calls: KernelCalls
    let describer: EventDescriber

    /// A cross-call handler running on a CPU.
    private struct Handler {
        var kind: CrossCall.Kind
        var caller: Int
        var inline: Bool
    }

    /// Operations queued per CPU, the first one in progress (a small array per CPU that has any).
    private var queues: [Int: [Operation]] = [:]
    private var handlers: [Int: Handler] = [:]
    /// The hotplug callback running on a CPU, from its mode read to the end of the transition.
    private var hotplugCallbacks: [Int: HotplugCallback] = [:]
    /// hotplug core: the dying CPU's own `coresight_disable_sysfs()`, which no `queued` announces.
    private var hotplugFlows: [Int: FlowKind] = [:]

    /// With `--full`, the ETM's sysfs entry points are drawn inside the sysfs core's function
    /// that calls them (folded, they start the chain, as hand-drawn diagrams do).
    let nestsUnderSysfsCore: Bool

    init(topology: Topology, knobs: DriverKnobs, full: Bool = false) {
        self.topology = topology
        calls = KernelCalls(knobs: knobs)
        describer = EventDescriber(topology: topology)
        nestsUnderSysfsCore = full
    }

    func name(_ id: Topology.ComponentID) -> String {
        topology.components.indices.contains(id) ? ASCIIText.name(topology.components[id].name) : "#\(id)"
    }

    func tracerCPU(of id: Topology.ComponentID) -> Int? {
        topology.components.indices.contains(id) ? topology.components[id].cpu : nil
    }

    func isTracer(_ id: Topology.ComponentID) -> Bool {
        topology.components.indices.contains(id) && topology.components[id].subtype.isTracer
    }

    private func flow(on cpu: Int) -> FlowKind {
        if let flow = hotplugFlows[cpu] { return flow }
        guard let op = queues[cpu]?.first else { return .unknown }
        switch op {
        case .enableSource(let t): return tracerCPU(of: t).map { .sysfsEnable(tracerCPU: $0) } ?? .unknown
        case .disableSource(let t): return tracerCPU(of: t).map { .sysfsDisable(tracerCPU: $0) } ?? .unknown
        case .perfStart: return .perfStart
        case .perfStop: return .perfStop
        case .enableSink, .disableSink: return .sink
        }
    }

    private func flowTracer(_ flow: FlowKind, on cpu: Int) -> Int? {
        switch flow {
        case .sysfsEnable(let n), .sysfsDisable(let n): n
        case .perfStart, .perfStop: cpu
        case .sink, .unknown: nil
        }
    }

    /// The entries one event gives (none, one, or a few), in order.
    mutating func map(_ event: Event) -> [Entry] {
        guard case .cpu(let cpu) = event.actor, handlers[cpu].map(\.inline) ?? true,
              let root = KernelCalls.sysfsRoot(flow(on: cpu))
        else { return entries(for: event) }
        // The dying CPU's own disable runs in coresight_dying_cpu(), always drawn inside it.
        let byHotplug = hotplugFlows[cpu] != nil
        guard nestsUnderSysfsCore || byHotplug else { return entries(for: event) }
        let outer = byHotplug ? [HotplugCallback.coresightDyingCPU.function] : []
        return entries(for: event).map { entry in
            guard case .chain(let frames, let note) = entry.shape, let first = frames.first else { return entry }
            var nested = entry
            if byHotplug { nested.resetsChain = false }  // the flow continues the callback's chain
            if first == KernelCalls.enable || first == KernelCalls.disable {
                nested.shape = .chain(outer + [root] + frames, note: note)
            } else if first == root, byHotplug {
                nested.shape = .chain(outer + frames, note: note)
            }
            return nested
        }
    }

    private mutating func entries(for event: Event) -> [Entry] {
        guard case .cpu(let cpu) = event.actor else { return mapExternal(event) }
        let column = Column.cpu(cpu)
        let flow = flow(on: cpu)
        let handler = handlers[cpu]
        let tracer = flowTracer(flow, on: cpu)
        func chain(_ frames: [String], _ note: String? = nil, detail: Bool = false, tracer t: Int? = tracer) -> Entry {
            Entry(column: column, step: event.step, shape: .chain(frames, note: note), isDetail: detail, tracerCPU: t)
        }
        func root(_ call: String) -> [String] { KernelCalls.root(flow).map { [$0, call] } ?? [call] }
        switch event.kind {
        case .queued(let op):
            queues[cpu, default: []].append(op)
            return []
        case .returned(let op, let rc):
            if hotplugFlows[cpu] == nil, queues[cpu]?.first == op { queues[cpu]?.removeFirst() }
            var entry = Entry(
                column: column, step: event.step, shape: .label("\(describer.describe(op)) returns \(rc)"),
                isDetail: rc == .ok, tracerCPU: tracer)
            entry.resetsChain = true
            return [ASCIIText.clean(entry)]
        case .mutexTaken:
            var entry = chain(KernelCalls.root(flow).map { [$0] } ?? [], "takes coresight_mutex", detail: true)
            entry.resetsChain = true
            return [entry]
        case .mutexReleased:
            return [chain(KernelCalls.root(flow).map { [$0] } ?? [], "releases coresight_mutex", detail: true)]
        case .alreadyEnabled(let t):
            return [chain([KernelCalls.sysfsEnable], "\(name(t)) already SYSFS: 0")]
        case .notEnabled(let t, let mode):
            return [chain(KernelCalls.root(flow).map { [$0] } ?? [], "\(name(t)) is \(mode): nothing to do")]
        case .sinkActivated(let s, let on):
            return [chain([KernelCalls.sinkStore], "\(name(s)) = \(on ? 1 : 0)", detail: true, tracer: nil)]
        case .noSink:
            return [chain(KernelCalls.root(flow).map { [$0] } ?? [], "no sink reachable: -EINVAL")]
        case .pathBuilt(let path):
            let frames = flow == .perfStart ? [KernelCalls.perfSetup, KernelCalls.buildPath] : root(KernelCalls.buildPath)
            return [chain(frames, "to \(name(path.sink)), \(path.hops.count) hops", detail: true)]
        case .partEnabled(let id, _, let refcount, _):
            return [chain(root(KernelCalls.enablePath), "\(name(id)) on (\(refcount))", detail: true)]
        case .partDisabled(let id, _, let refcount, _):
            return [chain(root(KernelCalls.disablePath), "\(name(id)) off (\(refcount))", detail: true)]
        case .partBusy(let id, let mode):
            return [chain(root(KernelCalls.enablePath), "\(name(id)) busy (\(mode)): -EBUSY")]
        case .sourceRefcount(let t, let n):
            return [chain(KernelCalls.root(flow).map { [$0] } ?? [], "\(name(t)) refcount \(n)", detail: true)]
        case .pathReleased:
            return [chain(root(KernelCalls.releasePath), nil, detail: true)]
        case .claimed(let id):
            // A tracer's claim is part of etm4_enable_hw(), drawn with it.
            return isTracer(id) ? [] : [chain(root(KernelCalls.enablePath), "\(name(id)) claimed", detail: true)]
        case .claimFailed(let id, let tags):
            let why = "claim fails (\(tags == .external ? "external" : "tags \(tags)")): -EBUSY"
            guard isTracer(id) else { return [chain(root(KernelCalls.enablePath), "\(name(id)) \(why)")] }
            if handler == nil, let callback = hotplugCallbacks[cpu] {
                return [chain(KernelCalls.hotplugChain(callback, KernelCalls.enableHW), why + ", ignored", tracer: cpu)]
            }
            return [chain(enableHWChain(handler, flow: flow), why, tracer: handlerTracer(cpu, handler) ?? tracer)]
        case .disclaimed(let id):
            return isTracer(id) ? [] : [chain(root(KernelCalls.disablePath), "\(name(id)) disclaimed", detail: true)]
        case .disclaimRefused(let id, _):
            if handler == nil, let callback = hotplugCallbacks[cpu] {
                return [chain(KernelCalls.hotplugChain(callback, KernelCalls.disableHW), "\(name(id)) not disclaimed: held externally", tracer: cpu)]
            }
            let frames = handler.map { calls.handlerDisableHW(inline: $0.inline) } ?? (isTracer(id) ? KernelCalls.perfDisableHW : root(KernelCalls.disablePath))
            return [chain(frames, "\(name(id)) not disclaimed: held externally", tracer: handlerTracer(cpu, handler) ?? tracer)]
        case .modeTaken(_, let mode):
            return [modeEntry(KernelCalls.take(mode), nil, cpu: cpu, handler: handler, flow: flow, event: event)]
        case .modeTakeFailed(_, let wanted, let held):
            return [modeEntry(KernelCalls.take(wanted), "held \(held): -EBUSY", cpu: cpu, handler: handler, flow: flow, event: event)]
        case .modeSet(_, _, let to):
            return [modeEntry(KernelCalls.set(to), nil, cpu: cpu, handler: handler, flow: flow, event: event)]
        case .unitEnabled:
            if handler == nil, let callback = hotplugCallbacks[cpu] {
                return [chain(KernelCalls.hotplugChain(callback, KernelCalls.enableHW), nil, tracer: cpu)]
            }
            return [chain(enableHWChain(handler, flow: flow), nil, tracer: handlerTracer(cpu, handler) ?? tracer)]
        case .unitDisabled:
            if handler == nil, let callback = hotplugCallbacks[cpu] {
                return [chain(KernelCalls.hotplugChain(callback, KernelCalls.disableHW), nil, tracer: cpu)]
            }
            let frames = handler.map { calls.handlerDisableHW(inline: $0.inline) } ?? KernelCalls.perfDisableHW
            return [chain(frames, nil, tracer: handlerTracer(cpu, handler) ?? tracer)]
        case .callSent(let to, let kind, let t):
            var entry = chain(calls.crossCallChain(kind), nil, tracer: tracerCPU(of: t))
            entry.arrow = .send(to: .cpu(to))
            return [entry]
        case .callInline(let kind, let t):
            handlers[cpu] = Handler(kind: kind, caller: cpu, inline: true)
            return [chain(calls.crossCallChain(kind), "runs here, IRQs off", tracer: tracerCPU(of: t))]
        case .callFailedOffline(let to):
            let kind: CrossCall.Kind = if case .sysfsDisable = flow { .disableTracer } else { .enableTracer }
            return [chain(calls.crossCallChain(kind), "-ENXIO: CPU\(to) offline")]
        case .ipiTaken(let from, let kind, let t):
            handlers[cpu] = Handler(kind: kind, caller: from, inline: false)
            var entry = chain(calls.handlerChain(kind, inline: false), nil, tracer: tracerCPU(of: t))
            entry.arrow = .receive(from: .cpu(from))
            entry.resetsChain = true
            entry.label = "IPI from CPU\(from):"
            return [entry]
        case .callCompleted(let caller, let rc):
            handlers[cpu] = nil
            guard let handler else { return [chain([], "call done: \(rc)", detail: true)] }
            let t = handlerTracer(cpu, handler)
            if handler.inline { return [chain(calls.handlerChain(handler.kind, inline: true), "done: \(rc)", detail: true, tracer: t)] }
            var entry = chain(calls.handlerChain(handler.kind, inline: false), "done: \(rc)", tracer: t)
            entry.arrow = .complete(to: .cpu(caller))
            return [entry]
        case .callReturned(let from, let rc):
            let kind: CrossCall.Kind = if case .sysfsDisable = flow { .disableTracer } else { .enableTracer }
            if from == cpu { return [chain(calls.crossCallChain(kind), "returns \(rc)", detail: rc == .ok)] }
            var entry = Entry(column: column, step: event.step, shape: .wireEnd("returns \(rc)"), tracerCPU: tracer)
            entry.arrow = .returned(from: .cpu(from))
            return [entry]
        case .idleEntered:
            var entry = Entry(column: column, step: event.step, shape: .label("CPU idle:"), tracerCPU: cpu)
            entry.resetsChain = true
            return [entry]
        case .pmEnterRead(_, let mode):
            return [chain(calls.pmEnter + [KernelCalls.getMode], "= \(mode)", tracer: cpu)]
        case .contextSaved:
            return [chain(calls.pmEnter + [calls.saveBody], nil, tracer: cpu)]
        case .saveSkipped:
            return [chain(calls.pmEnter, "saves nothing", detail: true, tracer: cpu)]
        case .pmNotSelfHosted(_, let exit):
            return [chain(exit ? calls.pmExit : calls.pmEnter, "pm_save_enable not 2: returns", detail: true, tracer: cpu)]
        case .pmExitRead(_, let mode):
            return [chain(calls.pmExit + [KernelCalls.getMode], "= \(mode)", tracer: cpu)]
        case .contextRestored:
            return [chain(calls.pmExit + [calls.restoreBody], nil, tracer: cpu)]
        case .restoreSkipped:
            return [chain(calls.pmExit, "restores nothing", detail: true, tracer: cpu)]
        case .corePMRead(_, let mode, let set, let exit):
            let frames = (exit ? calls.pmExit : calls.pmEnter).dropLast() + [KernelCalls.activePath]
            return [chain(Array(frames), "= \(mode), path \(set ? "set" : "NULL")", tracer: cpu)]
        case .corePMRefused(let why):
            return [chain(["coresight_cpu_pm_notify()"], why == .failedBefore ? "NOTIFY_BAD (-EIO)" : "NOTIFY_BAD (-EINVAL)", tracer: cpu)]
        case .sinkSaved(let s):
            return [chain(calls.pmEnter + [calls.saveBody], "\(name(s)) saved", tracer: cpu)]
        case .sinkRestored(let s):
            return [chain(calls.pmExit + [calls.restoreBody], "\(name(s)) restored", tracer: cpu)]
        case .sinkContextLost(let s):
            return [label("\(name(s)) loses its registers", event, cpu)]
        case .pmFailedSet:
            return [chain(calls.pmExit, "a link failed: percpu_pm_failed", tracer: cpu)]
        case .pathPointer(let t, let set):
            return [chain([], "\(name(t)) path pointer \(set ? "set" : "NULL")", tracer: tracerCPU(of: t))]
        case .lowPower:
            return [label("WFI", event, cpu)]
        case .woke(let reason):
            switch reason {
            case .interrupt: return [label("interrupt: leaves WFI", event, cpu)]
            case .ipi: return [label("the IPI ends WFI", event, cpu)]
            case .ipiAlreadyPending: return [label("IPI pending: no WFI", event, cpu)]
            }
        case .idleExited:
            var entry = label("idle ends, IRQs on", event, cpu)
            entry.isDetail = true
            return [entry]
        case .cpuDownBegan:
            hotplugCallbacks[cpu] = nil
            return [label("CPU goes offline:", event, cpu)]
        case .leftOnlineMask:
            hotplugFlows[cpu] = nil
            return [label("out of cpu_online_mask", event, cpu)]
        case .hotplugCallback(let callback, _, let mode):
            hotplugCallbacks[cpu] = callback
            switch callback {
            case .etm4DyingCPU, .etm4StartingCPU:
                return [chain(KernelCalls.hotplugChain(callback, KernelCalls.getMode), "= \(mode)", tracer: cpu)]
            case .coresightDyingCPU:
                if mode == .sysfs { hotplugFlows[cpu] = .sysfsDisable(tracerCPU: cpu) }
                return [chain(KernelCalls.hotplugChain(callback), mode == .sysfs ? "SYSFS: disables its path" : "\(mode): nothing", tracer: cpu)]
            }
        case .cpuDead:
            hotplugCallbacks[cpu] = nil
            hotplugFlows[cpu] = nil
            return [label("offline", event, cpu)]
        case .cpuUpBegan:
            hotplugCallbacks[cpu] = nil
            return [label("CPU comes online:", event, cpu)]
        case .bootedWithoutCallback:
            return [label("no CoreSight callback on the way up", event, cpu)]
        case .cameOnline:
            hotplugCallbacks[cpu] = nil
            return [label("online", event, cpu)]
        case .sourceOffline(let t):
            return [chain(KernelCalls.root(flow).map { [$0] } ?? [], "CPU of \(name(t)) offline: refused", tracer: tracerCPU(of: t))]
        case .violation(let violation):
            return [Entry(column: column, step: event.step, shape: .mark(Reasons.short(violation, names: self)), tracerCPU: nil)]
        case .note:
            return []  // notes are listed under the diagram
        default:
            // An event this diagram does not know yet: one generic line, never a failure.
            return [chain([], ASCIIText.clean(describer.describe(event.kind)), tracer: nil)]
        }
    }

    private func label(_ text: String, _ event: Event, _ cpu: Int) -> Entry {
        var entry = Entry(column: .cpu(cpu), step: event.step, shape: .label(text), tracerCPU: cpu)
        entry.resetsChain = true
        return entry
    }

    private func handlerTracer(_ cpu: Int, _ handler: Handler?) -> Int? {
        guard handler != nil else { return nil }
        return cpu  // a cross-call handler runs on its tracer's CPU
    }

    private func enableHWChain(_ handler: Handler?, flow: FlowKind) -> [String] {
        if let handler { return calls.handlerChain(handler.kind, inline: handler.inline) + [KernelCalls.enableHW] }
        return KernelCalls.perfEnableHW
    }

    private func modeEntry(_ call: String, _ note: String?, cpu: Int, handler: Handler?, flow: FlowKind, event: Event) -> Entry {
        let frames = handler.map { calls.handlerChain($0.kind, inline: $0.inline) + [call] } ?? calls.modeChain(flow, call)
        return Entry(
            column: .cpu(cpu), step: event.step, shape: .chain(frames, note: note),
            tracerCPU: handler != nil ? cpu : flowTracer(flow, on: cpu))
    }

    private func mapExternal(_ event: Event) -> [Entry] {
        func line(_ text: String, _ id: Topology.ComponentID?) -> [Entry] {
            [Entry(column: .external, step: event.step, shape: .label(text), tracerCPU: id.flatMap(tracerCPU(of:)))]
        }
        switch event.kind {
        case .extClaimed(let id): return line("claims \(name(id))", id)
        case .extClaimRefused(let id, _): return line("cannot claim \(name(id))", id)
        case .extReleased(let id): return line("releases \(name(id))", id)
        case .extProgrammed(let t): return line("programs \(name(t))", t)
        case .violation(let violation):
            return [Entry(column: .external, step: event.step, shape: .mark(Reasons.short(violation, names: self)))]
        case .note: return []
        default: return line(ASCIIText.clean(describer.describe(event.kind)), nil)
        }
    }
}

extension ASCIIText {
    /// An entry whose label came from the describer, made ASCII.
    static func clean(_ entry: Entry) -> Entry {
        var entry = entry
        if case .label(let text) = entry.shape { entry.shape = .label(clean(text)) }
        return entry
    }
}
