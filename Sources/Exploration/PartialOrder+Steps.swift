import CoreSightModel
import DriverSimulation

/// Step-level footprints (issue 14): where no CPU can change its hotplug state and the idle path
/// touches only its own CPU (pm-code v1–v3), `core` splits in two and a flow's control state
/// moves to its CPU's component:
///
/// - `mutex`: who holds `coresight_mutex`. Written by a sysfs write's first step (which takes it)
///   and its last (which releases it).
/// - `guarded`: links, sinks, every path (remembered or being built). Sysfs writes touch it only
///   while they hold the mutex; perf callbacks, sink writes and the debugger's claims of links
///   and sinks touch it without.
/// - comp k: CPU k with its flow's control state (pc, result, completion), its IPIs and idle
///   phase, and tracer k. A handler's completion writes its caller's flow: comp caller.
///
/// The gain: while a CPU holds the mutex, a CPU whose next operation is a sysfs write is blocked
/// behind it, so if the holder stands still (it is in the set), that CPU can never reach the
/// links, sinks or paths the holder is building: its future is its own component and the IPIs
/// it serves. The holder's steps (and its target's handler) then form a persistent set on their
/// own, instead of "every CPU that will ever write sysfs".
///
/// Two reads are covered by meaning, as in the whole-CPU model: the tracer checks of etmK read
/// the mutex holder's flow only when that flow is on etmK (then its steps touch comp k); and a
/// tracer's remembered path is written only by flows on that tracer (comp k as well as guarded).
extension PartialOrder {
    /// Whether the step-level model holds in this state: pm-code core walks links from the idle
    /// path, and CPU hotplug takes locks that order everything; both keep the whole-CPU model.
    func stepLevel(_ world: World, budget: Budget) -> Bool {
        guard world.driver.pmCode != .core, world.hotplugWriter == nil else { return false }
        for k in 0..<cpuCount {
            let cpu = world.cpus[k]
            if !cpu.online || cpu.hotplug != nil || budget.offlinesLeft[k] > 0 { return false }
        }
        return true
    }

    /// What an operation's flow touches besides its own CPU, from its first step on.
    @inline(__always) func stepFootprint(of op: Operation) -> UInt64 {
        switch op {
        case .enableSource(let t), .disableSource(let t): Self.guarded | comp(engine.topology.components[t].cpu!)
        default: Self.guarded  // perf callbacks and sink writes, without the mutex
        }
    }

    /// What a move reads or writes, step by step.
    func stepFootprint(of move: EngineAction, in world: World) -> UInt64 {
        switch move {
        case .wake(let cpu), .idle(let cpu): return comp(cpu)
        case .extClaim(let id), .extRelease(let id), .extProgram(let id):
            return engine.topology.components[id].cpu.map(comp) ?? Self.guarded
        case .step(let cpu):
            let state = world.cpus[cpu]
            if state.idle != .running { return comp(cpu) }
            if let handler = state.handler { return comp(cpu) | comp(handler.call.tracerCPU) | comp(handler.call.caller) }
            if state.irqsEnabled, let call = state.pendingCalls.first {
                return comp(cpu) | comp(call.tracerCPU) | comp(call.caller)
            }
            if let thread = state.thread {
                // A sysfs flow holds the mutex from its first step; those that may end it release it.
                var mask = comp(cpu) | stepFootprint(of: thread.op)
                if thread.holdsMutex, mayRelease(thread.pc) { mask |= Self.mutex }
                return mask
            }
            guard let op = state.queue.first else { return comp(cpu) }
            return comp(cpu) | stepFootprint(of: op) | (op.needsMutex ? Self.mutex : 0)
        default:
            return footprint(of: move, in: world)
        }
    }

    /// The steps that may end the flow (and so release the mutex): a failed sink search, the
    /// commit and the finish.
    @inline(__always) func mayRelease(_ pc: ThreadPC) -> Bool {
        switch pc {
        case .lockAndCheck, .findSink, .commit, .finish: true
        default: false
        }
    }

    /// Everything process `r` may touch from now on while the processes in `frozen` stand still.
    func stepFuture(of r: Int, frozen: UInt64, in world: World, budget: Budget) -> UInt64 {
        if r == cpuCount { return future(of: r, frozen: frozen, in: world, budget: budget) & Self.guarded }
        let state = world.cpus[r]
        var mask = comp(r)
        if let handler = state.handler { mask |= comp(handler.call.tracerCPU) | comp(handler.call.caller) }
        for call in state.pendingCalls { mask |= comp(call.tracerCPU) | comp(call.caller) }
        if let thread = state.thread { mask |= stepFootprint(of: thread.op) | (thread.holdsMutex ? Self.mutex : 0) }
        // A write behind a mutex that a frozen CPU holds never starts, nor does anything after it.
        let blockedByFrozen = world.mutexHolder.map { $0 != r && frozen & (1 << UInt64($0)) != 0 } ?? false
        for op in state.queue {
            if op.needsMutex {
                if blockedByFrozen { break }
                mask |= Self.mutex
            }
            mask |= stepFootprint(of: op)
        }
        // An IPI from a CPU that keeps moving brings a handler, which completes into its caller;
        // a CPU that would first have to take a mutex a frozen CPU holds sends none.
        if let tracer = engine.topology.tracerOfCPU[r] {
            for c in 0..<cpuCount where c != r && frozen & (1 << UInt64(c)) == 0 && targets(tracer, world.cpus[c]) {
                let blocked = world.cpus[c].thread?.holdsMutex != true
                    && world.mutexHolder.map { $0 != c && frozen & (1 << UInt64($0)) != 0 } == true
                if !blocked { mask |= comp(c) }
            }
        }
        return mask
    }

    /// What must stay untouched for process q's disabled moves to stay disabled: its own
    /// component (a flow waiting for its IPI's completion, idle, wake, claims of its tracer),
    /// and the mutex when its next write waits for it.
    func stepGates(of q: Int, in world: World) -> UInt64 {
        if q == cpuCount { return Self.guarded }
        let state = world.cpus[q]
        let waitsForMutex = state.thread == nil && state.queue.first?.needsMutex == true
        return comp(q) | (waitsForMutex ? Self.mutex : 0)
    }
}
