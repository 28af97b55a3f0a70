import CoreSightModel

/// pm-code core: v7.2's CPU PM in the CoreSight core (`coresight_cpu_pm_notify()`,
/// `coresight_pm_save()`, `coresight_pm_restore()`; docs/driver-model.md §4.6), one primitive
/// per atomic step: the source, each link, the sink.
extension Engine {
    /// `pm_save_disable()` / `pm_restore_enable()` of the source: an ETM provides them when it
    /// has `save_state` (pm_save_enable self-hosted); an ETE always (2ab4645fe420).
    func sourceHasPMCallbacks(_ t: Topology.ComponentID, _ driver: Driver) -> Bool {
        driver.savesSelfHosted || topology.components[t].subtype == .ete
    }

    /// Of the sinks, TRBE implements the PM callbacks (da06d6eb523b); the others stay on.
    func sinkHasPMCallbacks(_ s: Topology.ComponentID) -> Bool {
        topology.components[s].subtype == .trbe
    }

    /// The path behind the source's pointer: remembered by sysfs or perf, or still held by the
    /// enabling flow (the handler sets the pointer before the writer commits).
    func pathBehindPointer(ofCPU n: Int, in world: World) -> TracePath? {
        if let path = world.tracers[n].sysfsPath ?? world.tracers[n].perfPath { return path }
        guard let t = topology.tracerOfCPU[n] else { return nil }
        if let holder = world.mutexHolder, let flow = world.cpus[holder].thread, flow.op.sourceTracer == t {
            return flow.path
        }
        return world.cpus[n].thread?.path
    }

    /// Sets or clears the pointer, under pm-code core only (no other code has one).
    func setPathPointer(_ set: Bool, tracerCPU n: Int, actor: Actor, in world: inout World, log: inout EventLog) {
        guard world.driver.pmCode == .core, world.tracers[n].pathPointer != set else { return }
        world.tracers[n].pathPointer = set
        log.emit(actor, .pathPointer(tracer: tracerID(ofCPU: n), set: set))
    }

    /// CPU_PM_ENTER: read the path; save the source; then (`.pmSaving`) the links and the sink.
    func corePMEnter(_ cpu: Int, tracer t: Topology.ComponentID, actor: Actor, in world: inout World, log: inout EventLog) {
        if world.cpus[cpu].pmFailed {
            return refuseCorePM(.failedBefore, cpu, actor: actor, in: &world, log: &log)
        }
        let tracer = world.tracers[cpu]
        let path = tracer.mode != .disabled && tracer.pathPointer ? pathBehindPointer(ofCPU: cpu, in: world) : nil
        log.emit(actor, .corePMRead(tracer: t, tracer.mode, pathSet: path != nil, exit: false))
        guard let path, let sink = path.hops.last?.component else {
            // Skipped PM is wrong only where there was PM to do: a source with callbacks, tracing.
            if tracer.mode != .disabled, owned(cpu, in: world), sourceHasPMCallbacks(t, world.driver) {
                log.flag(actor, Violation(invariant: .pmCoversActivePath, subject: t, detail: .activePathSkipped(mode: tracer.mode, exit: false)))
            }
            log.emit(actor, .saveSkipped(tracer: t))
            return
        }
        guard sourceHasPMCallbacks(t, world.driver) else {
            if sinkHasPMCallbacks(sink) { return refuseCorePM(.sourceWithoutCallbacks, cpu, actor: actor, in: &world, log: &log) }
            log.emit(actor, .saveSkipped(tracer: t))
            return
        }
        // pm_save_disable(): as __etm4_cpu_save(): OS lock, unit off, registers and claim tags kept.
        var unit = world.tracers[cpu].unit
        let isOwned = owned(cpu, in: world)
        unit.enabled = false
        world.tracers[cpu].saved = SavedContext(unit: unit, claim: world.parts[t].claim, ownedAtSave: isOwned)
        unit.osLocked = true
        unit.poweredUp = false
        world.tracers[cpu].unit = unit
        world.cpus[cpu].savedThisEntry = true
        log.emit(actor, .contextSaved(tracer: t))
        world.cpus[cpu].pmSource = t
        world.cpus[cpu].pmWalk = 0
        world.cpus[cpu].idle = .pmSaving
    }

    /// One link disabled (source side first), then the sink saved if it can be.
    func corePMSaveStep(_ cpu: Int, actor: Actor, in world: inout World, log: inout EventLog, touched: inout Touched) {
        guard let path = pathBehindPointer(ofCPU: cpu, in: world), let sink = path.hops.last?.component else {
            world.cpus[cpu].idle = .pmEntered
            return
        }
        let links = path.hops.count - 2
        let walked = Int(world.cpus[cpu].pmWalk)
        if walked < links {
            disablePart(path.hops[1 + walked], isSink: false, actor: actor, in: &world, log: &log, touched: &touched)
            world.cpus[cpu].pmWalk += 1
            world.cpus[cpu].pmLinksDown += 1
            if walked + 1 < links || sinkHasPMCallbacks(sink) { return }
        } else if sinkHasPMCallbacks(sink), world.parts[sink].enabled {
            world.parts[sink].enabled = false
            world.cpus[cpu].pmSinkSaved = true
            log.emit(actor, .sinkSaved(sink))
        }
        world.cpus[cpu].pmWalk = 0
        world.cpus[cpu].idle = .pmEntered
    }

    /// In low power a per-CPU sink that was not saved loses its registers: it is off after.
    func lowPowerLosesSinkContext(_ cpu: Int, in world: inout World, log: inout EventLog) {
        guard topology.tracerOfCPU[cpu] != nil, !world.cpus[cpu].pmSinkSaved,
            let sink = (world.tracers[cpu].perfPath ?? world.tracers[cpu].sysfsPath)?.hops.last?.component,
            topology.components[sink].subtype == .trbe, world.parts[sink].enabled
        else { return }
        world.parts[sink].enabled = false
        log.emit(.cpu(cpu), .sinkContextLost(sink))
    }

    /// CPU_PM_EXIT: read the path again (the mode too); restore the sink; then (`.pmRestoring`)
    /// the links, sink side first, and the source.
    func corePMExit(_ cpu: Int, tracer t: Topology.ComponentID, actor: Actor, in world: inout World, log: inout EventLog) {
        if world.cpus[cpu].pmFailed {
            refuseCorePM(.failedBefore, cpu, actor: actor, in: &world, log: &log)
            return finishCorePMExit(cpu, tracer: t, actor: actor, in: &world, log: &log)
        }
        let tracer = world.tracers[cpu]
        let path = tracer.mode != .disabled && tracer.pathPointer ? pathBehindPointer(ofCPU: cpu, in: world) : nil
        log.emit(actor, .corePMRead(tracer: t, tracer.mode, pathSet: path != nil, exit: true))
        guard let path, let sink = path.hops.last?.component else {
            if world.cpus[cpu].savedThisEntry {
                log.flag(actor, Violation(invariant: .pmCoversActivePath, subject: t, detail: .activePathSkipped(mode: tracer.mode, exit: true)))
            }
            log.emit(actor, .restoreSkipped(tracer: t))
            return finishCorePMExit(cpu, tracer: t, actor: actor, in: &world, log: &log)
        }
        guard sourceHasPMCallbacks(t, world.driver) else {
            if sinkHasPMCallbacks(sink) { refuseCorePM(.sourceWithoutCallbacks, cpu, actor: actor, in: &world, log: &log) }
            else { log.emit(actor, .restoreSkipped(tracer: t)) }
            return finishCorePMExit(cpu, tracer: t, actor: actor, in: &world, log: &log)
        }
        if sinkHasPMCallbacks(sink) {
            world.parts[sink].enabled = true
            world.cpus[cpu].pmSinkSaved = false
            log.emit(actor, .sinkRestored(sink))
        }
        world.cpus[cpu].pmSource = t
        world.cpus[cpu].pmWalk = 0
        world.cpus[cpu].idle = .pmRestoring
    }

    /// One link enabled again (the one nearest the sink first) in the mode read now; then the
    /// source restored. A link that fails puts back what this walk enabled, saves the sink
    /// again and marks the CPU.
    func corePMRestoreStep(
        _ cpu: Int, tracer t: Topology.ComponentID, actor: Actor, in world: inout World, log: inout EventLog,
        touched: inout Touched
    ) {
        guard let path = pathBehindPointer(ofCPU: cpu, in: world) else {
            world.cpus[cpu].idle = .pmExited
            return
        }
        let links = path.hops.count - 2
        let walked = Int(world.cpus[cpu].pmWalk)
        if walked < links {
            let hop = path.hops[links - walked]
            let rc = enablePart(hop, isSink: false, mode: world.tracers[cpu].mode, actor: actor, in: &world, log: &log, touched: &touched)
            if rc == .ok {
                world.cpus[cpu].pmWalk += 1
                if world.cpus[cpu].pmLinksDown > 0 { world.cpus[cpu].pmLinksDown -= 1 }
                return
            }
            // coresight_enable_path_from_to() disables what it enabled; path_failed follows.
            for back in stride(from: links - walked + 1, through: links, by: 1) {
                disablePart(path.hops[back], isSink: false, actor: actor, in: &world, log: &log, touched: &touched)
                world.cpus[cpu].pmLinksDown += 1
            }
            if let sink = path.hops.last?.component, sinkHasPMCallbacks(sink) {
                world.parts[sink].enabled = false
                world.cpus[cpu].pmSinkSaved = true
                log.emit(actor, .sinkSaved(sink))
            }
            world.cpus[cpu].pmFailed = true
            log.emit(actor, .pmFailedSet)
            return finishCorePMExit(cpu, tracer: t, actor: actor, in: &world, log: &log)
        }
        // pm_restore_enable(): as __etm4_cpu_restore(), then the unit on.
        restoreSource(cpu, tracer: t, switchOn: true, actor: actor, in: &world, log: &log)
        finishCorePMExit(cpu, tracer: t, actor: actor, in: &world, log: &log)
    }

    /// NOTIFY_BAD: at ENTER cpu_pm_enter() fails and the CPU stays up (the failing notifier
    /// gets no CPU_PM_ENTER_FAILED); at EXIT nothing is restored.
    private func refuseCorePM(_ why: CorePMRefusal, _ cpu: Int, actor: Actor, in world: inout World, log: inout EventLog) {
        log.emit(actor, .corePMRefused(why))
        if world.cpus[cpu].idle == .entering || world.cpus[cpu].idle == .pmEntered { world.cpus[cpu].idle = .pmExited }
    }

    /// The end of CPU_PM_EXIT: the whole active path must be enabled again.
    private func finishCorePMExit(_ cpu: Int, tracer t: Topology.ComponentID, actor: Actor, in world: inout World, log: inout EventLog) {
        world.cpus[cpu].idle = .pmExited
        world.cpus[cpu].pmWalk = 0
        if world.cpus[cpu].pmLinksDown == 0 { world.cpus[cpu].pmSource = nil }
        let down = Int(world.cpus[cpu].pmLinksDown)
        let sinkSaved = world.cpus[cpu].pmSinkSaved
        if down > 0 || sinkSaved {
            log.flag(actor, Violation(invariant: .pathWholeAfterIdle, subject: t, detail: .pathNotWhole(linksDown: down, sinkSaved: sinkSaved)))
        }
    }

    /// A source just turned back on must not run into a disabled sink (da06d6eb523b: "tracing
    /// may run without an active sink, which can lead to hangs").
    func checkSinkUnderRestoredSource(_ cpu: Int, tracer t: Topology.ComponentID, actor: Actor, in world: World, log: inout EventLog) {
        guard world.tracers[cpu].unit.enabled,
            let sink = (world.tracers[cpu].perfPath ?? world.tracers[cpu].sysfsPath)?.hops.last?.component,
            !world.parts[sink].enabled
        else { return }
        log.flag(actor, Violation(invariant: .sourceIntoDisabledSink, subject: t, detail: .sinkDisabled(sink: sink)))
    }
}
