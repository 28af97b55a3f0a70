public import DriverSimulation
import Foundation

/// Exhaustive breadth-first search over the schedules of a scenario: at each state, which CPU
/// takes its next atomic step and which environment event fires (idle entry within the budget,
/// a wake, an external claim within the budget or a release). Breadth-first, so the first
/// violation found ends a shortest counterexample.
///
/// Usable from any state: `explore(from:)` takes a world (the scenario's start, or wherever a
/// `Simulation` is now) and returns the counterexample as actions from that world.
public struct Explorer: Sendable {
    public let engine: Engine
    public let rules: EnvironmentRules
    public let options: ExplorationOptions

    public init(engine: Engine, environment: Environment, options: ExplorationOptions = .init()) throws(ActionError) {
        self.engine = engine
        self.rules = try EnvironmentRules(environment: environment, engine: engine)
        self.options = options
    }

    /// An explorer for a simulation's scenario (its environment, its engine).
    public init(simulation: Simulation, options: ExplorationOptions = .init()) throws(ActionError) {
        try self.init(engine: simulation.engine, environment: simulation.scenario.environment, options: options)
    }

    /// Explores from a simulation's current world with the scenario's whole budget.
    public func explore(
        _ simulation: Simulation, progress: ((ExplorationProgress) -> Void)? = nil
    ) -> ExplorationResult {
        explore(from: simulation.world, progress: progress)
    }

    /// Breadth-first with the options' reductions; a counterexample the partial-order
    /// reduction found is then confirmed shortest, or replaced by a shorter one
    /// (`ShortestConfirmation.swift`).
    public func explore(from start: World, progress: ((ExplorationProgress) -> Void)? = nil) -> ExplorationResult {
        let first = search(from: start, partialOrder: true, progress: progress)
        return confirmingShortest(first, from: start, progress: progress)
    }

    /// One breadth-first search; `partialOrder` false turns off the persistent sets only
    /// (dead-variable canonicalisation and symmetry stay as the options say).
    func search(from start: World, partialOrder: Bool, progress: ((ExplorationProgress) -> Void)?) -> ExplorationResult {
        var search = Search(explorer: self, start: start, partialOrder: partialOrder)
        return search.run(progress: progress)
    }
}

/// One run's mutable state: visited fingerprints, parent pointers, the BFS layers.
private struct Search {
    let explorer: Explorer
    let engine: Engine
    let rules: EnvironmentRules
    let order: PartialOrder
    /// Persistent sets (with reductions on, except in the search that confirms a shortest length).
    let reduce: Bool
    /// Dead-variable canonicalisation (with reductions on).
    let dead: DeadState?
    /// The scenario's symmetries from the start (with reductions and symmetry on; nil when none).
    let symmetry: Symmetry?
    let clock = ContinuousClock()
    let began: ContinuousClock.Instant

    /// Fingerprints of every state stored.
    var visited: Set<StateKey> = []
    /// Per state index: the parent's index and the move from it (`MoveCode`).
    var parents: [UInt32] = []
    var moves: [UInt32] = []
    var layer: [(world: World, budget: Budget, index: UInt32)] = []
    var transitions = 0
    var peakBytes = 0
    let worldBytes: Int
    var log = EventLog(recordsEvents: false)

    /// Bytes per stored state: a 16-byte key in a hash table at ≤ 75 % load (plus its
    /// metadata), a parent index and a move code.
    static let bytesPerState = 24 + 8

    init(explorer: Explorer, start: World, partialOrder: Bool) {
        self.explorer = explorer
        engine = explorer.engine
        rules = explorer.rules
        order = PartialOrder(engine: explorer.engine, rules: explorer.rules)
        reduce = explorer.options.reductions && partialOrder
        dead = explorer.options.reductions ? DeadState(engine: explorer.engine, rules: explorer.rules) : nil
        began = clock.now
        worldBytes = estimatedBytes(of: start) + MemoryLayout<Budget>.stride + 64 + 2 * start.cpus.count
        let budget = rules.initialBudget
        symmetry = explorer.options.reductions && explorer.options.symmetry
            ? Symmetry.detect(engine: engine, rules: rules, start: start, budget: budget) : nil
        visited.insert(Symmetry.key(start, budget, dead: dead, symmetry: symmetry))
        parents.append(0)
        moves.append(0)
        layer.append((start, budget, 0))
    }

    var elapsed: Double {
        let d = clock.now - began
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    mutating func run(progress: ((ExplorationProgress) -> Void)?) -> ExplorationResult {
        var depth = 0
        var bound: ExplorationResult.Bound? = nil
        var next: [(world: World, budget: Budget, index: UInt32)] = []
        while !layer.isEmpty {
            if let maxDepth = explorer.options.maxDepth, depth >= maxDepth {
                if layer.contains(where: { !rules.moves(engine: engine, world: $0.world, budget: $0.budget).isEmpty }) {
                    bound = .maxDepth
                }
                break
            }
            next.removeAll(keepingCapacity: true)
            for position in layer.indices {
                let (world, budget, index) = layer[position]
                let enabled = rules.moves(engine: engine, world: world, budget: budget)
                let ample = reduce ? order.ample(enabled, in: world, budget: budget) : enabled
                for move in ample {
                    if let found = expand(world, budget, index, move, next: &next) {
                        return finish(.violation, found: found, depth: depth + 1, bound: nil)
                    }
                }
                if position & 1023 == 1023 || position == layer.count - 1 {
                    let bytes = parents.count * Self.bytesPerState + (layer.count + next.count) * worldBytes
                    peakBytes = max(peakBytes, bytes)
                    if let progress {
                        progress(ExplorationProgress(
                            states: parents.count, transitions: transitions, depth: depth + 1,
                            seconds: elapsed, memoryBytes: bytes))
                    }
                    if bytes > explorer.options.maxMemoryBytes {
                        bound = .maxMemory
                        return finish(.bounded, found: nil, depth: depth + 1, bound: bound)
                    }
                }
            }
            swap(&layer, &next)
            if !layer.isEmpty { depth += 1 }
        }
        return finish(bound == nil ? .ok : .bounded, found: nil, depth: depth, bound: bound)
    }

    /// Applies one move; returns the violating path (as parent index and move) if it broke an
    /// invariant, else records the successor when it is new.
    mutating func expand(
        _ world: World, _ budget: Budget, _ index: UInt32, _ move: EngineAction,
        next: inout [(world: World, budget: Budget, index: UInt32)]
    ) -> (parent: UInt32, move: EngineAction, invariant: Invariant)? {
        var successor = world
        log.clear()
        do {
            try engine.apply(move, to: &successor, log: &log)
        } catch {
            return nil  // not possible after all (the legal-move list is exact; defensive)
        }
        transitions += 1
        if log.violationCount > 0, let violation = log.events.lazy.compactMap(\.violation).first {
            return (index, move, violation.invariant)
        }
        let nextBudget = rules.spend(move, from: budget)
        let key = Symmetry.key(successor, nextBudget, dead: dead, symmetry: symmetry)
        let newIndex = UInt32(parents.count)
        guard visited.insert(key).inserted else { return nil }
        parents.append(index)
        moves.append(MoveCode.encode(move))
        next.append((successor, nextBudget, newIndex))
        return nil
    }

    func finish(
        _ verdict: ExplorationResult.Verdict, found: (parent: UInt32, move: EngineAction, invariant: Invariant)?,
        depth: Int, bound: ExplorationResult.Bound?
    ) -> ExplorationResult {
        var path: [EngineAction] = []
        if let found {
            path.append(found.move)
            var index = found.parent
            while index != 0 {
                path.append(MoveCode.decode(moves[Int(index)]))
                index = parents[Int(index)]
            }
            path.reverse()
        }
        let bytes = max(peakBytes, parents.count * Self.bytesPerState + layer.count * worldBytes)
        return ExplorationResult(
            verdict: verdict, invariant: found?.invariant, counterexample: path.map(engine.action(for:)),
            bound: bound, states: parents.count, transitions: transitions, maxDepth: depth,
            seconds: elapsed, peakMemoryBytes: bytes)
    }
}

/// A move in 32 bits for the parent-pointer table: kind in the top byte, CPU or component below.
enum MoveCode {
    static func encode(_ move: EngineAction) -> UInt32 {
        switch move {
        case .step(let cpu): 0 << 24 | UInt32(cpu)
        case .idle(let cpu): 1 << 24 | UInt32(cpu)
        case .wake(let cpu): 2 << 24 | UInt32(cpu)
        case .extClaim(let id): 3 << 24 | UInt32(id)
        case .extRelease(let id): 4 << 24 | UInt32(id)
        case .extProgram(let id): 5 << 24 | UInt32(id)
        case .run(let cpu): 6 << 24 | UInt32(cpu)
        case .offline(let cpu): 7 << 24 | UInt32(cpu)
        case .online(let cpu): 8 << 24 | UInt32(cpu)
        case .queue: fatalError("the explorer never queues operations")
        }
    }

    static func decode(_ code: UInt32) -> EngineAction {
        let value = Int(code & 0xFF_FFFF)
        switch code >> 24 {
        case 0: return .step(cpu: value)
        case 1: return .idle(cpu: value)
        case 2: return .wake(cpu: value)
        case 3: return .extClaim(value)
        case 4: return .extRelease(value)
        case 5: return .extProgram(value)
        case 7: return .offline(cpu: value)
        case 8: return .online(cpu: value)
        default: return .run(cpu: value)
        }
    }
}
