import ArgumentParser
import DriverSimulation
import Exploration
import Foundation
import OrderedJSON
import SafeText
import Scenarios

/// `csx explore-bench`: a scenario family explored under both variants, with and without
/// reductions (the README's Exploration tables). Build with -c release for real figures.
struct ExploreBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore-bench",
        abstract: "Explore seed-N or ring-N under both variants, with and without reductions.",
        discussion: """
            One row per size, variant and reduction setting: verdict, shortest counterexample, \
            states, transitions, seconds, states per second, the search's own memory estimate and \
            the process's peak resident memory during that row (Linux: the peak is reset through \
            /proc/self/clear_refs before each row and read as VmHWM after; elsewhere "–"). \
            A row cut short by --max-memory says "bounded" and how far it got. With --rounds N each row \
            is explored N times: its seconds and states/s are the fastest round's (the table shows the \
            range of seconds), its peak resident memory the highest. A row times one \
            search: csx explore's confirming search is not run, so a reduced row's length is the \
            reduced search's (the unreduced row's is the shortest). Families: seed \
            (cpu0 enables the others in turn, sizes \(ScenarioCatalogue.seedSizes.lowerBound)...\(ScenarioCatalogue.seedSizes.upperBound)) \
            and ring (every CPU writes sysfs at once, sizes \(ScenarioCatalogue.ringSizes.lowerBound)...\(ScenarioCatalogue.ringSizes.upperBound)).
            """)

    @Option(help: ArgumentHelp("seed-N (cpu0 enables the others in turn) or ring-N (every CPU writes at once).", valueName: "seed|ring"))
    var family: BenchFamily = .seed

    @Option(help: ArgumentHelp("Sizes to explore: N or A...B (default: seed 2...8, ring 3...5).", valueName: "sizes"))
    var sizes: String?

    @Option(help: ArgumentHelp("Explore only this variant (default: legacy, then fixed).", valueName: "legacy|fixed"))
    var variant: Variant?

    @Option(help: ArgumentHelp("With reductions, without, or both (unreduced only up to --unreduced-up-to).", valueName: "on|off|both"))
    var reductions: ReductionChoice = .both

    @Option(help: "With --reductions both: largest size also explored without reductions (they grow ~20x per CPU).")
    var unreducedUpTo: Int = 3

    @Option(help: ArgumentHelp("Memory bound per exploration (e.g. 4G).", valueName: "size"))
    var maxMemory: String?

    @Option(help: ArgumentHelp(
        "Explore each row this many times (1 to \(Self.mostRounds)): seconds and states/s are the fastest round's, and the table shows the range of seconds.",
        valueName: "n"))
    var rounds = 1

    @Option(help: "Threads expanding each layer (default: the active processors, at most \(ExplorationOptions.maxJobs)); states, transitions and verdicts do not depend on it.")
    var jobs: Int?

    @Flag(help: "Print one JSON document (family, build, jobs, peak-resident method, rows) instead of a table.")
    var json = false

    /// Rounds a row may take: a machine whose speed drifts wants a few, not a long series.
    static let mostRounds = 20

    func run() throws {
        guard (1...Self.mostRounds).contains(rounds) else {
            throw BadInput("--rounds expects 1 to \(Self.mostRounds) (got \(rounds))")
        }
        let memory = try maxMemory.map(Explore.parseSize) ?? ExplorationOptions.defaultMaxMemoryBytes
        let jobs = try Explore.threads(jobs)
        let chosen = try sizes.map { try family.sizes(parsing: $0) } ?? family.defaultSizes
        let variants = variant.map { [$0] } ?? Variant.allCases
        var rows: [BenchRow] = []
        if !json {
            #if DEBUG
            emit("note: debug build; use `swift build -c release` for representative figures\n")
            #endif
            emit("\(formatCount(jobs, "thread")) per search (--jobs)\n")
            emit(BenchRow.header)
        }
        for n in chosen {
            for variant in variants {
                for reduced in reductions.settings(size: n, unreducedUpTo: unreducedUpTo) {
                    let row = try Self.measure(
                        family.scenario(cpus: n), variant: variant, reductions: reduced, maxMemory: memory, jobs: jobs,
                        rounds: rounds)
                    if json { rows.append(row) } else { emit(row.text) }
                }
            }
        }
        if json {
            let document: JSON = .object([
                ("family", .string(family.rawValue)),
                ("build", .string(Self.build)),
                ("jobs", .int(jobs)),
                ("peak_resident_method", .string(PeakResidentSet.method)),
                ("rows", .array(rows.map(\.json))),
            ])
            emit(document.rendered() + "\n")
        }
    }

    #if DEBUG
    static let build = "debug"
    #else
    static let build = "release"
    #endif

    /// `rounds` explorations, with the process's resident peak reset before each and read after:
    /// the fastest round's result, the slowest's seconds, the highest peak.
    static func measure(
        _ scenario: Scenario, variant: Variant, reductions: Bool, maxMemory: Int, jobs: Int = ExplorationOptions.defaultJobs,
        rounds: Int = 1
    ) throws
        -> BenchRow
    {
        let simulation: Simulation
        do { simulation = try ScenarioCatalogue.simulation(of: scenario, variant: variant) } catch { throw BadInput(error.description) }
        let explorer: Explorer
        do {
            // The search alone: no confirming search (csx explore's), so a row times one search.
            explorer = try Explorer(
                simulation: simulation,
                options: ExplorationOptions(maxMemoryBytes: maxMemory, reductions: reductions, jobs: jobs, maxConfirmingStates: 0))
        } catch {
            throw BadInput("scenario \(scenario.name): \(error.message)")
        }
        var row: BenchRow? = nil
        for _ in 0..<rounds {
            let residentBefore = PeakResidentSet.reset()
            let meter = ProgressLine()
            let result = explorer.explore(simulation) { meter.update($0) }
            meter.clear()
            let peak = residentBefore == nil ? nil : PeakResidentSet.peakBytes()
            guard var kept = row else {
                row = BenchRow(
                    scenario: scenario.name, variant: variant, reductions: reductions, result: result,
                    residentBeforeBytes: residentBefore, peakResidentBytes: peak)
                continue
            }
            // The search is deterministic: a round differs from the first in its timings only.
            assert(result.states == kept.result.states && result.transitions == kept.result.transitions)
            kept.rounds += 1
            kept.slowestSeconds = max(kept.slowestSeconds ?? kept.result.seconds, result.seconds)
            if result.seconds < kept.result.seconds { kept.result = result }
            if let peak, let highest = kept.peakResidentBytes, peak > highest {
                kept.peakResidentBytes = peak
                kept.residentBeforeBytes = residentBefore
            }
            row = kept
        }
        return row!
    }
}

/// The scenario families the bench knows.
enum BenchFamily: String, ExpressibleByArgument, CaseIterable {
    case seed, ring

    var range: ClosedRange<Int> {
        switch self {
        case .seed: ScenarioCatalogue.seedSizes
        case .ring: ScenarioCatalogue.ringSizes
        }
    }

    /// What runs without --sizes: the whole seed family (it is fast); the ring sizes beside
    /// Spin's figures in issue 14.
    var defaultSizes: ClosedRange<Int> {
        switch self {
        case .seed: ScenarioCatalogue.seedSizes
        case .ring: 3...5
        }
    }

    func scenario(cpus: Int) -> Scenario {
        switch self {
        case .seed: ScenarioCatalogue.seed(cpus: cpus)
        case .ring: ScenarioCatalogue.ring(cpus: cpus)
        }
    }

    /// `N` or `A...B`, within the family's sizes; anything else is one message, exit 2.
    func sizes(parsing text: String) throws -> ClosedRange<Int> {
        let problem = BadInput("--sizes expects N or A...B with \(range.lowerBound) <= A <= B <= \(range.upperBound) for the \(rawValue) family (got \(Echo.escaped(text)))")
        // Parsed only when short: the longest valid form is two small numbers and "...".
        guard text.utf8.count <= 16 else { throw problem }
        let parts = text.components(separatedBy: "...")
        guard (1...2).contains(parts.count), let low = Int(parts[0]), let high = Int(parts[parts.count - 1]),
            low <= high, range.contains(low), range.contains(high)
        else { throw problem }
        return low...high
    }
}

/// `--reductions on|off|both`.
enum ReductionChoice: String, ExpressibleByArgument, CaseIterable {
    case on, off, both

    /// The settings one size is explored under, reduced first.
    func settings(size: Int, unreducedUpTo: Int) -> [Bool] {
        switch self {
        case .on: [true]
        case .off: [false]
        case .both: size <= unreducedUpTo ? [true, false] : [true]
        }
    }
}

/// One line of the bench's table (or one object of its JSON).
struct BenchRow {
    var scenario: String
    var variant: Variant
    var reductions: Bool
    var result: ExplorationResult
    /// Resident memory when the row began (after the peak was reset); nil where it cannot be reset.
    var residentBeforeBytes: Int?
    var peakResidentBytes: Int?
    /// How many times the row was explored (`--rounds`); `result` is the fastest round's, and
    /// with more than one, the slowest round's seconds.
    var rounds = 1
    var slowestSeconds: Double?

    /// The seconds cell: the fastest round's, or the range over the rounds.
    var secondsText: String {
        let fastest = String(format: "%.3f", result.seconds)
        guard let slowestSeconds else { return fastest }
        return fastest + "–" + String(format: "%.3f", slowestSeconds)
    }

    var statesPerSecond: Int? {
        result.seconds > 0 ? Int((Double(result.states) / result.seconds).rounded()) : nil
    }

    var verdictText: String {
        guard result.verdict == .bounded, let bound = result.bound else { return result.verdict.rawValue }
        return "bounded (\(bound.rawValue))"
    }

    static let header = """
        | scenario | variant | reductions | verdict | shortest | states | transitions | seconds | states/s | estimated memory | peak resident |
        | --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |

        """

    var text: String {
        let cells = [
            scenario, variant.rawValue, reductions ? "on" : "off", verdictText, result.shortest.map(String.init) ?? "–",
            String(result.states), String(result.transitions), secondsText,
            statesPerSecond.map(String.init) ?? "–", formatBytes(result.peakMemoryBytes), peakResidentBytes.map(formatBytes) ?? "–",
        ]
        return "| " + cells.joined(separator: " | ") + " |\n"
    }

    var json: JSON {
        var members: [(String, JSON)] = [
            ("scenario", .string(scenario)),
            ("variant", .string(variant.rawValue)),
            ("reductions", .bool(reductions)),
            ("verdict", .string(result.verdict.rawValue)),
        ]
        if let bound = result.bound { members.append(("bound", .string(bound.rawValue))) }
        if let invariant = result.invariant { members.append(("invariant", .string(invariant.rawValue))) }
        members += [
            ("shortest", result.shortest.map(JSON.int) ?? .null),
            ("states", .int(result.states)),
            ("transitions", .int(result.transitions)),
            ("max_depth", .int(result.maxDepth)),
            ("seconds", .double(result.seconds)),
        ]
        if let slowestSeconds { members += [("rounds", .int(rounds)), ("slowest_seconds", .double(slowestSeconds))] }
        members += [
            ("states_per_second", statesPerSecond.map(JSON.int) ?? .null),
            ("peak_memory_bytes", .int(result.peakMemoryBytes)),
            ("resident_before_bytes", residentBeforeBytes.map(JSON.int) ?? .null),
            ("peak_resident_bytes", peakResidentBytes.map(JSON.int) ?? .null),
        ]
        return .object(members)
    }
}
