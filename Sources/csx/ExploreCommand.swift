import ArgumentParser
import DriverSimulation
import Exploration
import Foundation
import SafeText
import Scenarios
import Sessions

struct Explore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explore every schedule of a scenario; print a shortest counterexample.",
        discussion: """
            Breadth-first over the scenario's states: at each one, which CPU takes its next \
            atomic step, and which environment event fires (an idle entry within the scenario's \
            budget, a wake, an external claim within budget, or a release). The counterexample \
            is in the action language: `csx run SCENARIO --kernel K --pm-save P --actions "..."` replays it. \
            With reductions on, a second search without partial-order reduction, one move \
            shorter, confirms the counterexample shortest or finds a shorter one (the figures \
            include it); when it runs out of memory or past --confirm-states the summary says \
            the counterexample is not confirmed shortest ("shortest_confirmed": false in --json). \
            Exit status: 0 no violation within the bounds (the scenario's, and --max-depth), 1 a \
            violation, 2 bad input or a search cut short by --max-memory (no verdict).
            """)

    @Argument(help: "A built-in scenario name (csx scenarios) or a scenario .yaml path.")
    var scenario: String

    @OptionGroup var driverOptions: DriverOptions

    @Option(help: "Explore schedules of at most this many moves (default: no limit).")
    var maxDepth: Int?

    @Option(help: ArgumentHelp("Stop when the search's structures would exceed this (e.g. 512M, 4G).", valueName: "size"))
    var maxMemory: String?

    @Flag(help: "Turn off partial-order reduction and state canonicalisation (to compare).")
    var noReductions = false

    @Flag(help: "Turn off symmetry reduction only (CPUs a permutation maps onto each other; to compare).")
    var noSymmetry = false

    @Option(
        name: .customLong("confirm-states"),
        help: ArgumentHelp(
            "States the search that confirms a counterexample shortest may store (default \(ExplorationOptions.defaultMaxConfirmingStates); 0: none, the counterexample is then not confirmed shortest).",
            valueName: "n"))
    var confirmStates: Int = ExplorationOptions.defaultMaxConfirmingStates

    @Option(help: "Threads expanding each layer (default: the active processors, at most \(ExplorationOptions.maxJobs)); any value gives the same result.")
    var jobs: Int?

    @Flag(help: "Print one JSON document instead of a readable summary.")
    var json = false

    @Option(help: ArgumentHelp("Write the counterexample as a session (csx replay FILE steps through it).", valueName: "file"))
    var out: String?

    func run() throws {
        if let maxDepth, maxDepth < 1 { throw BadInput("--max-depth must be at least 1 (got \(maxDepth))") }
        let memory = try maxMemory.map(Self.parseSize) ?? ExplorationOptions.defaultMaxMemoryBytes
        let jobs = try Self.threads(jobs)
        // A bound on what is allocated: past the memory budget's worth of states it says nothing more.
        guard confirmStates >= 0, confirmStates <= 1 << 32 else {
            throw BadInput("--confirm-states must be 0...\((1 << 32).grouped) (got \(confirmStates))")
        }
        if let out { try OutputFile.check(out, allowsStandardOutput: false) }  // before a long search
        let named = try Loading.scenario(scenario)
        let loaded = named.scenario
        let kernel = try driverOptions.profile()
        let simulation = try Loading.simulation(
            of: named, on: try Loading.board(for: named).topology, variant: driverOptions.variant, kernel: kernel,
            pmSave: driverOptions.pmSave)
        let explorer: Explorer
        do {
            explorer = try Explorer(
                simulation: simulation,
                options: ExplorationOptions(
                    maxDepth: maxDepth, maxMemoryBytes: memory, reductions: !noReductions, symmetry: !noSymmetry,
                    jobs: jobs, maxConfirmingStates: confirmStates))
        } catch {
            throw BadInput(named.filePrefix + "scenario \(loaded.name): \(error.message)")
        }
        let meter = ProgressLine()
        let result = explorer.explore(simulation) { meter.update($0) }
        meter.clear()
        if result.verdict == .bounded, result.bound == .maxMemory {
            // An incomplete search is no verdict: say how far it got and what to change.
            throw BadInput("the search reached --max-memory (\(formatBytes(memory))) after \(formatCount(result.states, "state")) at depth \(result.maxDepth) "
                + "without a violation; no verdict: raise --max-memory or bound the depth with --max-depth")
        }
        if let out {
            if result.verdict == .violation {
                do {
                    _ = try SessionRecorder.record(scenario: loaded, kernel: simulation.profile, pmSave: simulation.pmSave,
                                                   actions: result.counterexample,
                                                   to: out, csxVersion: CSXVersion.string, topology: simulation.topology)
                } catch let error as SessionError {
                    throw BadInput(error.description)
                } catch {
                    throw BadInput("cannot write \(Echo.escaped(out)): \(error)")
                }
            } else {
                warn("no counterexample, so \(Echo.escaped(out)) was not written")
            }
        }
        let argument = KernelCatalogue.isPath(scenario) ? scenario : loaded.name
        let report = ExplorationReport(scenarioName: loaded.name, scenarioArgument: argument, simulation: simulation, result: result)
        emit(json ? report.json().rendered() + "\n" : report.text())
        if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
    }

    /// `1048576`, `512K`, `512M`, `4G` (binary units).
    static func parseSize(_ text: String) throws -> Int {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        var digits = text.uppercased()
        var scale = 1
        if digits.hasSuffix("B") { digits.removeLast() }
        if let last = digits.last, let unit = units[last] {
            scale = unit
            digits.removeLast()
        }
        guard let value = Int(digits), value > 0, value <= Int.max / scale else {
            throw BadInput("--max-memory expects a positive size like 512M or 4G (got \(text))")
        }
        return value * scale
    }
}

/// The progress line on standard error: only on a terminal, at most every half second.
final class ProgressLine {
    private let enabled = isatty(STDERR_FILENO) == 1
    private var lastShown = -1.0
    private var shown = false

    func update(_ p: ExplorationProgress) {
        guard enabled, p.seconds - lastShown >= 0.5 else { return }
        lastShown = p.seconds
        let rate = p.seconds > 0 ? Int(Double(p.states) / p.seconds) : 0
        let resident = Self.residentBytes().map { ", \(formatBytes($0)) resident" } ?? ""
        let line = "\r\u{1B}[K\(p.states) states, \(rate) states/s, depth \(p.depth), \(formatBytes(p.memoryBytes)) held\(resident)"
        FileHandle.standardError.write(Data(line.utf8))
        shown = true
    }

    /// This process's resident memory: /proc/self/statm's second field, in pages (nil elsewhere).
    static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .ascii) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    func clear() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

extension Explore {
    /// `--jobs`: 1 to `ExplorationOptions.maxJobs`, by default the active processors (capped).
    static func threads(_ jobs: Int?) throws -> Int {
        guard let jobs else { return ExplorationOptions.defaultJobs }
        guard (1...ExplorationOptions.maxJobs).contains(jobs) else {
            throw BadInput("--jobs must be 1...\(ExplorationOptions.maxJobs) (got \(jobs))")
        }
        return jobs
    }
}
