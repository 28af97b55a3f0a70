public import CoreSightModel

/// The state invariants (§6) checked after each step for what the step touched; the event
/// invariants (`pm-reads-stale-mode`, `restore-on-unowned-tracer`) are flagged where they happen.
extension Engine {
    func checkAfterStep(_ touched: Touched, actor: Actor, in world: World, log: inout EventLog) {
        if let n = touched.tracerCPU, let t = topology.tracerOfCPU[n] {
            forEachTracerViolation(tracerCPU: n, tracer: t, in: world) { log.flag(actor, $0) }
        }
        if let (id, port) = touched.part {
            let paths = pathsThrough(id, port: port, in: world)
            let refcount = Int(world.parts[id].portRefcounts[port])
            if paths != refcount {
                log.flag(actor, Violation(
                    invariant: .refcountsMatchPaths, subject: id,
                    detail: .refcount(component: id, port: port, refcount: refcount, paths: paths)))
            }
        }
    }

    /// Every state invariant over the whole world (tests use it to cross-check the incremental one).
    public func stateViolations(in world: World) -> [Violation] {
        var found: [Violation] = []
        for n in 0..<topology.cpuCount {
            guard let t = topology.tracerOfCPU[n] else { continue }
            forEachTracerViolation(tracerCPU: n, tracer: t, in: world) { found.append($0) }
        }
        for id in topology.components.indices where topology.components[id].type != .source {
            for port in world.parts[id].portRefcounts.indices {
                let paths = pathsThrough(id, port: port, in: world)
                let refcount = Int(world.parts[id].portRefcounts[port])
                if paths != refcount {
                    found.append(Violation(
                        invariant: .refcountsMatchPaths, subject: id,
                        detail: .refcount(component: id, port: port, refcount: refcount, paths: paths)))
                }
            }
        }
        return found
    }

    /// The state invariants of one tracer, at most one reason each: the quiescent check, then
    /// the source refcount, then the sysfs path (which a quiescent or refcount violation of
    /// the same tracer already explains).
    public func tracerViolations(tracerCPU n: Int, tracer t: Topology.ComponentID, in world: World) -> [Violation] {
        var found: [Violation] = []
        forEachTracerViolation(tracerCPU: n, tracer: t, in: world) { found.append($0) }
        return found
    }

    /// The same, without an array: this runs after every step that touches a tracer.
    @inline(__always)
    func forEachTracerViolation(
        tracerCPU n: Int, tracer t: Topology.ComponentID, in world: World, _ body: (Violation) -> Void
    ) {
        var any = false
        if let violation = quiescentViolation(tracerCPU: n, tracer: t, in: world) {
            body(violation)
            any = true
        }
        // Fields read in place: a copy of the tracer would retain its paths on every step.
        if world.tracers[n].mode == .sysfs, world.tracers[n].refcount == 1, world.tracers[n].sysfsPath == nil {
            body(Violation(invariant: .refcountsMatchPaths, subject: t, detail: .sourceWithoutPath))
            any = true
        }
        if !any, let violation = pathViolation(tracerCPU: n, tracer: t, in: world) { body(violation) }
    }

    /// `tracer-matches-path`: with no flow in progress for the tracer, it is SYSFS, or enabled
    /// and self-claimed outside perf, exactly when a sysfs path holds it. Hotplug is where this
    /// breaks: a disable whose cross-call never reached an offline CPU releases the path and,
    /// with the target placement, leaves the mode SYSFS (docs/driver-model.md §4.7).
    func pathViolation(tracerCPU n: Int, tracer t: Topology.ComponentID, in world: World) -> Violation? {
        let mode = world.tracers[n].mode
        let held = world.tracers[n].sysfsPath != nil
        // The common cases first, without a copy: SYSFS with its path; not SYSFS, no path, unit off.
        if (mode == .sysfs) == held, held || mode == .perf || !owned(n, in: world) { return nil }
        let unitOn = mode != .perf && owned(n, in: world)
        guard !isPathInFlight(tracerCPU: n, tracer: t, in: world) else { return nil }
        return Violation(
            invariant: .tracerMatchesPath, subject: t,
            detail: held ? .pathWithoutMode(mode: mode) : .tracerWithoutPath(mode: mode, unitOn: unitOn))
    }

    /// A flow that may hold the tracer's mode and its sysfs path apart for a while: any sysfs
    /// write on the tracer (from its first step), its cross-call handler, a perf callback or the
    /// idle path on its CPU, a hotplug transition of its CPU.
    func isPathInFlight(tracerCPU n: Int, tracer t: Topology.ComponentID, in world: World) -> Bool {
        // Handlers run on the tracer's own CPU (cross-calls go there, or inline there).
        if world.cpus[n].hotplug != nil || world.cpus[n].thread?.isPerfCallback == true || world.cpus[n].handler != nil { return true }
        switch world.cpus[n].idle {
        case .pmSaving, .pmEntered, .wfi, .waking, .pmRestoring: return true
        default: break
        }
        // A sysfs write on t holds coresight_mutex from its first step to its last.
        guard let holder = world.mutexHolder else { return false }
        return world.cpus[holder].thread?.op.sourceTracer == t
    }

    /// `quiescent-mode-matches-hw`: when no flow is in progress for the tracer, mode is
    /// SYSFS/PERF exactly when it is owned, and DISABLED leaves the self-hosted bit clear. An
    /// offline CPU's unit is off by design while the mode is kept (driver hotplug callbacks).
    func quiescentViolation(tracerCPU n: Int, tracer t: Topology.ComponentID, in world: World) -> Violation? {
        guard world.cpus[n].online, !isInFlight(tracerCPU: n, tracer: t, in: world) else { return nil }
        let mode = world.tracers[n].mode
        let isOwned = owned(n, in: world)
        let selfClaimed = world.parts[t].claim.contains(.selfHosted)
        guard (mode != .disabled) != isOwned || (mode == .disabled && selfClaimed) else { return nil }
        return Violation(
            invariant: .quiescentModeMatchesHW, subject: t,
            detail: .modeVersusHardware(mode: mode, owned: isOwned, selfClaimed: selfClaimed))
    }

    /// in-flight(t) of docs/driver-model.md §6.
    public func isInFlight(tracerCPU n: Int, tracer t: Topology.ComponentID, in world: World) -> Bool {
        // Field by field in place: a copy of a CPU's state or of a flow would retain its arrays
        // and its path, at every invariant check of the explorer.
        let busy = world.withCPU(n) { cpu -> Bool in
            switch cpu.pointee.idle {
            case .pmSaving, .pmEntered, .wfi, .waking, .pmRestoring: return true
            default: break
            }
            if cpu.pointee.hotplug != nil || cpu.pointee.thread?.op.isPerf == true { return true }
            return cpu.pointee.handler?.call.tracerCPU == n
        }
        if busy { return true }
        // sysfs flows hold coresight_mutex, so at most one is in progress: the holder's.
        guard let holder = world.mutexHolder else { return false }
        return world.withCPU(holder) { cpu -> Bool in
            guard let op = cpu.pointee.thread?.op, let pc = cpu.pointee.thread?.pc else { return false }
            switch op {
            case .enableSource(let id) where id == t:
                return world.driver.modePlacement == .caller && (pc == .sendCall || pc == .afterCall)
            case .disableSource(let id) where id == t:
                return pc == .afterCall
            default:
                return false
            }
        }
    }

    /// How many enabled paths (remembered, or partly enabled by a flow in progress) use a slot.
    func pathsThrough(_ id: Topology.ComponentID, port: Int, in world: World) -> Int {
        var count = 0
        world.forEachEnabledPath { path, enabledHops in
            let hops = path.hops
            for index in (hops.count - enabledHops)..<hops.count where hops[index].component == id {
                if self.port(of: hops[index]) == port { count += 1 }
            }
        }
        return count
    }
}
