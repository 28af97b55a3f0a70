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
    /// Which driver a schedule runs, and what it may do.
    enum Driver: CaseIterable, Sendable {
        /// v6.18, every legal move, hotplug included: violations come, and must be flagged.
        case legacy
        /// v6.19 with no CPU going offline: the seed fix must hold.
        case fixedWithoutHotplug
        /// v7.2, every legal move, hotplug included: its core hotplug callbacks must hold too.
        case v72WithHotplug

        var kernel: String {
            switch self {
            case .legacy: "v6.18"
            case .fixedWithoutHotplug: "v6.19"
            case .v72WithHotplug: "v7.2"
            }
        }
        var mustHold: Bool { self != .legacy }
    }

    /// Picks a possible action from a code (the helper lives in DriverSimulation, shared with
    /// the session tests and benchmarks).
    static func pick(_ code: Int, in simulation: Simulation, offline: Bool) -> Action? {
        let choices = LegalMoves.all(in: simulation).filter { move in
            if case .offline = move { offline } else { true }
        }
        return choices.isEmpty ? nil : choices[code % choices.count]
    }

    @Test(arguments: [
        "claim-failure-vs-idle", "ipi-wakes-idle-cpu", "disable-vs-idle", "sysfs-vs-perf", "self-enable",
        "disable-while-offline", "claim-while-offline", "enable-vs-online",
    ])
    func randomSchedules(scenario name: String) async throws {
        let scenario = try ScenarioCatalogue.load(name)
        await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000).array(of: 1...60), Gen.int(in: 0...2)) { codes, which in
            do {
                try Self.check(scenario, codes: codes, driver: Driver.allCases[which])
            } catch {
                Issue.record(error, "schedule \(codes)")
            }
        }
    }

    static func check(_ scenario: Scenario, codes: [Int], driver: Driver) throws {
        let kernel = try KernelCatalogue.load(driver.kernel)
        var simulation = try ScenarioCatalogue.simulation(of: scenario, kernel: kernel)
        var flagged = Set<String>()
        for code in codes {
            guard let action = Self.pick(code, in: simulation, offline: driver != .fixedWithoutHotplug) else { break }
            let record = try simulation.perform(action)
            for violation in record.violations { flagged.insert("\(violation.invariant.rawValue)@\(violation.subject)") }
            // Every state invariant broken now must have been flagged when it broke.
            for violation in simulation.engine.stateViolations(in: simulation.world) {
                #expect(flagged.contains("\(violation.invariant.rawValue)@\(violation.subject)"), "unflagged \(violation)")
            }
        }
        if driver.mustHold {
            #expect(simulation.violations.isEmpty, "\(driver.kernel) broke: \(simulation.records.map(\.action.description))")
        }
        // The same actions replayed from the start give the same events.
        var replay = try ScenarioCatalogue.simulation(of: scenario, kernel: kernel)
        for record in simulation.records where !record.isSetup { try replay.perform(record.action) }
        #expect(replay.records == simulation.records)
    }
}
