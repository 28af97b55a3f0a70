import CoreSightModel
import DriverSimulation

/// Step-level footprints (issue 14). Where no CPU can change its hotplug state and the idle path
/// touches only its own CPU (pm-code v1–v3), the whole-CPU components split:
///
/// - `mutex`: who holds `coresight_mutex`. Written by a sysfs write's first step (which takes it)
///   and by the steps that may end it (which release it).
/// - `guarded`: links, sinks, every path (remembered or being built). Sysfs writes touch it only
///   while they hold the mutex; perf callbacks, sink writes and the debugger's claims of links
///   and sinks touch it without.
/// - per CPU k, three: `cpuPart` (idle phase, pending IPIs, handler), `tracerPart` (tracer k:
///   mode, unit, claim tags, saved copy, refcount, path pointer) and `flowPart` (the control state
///   of CPU k's own write: pc, result, the completion its IPI handler writes, its queue).
///
/// A sysfs write then touches tracer k only on the steps that read or write it (the mode check,
/// the mode take, the cross-call, its return, the commit, the end); building or tearing down the
/// path touches only `guarded`. And while a CPU holds the mutex, a CPU whose next operation is a
/// sysfs write is blocked behind it: if the holder stands still (it is in the set), that CPU
/// never reaches the links, sinks or paths the holder is building. So the holder's path steps
/// form a persistent set on their own, where the whole-CPU model needed every CPU that will ever
/// write sysfs.
///
/// Processes: each CPU (its steps, idle entries and wakes), one debugger per tracer (its claims
/// and releases touch that tracer alone, `debuggerProcess(ofCPU:)`), and the link/sink debugger
/// (claims of links and sinks, per-CPU sinks included). Of the idle path only the save and the
/// restore touch the tracer; going to low power and turning IRQs back on touch nothing another
/// process reads (`idleStepFootprint`).
///
/// Reads covered by meaning (every write that could change what they read touches what the
/// reader touches): the tracer checks of etmK read whether a flow on etmK is in flight — the
/// idle phase (changed in or out of flight only by idle steps, which touch tracer k), the handler
/// (its steps touch tracer k), the mutex holder's flow on etmK (its steps that move in or out of
/// flight touch tracer k); the restore's check of the sink under the source reads the sink of
/// tracer k's own path, which stays enabled while that path holds it, except a per-CPU sink
/// (TRBE) losing its context in low power: on boards with per-CPU sinks, idle steps touch
/// `guarded` too.
extension PartialOrder {
    static let mutexBit: UInt64 = 1
    static let guardedBit: UInt64 = 2
    /// Two shared components and three per CPU in one word.
    static let largestStepLevelCPUCount = 20

    @inline(__always) func cpuPart(_ k: Int) -> UInt64 { 1 << UInt64(2 + 3 * k) }
    @inline(__always) func tracerPart(_ k: Int) -> UInt64 { 1 << UInt64(3 + 3 * k) }
    @inline(__always) func flowPart(_ k: Int) -> UInt64 { 1 << UInt64(4 + 3 * k) }

    /// Whether the step-level model holds in this state: pm-code core walks links from the idle
    /// path, and CPU hotplug takes locks that order everything; both keep the whole-CPU model.
    func stepLevel(_ world: World, budget: Budget) -> Bool {
        cpuCount <= Self.largestStepLevelCPUCount && world.driver.pmCode != .core && world.hotplugWriter == nil
            && !rules.hotplugMoves(in: world, budget: budget)
    }

    @inline(__always) func tracerCPU(_ t: Topology.ComponentID) -> Int { engine.topology.components[t].cpu! }

    /// What one step of CPU `c`'s flow touches, by the step it is at.
    func flowStepFootprint(_ op: Operation, at pc: ThreadPC, on c: Int, in world: World) -> UInt64 {
        switch op {
        case .enableSource(let t), .disableSource(let t):
            let k = tracerCPU(t)
            var mask = flowPart(c)
            switch pc {
            case .enablePath, .teardown: mask |= Self.guardedBit
            // Finding the sink reads sinks; the trace ID it marks is never read. Only a search
            // that fails ends the write (the mutex, and tracer k's checks).
            case .findSink where findsASink(for: t, in: world): mask |= Self.guardedBit
            case .takeMode, .afterCall: mask |= tracerPart(k)
            case .sendCall: mask |= tracerPart(k) | cpuPart(k)
            case .lockAndCheck, .findSink, .commit, .finish: mask |= Self.mutexBit | Self.guardedBit | tracerPart(k)
            default: mask |= Self.mutexBit | Self.guardedBit | tracerPart(k) | cpuPart(k)
            }
            return mask
        case .perfStart, .perfStop: return flowPart(c) | cpuPart(c) | tracerPart(c) | Self.guardedBit
        case .enableSink, .disableSink: return flowPart(c) | Self.guardedBit
        }
    }

    /// Whether `findSink` succeeds now (as Engine+Thread.swift decides it: a sink is found, and
    /// then a path to it built, exactly when a sink the source reaches is activated).
    func findsASink(for t: Topology.ComponentID, in world: World) -> Bool {
        // In place: a copy of a part would retain its port array.
        world.parts.withUnsafeBufferPointer { parts in sinksOfSource[t].contains { parts[$0].activated } }
    }

    /// Everything an operation's flow may touch over its whole run on CPU `c`.
    func flowFuture(of op: Operation, on c: Int) -> UInt64 {
        switch op {
        case .enableSource(let t), .disableSource(let t):
            let k = tracerCPU(t)
            return flowPart(c) | Self.mutexBit | Self.guardedBit | tracerPart(k) | cpuPart(k)
        case .perfStart, .perfStop: return flowPart(c) | cpuPart(c) | tracerPart(c) | Self.guardedBit
        case .enableSink, .disableSink: return flowPart(c) | Self.guardedBit
        }
    }

    /// A handler on CPU `cpu` for `call`: the CPU, the tracer, and its caller's flow (completion).
    @inline(__always) func handlerFootprint(_ call: CrossCall, on cpu: Int) -> UInt64 {
        cpuPart(cpu) | tracerPart(call.tracerCPU) | flowPart(call.caller)
    }

    /// Idle steps: the CPU, and its tracer on the steps that save or restore it (they also move
    /// the CPU in or out of flight). A per-CPU sink's context too (see the type's comment).
    /// Going to low power and turning IRQs back on touch nothing another process reads: both
    /// sides of each are in flight, or both out, and only the CPU's own moves read its idle
    /// phase, except a cross-call sent to it, with which both commute: an IPI that arrives
    /// before low power is found pending there (the CPU wakes at once), one that arrives in low
    /// power wakes it; either order ends waking, the call pending. (With a per-CPU sink they do
    /// not commute: going to low power loses the sink's context, finding the IPI pending keeps it.)
    @inline(__always) func idleStepFootprint(_ k: Int, at phase: IdlePhase) -> UInt64 {
        switch phase {
        case .pmEntered, .pmExited: return hasPerCPUSinks ? cpuPart(k) | Self.guardedBit : 0
        default: return cpuPart(k) | tracerPart(k) | (hasPerCPUSinks ? Self.guardedBit : 0)
        }
    }

    /// What a move reads or writes, step by step.
    func stepFootprint(of move: EngineAction, in world: World) -> UInt64 {
        switch move {
        // Beginning idle reads "nothing in progress", which only the CPU's own moves change.
        case .idle(let cpu): return cpuPart(cpu)
        // A wake from low power touches nothing another process reads: the CPU is in flight on
        // both sides, and a cross-call sent to it, the one move of another process that reads its
        // idle phase, wakes it too: after the wake it leads to the state it leads to without it
        // (`wakeIsSubsumedByACrossCall`), so exploring the wake first loses no state.
        case .wake(let cpu): return hasPerCPUSinks ? cpuPart(cpu) : 0
        case .extClaim(let id), .extRelease(let id), .extProgram(let id):
            // Field by field: a copy of the component would retain its name.
            guard let cpu = engine.topology.components[id].cpu, engine.topology.components[id].subtype.isTracer else {
                return Self.guardedBit
            }
            return tracerPart(cpu)
        case .step(let cpu):
            return world.withCPU(cpu) { state in
                if state.pointee.idle != .running { return idleStepFootprint(cpu, at: state.pointee.idle) }
                if let call = state.pointee.handler?.call { return handlerFootprint(call, on: cpu) }
                if CPUState.irqsEnabled(state), let call = state.pointee.pendingCalls.first { return handlerFootprint(call, on: cpu) }
                if let op = state.pointee.thread?.op, let pc = state.pointee.thread?.pc {
                    return flowStepFootprint(op, at: pc, on: cpu, in: world)
                }
                guard let op = state.pointee.queue.first else { return cpuPart(cpu) }
                return flowStepFootprint(op, at: op.firstPC, on: cpu, in: world)
            }
        default:
            return footprint(of: move, in: world)
        }
    }

    /// Everything process `r` may touch from now on while the processes in `frozen` stand still.
    func stepFuture(of r: Int, frozen: UInt64, in world: World, budget: Budget) -> UInt64 {
        if r >= cpuCount { return ownStepFuture(of: r, holderFrozen: false, in: world, budget: budget) }
        let holderFrozen = world.mutexHolder.map { frozen & (1 << UInt64($0)) != 0 } ?? false
        return ownStepFuture(of: r, holderFrozen: holderFrozen, in: world, budget: budget)
            | handlersSent(to: r, frozen: frozen, holderFrozen: holderFrozen, targeters: targeters(of: r, in: world),
                holding: holdingMutex(in: world))
    }

    /// `stepFuture` but for the handlers other CPUs' writes may still send to `r`: what `r`'s
    /// own moves, queued writes and pending calls touch (a write queued behind a mutex that a
    /// frozen CPU holds never starts). `holderFrozen` says whether the mutex holder is frozen.
    func ownStepFuture(of r: Int, holderFrozen: Bool, in world: World, budget: Budget) -> UInt64 {
        let futures = ownStepFutures(of: r, in: world, budget: budget)
        return holderFrozen ? futures.frozen : futures.free
    }

    /// `ownStepFuture` with the mutex holder free and frozen, in one pass (the same when no CPU
    /// holds the mutex, or `r` does, or `r` is a debugger).
    func ownStepFutures(of r: Int, in world: World, budget: Budget) -> (free: UInt64, frozen: UInt64) {
        if r >= cpuCount {
            let future = r == cpuCount
                ? (future(of: r, frozen: 0, in: world, budget: budget) == 0 ? 0 : Self.guardedBit)
                : debuggerFuture(onCPU: r - cpuCount - 1, in: world, budget: budget)
            return (future, future)
        }
        let blockable = world.mutexHolder.map { $0 != r } ?? false
        return world.withCPU(r) { state -> (free: UInt64, frozen: UInt64) in
            var mask = cpuPart(r) | flowPart(r)
            if hasPerCPUSinks { mask |= Self.guardedBit }
            // Its idle path saves and restores its tracer, while it is idle or may idle again;
            // past the restore (pmExited) only turning IRQs back on is left, which touches the CPU alone.
            let idling = state.pointee.idle != .running && state.pointee.idle != .pmExited
            if idling || budget.idleLeft[r] > 0 { mask |= tracerPart(r) }
            if let call = state.pointee.handler?.call { mask |= handlerFootprint(call, on: r) }
            for index in state.pointee.pendingCalls.indices { mask |= handlerFootprint(state.pointee.pendingCalls[index], on: r) }
            if let op = state.pointee.thread?.op { mask |= flowFuture(of: op, on: r) }
            // A frozen holder stops the queue at its first write that needs the mutex.
            var frozen: UInt64? = nil
            for index in state.pointee.queue.indices {
                let op = state.pointee.queue[index]
                if frozen == nil, blockable, op.needsMutex { frozen = mask }
                mask |= flowFuture(of: op, on: r)
            }
            return (mask, frozen ?? mask)
        }
    }

    /// `targeters(of:in:)` of every CPU into the table's entries, one pass over the CPUs' writes.
    func setTargeters(_ table: UnsafeMutableBufferPointer<ProcessMoves>, in world: World) {
        world.cpus.withUnsafeBufferPointer { cpus in
            for c in 0..<cpuCount {
                @inline(__always) func note(_ op: Operation) {
                    switch op {
                    case .enableSource(let t), .disableSource(let t):
                        let k = tracerCPU(t)
                        if k != c, engine.topology.tracerOfCPU[k] == t { table[k].targeters |= 1 << UInt64(c) }
                    default: break
                    }
                }
                if let op = cpus[c].thread?.op { note(op) }
                for index in cpus[c].queue.indices { note(cpus[c].queue[index]) }
            }
        }
        for r in 0..<cpuCount { assert(table[r].targeters == targeters(of: r, in: world), "targeters table") }
    }

    /// The CPUs other than `r` whose write in progress or queued names `r`'s tracer.
    func targeters(of r: Int, in world: World) -> UInt64 {
        guard let tracer = engine.topology.tracerOfCPU[r] else { return 0 }
        var mask: UInt64 = 0
        for c in 0..<cpuCount where c != r && targets(tracer, onCPU: c, in: world) { mask |= 1 << UInt64(c) }
        return mask
    }

    /// The CPUs whose write holds the mutex.
    func holdingMutex(in world: World) -> UInt64 {
        var mask: UInt64 = 0
        for c in 0..<cpuCount where world.withCPU(c, { $0.pointee.thread?.holdsMutex == true }) { mask |= 1 << UInt64(c) }
        return mask
    }

    /// An IPI from a CPU that keeps moving brings a handler to `r`, which touches `r`'s tracer
    /// and completes into its caller; a CPU that would first have to take a mutex a frozen CPU
    /// holds sends none.
    @inline(__always)
    func handlersSent(to r: Int, frozen: UInt64, holderFrozen: Bool, targeters: UInt64, holding: UInt64) -> UInt64 {
        var senders = targeters & ~frozen
        if holderFrozen { senders &= holding }
        guard senders != 0 else { return 0 }
        var mask = tracerPart(r)
        while senders != 0 {
            mask |= flowPart(senders.trailingZeroBitCount)
            senders &= senders - 1
        }
        return mask
    }

    /// What must stay untouched for process q's disabled moves to stay disabled: a CPU's own
    /// parts (a flow waiting for its IPI's completion, idle, wake) and the mutex when its next
    /// write waits for it; no CPU move waits on its tracer (the debugger's moves do).
    func stepGates(of q: Int, in world: World) -> UInt64 {
        if q == cpuCount { return Self.guardedBit }
        // A claim waits for the tags to be free, a release for the debugger's own tag.
        if q > cpuCount { return tracerPart(q - cpuCount - 1) }
        // In the idle path its one move is its next idle step (in low power, the wake), whichever
        // move another process takes: nothing else of it can be enabled until it moves itself,
        // but for a cross-call that wakes it from low power, which the wake's footprint covers.
        if world.withCPU(q, { $0.pointee.idle != .running }) { return flowPart(q) }
        // Only a write that would be the CPU's next step waits for the mutex; one behind an idle
        // cycle, a handler or an IPI to take waits first for the CPU's own moves.
        let waitsForMutex = world.withCPU(q) { state in
            // `thread?.pc`: a field, not the flow (comparing the flow with nil copies it and its path).
            let nextIsWrite = state.pointee.idle == .running && state.pointee.handler == nil && state.pointee.thread?.pc == nil
                && !(CPUState.irqsEnabled(state) && !state.pointee.pendingCalls.isEmpty)
            return nextIsWrite && state.pointee.queue.first?.needsMutex == true
        }
        return cpuPart(q) | flowPart(q) | (waitsForMutex ? Self.mutexBit : 0)
    }

    /// The debugger on cpu k's tracer: it touches the tracer while it holds a claim it will
    /// release or may still claim; after its last release it is done.
    func debuggerFuture(onCPU k: Int, in world: World, budget: Budget) -> UInt64 {
        guard let tracer = engine.topology.tracerOfCPU[k] else { return 0 }
        // In place: a copy of the part would retain its port array.
        if world.parts.withUnsafeBufferPointer({ $0[tracer].claim.contains(.external) }) { return tracerPart(k) }
        let slot = rules.slotOfComponent[tracer]
        return slot >= 0 && budget.claimsLeft[slot] > 0 ? tracerPart(k) : 0
    }
}
