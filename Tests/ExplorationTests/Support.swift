import DriverSimulation
import Exploration
import Scenarios
import Testing

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

/// Expects `result` to report what `plain` reports: verdict, invariant, counterexample, states
/// and depth; and its transitions the same, or at most as many when `fewerTransitions` (a
/// change that skips work it would only repeat).
func expectSameSearch(
    _ result: ExplorationResult, as plain: ExplorationResult, _ context: String, fewerTransitions: Bool = false,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(result.verdict == plain.verdict, "\(context)", sourceLocation: sourceLocation)
    #expect(result.invariant == plain.invariant, "\(context)", sourceLocation: sourceLocation)
    #expect(result.counterexample == plain.counterexample, "\(context)", sourceLocation: sourceLocation)
    #expect(result.states == plain.states, "\(context)", sourceLocation: sourceLocation)
    #expect(result.maxDepth == plain.maxDepth, "\(context)", sourceLocation: sourceLocation)
    if fewerTransitions {
        #expect(result.transitions <= plain.transitions, "\(context)", sourceLocation: sourceLocation)
    } else {
        #expect(result.transitions == plain.transitions, "\(context)", sourceLocation: sourceLocation)
    }
}
