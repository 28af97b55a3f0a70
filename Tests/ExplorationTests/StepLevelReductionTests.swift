import DriverSimulation
@testable import Exploration
import Scenarios
import Testing

/// The step-level persistent sets (PartialOrder+Steps.swift): a CPU that holds
/// `coresight_mutex` moves alone with the CPU it cross-calls while the writers queued behind
/// the mutex stand still; verdicts and shortest lengths are those of the unreduced search.
@Suite struct StepLevelReductionTests {
    static func ring(_ n: Int) -> Scenario { ScenarioCatalogue.ring(cpus: n) }

    /// Plays `actions` on ring-3 and returns the ample set there.
    func ample(after actions: String, variant: Variant = .fixed) throws -> (enabled: [EngineAction], ample: [EngineAction], world: World) {
        var simulation = try ScenarioCatalogue.simulation(of: Self.ring(3), variant: variant)
        for action in try ActionParser.parse(actions) { try simulation.perform(action) }
        let explorer = try Explorer(simulation: simulation)
        let order = PartialOrder(engine: explorer.engine, rules: explorer.rules)
        let budget = explorer.rules.initialBudget
        let enabled = explorer.rules.moves(engine: explorer.engine, world: simulation.world, budget: budget)
        return (enabled, order.ample(enabled, in: simulation.world, budget: budget), simulation.world)
    }

    /// cpu1 took the mutex to enable etm2: cpu0 and cpu2 wait for it. The set is cpu1's step
    /// and what cpu2 (whose tracer cpu1 will cross-call) may do; cpu0 is left still.
    @Test func theMutexHolderMovesWithItsTargetOnly() throws {
        let (enabled, ample, world) = try ample(after: "step cpu1")
        #expect(world.mutexHolder == 1)
        #expect(enabled.contains(.idle(cpu: 0)))
        #expect(ample.contains(.step(cpu: 1)))
        #expect(!ample.contains(.idle(cpu: 0)), "cpu0 waits behind the mutex and touches nothing cpu1 uses: \(ample)")
        #expect(ample.count < enabled.count)
    }

    /// With the mutex free every writer contends for it: no smaller set is safe.
    @Test func aFreeMutexIsARaceBetweenEveryWriter() throws {
        let (enabled, ample, _) = try ample(after: "")
        #expect(ample == enabled)
    }

    /// The whole-CPU model keeps pm-code core (its idle path walks shared links) and hotplug.
    @Test func pmCodeCoreAndHotplugKeepTheWholeCPUModel() throws {
        var simulation = try ScenarioCatalogue.simulation(
            of: Self.ring(3), kernel: try KernelCatalogue.load("v7.2"))
        try simulation.perform(try #require(try ActionParser.parse("step cpu1").first))
        let explorer = try Explorer(simulation: simulation)
        let order = PartialOrder(engine: explorer.engine, rules: explorer.rules)
        #expect(!order.stepLevel(simulation.world, budget: explorer.rules.initialBudget))
        var budget = explorer.rules.initialBudget
        budget.offlinesLeft[2] = 1
        let fixed = try ScenarioCatalogue.simulation(of: Self.ring(3), variant: .fixed)
        #expect(!order.stepLevel(fixed.world, budget: budget))
        #expect(order.stepLevel(fixed.world, budget: explorer.rules.initialBudget))
    }

    /// Reduced and unreduced agree on ring-2 (both variants) and ring-3 legacy, and the reduced
    /// search applies fewer moves where the race leaves room (ring-2 legacy breaks at once).
    @Test(arguments: [(2, Variant.legacy, false), (2, .fixed, true), (3, .legacy, true)])
    func reducedAgreesWithUnreduced(n: Int, variant: Variant, fewer: Bool) throws {
        let simulation = try ScenarioCatalogue.simulation(of: Self.ring(n), variant: variant)
        let reduced = try Explorer(simulation: simulation).explore(simulation)
        let full = try Explorer(simulation: simulation, options: ExplorationOptions(reductions: false)).explore(simulation)
        #expect(reduced.verdict == full.verdict)
        #expect(reduced.verdict != .bounded)
        #expect(reduced.invariant == full.invariant)
        #expect(reduced.shortest == full.shortest)
        #expect(fewer ? reduced.transitions < full.transitions : reduced.transitions <= full.transitions)
    }
}
