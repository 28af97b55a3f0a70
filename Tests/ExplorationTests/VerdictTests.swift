import DriverSimulation
import Exploration
import Scenarios
import Testing

/// What exploration must show (issue 4): legacy breaks on every seed scenario with a
/// counterexample that replays to the same invariant; fixed never breaks.
@Suite struct VerdictTests {
    @Test(arguments: ScenarioCatalogue.seedSizes)
    func legacySeedBreaksAndTheCounterexampleReplays(cpus: Int) throws {
        let name = "seed-\(cpus)"
        let result = try explore(name, .legacy, confirming: cpus > 5 ? 0 : ExplorationOptions.defaultMaxConfirmingStates)
        #expect(result.verdict == .violation)
        #expect(result.shortestConfirmed == (cpus <= 5))
        let invariant = try #require(result.invariant)
        #expect(result.shortest == result.counterexample.count)
        // Replayed as `csx run` does: the violation comes on the last move, not before.
        let broken = try replay(name, .legacy, result.counterexample)
        #expect(broken.first == invariant)
        #expect(try replay(name, .legacy, Array(result.counterexample.dropLast())).isEmpty)
    }

    @Test(arguments: ScenarioCatalogue.seedSizes)
    func fixedSeedIsOk(cpus: Int) throws {
        let result = try explore("seed-\(cpus)", .fixed)
        #expect(result.verdict == .ok)
        #expect(result.counterexample.isEmpty && result.invariant == nil && result.shortest == nil)
    }

    /// The hand-written scenarios: each race breaks legacy and not fixed; self-enable breaks
    /// neither (docs/driver-model.md §7).
    @Test(arguments: [
        ("claim-failure-vs-idle", Invariant.pmReadsStaleMode), ("ipi-wakes-idle-cpu", .pmReadsStaleMode),
        ("disable-vs-idle", .pmReadsStaleMode), ("sysfs-vs-perf", .pmReadsStaleMode),
    ])
    func racesBreakLegacyOnly(name: String, invariant: Invariant) throws {
        let legacy = try explore(name, .legacy)
        #expect(legacy.verdict == .violation)
        #expect(legacy.invariant == invariant)
        #expect(try replay(name, .legacy, legacy.counterexample).first == invariant)
        #expect(try explore(name, .fixed).verdict == .ok)
    }

    @Test func selfEnableBreaksNeitherVariant() throws {
        #expect(try explore("self-enable", .legacy).verdict == .ok)
        #expect(try explore("self-enable", .fixed).verdict == .ok)
    }

    /// Race A needs the failed claim: the shortest legacy schedule is cpu0 up to its mode take,
    /// then cpu1 idling and reading SYSFS.
    @Test func raceAShortestScheduleReadsAsTheDriverModelTellsIt() throws {
        let result = try explore("claim-failure-vs-idle", .legacy)
        let tail = result.counterexample.suffix(2).map(\.description)
        #expect(tail == ["idle cpu1", "step cpu1"])
        #expect(result.counterexample.dropLast(2).allSatisfy { $0 == .step(cpu: 0) })
    }

    @Test func aDepthBoundIsReportedAsBoundedNotOk() throws {
        let result = try explore("seed-2", .fixed, maxDepth: 3)
        #expect(result.verdict == .bounded)
        #expect(result.maxDepth == 3)
    }

    @Test func aMemoryBoundIsReportedAsBoundedNotOk() throws {
        let simulation = try ScenarioCatalogue.simulation(of: ScenarioCatalogue.seed(cpus: 5), variant: .fixed)
        let explorer = try Explorer(simulation: simulation, options: ExplorationOptions(maxMemoryBytes: 64 << 10))
        let result = explorer.explore(simulation)
        #expect(result.verdict == .bounded)
        #expect(result.bound == .maxMemory)
    }

    /// Where doubling the visited table would pass `--max-memory`, the search fills it to 7/8
    /// instead and answers as it does without a limit: `seed-5` fixed stores 845 states, past 3/4
    /// of the table's first 1,024 slots (16 KiB) and under 7/8, so a free search doubles it (32 KiB
    /// beside the old 16 at its peak) and one limited to 16 KiB less must not.
    @Test func aFullerTableAnswersWhereDoublingWouldPassTheLimit() throws {
        let simulation = try ScenarioCatalogue.simulation(of: ScenarioCatalogue.seed(cpus: 5), variant: .fixed)
        let free = try Explorer(simulation: simulation, options: ExplorationOptions(jobs: 1)).explore(simulation)
        #expect(free.verdict == .ok)
        #expect(free.states * 4 > 1024 * 3 && free.states * 8 <= 1024 * 7, "\(free.states) states")
        let limit = free.peakMemoryBytes - (16 << 10)
        let tight = try Explorer(simulation: simulation, options: ExplorationOptions(maxMemoryBytes: limit, jobs: 1))
            .explore(simulation)
        #expect(tight.verdict == .ok)
        #expect(tight.states == free.states && tight.transitions == free.transitions)
        #expect(tight.peakMemoryBytes <= limit)
        // Past 7/8 it still gives up rather than pass the limit.
        let tighter = try Explorer(simulation: simulation, options: ExplorationOptions(maxMemoryBytes: limit - (48 << 10), jobs: 1))
            .explore(simulation)
        #expect(tighter.verdict == .bounded)
    }

    /// The TUI's `x`: explore from wherever a simulation is; the counterexample continues it.
    @Test func exploresFromTheCurrentStateOfASimulation() throws {
        var simulation = try ScenarioCatalogue.simulation(of: try ScenarioCatalogue.load("disable-vs-idle"), variant: .legacy)
        try simulation.perform(.step(cpu: 0))
        let result = try Explorer(simulation: simulation).explore(simulation)
        #expect(result.verdict == .violation)
        for action in result.counterexample { try simulation.perform(action) }
        #expect(simulation.violations.map(\.violation.invariant).first == result.invariant)
    }

    @Test func anEnvironmentNamingAMissingComponentIsAnError() throws {
        let scenario = Scenario(
            name: "bad", board: .builtin("juno-r2"), environment: Environment(extClaim: [(component: "etm99", times: 1)]))
        let simulation = try ScenarioCatalogue.simulation(of: scenario)
        #expect(throws: ActionError.self) { try Explorer(simulation: simulation) }
    }
}
