import DriverSimulation
import Exploration
import Scenarios
import Testing

/// The parallel search reports exactly what the sequential one does (same chunks, merged in
/// the same order): verdict, invariant, counterexample, states, transitions, depth.
@Suite struct ParallelSearchTests {
    static let cases: [(scenario: String, variant: Variant, reductions: Bool)] = [
        ("claim-failure-vs-idle", .legacy, true),
        ("claim-failure-vs-idle", .legacy, false),
        ("disable-vs-idle", .legacy, false),
        ("sysfs-vs-perf", .legacy, true),
        ("seed-3", .legacy, true),
        ("seed-3", .fixed, true),
        ("seed-3", .fixed, false),
        ("ipi-wakes-idle-cpu", .fixed, false),
        ("idle-before-take", .fixed, true),
        // Symmetry (the ring's rotations: images interned by the merge) and a confirming search.
        ("ring-3", .legacy, true),
    ]

    @Test(arguments: cases.indices)
    func threadsDoNotChangeTheResult(_ index: Int) throws {
        let (name, variant, reductions) = Self.cases[index]
        let simulation = try ScenarioCatalogue.simulation(of: try ScenarioCatalogue.load(name), variant: variant)
        var results: [ExplorationResult] = []
        for jobs in [1, 2, 3] {
            let explorer = try Explorer(simulation: simulation, options: ExplorationOptions(reductions: reductions, jobs: jobs))
            results.append(explorer.explore(simulation))
        }
        #expect(results[0].states > 1, "\(name)")
        for result in results.dropFirst() {
            #expect(result.verdict == results[0].verdict, "\(name) \(variant)")
            #expect(result.invariant == results[0].invariant)
            #expect(result.counterexample == results[0].counterexample)
            #expect(result.states == results[0].states)
            #expect(result.transitions == results[0].transitions)
            #expect(result.maxDepth == results[0].maxDepth)
            #expect(result.shortestConfirmed == results[0].shortestConfirmed)
            #expect(result.confirmation?.states == results[0].confirmation?.states)
        }
    }

    /// Threads take chunks as they free up, so which thread expands which chunk differs from run
    /// to run (more so with more threads than cores): no run may report anything else.
    @Test(arguments: [("ring-2", Variant.fixed, true), ("ring-2", Variant.fixed, false)])
    func whoTakesWhichChunkChangesNothing(_ name: String, _ variant: Variant, _ reductions: Bool) throws {
        let simulation = try ScenarioCatalogue.simulation(of: try ScenarioCatalogue.load(name), variant: variant)
        let one = try Explorer(simulation: simulation, options: ExplorationOptions(reductions: reductions, jobs: 1))
            .explore(simulation)
        for _ in 0..<4 {
            let many = try Explorer(simulation: simulation, options: ExplorationOptions(reductions: reductions, jobs: 5))
                .explore(simulation)
            #expect(many.verdict == one.verdict)
            #expect(many.counterexample == one.counterexample)
            #expect(many.states == one.states)
            #expect(many.transitions == one.transitions)
            #expect(many.maxDepth == one.maxDepth)
        }
    }

    /// Several violations and several ok verdicts among the cases (both kinds are compared).
    @Test func casesCoverBothVerdicts() throws {
        var verdicts: Set<ExplorationResult.Verdict> = []
        for (name, variant, reductions) in Self.cases {
            let simulation = try ScenarioCatalogue.simulation(of: try ScenarioCatalogue.load(name), variant: variant)
            let explorer = try Explorer(simulation: simulation, options: ExplorationOptions(reductions: reductions, jobs: 1))
            verdicts.insert(explorer.explore(simulation).verdict)
        }
        #expect(verdicts == [.violation, .ok])
    }

    @Test func jobsAreClamped() {
        #expect(ExplorationOptions(jobs: 0).jobs == 1)
        #expect(ExplorationOptions(jobs: 1000).jobs == ExplorationOptions.maxJobs)
        #expect((1...ExplorationOptions.maxJobs).contains(ExplorationOptions.defaultJobs))
    }
}
