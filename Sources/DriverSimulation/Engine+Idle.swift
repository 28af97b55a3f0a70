import CoreSightModel

/// Idle entry and exit with the ETM driver's CPU PM notifier (§4.6, `etm4_cpu_pm_notify()`),
/// as the profile's `pm-code` has it.
extension Engine {
    /// Step 1: the CPU enters the idle path with IRQs off.
    func beginIdle(_ cpu: Int, in world: inout World, log: inout EventLog) throws(ActionError) {
        let state = world.cpus[cpu]
        guard state.mayBeginIdle else {
            let reason: String
            if let phase = state.hotplug {
                reason = "it is \(phase.goingDown ? "going offline" : "coming online")"
            } else if !state.online {
                reason = "it is offline"
            } else if state.idle != .running {
                reason = "it is already \(describeIdle(state.idle))"
            } else if state.handler != nil {
                reason = "it is running an IPI handler"
            } else if let thread = state.thread {
                reason = "it is busy with \(thread.isPerfCallback ? "a perf callback" : "a sysfs write")"
            } else {
                reason = "an IPI is pending (it takes the IPI first)"
            }
            throw ActionError("cpu\(cpu) cannot begin idle: \(reason)")
        }
        world.cpus[cpu].idle = .entering
        world.cpus[cpu].savedThisEntry = false
        log.emit(.cpu(cpu), .idleEntered)
        log.nextStep += 1
    }

    func idleStep(_ cpu: Int, in world: inout World, log: inout EventLog, touched: inout Touched) {
        let actor = Actor.cpu(cpu)
        switch world.cpus[cpu].idle {
        case .entering:
            world.cpus[cpu].idle = .pmEntered
            guard let t = topology.tracerOfCPU[cpu] else { return }
            touched.tracerCPU = cpu
            pmEnter(cpu, tracer: t, actor: actor, in: &world, log: &log)
        case .pmEntered:
            if world.cpus[cpu].pendingCalls.isEmpty {
                world.cpus[cpu].idle = .wfi
                log.emit(actor, .lowPower)
            } else {
                world.cpus[cpu].idle = .waking
                log.emit(actor, .woke(.ipiAlreadyPending))
            }
        case .waking:
            world.cpus[cpu].idle = .pmExited
            guard let t = topology.tracerOfCPU[cpu] else { return }
            touched.tracerCPU = cpu
            pmExit(cpu, tracer: t, actor: actor, in: &world, log: &log)
        case .pmExited:
            world.cpus[cpu].idle = .running
            log.emit(actor, .idleExited)
        case .running, .wfi:
            break
        }
    }

    /// CPU_PM_ENTER → `etm4_cpu_save()`.
    private func pmEnter(_ cpu: Int, tracer t: Topology.ComponentID, actor: Actor, in world: inout World, log: inout EventLog) {
        let driver = world.driver
        // v3: `if (pm_save_enable != PARAM_PM_SAVE_SELF_HOSTED) return 0;` before any read.
        if driver.pmCode == .v3, !driver.savesSelfHosted {
            log.emit(actor, .pmNotSelfHosted(tracer: t, exit: false))
            return
        }
        let mode = world.tracers[cpu].mode
        let isOwned = owned(cpu, in: world)
        log.emit(actor, .pmEnterRead(tracer: t, mode))
        if (mode != .disabled) != isOwned {
            // v1/v2 read the mode even without `save_state`; then the read decides nothing.
            if driver.savesSelfHosted {
                log.flag(actor, Violation(invariant: .pmReadsStaleMode, subject: t, detail: .staleRead(mode: mode, owned: isOwned)))
            } else {
                log.remark(actor, Note(subject: t, detail: .staleReadDecidesNothing(mode: mode, owned: isOwned)))
            }
        }
        guard mode != .disabled, driver.savesSelfHosted else {
            log.emit(actor, .saveSkipped(tracer: t))
            return
        }
        // `__etm4_cpu_save()`: OS lock first; v2/v3 then disable the trace unit instead of
        // storing TRCPRGCTLR; the claim tags are copied as they are; TRCPDCR.PU cleared.
        var unit = world.tracers[cpu].unit
        if driver.pmCode != .v1 { unit.enabled = false }
        world.tracers[cpu].saved = SavedContext(unit: unit, claim: world.parts[t].claim, ownedAtSave: isOwned)
        unit.osLocked = true
        unit.poweredUp = false
        world.tracers[cpu].unit = unit
        if driver.pmCode != .v3 { world.tracers[cpu].needsRestore = true }
        world.cpus[cpu].savedThisEntry = true
        log.emit(actor, .contextSaved(tracer: t))
    }

    /// CPU_PM_EXIT → `etm4_cpu_restore()`.
    private func pmExit(_ cpu: Int, tracer t: Topology.ComponentID, actor: Actor, in world: inout World, log: inout EventLog) {
        let driver = world.driver
        switch driver.pmCode {
        case .v1, .v2:
            // Restores whenever this entry's save set `state_needs_restore`.
            guard world.tracers[cpu].needsRestore else {
                log.emit(actor, .restoreSkipped(tracer: t))
                return
            }
        case .v3:
            guard driver.savesSelfHosted else {
                log.emit(actor, .pmNotSelfHosted(tracer: t, exit: true))
                return
            }
            // Decided by the mode read now; nothing records that CPU_PM_ENTER saved. The read
            // is right when it says "restore" exactly for a tracer this entry saved while owned.
            let mode = world.tracers[cpu].mode
            log.emit(actor, .pmExitRead(tracer: t, mode))
            let parkedByThisEntry = world.cpus[cpu].savedThisEntry && (world.tracers[cpu].saved?.ownedAtSave ?? false)
            if (mode != .disabled) != parkedByThisEntry {
                log.flag(actor, Violation(
                    invariant: .pmReadsStaleMode, subject: t,
                    detail: .staleExitRead(mode: mode, savedOwned: parkedByThisEntry)))
            }
            guard mode != .disabled else {
                log.emit(actor, .restoreSkipped(tracer: t))
                return
            }
        }
        let saved = world.tracers[cpu].saved
        let detail: Violation.Detail? =
            if world.parts[t].claim.contains(.external) { .restoreOverExternalClaim }
            else if !world.cpus[cpu].savedThisEntry || saved == nil { .restoreWithoutSave }
            else if !(saved?.ownedAtSave ?? false) { .restoreOfUnownedCopy }
            else { nil }
        // `__etm4_cpu_restore()`: CLAIMSET only sets bits; the registers written back (v1:
        // TRCPRGCTLR too); OS unlock; v2/v3 then enable the trace unit whatever it was at save.
        if let saved {
            world.parts[t].claim.formUnion(saved.claim)
            world.tracers[cpu].unit = saved.unit
        } else {
            // Never saved: `save_state` holds whatever the allocation held; csx writes nothing
            // it could name, but the unit is still switched on below.
            world.tracers[cpu].unit.poweredUp = true
        }
        world.tracers[cpu].unit.osLocked = false
        if driver.pmCode != .v1 { world.tracers[cpu].unit.enabled = true }
        world.tracers[cpu].needsRestore = false
        log.emit(actor, .contextRestored(tracer: t))
        if let detail {
            log.flag(actor, Violation(invariant: .restoreOnUnownedTracer, subject: t, detail: detail))
        }
    }
}
