import DriverSimulation
import Exploration
import Foundation
import FuzzSupport
import Scenarios
import Testing

/// Random small scenarios with several CPUs (sysfs enable/disable, perf sessions, sink choices,
/// bystander CPUs with idle budgets, debugger claims, sometimes a hotplug budget) explored with
/// every reduction and without any: the same verdict and the same shortest length, always.
///
/// The invariant: both searches are breadth-first to the same shortest length, but two
/// different invariants may break at that length, and which one each search meets first
/// depends on the order it expands states in. So the test does not ask for equal invariants; it
/// asks that each search's counterexample has the shortest length and, replayed, breaks the
/// invariant that search names: both invariants are reachable at the shortest length.
///
/// Bounded by construction: the unreduced search gets `memoryCap` (a few thousand states), the
/// reduced one twice that (see `check`); a case whose unreduced search, or the reduced one's
/// confirmation, reaches it is skipped and counted, and
/// most cases must be decided. Seeded: a failure names its seed, and
/// `CSX_REDUCED_SEED=<seed> swift test --filter ReducedAgreementPropertyTests` runs that one case;
/// `CSX_REDUCED_CASES=<n>` runs n cases instead of 24 (at most 10,000).
@Suite struct ReducedAgreementPropertyTests {
    static let cases = 24
    static let baseSeed: UInt64 = 0x00C5_2026_1206
    static let memoryCap = 3 << 20
    static let boards = ["grid-3", "grid-4", "juno-r2"]
    /// v6.18 twice: the legacy races are the ones with counterexamples to compare.
    static let kernels = ["v6.18", "v6.18", "v6.19", "v7.2", "v6.18.2"]

    /// One random scenario from a seed (the same on every run).
    static func scenario(seed: UInt64) -> (scenario: Scenario, kernel: String) {
        var random = SplitMix64(seed: seed)
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }
        let board = pick(boards)
        let cpus = board == "juno-r2" ? 6 : Int(board.dropFirst(5))!
        let sinks = ["tmc_etr0", "tmc_etf0"]
        var order = Array(0..<cpus)
        order.shuffle(using: &random)
        // Two or three CPUs that write; the next one or two are bystanders.
        // At least one CPU is left for a bystander.
        let writers = Array(order.prefix(min(cpus - 1, chance(25) ? 3 : 2)))
        let bystanders = Array(order.dropFirst(writers.count).prefix(chance(30) ? 2 : 1))
        var threads: [ThreadScript] = []
        for cpu in writers {
            var operations: [ActionOperation] = []
            switch random.next() % 4 {
            case 0:
                operations = [.perfStart(sink: chance(50) ? nil : pick(sinks)), .perfStop]
            case 1:
                let target = "etm\(pick(bystanders + writers))"
                operations = [.enable(target)]
                if chance(60) { operations.append(.disable(target)) }
            case 2:
                operations = [.disable("etm\(pick(writers))")]
            default:
                let target = "etm\(pick(bystanders))"
                operations = [.enable(target), .disable(target)]
            }
            if chance(15) { operations.insert(.enableSink(pick(sinks)), at: 0) }
            threads.append(ThreadScript(cpu: cpu, operations: operations))
        }
        var environment = Environment(idle: bystanders.map { (cpu: $0, times: 1) })
        if chance(30) { environment.idle.append((cpu: pick(writers), times: 1)) }
        let claimable = writers + bystanders
        for _ in 0..<(chance(20) ? 2 : random.next() % 2) { environment.extClaim.append((component: "etm\(pick(claimable))", times: 1)) }
        if chance(25) { environment.hotplug = [(cpu: pick(bystanders + writers), times: 1)] }
        var setup: [Action] = []
        if chance(30) {
            // A tracer enabled before the race starts, by its own CPU or another.
            let cpu = pick(writers), target = pick(writers)
            setup = [.operation(cpu: cpu, .enable("etm\(target)")), .run(cpu: cpu), .run(cpu: target), .run(cpu: cpu)]
        }
        var scenario = Scenario(
            name: "random-\(seed)", board: .builtin(board), sink: pick(sinks), setup: setup, threads: threads,
            environment: environment)
        if chance(70) { scenario.pmSave = .selfHosted }
        return (scenario, pick(kernels))
    }

    enum Outcome {
        /// Both decided: whether it is a violation, whether the reduced search's first
        /// counterexample was longer (the confirmation found the shorter one), whether the two
        /// invariants differ.
        case decided(violation: Bool, lengthened: Bool, tie: Bool)
        case skipped, unusable
    }

    /// Explores one case both ways and checks the agreement.
    static func check(seed: UInt64) throws -> Outcome {
        let (scenario, kernel) = Self.scenario(seed: seed)
        let simulation: Simulation
        do {
            simulation = try ScenarioCatalogue.simulation(of: scenario, kernel: try KernelCatalogue.load(kernel))
        } catch {
            return .unusable  // a setup the engine refuses (e.g. a run that cannot finish)
        }
        let context = "seed \(seed) (CSX_REDUCED_SEED=\(seed)), \(kernel), \(scenario)"
        let full = try Explorer(simulation: simulation, options: ExplorationOptions(maxMemoryBytes: memoryCap, reductions: false))
            .explore(simulation)
        guard full.verdict != .bounded else { return .skipped }
        // The reduced search stores no more states, but sleep sets keep a word per state and bring
        // arrivals that wake a move to the merge: on the smallest cases it may hold a little more
        // than the full one did, so it gets twice the cap.
        let reduced = try Explorer(simulation: simulation, options: ExplorationOptions(maxMemoryBytes: 2 * memoryCap))
            .explore(simulation)
        // So it is decided; its confirmation may run short.
        #expect(reduced.verdict == full.verdict, "\(context)")
        guard reduced.verdict == .violation, full.verdict == .violation else {
            return .decided(violation: false, lengthened: false, tie: false)
        }
        guard reduced.shortestConfirmed == true else { return .skipped }
        #expect(reduced.shortest == full.shortest, "\(context)")
        for result in [reduced, full] {
            var replay = simulation
            for action in result.counterexample { try replay.perform(action) }
            let broken = replay.violations.map(\.violation.invariant)
            #expect(broken.contains(try #require(result.invariant)), "\(context): \(result.counterexample)")
        }
        return .decided(
            violation: true, lengthened: reduced.confirmation?.outcome == .foundShorter, tie: reduced.invariant != full.invariant)
    }

    static var seeds: [UInt64] {
        if let text = ProcessInfo.processInfo.environment["CSX_REDUCED_SEED"], let seed = UInt64(text) { return [seed] }
        let count = ProcessInfo.processInfo.environment["CSX_REDUCED_CASES"].flatMap { Int($0) }.map { min(max($0, 1), 10_000) } ?? cases
        return (0..<UInt64(count)).map { baseSeed &+ $0 }
    }

    @Test func reducedAndUnreducedAgree() throws {
        var decided = 0, skipped = 0, unusable = 0, ties = 0, violations = 0, lengthened = 0
        for seed in Self.seeds {
            switch try Self.check(seed: seed) {
            case .decided(let violation, let longer, let tie):
                decided += 1
                if violation { violations += 1 }
                if longer { lengthened += 1 }
                if tie { ties += 1 }
            case .skipped: skipped += 1
            case .unusable: unusable += 1
            }
        }
        // Most cases must be decided, and some must be violations, or the test checks little.
        if Self.seeds.count > 1 {
            #expect(decided * 3 >= (decided + skipped + unusable) * 2, "decided \(decided), skipped \(skipped), unusable \(unusable)")
            #expect(violations * 5 >= decided, "\(violations) violations among \(decided) decided")
        }
        print("reduced agreement: \(decided) decided (\(violations) violations, \(lengthened) shortened by the confirmation, "
            + "\(ties) with two invariants at the shortest length), \(skipped) over the cap, \(unusable) unusable")
    }
}
