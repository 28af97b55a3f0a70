import DriverSimulation
import Exploration
import Foundation
import OrderedJSON
import Scenarios
import Testing

/// With partial-order reduction the persistent sets may play a bystander out before the race;
/// the confirming search without it makes the counterexample a shortest one again, or says
/// plainly that it is not confirmed.
@Suite struct ShortestTests {
    /// Two CPUs that may go down, a third idling and the debugger: the reduced search alone
    /// found 23 moves where 17 suffice.
    static let bystanders = Scenario(
        name: "hotplug-mix", board: .builtin("juno-r2"), sink: "tmc_etr0",
        threads: [ThreadScript(cpu: 0, operations: [.enable("etm1"), .disable("etm1")])],
        environment: Environment(
            idle: [(cpu: 2, times: 1)], extClaim: [(component: "etm1", times: 1)],
            hotplug: [(cpu: 1, times: 1), (cpu: 3, times: 1)]))

    static let bystandersYAML = """
        name: hotplug-mix
        board: juno-r2
        kernel: v6.18
        sink: tmc_etr0
        threads:
          cpu0: [enable etm1, disable etm1]
        environment:
          idle: {cpu2: 1}
          ext-claim: {etm1: 1}
          hotplug: {cpu1: 1, cpu3: 1}
        """

    static func explore(_ scenario: Scenario, kernel: String = "v6.18", options: ExplorationOptions) throws -> ExplorationResult {
        let simulation = try ScenarioCatalogue.simulation(of: scenario, kernel: try KernelCatalogue.load(kernel))
        return try Explorer(simulation: simulation, options: options).explore(simulation)
    }

    static func replayed(_ scenario: Scenario, kernel: String = "v6.18", _ actions: [Action]) throws -> [Invariant] {
        var simulation = try ScenarioCatalogue.simulation(of: scenario, kernel: try KernelCatalogue.load(kernel))
        for action in try ActionParser.parse(actions.joinedActions) { try simulation.perform(action) }
        return simulation.violations.map(\.violation.invariant)
    }

    @Test func theBystanderCaseIsShortestAndConfirmed() throws {
        let reduced = try Self.explore(Self.bystanders, options: ExplorationOptions())
        let full = try Self.explore(Self.bystanders, options: ExplorationOptions(reductions: false))
        #expect(full.shortest == 17)
        #expect(reduced.verdict == .violation)
        #expect(reduced.shortest == 17)
        #expect(reduced.invariant == full.invariant)
        #expect(reduced.shortestConfirmed == true)
        #expect(reduced.confirmation?.outcome == .foundShorter)
        #expect(reduced.confirmation?.reducedLength == 23)
        // States stay the reduced search's; the time includes both.
        let confirmation = try #require(reduced.confirmation)
        #expect(confirmation.states > 0 && reduced.seconds >= confirmation.seconds)
        #expect(reduced.states <= full.states)
        // The shorter schedule replays to the same violation.
        let broken = try Self.replayed(Self.bystanders, reduced.counterexample)
        #expect(broken.first == reduced.invariant)
    }

    /// Under a depth bound there is no partial-order reduction: the reduced search's 23 moves
    /// would pass a bound of 17, and it said "no schedule of at most 17 moves breaks an
    /// invariant" where one of 17 does. Symmetry and dead variables, which keep distances, stay.
    @Test func aDepthBoundSeesEveryScheduleWithinIt() throws {
        let bounded = try Self.explore(Self.bystanders, options: ExplorationOptions(maxDepth: 17))
        #expect(bounded.verdict == .violation)
        #expect(bounded.shortest == 17)
        #expect(bounded.shortestConfirmed == true && bounded.confirmation == nil)
        let broken = try Self.replayed(Self.bystanders, bounded.counterexample)
        #expect(broken.first == bounded.invariant)
        let short = try Self.explore(Self.bystanders, options: ExplorationOptions(maxDepth: 16))
        #expect(short.verdict == .bounded)
        #expect(short.bound == .maxDepth)
    }

    /// Without partial-order reduction the first search is a plain breadth-first one: shortest
    /// by construction, no second search.
    @Test func unreducedNeedsNoConfirmation() throws {
        let full = try Self.explore(Self.bystanders, options: ExplorationOptions(reductions: false))
        #expect(full.shortestConfirmed == true)
        #expect(full.confirmation == nil)
    }

    @Test func noViolationNoClaim() throws {
        let result = try Self.explore(Self.bystanders, kernel: "v7.2", options: ExplorationOptions())
        #expect(result.verdict == .ok)
        #expect(result.shortestConfirmed == nil && result.confirmation == nil)
    }

    /// A budget the reduced search fits in but the confirming one does not: the counterexample
    /// stands, marked unconfirmed, and the text and JSON say so.
    ///
    /// On one thread: with two, which chunks a thread takes changes which successors it skips,
    /// so the capacities the search counts, and so what a budget near the boundary decides,
    /// differ from run to run (on a busy machine the confirming search's count ranged from 721
    /// to 871 KiB), and the bisection below would find a different boundary each time.
    @Test func confirmationCutByMemoryIsSaidPlainly() throws {
        // The smallest budget (to 1 KiB) the reduced search finds its violation within, plus a
        // quarter: array capacities come from malloc and vary by a few hundred bytes from run to
        // run, so the boundary itself is not a budget to test at. What that leaves the
        // confirming search (the budget less what the reduced search held) is far less than it needs.
        let roomy = try Self.explore(Self.bystanders, options: ExplorationOptions(jobs: 1))
        var (low, high) = (1 << 10, roomy.peakMemoryBytes + (1 << 10))
        while high - low > 1 << 10 {
            let middle = (low + high) / 2
            let result = try Self.explore(Self.bystanders, options: ExplorationOptions(maxMemoryBytes: middle, jobs: 1))
            if result.verdict == .violation { high = middle } else { low = middle }
        }
        let budget = high + high / 4
        let confirmingNeeds = try #require(roomy.confirmation).peakMemoryBytes
        let reducedHolds = try Self.explore(
            Self.bystanders, options: ExplorationOptions(maxMemoryBytes: budget, jobs: 1, maxConfirmingStates: 0)).peakMemoryBytes
        let left = budget - reducedHolds
        #expect(left > 0 && confirmingNeeds > 4 * left, "the confirming search needs \(confirmingNeeds) bytes; \(left) are left to it")
        let tight = try Self.explore(Self.bystanders, options: ExplorationOptions(maxMemoryBytes: budget, jobs: 1))
        #expect(tight.verdict == .violation)
        #expect(tight.shortestConfirmed == false)
        #expect(tight.confirmation?.outcome == .outOfMemory)
        #expect(tight.shortest == 23)
        let simulation = try ScenarioCatalogue.simulation(of: Self.bystanders, kernel: try KernelCatalogue.load("v6.18"))
        let report = ExplorationReport(scenarioName: "hotplug-mix", simulation: simulation, result: tight)
        #expect(report.text().contains("after 23 moves (a counterexample; not confirmed shortest: the confirming search ran out of memory)"))
        #expect(report.text().contains("ran out of memory before deciding"))
        #expect(report.json().rendered(indent: nil).contains("\"shortest_confirmed\":false"))
    }

    @Test func confirmedTextAndJSON() throws {
        let result = try Self.explore(Self.bystanders, options: ExplorationOptions())
        let simulation = try ScenarioCatalogue.simulation(of: Self.bystanders, kernel: try KernelCatalogue.load("v6.18"))
        let report = ExplorationReport(scenarioName: "hotplug-mix", simulation: simulation, result: result)
        #expect(report.text().contains("after 17 moves (a shortest schedule)"))
        #expect(report.text().contains("a shorter one than the reduced search's 23 moves"))
        #expect(report.json().rendered(indent: nil).contains("\"shortest_confirmed\":true"))
    }

    /// `csx explore` on the bystander scenario: 17 moves, confirmed; the JSON keeps the keys
    /// of issue 4 in order and adds "shortest_confirmed" after them; a tight --max-memory makes
    /// it unconfirmed.
    @Test func exploreCommandSaysWhichItIs() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("csx-shortest-\(UUID().uuidString).yaml")
        try Self.bystandersYAML.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let text = try ExploreCommandTests.csx(["explore", file.path])
        #expect(text.status == 1, "\(text.stderr)")
        #expect(text.stdout.contains("after 17 moves (a shortest schedule)"), "\(text.stdout)")
        let json = try ExploreCommandTests.csx(["explore", file.path, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["shortest"] as? Int == 17)
        #expect(object?["shortest_confirmed"] as? Bool == true)
        let keys = ["scenario", "variant", "kernel", "pm-save", "verdict", "invariant", "shortest", "counterexample",
                    "states", "transitions", "max_depth", "seconds", "peak_memory_bytes", "shortest_confirmed"]
        let positions = keys.map { json.stdout.range(of: "\"\($0)\"")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(zip(positions, positions.dropFirst()).allSatisfy { $0! < $1! })
        let unreduced = try ExploreCommandTests.csx(["explore", file.path, "--json", "--no-reductions"])
        let plain = try JSONSerialization.jsonObject(with: Data(unreduced.stdout.utf8)) as? [String: Any]
        #expect(plain?["shortest_confirmed"] as? Bool == true)
        // The confirming search's state budget, and none at all.
        let budgeted = try ExploreCommandTests.csx(["explore", file.path, "--confirm-states", "40"])
        #expect(budgeted.status == 1, "\(budgeted.stderr)")
        #expect(budgeted.stdout.contains(
            "after 23 moves (a counterexample; not confirmed shortest: the confirming search reached its budget of 40 states (raise --confirm-states))"),
            "\(budgeted.stdout)")
        let none = try ExploreCommandTests.csx(["explore", file.path, "--json", "--confirm-states", "0"])
        let unconfirmed = try JSONSerialization.jsonObject(with: Data(none.stdout.utf8)) as? [String: Any]
        #expect(unconfirmed?["shortest"] as? Int == 23)
        #expect(unconfirmed?["shortest_confirmed"] as? Bool == false)
        for bad in ["-1", "99999999999", "many"] {
            let refused = try ExploreCommandTests.csx(["explore", file.path, "--confirm-states", bad])
            #expect(refused.status == 2, "--confirm-states \(bad): \(refused.stderr)")
            #expect(refused.stderr.hasPrefix("csx: ") || refused.stderr.hasPrefix("Error: "), "\(refused.stderr)")
        }
    }

    /// A state budget the confirming search meets before deciding: the counterexample stands,
    /// unconfirmed, and the summary and the TUI's offer say which budget it met.
    @Test func confirmationCutByStatesIsSaidPlainly() throws {
        let result = try Self.explore(Self.bystanders, options: ExplorationOptions(maxConfirmingStates: 40))
        #expect(result.verdict == .violation && result.shortest == 23)
        #expect(result.shortestConfirmed == false)
        let confirmation = try #require(result.confirmation)
        #expect(confirmation.outcome == .outOfStates && confirmation.stateBudget == 40 && confirmation.states <= 40)
        let simulation = try ScenarioCatalogue.simulation(of: Self.bystanders, kernel: try KernelCatalogue.load("v6.18"))
        let text = ExplorationReport(scenarioName: "hotplug-mix", simulation: simulation, result: result).text()
        #expect(text.contains("reached its budget of 40 states (--confirm-states) before deciding whether one is shorter than 23 moves"), "\(text)")
        // No confirming search at all: said as plainly.
        let none = try Self.explore(Self.bystanders, options: ExplorationOptions(maxConfirmingStates: 0))
        #expect(none.shortest == 23 && none.shortestConfirmed == false && none.confirmation == nil)
        #expect(none.lengthClaim == "a counterexample; not confirmed shortest: no confirming search (--confirm-states 0)")
    }
}
