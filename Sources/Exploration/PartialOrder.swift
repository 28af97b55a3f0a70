import CoreSightModel
import DriverSimulation

/// Partial-order reduction with persistent sets ("ample sets" of whole processes).
///
/// The state is cut into *components*: `core` (coresight_mutex, the CPU hotplug lock, links,
/// sinks, every sysfs or perf flow in progress and the paths it holds) and, per CPU k, `comp k` (cpu k's idle phase,
/// pending IPIs, handler, its tracer's mode, hardware, claim tags, saved copy, and its
/// environment budget). A move's *footprint* is the components it reads or writes, including
/// what the invariant checks after it read; moves with disjoint footprints commute and neither
/// enables nor disables the other. (One read is treated by meaning rather than by field: the
/// quiescent check of etmK asks whether the mutex holder's flow is in flight *for etmK*, which
/// only a flow on etmK changes, and such a flow's footprint includes comp k.)
///
/// *Processes* are the CPUs (a CPU's own steps, its idle entries and wakes, and the debugger's
/// moves on its tracer) plus one for the debugger's moves on links and sinks (the step-level
/// model gives each tracer's debugger a process of its own). For a set Q of
/// processes, the enabled moves of Q are a persistent set when no process outside Q can, while
/// Q stands still, ever touch a component that Q's enabled moves use or that gates Q's
/// disabled moves. Then every schedule from the state reaches its violations also through one
/// of those moves first (Godefroid's persistent sets), so exploring only them loses none.
/// pm-code core: a CPU's idle path disables and enables its path's links (shared with other
/// paths) and reads the path of a flow in progress, so its idle moves touch `core` too.
/// CPU hotplug: a CPU's transition moves (`offline`, `online`, the steps in between) belong to
/// its process and touch `core` as well as comp k: the CPU hotplug lock, which orders them
/// against sysfs writes, and "the last online CPU", which orders transitions among themselves,
/// live there. A process that may still begin a transition (offline budget, or down) has `core`
/// in its future, and its disabled transitions are gated by `core`.
/// Where neither pm-code core nor hotplug is in play, `PartialOrder+Steps.swift` refines this to
/// steps: `core` splits into the mutex and what it guards, and writers queued behind a mutex
/// that the set holds stand still with it.
/// No cycle proviso is needed: every move makes progress (a flow's pc, a budget, an idle phase,
/// a transition, which only an offline budget starts again), so the state graph is acyclic
/// (`AcyclicityTests` checks it on the built-in scenarios).
struct PartialOrder {
    let engine: Engine
    let rules: EnvironmentRules
    let cpuCount: Int
    /// Component bits: `core` is bit 0, comp k is bit k + 1; process bits: cpu k is bit k, the
    /// link/sink debugger is bit `cpuCount`. Both fit one word up to 62 CPUs. (The step-level
    /// model has its own layout: PartialOrder+Steps.swift.)
    let usable: Bool
    static let core: UInt64 = 1
    /// A per-CPU sink (TRBE) loses its context in low power: the idle path writes a sink.
    let hasPerCPUSinks: Bool
    /// Per component, the sinks it reaches when it is a CPU's source (`Topology.sinksReached`;
    /// empty for the others): whether a sysfs enable's `findSink` succeeds is whether one of
    /// them is activated.
    let sinksOfSource: [[Topology.ComponentID]]

    init(engine: Engine, rules: EnvironmentRules) {
        self.engine = engine
        self.rules = rules
        cpuCount = engine.topology.cpuCount
        usable = cpuCount + 2 <= 64
        hasPerCPUSinks = engine.topology.perCPUSinkOfCPU.contains { $0 != nil }
        let topology = engine.topology
        sinksOfSource = topology.components.indices.map { id in
            topology.components[id].type == .source && topology.components[id].cpu != nil ? topology.sinksReached(from: id) : []
        }
    }

    @inline(__always) func comp(_ cpu: Int) -> UInt64 { 1 << UInt64(cpu + 1) }

    /// The components an operation's flow touches besides core and its own CPU.
    func components(of op: Operation) -> UInt64 {
        switch op {
        case .enableSource(let t), .disableSource(let t): comp(engine.topology.components[t].cpu!)
        default: 0
        }
    }

    /// Which process a move belongs to. In the whole-CPU model the debugger's moves on a tracer
    /// belong to the tracer's CPU; in the step-level model they are a process of their own per
    /// tracer (`debuggerProcess(ofCPU:)`), since they touch only the tracer.
    func process(of move: EngineAction, steps: Bool = false) -> Int {
        switch move {
        case .step(let cpu), .idle(let cpu), .wake(let cpu), .run(let cpu), .queue(let cpu, _), .offline(let cpu),
            .online(let cpu):
            return cpu
        case .extClaim(let id), .extRelease(let id), .extProgram(let id):
            guard let cpu = engine.topology.components[id].cpu else { return cpuCount }
            guard steps else { return cpu }
            // A per-CPU sink's claims are the link/sink debugger's: they touch what the mutex guards.
            return engine.topology.components[id].subtype.isTracer ? debuggerProcess(ofCPU: cpu) : cpuCount
        }
    }

    /// The step-level model's process for the debugger's moves on cpu k's tracer.
    @inline(__always) func debuggerProcess(ofCPU k: Int) -> Int { cpuCount + 1 + k }

    /// What a move reads or writes (see the type's comment).
    func footprint(of move: EngineAction, in world: World) -> UInt64 {
        switch move {
        case .wake(let cpu): return comp(cpu)
        case .idle(let cpu): return comp(cpu) | (world.driver.pmCode == .core ? Self.core : 0)
        // The CPU hotplug lock, and whether any CPU may still go down, live in core.
        case .offline(let cpu), .online(let cpu): return comp(cpu) | Self.core
        case .extClaim(let id), .extRelease(let id), .extProgram(let id):
            return engine.topology.components[id].cpu.map(comp) ?? Self.core
        case .queue(let cpu, _), .run(let cpu): return comp(cpu) | Self.core  // not offered by the explorer
        case .step(let cpu):
            let state = world.cpus[cpu]
            if state.hotplug != nil { return comp(cpu) | Self.core }
            // pm-code core walks the path's links (shared) and reads flows in progress.
            if state.idle != .running { return comp(cpu) | (world.driver.pmCode == .core ? Self.core : 0) }
            if let handler = state.handler { return comp(cpu) | comp(handler.call.tracerCPU) | Self.core }
            if state.irqsEnabled, let call = state.pendingCalls.first {
                return comp(cpu) | comp(call.tracerCPU) | Self.core
            }
            guard let op = state.thread?.op ?? state.queue.first else { return comp(cpu) | Self.core }
            return comp(cpu) | components(of: op) | Self.core
        }
    }

    /// Everything process `r` may touch from now on while the processes in `frozen` stand still.
    func future(of r: Int, frozen: UInt64, in world: World, budget: Budget) -> UInt64 {
        if r == cpuCount {
            let holds = rules.otherClaimable.contains { world.parts[$0].claim.contains(.external) }
            let canClaim = rules.otherClaimable.contains { budget.claimsLeft[rules.slotOfComponent[$0]] > 0 }
            return holds || canClaim ? Self.core : 0
        }
        let state = world.cpus[r]
        var mask = comp(r)
        if mayHotplug(r, world, budget) { mask |= Self.core }
        if world.driver.pmCode == .core, state.idle != .running || budget.idleLeft[r] > 0 { mask |= Self.core }
        if let thread = state.thread { mask |= Self.core | components(of: thread.op) }
        for op in state.queue { mask |= Self.core | components(of: op) }
        if let handler = state.handler { mask |= Self.core | comp(handler.call.tracerCPU) }
        for call in state.pendingCalls { mask |= Self.core | comp(call.tracerCPU) }
        // An IPI from a CPU that keeps moving brings a handler, which completes into core.
        if mask & Self.core == 0, let tracer = engine.topology.tracerOfCPU[r] {
            for c in 0..<cpuCount where c != r && frozen & (1 << UInt64(c)) == 0 {
                if targets(tracer, onCPU: c, in: world) { mask |= Self.core; break }
            }
        }
        return mask
    }

    /// Whether CPU `c`'s write in progress or queued names `tracer`.
    func targets(_ tracer: Topology.ComponentID, onCPU c: Int, in world: World) -> Bool {
        func hits(_ op: Operation) -> Bool {
            switch op {
            case .enableSource(let t), .disableSource(let t): t == tracer
            default: false
            }
        }
        return world.withCPU(c) { cpu in
            if let op = cpu.pointee.thread?.op, hits(op) { return true }
            for index in cpu.pointee.queue.indices where hits(cpu.pointee.queue[index]) { return true }
            return false
        }
    }

    /// Whether process r is in a hotplug transition, or may begin one (offline with budget,
    /// online whenever it is down).
    func mayHotplug(_ r: Int, _ world: World, _ budget: Budget) -> Bool {
        let state = world.cpus[r]
        return state.hotplug != nil || !state.online || budget.offlinesLeft[r] > 0
    }

    /// What must stay untouched for process q's disabled moves to stay disabled.
    func gates(of q: Int, in world: World, budget: Budget) -> UInt64 {
        if q == cpuCount { return Self.core }
        let state = world.cpus[q]
        let usesCore = state.thread != nil || !state.queue.isEmpty || mayHotplug(q, world, budget)
        return comp(q) | (usesCore ? Self.core : 0)
    }

    /// The smallest persistent set of processes' moves among `enabled` (all of them when nothing
    /// smaller is safe). Deterministic: ties go to the lowest process.
    func ample(_ enabled: [EngineAction], in world: World, budget: Budget) -> [EngineAction] {
        guard let chosen = ampleMoves(enabled, in: world, budget: budget) else { return enabled }
        return enabled.indices.filter { chosen & (1 << UInt64($0)) != 0 }.map { enabled[$0] }
    }

    /// `ample` as bits over `enabled`; nil when it is all of them, or (`atMost`) when no
    /// persistent set has at most that many moves (the sets that do are found as without it).
    func ampleMoves(_ enabled: [EngineAction], in world: World, budget: Budget, atMost: Int = .max) -> UInt64? {
        guard usable, enabled.count > 1, enabled.count <= 64 else { return nil }
        let steps = stepLevel(world, budget: budget)
        let processes = steps ? 2 * cpuCount + 1 : cpuCount + 1
        return withUnsafeTemporaryAllocation(of: ProcessMoves.self, capacity: processes) { table in
            table.initialize(repeating: ProcessMoves())
            // The enabled moves by process first: when they are all one process's, no set is smaller.
            var active: UInt64 = 0
            for (index, move) in enabled.enumerated() {
                let p = process(of: move, steps: steps)
                active |= 1 << UInt64(p)
                table[p].moves |= 1 << UInt64(index)
                table[p].count += 1
            }
            guard active.nonzeroBitCount > 1 else { return nil }
            // A set holds some process's moves whole: none has few enough, no set has.
            if atMost < enabled.count {
                var fewest = Int.max
                var processesLeft = active
                while processesLeft != 0 {
                    fewest = min(fewest, table[processesLeft.trailingZeroBitCount].count)
                    processesLeft &= processesLeft - 1
                }
                if fewest > atMost { return nil }
            }
            let holder = world.mutexHolder ?? -1
            // Step level: each process's future, for the holder free and frozen, once per state
            // when first needed (a set that fails early needs few of them).
            let holding = steps ? holdingMutex(in: world) : 0
            if steps { setTargeters(table, in: world) }
            let everyone: UInt64 = processes == 64 ? ~0 : (1 << UInt64(processes)) - 1
            let holderBit: UInt64 = holder >= 0 ? 1 << UInt64(holder) : 0
            var best: (moves: UInt64, count: Int)? = nil
            // A set with this many moves or more is given up (the best so far, or past `atMost`).
            var bound = atMost == .max ? Int.max : atMost + 1
            var candidates = active
            while candidates != 0 {
                let p = candidates.trailingZeroBitCount
                candidates &= candidates - 1
                // One process at a time, the mutex holder first: a frozen holder blocks the
                // writers queued behind it, so freezing it may keep them out of the set.
                // A set with as many moves as the best so far cannot replace it (ties go to the
                // lowest process), and adding processes only adds moves: give it up there.
                var count = table[p].count
                if count >= bound { continue }
                var q: UInt64 = 1 << UInt64(p)
                var used: UInt64 = 0
                var added = p
                while added >= 0 {
                    // Each process's footprint and gates once per state, when first needed (a
                    // chain asks for a set of one move: most processes never get here).
                    if !table[added].usesKnown {
                        var moves = table[added].moves
                        while moves != 0 {
                            let move = enabled[moves.trailingZeroBitCount]
                            table[added].footprint |= steps ? stepFootprint(of: move, in: world) : footprint(of: move, in: world)
                            moves &= moves - 1
                        }
                        table[added].gates = steps ? stepGates(of: added, in: world) : gates(of: added, in: world, budget: budget)
                        table[added].usesKnown = true
                    }
                    used |= table[added].footprint | table[added].gates
                    added = steps
                        ? nextStepProcess(table, q: q, used: used, holder: holder, holderBit: holderBit, holding: holding,
                            everyone: everyone, world: world, budget: budget, checked: best == nil)
                        : nextProcess(q: q, used: used, holder: holder, processes: processes, world: world, budget: budget)
                    if added >= 0 {
                        q |= 1 << UInt64(added)
                        count += table[added].count
                    }
                    if count >= bound { break }
                }
                if count >= bound { continue }
                var moves: UInt64 = 0
                var members = q
                while members != 0 {
                    moves |= table[members.trailingZeroBitCount].moves
                    members &= members - 1
                }
                best = (moves, count)
                bound = count
                if count == 1 { break }
            }
            guard let best, best.count < enabled.count else { return nil }
            return best.moves
        }
    }

    /// The whole-CPU model's next process to add to `q`: the holder if it may touch `used`,
    /// else the lowest that may; -1 when none.
    private func nextProcess(q: UInt64, used: UInt64, holder: Int, processes: Int, world: World, budget: Budget) -> Int {
        for index in -1..<processes {
            let r = index < 0 ? holder : index
            guard r >= 0, index < 0 || r != holder, q & (1 << UInt64(r)) == 0 else { continue }
            if future(of: r, frozen: q, in: world, budget: budget) & used != 0 { return r }
        }
        return -1
    }

    /// The step-level model's next process to add to `q` (as `nextProcess`), from the table.
    @inline(__always)
    private func nextStepProcess(
        _ table: UnsafeMutableBufferPointer<ProcessMoves>, q: UInt64, used: UInt64, holder: Int, holderBit: UInt64,
        holding: UInt64, everyone: UInt64, world: World, budget: Budget, checked: Bool
    ) -> Int {
        let holderFrozen = q & holderBit != 0
        @inline(__always) func reaches(_ r: Int) -> Bool {
            if !table[r].futuresKnown {
                (table[r].futureHolderFree, table[r].futureHolderFrozen) = ownStepFutures(of: r, in: world, budget: budget)
                table[r].futuresKnown = true
            }
            let entry = table[r]
            let own = holderFrozen ? entry.futureHolderFrozen : entry.futureHolderFree
            let reach = own | (entry.targeters == 0 ? 0 : handlersSent(
                to: r, frozen: q, holderFrozen: holderFrozen, targeters: entry.targeters, holding: holding))
            // Debug builds check the table against the direct computation for the first set.
            assert(!checked || reach == stepFuture(of: r, frozen: q, in: world, budget: budget), "step future table")
            return reach & used != 0
        }
        if holderBit != 0, !holderFrozen, reaches(holder) { return holder }
        var rest = everyone & ~q & ~holderBit
        while rest != 0 {
            let r = rest.trailingZeroBitCount
            if reaches(r) { return r }
            rest &= rest - 1
        }
        return -1
    }
}

extension PartialOrder {
    /// The move a chain takes next from `world` (`Expander.followChain`): its persistent set's,
    /// when that is a single move; nil when the state has a choice or no move. The search and
    /// the counterexample's rebuilding (`Explorer.moves`) both ask here, so they agree.
    /// `enabled`: reused scratch for the state's moves.
    func chainMove(in world: World, budget: Budget, enabled: inout [EngineAction]) -> EngineAction? {
        if let move = aloneByItsStep(in: world, budget: budget) {
            // Debug builds check it against the general computation: a set of one move exists.
            assert({
                rules.appendMoves(engine: engine, world: world, budget: budget, to: &enabled)
                return enabled.contains(move)
                    && (enabled.count == 1 || ampleMoves(enabled, in: world, budget: budget, atMost: 1)?.nonzeroBitCount == 1)
            }(), "a move that is a persistent set by its step alone")
            return move
        }
        rules.appendMoves(engine: engine, world: world, budget: budget, to: &enabled)
        if enabled.count == 1 { return enabled[0] }
        guard let chosen = ampleMoves(enabled, in: world, budget: budget, atMost: 1), chosen.nonzeroBitCount == 1 else {
            return nil
        }
        return enabled[chosen.trailingZeroBitCount]
    }
}

/// One process's enabled moves in a state: which (bits over the enabled list), what they touch.
struct ProcessMoves {
    var moves: UInt64 = 0
    var footprint: UInt64 = 0
    var count = 0
    /// Step level: its future but for handlers sent to it (`ownStepFuture`), with the mutex
    /// holder free and frozen; the CPUs whose writes name its tracer.
    var futureHolderFree: UInt64 = 0
    var futureHolderFrozen: UInt64 = 0
    var futuresKnown = false
    var targeters: UInt64 = 0
    /// What must stay untouched for its disabled moves to stay disabled.
    var gates: UInt64 = 0
    /// Whether `footprint` and `gates` are computed (when first needed).
    var usesKnown = false
}

extension PartialOrder {
    /// A move that is a persistent set on its own by what it is, found without listing the
    /// state's moves (step level only; the chains ask this first): of the lowest CPU that has one,
    ///
    /// - in the idle path, going to low power or turning IRQs back on, or in low power the wake:
    ///   they touch nothing another process reads (`idleStepFootprint`), and nothing another
    ///   process does enables another move of the CPU (`stepGates`); not with a per-CPU sink;
    /// - the mutex holder's next step when it builds or tears down its path (or finds the sink a
    ///   path is then built to), and nothing but a mutex holder can touch what the mutex guards:
    ///   no perf session or sink write in progress or queued, no debugger claim of a link or
    ///   sink held or left, no per-CPU sink. It touches only what the mutex guards and its own
    ///   flow, and while it stands still every other write waits for the mutex, so no cross-call
    ///   or handler comes near it.
    ///
    /// Both read from the footprints the general computation uses (`idleStepFootprint`,
    /// `stepFootprint`, `flowStepFootprint`), so the two cannot drift apart. On `ring-N` most
    /// chain steps are such.
    func aloneByItsStep(in world: World, budget: Budget) -> EngineAction? {
        guard !hasPerCPUSinks else { return nil }
        let holder = world.mutexHolder ?? -1
        var checkedLevel = false
        for c in 0..<cpuCount {
            let move: EngineAction? = world.withCPU(c) { state in
                switch state.pointee.idle {
                case .wfi: return stepFootprint(of: .wake(cpu: c), in: world) == 0 ? .wake(cpu: c) : nil
                case .running: return c == holder && holderStepTouchesGuardedAlone(state, on: c, in: world) ? .step(cpu: c) : nil
                case let phase: return idleStepFootprint(c, at: phase) == 0 ? .step(cpu: c) : nil
                }
            }
            guard let move else { continue }
            if !checkedLevel {
                guard stepLevel(world, budget: budget) else { return nil }
                checkedLevel = true
            }
            if c == holder, !nothingButTheHolderTouchesGuarded(in: world, budget: budget) { continue }
            return move
        }
        return nil
    }

    /// Whether the holder's next step (CPU `c`, its state `state`) is of its sysfs write and
    /// touches only what the mutex guards and its own flow.
    private func holderStepTouchesGuardedAlone(_ state: UnsafePointer<CPUState>, on c: Int, in world: World) -> Bool {
        guard state.pointee.handler == nil, state.pointee.pendingCalls.isEmpty, state.pointee.hotplug == nil,
            let pc = state.pointee.thread?.pc, let op = state.pointee.thread?.op, op.needsMutex
        else { return false }
        return flowStepFootprint(op, at: pc, on: c, in: world) & ~(Self.guardedBit | flowPart(c)) == 0
    }

    /// No perf session or sink write in progress or queued, and no debugger claim of a link or
    /// sink held or left: only a mutex holder touches what the mutex guards.
    private func nothingButTheHolderTouchesGuarded(in world: World, budget: Budget) -> Bool {
        guard future(of: cpuCount, frozen: 0, in: world, budget: budget) == 0 else { return false }
        return world.cpus.withUnsafeBufferPointer { cpus in
            cpus.indices.allSatisfy { c in
                cpus[c].thread?.op.needsMutex != false && cpus[c].queue.indices.allSatisfy { cpus[c].queue[$0].needsMutex }
            }
        }
    }
}
