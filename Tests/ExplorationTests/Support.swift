import DriverSimulation
import Exploration
import Scenarios

/// Explores a built-in scenario under a variant.
/// `confirming`: the confirming search's state budget. Tests of verdicts and replays on the
/// larger `seed-N` pass 0: their shortest length is checked reduced against unreduced in
/// ReductionTests, and the confirmation itself in ShortestTests.
func explore(
    _ name: String, _ variant: Variant, reductions: Bool = true, maxDepth: Int? = nil,
    confirming: Int = ExplorationOptions.defaultMaxConfirmingStates
) throws -> ExplorationResult {
    let simulation = try ScenarioCatalogue.simulation(of: try ScenarioCatalogue.load(name), variant: variant)
    let explorer = try Explorer(
        simulation: simulation,
        options: ExplorationOptions(maxDepth: maxDepth, reductions: reductions, maxConfirmingStates: confirming))
    return explorer.explore(simulation)
}

/// Explores a built-in scenario under a kernel with the default options as `configure` leaves them.
func explore(
    _ name: String, kernel: String, jobs: Int, configure: (inout ExplorationOptions) -> Void
) throws -> ExplorationResult {
    let simulation = try ScenarioCatalogue.simulation(of: try ScenarioCatalogue.load(name), kernel: try KernelCatalogue.load(kernel))
    var options = ExplorationOptions(jobs: jobs)
    configure(&options)
    return try Explorer(simulation: simulation, options: options).explore(simulation)
}

/// Replays a counterexample with `csx run`'s machinery; returns the invariants it broke.
func replay(_ name: String, _ variant: Variant, _ actions: [Action]) throws -> [Invariant] {
    var simulation = try ScenarioCatalogue.simulation(of: try ScenarioCatalogue.load(name), variant: variant)
    for action in try ActionParser.parse(actions.joinedActions) { try simulation.perform(action) }
    return simulation.violations.map(\.violation.invariant)
}
