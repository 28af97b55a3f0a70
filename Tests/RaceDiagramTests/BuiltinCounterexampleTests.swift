import DriverSimulation
import RaceDiagram
import Scenarios
import Testing

/// Every built-in scenario's counterexample, as the explorer finds it under every shipped
/// profile (and the caller-with-exit-pm profile that breaks idle-before-take), draws as plain
/// ASCII within 75 columns with its violation marked; the races under the release that breaks
/// them are kept as golden files (the README shows them).
@Suite struct BuiltinCounterexampleTests {
    static var profiles: [DriverProfile] { ((try? KernelCatalogue.shipped()) ?? []) + [Fixtures.callerWithExitPM] }

    /// The hand-written scenarios under every profile; the generated seed family (whose fixed
    /// releases have a large state space and no counterexample, VerdictTests) under the caller
    /// placement that breaks it.
    static func profiles(for scenario: Scenario) -> [DriverProfile] {
        guard scenario.name.hasPrefix("seed-") else { return profiles }
        return profiles.filter { $0.knobs.modePlacement == .caller }
    }

    @Test func everyCounterexampleDrawsWithin75Columns() throws {
        var drawn = 0
        for scenario in try ScenarioCatalogue.builtins() {
            for profile in Self.profiles(for: scenario) {
                guard let simulation = try Fixtures.counterexample(scenario, kernel: profile) else { continue }
                let text = Fixtures.draw(simulation)
                checkPastable(text)
                #expect(text.contains("^^^"), "\(scenario.name) under \(profile.name): no mark")
                #expect(DrawnDiagram(text).body.contains { $0.contains("^^^") }, "\(scenario.name) under \(profile.name): the mark is not in the diagram")
                drawn += 1
            }
        }
        // Races A, B, C, sysfs-vs-perf and seed-2 … seed-8 break v6.18; idle-before-take breaks caller-with-exit-pm.
        #expect(drawn >= 12)
    }

    @Test(arguments: ["claim-failure-vs-idle", "ipi-wakes-idle-cpu", "disable-vs-idle", "sysfs-vs-perf"])
    func raceUnderTheReleaseThatBreaksIt(name: String) throws {
        let simulation = try #require(try Fixtures.counterexample(try ScenarioCatalogue.load(name), kernel: try Fixtures.profile("v6.18")))
        GoldenFile.assertMatches(Fixtures.draw(simulation), named: "explore-\(name)-v6.18")
    }

    /// The hotplug scenarios, each under a release that breaks it (driver callbacks up to v7.1).
    @Test(arguments: [("claim-while-offline", "v6.19"), ("disable-while-offline", "v6.19"), ("enable-vs-online", "v6.18")])
    func hotplugRaceUnderAReleaseThatBreaksIt(name: String, kernel: String) throws {
        let simulation = try #require(try Fixtures.counterexample(try ScenarioCatalogue.load(name), kernel: try Fixtures.profile(kernel)))
        GoldenFile.assertMatches(Fixtures.draw(simulation), named: "explore-\(name)-\(kernel)")
        #expect(try Fixtures.counterexample(try ScenarioCatalogue.load(name), kernel: try Fixtures.profile("v7.2")) == nil)
    }

    @Test func idleBeforeTakeUnderTheProfileThatBreaksIt() throws {
        let simulation = try #require(try Fixtures.counterexample(try ScenarioCatalogue.load("idle-before-take"), kernel: Fixtures.callerWithExitPM))
        GoldenFile.assertMatches(Fixtures.draw(simulation), named: "explore-idle-before-take-caller-with-exit-pm")
    }

    /// The races told whole, by hand, for the README: race B (cpu1 idles between cpu0's take and
    /// its IPI, which then wakes it) and race C (cpu1 idles between its disable handler and
    /// cpu0's reset to DISABLED).
    @Test(arguments: [
        ("ipi-wakes-idle-cpu", Array(repeating: "step cpu0", count: 9).joined(separator: "; ")
            + "; idle cpu1; run cpu1; run cpu0; run cpu1; run cpu0"),
        ("disable-vs-idle", "run cpu0; run cpu1; idle cpu1; run cpu1; run cpu0; wake cpu1; run cpu1"),
    ])
    func raceToldWhole(name: String, actions: String) throws {
        let simulation = try Fixtures.run(name, kernel: try Fixtures.profile("v6.18"), actions: actions)
        let text = Fixtures.draw(simulation)
        checkPastable(text)
        #expect(simulation.violations.count == 2)
        GoldenFile.assertMatches(text, named: "story-\(name)-v6.18")
    }

    /// Under the fixed releases the same scenarios have no counterexample: nothing to mark.
    @Test func fixedReleasesHaveNothingToMark() throws {
        for name in ["claim-failure-vs-idle", "ipi-wakes-idle-cpu", "disable-vs-idle", "sysfs-vs-perf"] {
            #expect(try Fixtures.counterexample(try ScenarioCatalogue.load(name), kernel: try Fixtures.profile("v6.19")) == nil)
        }
    }
}
