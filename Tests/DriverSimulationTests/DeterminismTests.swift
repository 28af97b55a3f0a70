import DriverSimulation
import OrderedJSON
import PropertyBased
import Scenarios
import Testing

@Suite struct DeterminismTests {
    @Test func theSameRunTwiceGivesByteIdenticalJSON() throws {
        let actions = SeedRaceTests.raceA + "; run cpu0; wake cpu1; run cpu1"
        let first = RunReport(simulation: try play(actions)).json().rendered()
        let second = RunReport(simulation: try play(actions)).json().rendered()
        #expect(first == second)
        #expect(first.contains("\"invariant\": \"pm-reads-stale-mode\""))
    }

    @Test func switchingVariantRestartsFromTheScenarioStart() throws {
        var simulation = try ScenarioCatalogue.simulation(of: try ScenarioCatalogue.load("claim-failure-vs-idle"))
        let start = simulation.world
        try simulation.perform(.run(cpu: 0))
        try simulation.perform(.variant(.fixed))
        #expect(simulation.variant == .fixed)
        var expected = start
        expected.driver = simulation.profile.driver(pmSave: simulation.resolvedPMSave)
        #expect(expected.driver.knobs == Variant.fixed.knobs)
        #expect(simulation.profile.name == "v6.19")
        #expect(simulation.world == expected)
    }
}

/// Random schedules over every built-in scenario: never a crash, the incremental invariant
/// checks agree with a full check, and replaying the same schedule gives the same events.
@Suite struct RandomScheduleTests {
    /// Picks a possible action from a code (the helper lives in DriverSimulation, shared with
    /// the session tests and benchmarks).
    static func pick(_ code: Int, in simulation: Simulation) -> Action? {
        LegalMoves.pick(code, in: simulation)
    }

    @Test(arguments: ["claim-failure-vs-idle", "ipi-wakes-idle-cpu", "disable-vs-idle", "sysfs-vs-perf", "self-enable"])
    func randomSchedules(scenario name: String) async throws {
        let scenario = try ScenarioCatalogue.load(name)
        await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000).array(of: 1...60), Gen.bool) { codes, fixed in
            do {
                try Self.check(scenario, codes: codes, fixed: fixed)
            } catch {
                Issue.record(error, "schedule \(codes)")
            }
        }
    }

    static func check(_ scenario: Scenario, codes: [Int], fixed: Bool) throws {
        var simulation = try ScenarioCatalogue.simulation(of: scenario, variant: fixed ? .fixed : .legacy)
        var flagged = Set<String>()
        for code in codes {
            guard let action = Self.pick(code, in: simulation) else { break }
            let record = try simulation.perform(action)
            for violation in record.violations { flagged.insert("\(violation.invariant.rawValue)@\(violation.subject)") }
            // Every state invariant broken now must have been flagged when it broke.
            for violation in simulation.engine.stateViolations(in: simulation.world) {
                #expect(flagged.contains("\(violation.invariant.rawValue)@\(violation.subject)"), "unflagged \(violation)")
            }
        }
        if fixed { #expect(simulation.violations.isEmpty, "fixed broke: \(simulation.records.map(\.action.description))") }
        // The same actions replayed from the start give the same events.
        var replay = try ScenarioCatalogue.simulation(of: scenario, variant: fixed ? .fixed : .legacy)
        for record in simulation.records where !record.isSetup { try replay.perform(record.action) }
        #expect(replay.records == simulation.records)
    }
}
