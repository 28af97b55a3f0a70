import DriverSimulation
import Exploration
import Scenarios
import Testing

/// The explorer on every combination of driver knobs: reductions keep the answer, and knob
/// composition finds what no shipped release has (docs/driver-model.md §8).
@Suite struct KnobExplorationTests {
    static let knobs: [DriverKnobs] = ModePlacement.allCases.flatMap { placement in
        PMCode.allCases.map { DriverKnobs(modePlacement: placement, pmCode: $0) }
    }
    static let scenarios = ["claim-failure-vs-idle", "ipi-wakes-idle-cpu", "disable-vs-idle", "idle-before-take", "self-enable", "sysfs-vs-perf", "seed-2"]

    func explore(_ name: String, _ knobs: DriverKnobs, saves: Bool = true, reductions: Bool = true) throws -> ExplorationResult {
        let scenario = try ScenarioCatalogue.load(name)
        let engine = Engine(topology: try ScenarioCatalogue.topology(for: scenario))
        let simulation = try Simulation(engine: engine, scenario: scenario, driver: Driver(knobs: knobs, savesSelfHosted: saves))
        let explorer = try Explorer(simulation: simulation, options: ExplorationOptions(reductions: reductions))
        return explorer.explore(simulation)
    }

    @Test(arguments: scenarios, knobs)
    func reductionsKeepVerdictAndShortestLength(name: String, knobs: DriverKnobs) throws {
        let reduced = try explore(name, knobs)
        let full = try explore(name, knobs, reductions: false)
        #expect(reduced.verdict == full.verdict)
        #expect(reduced.shortest == full.shortest)
        #expect(reduced.invariant == full.invariant)
    }

    @Test(arguments: scenarios, PMCode.allCases)
    func theTargetPlacementBreaksNothingWhateverThePMCode(name: String, pm: PMCode) throws {
        let result = try explore(name, DriverKnobs(modePlacement: .target, pmCode: pm))
        #expect(result.verdict == .ok, "\(result.invariant.map(\.rawValue) ?? "")")
    }

    @Test func withoutSelfHostedSaveTheCallerPlacementBreaksNothingEither() throws {
        for pm in PMCode.allCases {
            for name in ["claim-failure-vs-idle", "ipi-wakes-idle-cpu", "disable-vs-idle"] {
                let result = try explore(name, DriverKnobs(modePlacement: .caller, pmCode: pm), saves: false)
                #expect(result.verdict == .ok, "\(name) \(pm)")
            }
        }
    }

    /// Leo Yan's second scenario: caller placement with v3's exit-decided restore. cpu1 sleeps
    /// before cpu0's take, the IPI wakes it, and CPU_PM_EXIT restores. Only that combination.
    @Test func callerPlacementWithV3BreaksAtIdleExit() throws {
        for knobs in Self.knobs {
            let result = try explore("idle-before-take", knobs)
            let breaks = knobs == DriverKnobs(modePlacement: .caller, pmCode: .v3)
            #expect(result.verdict == (breaks ? .violation : .ok), "\(knobs)")
        }
        let result = try explore("idle-before-take", DriverKnobs(modePlacement: .caller, pmCode: .v3))
        #expect(result.invariant == .pmReadsStaleMode)
        let scenario = try ScenarioCatalogue.load("idle-before-take")
        let engine = Engine(topology: try ScenarioCatalogue.topology(for: scenario))
        var simulation = try Simulation(
            engine: engine, scenario: scenario,
            driver: Driver(knobs: DriverKnobs(modePlacement: .caller, pmCode: .v3), savesSelfHosted: true))
        for action in result.counterexample { try simulation.perform(action) }
        let exitRead = simulation.records.flatMap(\.events).contains {
            if case .pmExitRead(_, .sysfs) = $0.kind { true } else { false }
        }
        #expect(exitRead)
        #expect(simulation.violations.first?.violation.invariant == .pmReadsStaleMode)
    }
}
