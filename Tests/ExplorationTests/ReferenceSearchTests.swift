import DriverSimulation
@testable import Exploration
import Scenarios
import Testing

/// The packed search against the plainest one: breadth-first over whole (World, Budget)
/// values in a Swift `Set`, each move applied to a fresh copy. Without reductions both must
/// meet the same states by the same transitions, layer by layer, on one thread and on two.
/// This holds the explorer's in-place machinery to account (restoring the scratch world from
/// the last successor, re-packing only what a move wrote), which a wrong shortcut there
/// breaks by a handful of states or transitions, not by a verdict.
@Suite struct ReferenceSearchTests {
    struct State: Hashable {
        var world: World
        var budget: Budget
    }

    struct Counts: Equatable {
        var states = 0
        var transitions = 0
        var depth = 0
    }

    /// Every state and transition from the start, layer by layer.
    static func reference(_ explorer: Explorer, from start: World) -> Counts {
        let engine = explorer.engine
        let rules = explorer.rules
        var seen: Set<State> = [State(world: start, budget: rules.initialBudget)]
        var layer = Array(seen)
        var counts = Counts(states: 1)
        while !layer.isEmpty {
            var next: [State] = []
            for state in layer {
                for move in rules.moves(engine: engine, world: state.world, budget: state.budget) {
                    guard let (world, _) = try? engine.apply(move, to: state.world) else { continue }
                    counts.transitions += 1
                    let successor = State(world: world, budget: rules.spend(move, from: state.budget))
                    if seen.insert(successor).inserted { next.append(successor) }
                }
            }
            if !next.isEmpty { counts.depth += 1 }
            counts.states += next.count
            layer = next
        }
        return counts
    }

    /// Scenarios the kernel gets right (a violation would end both searches early), with
    /// idle, debugger claims, hotplug, perf and v7.2's path PM among them.
    @Test(arguments: [
        ("seed-2", "v6.19"), ("ring-2", "v6.19"), ("claim-failure-vs-idle", "v6.19"), ("disable-while-offline", "v7.2"),
        ("trbe-idle-under-perf", "v7.2"), ("sysfs-vs-perf", "v6.19"),
    ])
    func packedSearchMeetsWhatAPlainOneMeets(_ name: String, _ kernel: String) throws {
        let simulation = try ScenarioCatalogue.simulation(
            of: try ScenarioCatalogue.load(name), kernel: try KernelCatalogue.load(kernel))
        let plain = try Explorer(simulation: simulation, options: ExplorationOptions(reductions: false, jobs: 1))
        let expected = Self.reference(plain, from: simulation.world)
        #expect(expected.states > 20, "\(name) is too small to tell")
        for jobs in [1, 2] {
            let explorer = try Explorer(simulation: simulation, options: ExplorationOptions(reductions: false, jobs: jobs))
            let result = explorer.explore(simulation)
            #expect(result.verdict == .ok, "\(name) under \(kernel) breaks nothing")
            let found = Counts(states: result.states, transitions: result.transitions, depth: result.maxDepth)
            #expect(found == expected, "\(name) under \(kernel), \(jobs) thread(s)")
        }
    }
}
