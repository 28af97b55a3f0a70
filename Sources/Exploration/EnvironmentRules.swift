import CoreSightModel
public import DriverSimulation

/// What the environment may still do in a state: the scenario's bounded idle entries and
/// external claims, counted down. Part of the explored state (two equal worlds with different
/// budgets have different futures).
public struct Budget: Sendable, Hashable {
    /// Idle entries left, per CPU.
    var idleLeft: [UInt8]
    /// External claims left, per claimable slot of `EnvironmentRules`.
    var claimsLeft: [UInt8]
    /// Offline transitions left, per CPU (coming back up is always possible).
    var offlinesLeft: [UInt8]
}

/// The scenario's `environment:` resolved against a topology: which moves the explorer offers
/// besides CPU steps, and how each one spends the budget. Wakes are always possible (an
/// interrupt can always come), and so is bringing an offline CPU back up; a debugger releases
/// only what the environment lets it claim.
public struct EnvironmentRules: Sendable {
    let idleTimes: [UInt8]
    let offlineTimes: [UInt8]
    /// Components the debugger may claim, in the scenario's order (the slot index).
    let claimable: [Topology.ComponentID]
    let claimTimes: [UInt8]
    /// Component id → slot, or -1.
    let slotOfComponent: [Int]
    /// Claimable components that are not tracers (their moves are not among `LegalMoves`).
    let otherClaimable: [Topology.ComponentID]

    public init(environment: Environment, engine: Engine) throws(ActionError) {
        let topology = engine.topology
        var idle = Array(repeating: 0, count: topology.cpuCount)
        for entry in environment.idle {
            try Self.checkCPU(entry.cpu, topology)
            idle[entry.cpu] += entry.times
        }
        idleTimes = idle.map { UInt8(clamping: $0) }
        var offline = Array(repeating: 0, count: topology.cpuCount)
        for entry in environment.hotplug {
            try Self.checkCPU(entry.cpu, topology)
            offline[entry.cpu] += entry.times
        }
        offlineTimes = offline.map { UInt8(clamping: $0) }
        var slots = Array(repeating: -1, count: topology.components.count)
        var claimable: [Topology.ComponentID] = []
        var times: [Int] = []
        for entry in environment.extClaim {
            let id = try engine.component(named: entry.component)
            if slots[id] < 0 {
                slots[id] = claimable.count
                claimable.append(id)
                times.append(0)
            }
            times[slots[id]] += entry.times
        }
        self.claimable = claimable
        claimTimes = times.map { UInt8(clamping: $0) }
        slotOfComponent = slots
        otherClaimable = claimable.filter { !topology.components[$0].subtype.isTracer }
    }

    static func checkCPU(_ cpu: Int, _ topology: Topology) throws(ActionError) {
        guard cpu >= 0, cpu < topology.cpuCount else {
            throw ActionError("environment: no cpu\(cpu) on \(topology.name) (it has cpu0..cpu\(topology.cpuCount - 1))")
        }
    }

    public var initialBudget: Budget { Budget(idleLeft: idleTimes, claimsLeft: claimTimes, offlinesLeft: offlineTimes) }

    /// Every move possible now: the engine's legal moves (`LegalMoves`), kept when the budget
    /// allows them, plus claims of non-tracer components the environment names.
    func moves(engine: Engine, world: World, budget: Budget) -> [EngineAction] {
        var result: [EngineAction] = []
        appendMoves(engine: engine, world: world, budget: budget, to: &result)
        return result
    }

    /// `moves(engine:world:budget:)` into a buffer the caller reuses (emptied first).
    func appendMoves(engine: Engine, world: World, budget: Budget, to result: inout [EngineAction]) {
        result.removeAll(keepingCapacity: true)
        LegalMoves.append(engine: engine, world: world, to: &result, hotplug: hotplugMoves(in: world, budget: budget)) { move in
            switch move {
            case .idle(let cpu): budget.idleLeft[cpu] > 0
            case .offline(let cpu): budget.offlinesLeft[cpu] > 0
            case .extClaim(let id): slotOfComponent[id] >= 0 && budget.claimsLeft[slotOfComponent[id]] > 0
            case .extRelease(let id): slotOfComponent[id] >= 0
            default: true
            }
        }
        for id in otherClaimable {
            let tags = world.parts.withUnsafeBufferPointer { $0[id].claim }
            if tags.isEmpty, budget.claimsLeft[slotOfComponent[id]] > 0 { result.append(.extClaim(id)) }
            if tags.contains(.external) { result.append(.extRelease(id)) }
        }
    }

    /// Whether a hotplug move could be kept: a CPU may still go down, or one is down or on its
    /// way. Otherwise only `offline` moves would be offered, and the budget keeps none.
    func hotplugMoves(in world: World, budget: Budget) -> Bool {
        if budget.offlinesLeft.contains(where: { $0 > 0 }) { return true }
        // Field by field in place: a copy of a CPU's state would retain its arrays.
        return world.cpus.withUnsafeBufferPointer { cpus in cpus.indices.contains { !cpus[$0].online || cpus[$0].hotplug != nil } }
    }

    /// The budget after `move`.
    func spend(_ move: EngineAction, from budget: Budget) -> Budget {
        var next = budget
        switch move {
        case .idle(let cpu): next.idleLeft[cpu] -= 1
        case .offline(let cpu): next.offlinesLeft[cpu] -= 1
        case .extClaim(let id): next.claimsLeft[slotOfComponent[id]] -= 1
        default: break
        }
        return next
    }
}
