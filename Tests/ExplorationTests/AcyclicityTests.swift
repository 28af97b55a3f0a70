import DriverSimulation
@testable import Exploration
import Scenarios
import Testing

/// Partial-order reduction without a cycle proviso is sound only on an acyclic state graph.
/// This walks the full, unreduced graph of each small built-in scenario depth-first and looks
/// for a back edge.
@Suite struct AcyclicityTests {
    struct State: Hashable {
        var world: World
        var budget: Budget
    }

    @Test(arguments: [
        "claim-failure-vs-idle", "ipi-wakes-idle-cpu", "disable-vs-idle", "sysfs-vs-perf", "self-enable", "seed-2",
        "disable-while-offline", "claim-while-offline", "enable-vs-online",
    ], Variant.allCases)
    func theFullStateGraphHasNoCycle(name: String, variant: Variant) throws {
        let simulation = try ScenarioCatalogue.simulation(of: try ScenarioCatalogue.load(name), variant: variant)
        let engine = simulation.engine
        let rules = try EnvironmentRules(environment: simulation.scenario.environment, engine: engine)
        func successors(_ s: State) -> [State] {
            rules.moves(engine: engine, world: s.world, budget: s.budget).compactMap { move in
                guard let (next, _) = try? engine.apply(move, to: s.world) else { return nil }
                return State(world: next, budget: rules.spend(move, from: s.budget))
            }
        }
        // Iterative DFS: gray = on the current path, black = done.
        var onPath = Set<State>()
        var done = Set<State>()
        let root = State(world: simulation.world, budget: rules.initialBudget)
        var stack: [(state: State, children: [State])] = [(root, successors(root))]
        onPath.insert(root)
        var backEdges = 0
        while !stack.isEmpty {
            if let child = stack[stack.count - 1].children.popLast() {
                if onPath.contains(child) { backEdges += 1; continue }
                if done.contains(child) { continue }
                onPath.insert(child)
                stack.append((child, successors(child)))
            } else {
                let finished = stack.removeLast().state
                onPath.remove(finished)
                done.insert(finished)
            }
        }
        #expect(backEdges == 0)
        #expect(done.count > 10)
    }
}
