@testable import csx
import DriverSimulation
import Exploration
import Scenarios
import Testing

/// The TUI's `x` offer says whether the schedule it found is a shortest one.
@Suite struct ScheduleFinderWordingTests {
    static func simulation() throws -> Simulation {
        try ScenarioCatalogue.simulation(of: ShortestTests.bystanders, kernel: try KernelCatalogue.load("v6.18"))
    }

    @Test func aConfirmedScheduleIsOfferedAsShortest() throws {
        let found = ExplorerScheduleFinder().findViolation(from: try Self.simulation())
        #expect(found.actions?.count == 17)
        #expect(found.summary.hasPrefix("found: "))
        #expect(found.summary.contains(" in 17 actions, a shortest schedule ("), "\(found.summary)")
    }

    @Test func anUnconfirmedOneSaysSo() throws {
        let simulation = try Self.simulation()
        // Room for the reduced search (its peak without a confirmation is under the first
        // search's figure when the confirmation is cut at once) but not for the confirming one.
        var low = 1 << 10, high = 64 << 20
        while high - low > 1 << 10 {
            let middle = (low + high) / 2
            let result = try Explorer(simulation: simulation, options: ExplorationOptions(maxMemoryBytes: middle)).explore(simulation)
            if result.verdict == .violation { high = middle } else { low = middle }
        }
        // A quarter above the boundary: capacities come from malloc and vary a little per run.
        let found = ExplorerScheduleFinder(options: ExplorationOptions(maxMemoryBytes: high + high / 4)).findViolation(from: simulation)
        #expect(found.actions?.count == 23)
        #expect(found.summary.contains(" in 23 actions, not confirmed shortest (out of memory) ("), "\(found.summary)")
    }
}
