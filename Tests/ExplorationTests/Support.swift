import DriverSimulation
import Exploration
import Scenarios

/// Explores a built-in scenario under a variant.
func explore(_ name: String, _ variant: Variant, reductions: Bool = true, maxDepth: Int? = nil) throws -> ExplorationResult {
    let simulation = try ScenarioCatalogue.simulation(of: try ScenarioCatalogue.load(name), variant: variant)
    let explorer = try Explorer(simulation: simulation, options: ExplorationOptions(maxDepth: maxDepth, reductions: reductions))
    return explorer.explore(simulation)
}

/// Replays a counterexample with `csx run`'s machinery; returns the invariants it broke.
func replay(_ name: String, _ variant: Variant, _ actions: [Action]) throws -> [Invariant] {
    var simulation = try ScenarioCatalogue.simulation(of: try ScenarioCatalogue.load(name), variant: variant)
    for action in try ActionParser.parse(actions.joinedActions) { try simulation.perform(action) }
    return simulation.violations.map(\.violation.invariant)
}
