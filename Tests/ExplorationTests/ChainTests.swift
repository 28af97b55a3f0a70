import DriverSimulation
@testable import Exploration
import Scenarios
import Testing

/// Transaction reduction (`Expander.followChain`): a state whose persistent set is a single
/// move is passed through, not stored. It must keep the verdict and the shortest length, store
/// fewer states, give the same figures on one thread and on two, and rebuild a counterexample
/// that went through chains move for move.
@Suite struct ChainTests {
    static func explorer(_ name: String, _ kernel: String, chains: Bool, jobs: Int = 1, confirming: Int = 0) throws
        -> (Explorer, Simulation)
    {
        let simulation = try ScenarioCatalogue.simulation(
            of: try ScenarioCatalogue.load(name), kernel: try KernelCatalogue.load(kernel))
        var options = ExplorationOptions(jobs: jobs, maxConfirmingStates: confirming)
        options.chains = chains
        return (try Explorer(simulation: simulation, options: options), simulation)
    }

    @Test(arguments: [
        ("ring-2", "v6.18"), ("ring-2", "v6.19"), ("seed-3", "v6.18"), ("seed-3", "v6.19"),
        ("claim-failure-vs-idle", "v6.18"), ("claim-failure-vs-idle", "v6.19"), ("trbe-idle-under-perf", "v7.2"),
    ])
    func chainsKeepTheVerdictAndStoreFewerStates(_ name: String, _ kernel: String) throws {
        let (stored, simulation) = try Self.explorer(name, kernel, chains: false, confirming: 200_000)
        let every = stored.explore(simulation)
        for jobs in [1, 2] {
            let (passing, _) = try Self.explorer(name, kernel, chains: true, jobs: jobs, confirming: 200_000)
            let chained = passing.explore(simulation)
            #expect(chained.verdict == every.verdict, "\(name) under \(kernel)")
            #expect(chained.invariant == every.invariant, "\(name) under \(kernel)")
            #expect(chained.counterexample.count == every.counterexample.count, "\(name) under \(kernel): shortest length")
            #expect(chained.states < every.states, "\(name) under \(kernel): \(chained.states) stored, \(every.states) without chains")
        }
    }

    /// Without the confirming search the reduced schedule itself is returned: every move of it,
    /// the chains' too, taken again by `csx run`'s machinery, breaks the invariant named.
    @Test(arguments: [("ring-2", "v6.18"), ("ring-3", "v6.18"), ("seed-4", "v6.18"), ("claim-failure-vs-idle", "v6.18")])
    func aCounterexampleThroughChainsReplays(_ name: String, _ kernel: String) throws {
        let (explorer, start) = try Self.explorer(name, kernel, chains: true)
        let result = explorer.explore(start)
        #expect(result.verdict == .violation)
        #expect(result.maxDepth == result.counterexample.count)
        var simulation = start
        for action in result.counterexample { try simulation.perform(action) }
        let broken = simulation.violations.map(\.violation.invariant)
        #expect(broken.contains(try #require(result.invariant)), "\(name): \(result.counterexample)")
        // The last move broke it, not an earlier one the search would have stopped at.
        var shorter = start
        for action in result.counterexample.dropLast() { try shorter.perform(action) }
        #expect(shorter.violations.isEmpty, "\(name)")
    }

    /// The parent table's code keeps the move, and the chain after it, for every id a topology may have.
    @Test func moveCodesKeepTheMoveAndTheChain() {
        let moves: [EngineAction] = [
            .step(cpu: 0), .step(cpu: 4095), .idle(cpu: 7), .wake(cpu: 4095), .extClaim(16_383), .extRelease(3),
            .extProgram(16_383), .offline(cpu: 4095), .online(cpu: 1),
        ]
        for move in moves {
            for chain in [0, 1, 77, MoveCode.longestChain] {
                let code = MoveCode.encode(move, chain: chain)
                #expect(MoveCode.decode(code) == move)
                #expect(MoveCode.chain(code) == chain)
            }
        }
    }

    /// A chain asks only whether a persistent set of one move exists (`ampleMoves(atMost:)`):
    /// bounded, the search finds exactly the sets the unbounded one does that are that small,
    /// and nothing otherwise, on every state met breadth-first from several starts.
    @Test(arguments: [
        ("ring-3", "v6.19"), ("ring-3", "v6.18"), ("ring-2", "v6.19"), ("seed-3", "v6.19"), ("claim-failure-vs-idle", "v6.18"),
    ])
    func aBoundedPersistentSetIsTheSmallestOrNone(_ name: String, _ kernel: String) throws {
        let (explorer, simulation) = try Self.explorer(name, kernel, chains: true)
        let rules = explorer.rules
        let engine = explorer.engine
        let order = PartialOrder(engine: engine, rules: rules)
        struct Reached: Hashable {
            var world: World
            var budget: Budget
        }
        var queue = [(simulation.world, rules.initialBudget)]
        var seen: Set<Reached> = [Reached(world: simulation.world, budget: rules.initialBudget)]
        var head = 0
        var compared = 0
        var small = 0
        while head < queue.count, head < 1_500 {
            let (world, budget) = queue[head]
            head += 1
            let enabled = rules.moves(engine: engine, world: world, budget: budget)
            let smallest = order.ampleMoves(enabled, in: world, budget: budget)
            for atMost in [1, 2] {
                let bounded = order.ampleMoves(enabled, in: world, budget: budget, atMost: atMost)
                let expected = smallest.flatMap { $0.nonzeroBitCount <= atMost ? $0 : nil }
                #expect(bounded == expected, "\(name) under \(kernel), state \(head), at most \(atMost)")
                if expected != nil { small += 1 }
                compared += 1
            }
            for move in enabled {
                var next = world
                var log = EventLog(recordsEvents: false)
                try engine.apply(move, to: &next, log: &log)
                let spent = rules.spend(move, from: budget)
                if seen.insert(Reached(world: next, budget: spent)).inserted { queue.append((next, spent)) }
            }
        }
        #expect(compared > 100)
        #expect(small > 0, "\(name): some state has a persistent set of one or two moves")
    }
}
