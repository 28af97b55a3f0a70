/// Idle entry and exit with the ETM driver's CPU PM notifier (§4.6, `etm4_cpu_pm_notify()`).
extension Engine {
    /// Step 1: the CPU enters the idle path with IRQs off.
    func beginIdle(_ cpu: Int, in world: inout World, log: inout EventLog) throws(ActionError) {
        let state = world.cpus[cpu]
        guard state.mayBeginIdle else {
            let reason: String
            if !state.online {
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
            // CPU_PM_ENTER → etm4_cpu_save(): the decision rests on the mode alone.
            let mode = world.tracers[cpu].mode
            let isOwned = owned(cpu, in: world)
            log.emit(actor, .pmEnterRead(tracer: t, mode))
            if (mode != .disabled) != isOwned {
                log.flag(actor, Violation(invariant: .pmReadsStaleMode, subject: t, detail: .staleRead(mode: mode, owned: isOwned)))
            }
            if mode != .disabled, topology.savesContextOverIdle {
                let tracer = world.tracers[cpu]
                world.tracers[cpu].saved = SavedContext(unit: tracer.unit, claim: world.parts[t].claim, ownedAtSave: isOwned)
                world.tracers[cpu].needsRestore = true
                world.tracers[cpu].unit.osLocked = true
                world.tracers[cpu].unit.poweredUp = false
                world.cpus[cpu].savedThisEntry = true
                log.emit(actor, .contextSaved(tracer: t))
            } else {
                log.emit(actor, .saveSkipped(tracer: t))
            }
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
            // CPU_PM_EXIT → etm4_cpu_restore(): restores whenever something was saved.
            guard world.tracers[cpu].needsRestore, let saved = world.tracers[cpu].saved else {
                log.emit(actor, .restoreSkipped(tracer: t))
                return
            }
            let detail: Violation.Detail? =
                if world.parts[t].claim.contains(.external) { .restoreOverExternalClaim }
                else if !world.cpus[cpu].savedThisEntry { .restoreWithoutSave }
                else if !saved.ownedAtSave { .restoreOfUnownedCopy }
                else { nil }
            world.parts[t].claim.formUnion(saved.claim)  // CLAIMSET only sets bits
            world.tracers[cpu].unit = saved.unit
            world.tracers[cpu].unit.osLocked = false
            world.tracers[cpu].needsRestore = false
            log.emit(actor, .contextRestored(tracer: t))
            if let detail {
                log.flag(actor, Violation(invariant: .restoreOnUnownedTracer, subject: t, detail: detail))
            }
        case .pmExited:
            world.cpus[cpu].idle = .running
            log.emit(actor, .idleExited)
        case .running, .wfi:
            break
        }
    }
}
