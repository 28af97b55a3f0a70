import CoreSightModel

/// CPU hotplug (docs/driver-model.md §4.7): a CPU goes down or comes up one atomic step at a
/// time, holding the CPU hotplug lock for writing, with the callbacks the profile's `hotplug`
/// knob selects.
extension Engine {
    // MARK: - the CPU hotplug lock (cpu_hotplug_lock)

    /// A CPU whose sysfs write holds the lock for reading.
    func hotplugReader(in world: World) -> Int? {
        world.cpus.indices.first { world.cpus[$0].hotplug == nil && holdsHotplugReadLock(world.cpus[$0].thread, world.driver) }
    }

    /// driver: `etm4_disable_sysfs()` holds `cpus_read_lock()` around its cross-call (taken
    /// with it, released when the call returned); `etm4_enable_sysfs()` takes none. core:
    /// `enable_source_store()` holds it for the whole write.
    func holdsHotplugReadLock(_ thread: ThreadFlow?, _ driver: Driver) -> Bool {
        guard let thread else { return false }
        return holdsHotplugReadLock(op: thread.op, pc: thread.pc, byHotplug: thread.byHotplug, driver)
    }

    func holdsHotplugReadLock(op: Operation, pc: ThreadPC, byHotplug: Bool, _ driver: Driver) -> Bool {
        guard !byHotplug else { return false }
        switch (driver.hotplug, op) {
        case (.driver, .disableSource): return pc == .afterCall
        case (.core, .enableSource), (.core, .disableSource): return true
        default: return false
        }
    }

    /// Whether a sysfs write's next step takes the read lock (and so waits for a writer).
    func nextStepTakesHotplugLock(_ state: CPUState, _ driver: Driver) -> Bool {
        if let thread = state.thread {
            guard driver.hotplug == .driver, !thread.byHotplug else { return false }
            if case .disableSource = thread.op { return thread.pc == .sendCall }
            return false
        }
        guard driver.hotplug == .core, let next = state.queue.first else { return false }
        switch next {
        case .enableSource, .disableSource: return true
        default: return false
        }
    }

    // MARK: - beginning a transition

    /// Why `cpu` cannot begin going offline now; nil when it can.
    public func offlineRefusal(_ cpu: Int, in world: World) -> String? {
        let state = world.cpus[cpu]
        if let phase = state.hotplug { return "it is already \(phase.goingDown ? "going offline" : "coming online")" }
        guard state.online else { return "it is already offline" }
        if let other = world.hotplugWriter { return busyText(other, world) }
        if !world.cpus.indices.contains(where: { $0 != cpu && world.cpus[$0].online }) {
            return "it is the last online CPU"
        }
        if state.idle != .running { return "it is \(describeIdle(state.idle)) (wake it and let it leave idle first)" }
        if state.handler != nil { return "it is running an IPI handler (step it to the end first)" }
        if let thread = state.thread {
            return "it is mid-flow (\(thread.isPerfCallback ? "a perf callback" : "a sysfs write")); csx takes a CPU down only between its operations"
        }
        if !state.pendingCalls.isEmpty { return "an IPI is pending on it (it takes the IPI first)" }
        if topology.tracerOfCPU[cpu] != nil, world.tracers[cpu].perfPath != nil {
            return "a perf event traces on it (perf-stop first; csx does not model perf's own hotplug teardown)"
        }
        if let reader = hotplugReader(in: world) { return readerText(reader, world) }
        return nil
    }

    /// Why `cpu` cannot begin coming online now; nil when it can.
    public func onlineRefusal(_ cpu: Int, in world: World) -> String? {
        let state = world.cpus[cpu]
        if let phase = state.hotplug { return "it is already \(phase.goingDown ? "going offline" : "coming online")" }
        guard !state.online else { return "it is already online" }
        if let other = world.hotplugWriter { return busyText(other, world) }
        if let reader = hotplugReader(in: world) { return readerText(reader, world) }
        return nil
    }

    /// The offline and online moves possible now, in CPU order: exactly the CPUs whose
    /// `offlineRefusal` / `onlineRefusal` is nil, in one pass over the CPUs.
    func appendHotplugMoves(in world: World, to moves: inout [EngineAction]) {
        if world.hotplugWriter != nil { return }
        var onlineCount = 0
        // In place (`withCPU`): the explorer asks this in every state, and a copy of a CPU's
        // state retains every array inside it.
        for cpu in world.cpus.indices {
            let (busy, online) = world.withCPU(cpu) { state in
                var reading = false
                if let op = state.pointee.thread?.op, let pc = state.pointee.thread?.pc,
                    let byHotplug = state.pointee.thread?.byHotplug
                {
                    reading = holdsHotplugReadLock(op: op, pc: pc, byHotplug: byHotplug, world.driver)
                }
                return (state.pointee.hotplug != nil || reading, state.pointee.online)
            }
            if busy { return }
            if online { onlineCount += 1 }
        }
        for cpu in world.cpus.indices {
            let (online, mayIdle) = world.withCPU(cpu) { ($0.pointee.online, CPUState.mayBeginIdle($0)) }
            if !online {
                moves.append(.online(cpu: cpu))
            } else if onlineCount > 1, mayIdle, topology.tracerOfCPU[cpu] == nil || world.tracers[cpu].perfPath == nil {
                moves.append(.offline(cpu: cpu))
            }
        }
    }

    private func busyText(_ other: Int, _ world: World) -> String {
        let going = world.cpus[other].hotplug?.goingDown == true ? "going offline" : "coming online"
        return "cpu\(other) is \(going) (one hotplug transition at a time: it holds the CPU hotplug lock)"
    }

    private func readerText(_ reader: Int, _ world: World) -> String {
        let function = world.driver.hotplug == .core ? "enable_source_store()" : "etm4_disable_sysfs()"
        return "cpu\(reader)'s sysfs write holds the CPU hotplug lock (cpus_read_lock() in \(function)); step it past that first"
    }

    func beginOffline(_ cpu: Int, in world: inout World, log: inout EventLog) throws(ActionError) {
        if let why = offlineRefusal(cpu, in: world) { throw ActionError("cpu\(cpu) cannot go offline: \(why)") }
        let code = world.driver.hotplug
        world.cpus[cpu].hotplug = code == .core ? .coreTeardown : .stopped
        world.hotplugWriter = cpu
        log.emit(.cpu(cpu), .cpuDownBegan(code))
        finishHotplugAction(cpu, in: world, log: &log)
    }

    func beginOnline(_ cpu: Int, in world: inout World, log: inout EventLog) throws(ActionError) {
        if let why = onlineRefusal(cpu, in: world) { throw ActionError("cpu\(cpu) cannot come online: \(why)") }
        world.cpus[cpu].hotplug = .booting
        world.hotplugWriter = cpu
        log.emit(.cpu(cpu), .cpuUpBegan)
        finishHotplugAction(cpu, in: world, log: &log)
    }

    private func finishHotplugAction(_ cpu: Int, in world: World, log: inout EventLog) {
        var touched = Touched()
        touched.tracerCPU = topology.tracerOfCPU[cpu] == nil ? nil : cpu
        checkAfterStep(touched, actor: .cpu(cpu), in: world, log: &log)
        log.nextStep += 1
    }

    // MARK: - the transition's steps

    func hotplugStep(_ cpu: Int, in world: inout World, log: inout EventLog, touched: inout Touched) {
        guard let phase = world.cpus[cpu].hotplug else { return }
        let actor = Actor.cpu(cpu)
        let tracer = topology.tracerOfCPU[cpu]
        if tracer != nil { touched.tracerCPU = cpu }
        switch phase {
        case .coreTeardown:
            if world.cpus[cpu].handler != nil {
                // The dying CPU's own disable cross-calls itself: the handler runs inline first.
                return handlerStep(cpu, in: &world, log: &log, touched: &touched)
            }
            if world.cpus[cpu].thread != nil {
                // coresight_disable_sysfs() of the dying CPU's source, in its hotplug thread.
                threadStep(cpu, in: &world, log: &log, touched: &touched)
                if world.cpus[cpu].thread == nil { world.cpus[cpu].hotplug = .stopped }
                return
            }
            coreDying(cpu, in: &world, log: &log)
        case .stopped:
            world.cpus[cpu].online = false
            world.cpus[cpu].hotplug = .dying
            log.emit(actor, .leftOnlineMask)
        case .dying:
            // smpcfd_dying_cpu() runs what was queued before __cpu_disable(), handler by handler.
            if world.cpus[cpu].handler != nil {
                return handlerStep(cpu, in: &world, log: &log, touched: &touched)
            }
            if !world.cpus[cpu].pendingCalls.isEmpty {
                return takeIPI(cpu, in: &world, log: &log, touched: &touched)
            }
            if world.driver.hotplug == .driver, let t = tracer {
                // etm4_dying_cpu(): under the tracer's spinlock, IRQs off; the mode is kept so
                // that etm4_starting_cpu() can turn the unit back on.
                let mode = world.tracers[cpu].mode
                log.emit(actor, .hotplugCallback(.etm4DyingCPU, tracer: t, mode))
                if mode != .disabled { disableUnit(tracerCPU: cpu, actor: actor, in: &world, log: &log) }
            }
            world.cpus[cpu].hotplug = nil
            world.hotplugWriter = nil
            log.emit(actor, .cpuDead)
        case .booting:
            world.cpus[cpu].hotplug = .started
            guard world.driver.hotplug == .driver, let t = tracer else {
                log.emit(actor, .bootedWithoutCallback)
                return
            }
            // etm4_starting_cpu(): OS unlock if needed; if the mode is set, etm4_enable_hw(),
            // whose failure (a claim the debugger holds) is ignored.
            let mode = world.tracers[cpu].mode
            log.emit(actor, .hotplugCallback(.etm4StartingCPU, tracer: t, mode))
            world.tracers[cpu].unit.osLocked = false
            if mode != .disabled { _ = enableUnit(tracerCPU: cpu, actor: actor, in: &world, log: &log) }
        case .started:
            world.cpus[cpu].online = true
            world.cpus[cpu].hotplug = nil
            world.hotplugWriter = nil
            log.emit(actor, .cameOnline)
        }
    }

    /// `coresight_dying_cpu()`: if this CPU's source is SYSFS with a path, disable it as a
    /// sysfs write would (`coresight_disable_sysfs()`), in the CPU's hotplug thread; the
    /// hotplug lock keeps every other sysfs write out meanwhile.
    private func coreDying(_ cpu: Int, in world: inout World, log: inout EventLog) {
        guard let t = topology.tracerOfCPU[cpu] else {
            world.cpus[cpu].hotplug = .stopped
            return
        }
        let mode = world.tracers[cpu].mode
        log.emit(.cpu(cpu), .hotplugCallback(.coresightDyingCPU, tracer: t, mode))
        guard mode == .sysfs, world.tracers[cpu].sysfsPath != nil else {
            world.cpus[cpu].hotplug = .stopped
            return
        }
        var flow = ThreadFlow(op: .disableSource(t), pc: .lockAndCheck)
        flow.byHotplug = true
        world.cpus[cpu].thread = flow
    }
}
