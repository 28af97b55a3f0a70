import ArgumentParser
import DriverSimulation
import CoreSightModel
import Exploration
import Foundation
import SafeText
import Scenarios

/// `csx matrix`: which kernel releases have which race. Every scenario explored completely
/// under every profile with the same explorer as `csx explore`.
struct Matrix: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explore scenarios under kernel profiles; print the verdict table.",
        discussion: """
            Rows are scenarios (default: the built-in ones, not seed-N or ring-N), columns kernel \
            profiles (default: every shipped one, csx kernels). A cell is ok or \
            INVARIANT/LENGTH: the invariant a shortest schedule breaks and its length in moves \
            (csx explore SCENARIO --kernel K prints it, and says when its search without \
            partial-order reduction ran out of memory before confirming the length shortest). Exit status: 0 every cell ok, 1 a \
            violation, 2 bad input or a search cut short by --max-memory (no verdict).
            """)

    /// Scenarios one matrix explores: the built-ins are a handful; each is a full search.
    static let maxScenarios = 64
    /// Profiles one matrix explores (five are shipped).
    static let maxKernels = 32

    @Argument(help: "Built-in scenario names or scenario .yaml paths (default: every built-in but seed-N and ring-N).")
    var scenarios: [String] = []

    @Option(help: ArgumentHelp(
        "all, or names, aliases and profile files separated by commas (default: all shipped).", valueName: "all|a,b,..."))
    var kernels: String = "all"

    @Option(name: .customLong("pm-save"), help: ArgumentHelp(
        "pm_save_enable for every scenario: firmware, never or self-hosted (default: each scenario's own).",
        valueName: "firmware|never|self-hosted"))
    var pmSave: PMSave?

    @Option(help: ArgumentHelp("Memory bound per exploration (e.g. 512M, 4G).", valueName: "size"))
    var maxMemory: String?

    @Flag(help: "JSON: {\"kernels\", \"pm-save\", \"rows\": [{\"scenario\", \"pm-save\", \"cells\": [{\"kernel\", \"verdict\", \"invariant\", \"length\", \"states\"}]}]}.")
    var json = false

    func run() throws {
        let memory = try maxMemory.map(Explore.parseSize) ?? ExplorationOptions.defaultMaxMemoryBytes
        let profiles = try Self.profiles(kernels)
        let chosen = try Self.scenarios(scenarios)
        let progress = MatrixProgress(total: chosen.count * profiles.count)
        var rows: [MatrixReport.Row] = []
        for named in chosen {
            let scenario = named.scenario
            let board = try Loading.board(for: named).topology
            var cells: [MatrixReport.Cell] = []
            var resolved = PMSave.never
            for profile in profiles {
                progress.show(scenario: scenario.name, kernel: profile.name)
                let simulation: Simulation
                do { simulation = try Loading.simulation(of: named, on: board, variant: nil, kernel: profile, pmSave: pmSave) } catch {
                    progress.clear()
                    throw error
                }
                resolved = simulation.resolvedPMSave
                let result = try Self.explore(simulation, scenario: scenario.name, kernel: profile.name, memory: memory, progress: progress)
                cells.append(MatrixReport.Cell(kernel: Echo.escaped(profile.name), result: result))
            }
            rows.append(MatrixReport.Row(scenario: Echo.escaped(scenario.name), pmSave: resolved, cells: cells))
        }
        progress.clear()
        let report = MatrixReport(kernels: profiles.map { Echo.escaped($0.name) }, pmSave: pmSave, rows: rows)
        emit(json ? report.json().rendered() + "\n" : report.text())
        if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
    }

    /// One complete search; a search cut by the memory bound is no verdict (exit 2), as in
    /// `csx explore`.
    static func explore(
        _ simulation: Simulation, scenario: String, kernel: String, memory: Int, progress: MatrixProgress
    ) throws -> ExplorationResult {
        let explorer: Explorer
        do {
            explorer = try Explorer(simulation: simulation, options: ExplorationOptions(maxMemoryBytes: memory))
        } catch {
            progress.clear()
            throw BadInput("scenario \(scenario): \(error.message)")
        }
        let result = explorer.explore(simulation)
        if result.verdict == .bounded {
            progress.clear()
            throw BadInput("\(scenario) under \(kernel): the search reached --max-memory (\(formatBytes(memory))) after "
                + "\(formatCount(result.states, "state")) without a violation; no verdict: raise --max-memory")
        }
        return result
    }

    /// `all`, or a comma-separated list of names, aliases and files; each profile once, in the
    /// order given.
    static func profiles(_ text: String) throws -> [DriverProfile] {
        if text == "all" {
            do { return try KernelCatalogue.shipped() } catch { throw BadInput(error.description) }
        }
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard names.count <= maxKernels else {
            throw BadInput("--kernels names \(names.count) profiles; at most \(maxKernels) per matrix")
        }
        if names.contains(where: \.isEmpty) { throw BadInput("--kernels: an empty name in \(text) (expected all or a,b,...)") }
        var result: [DriverProfile] = []
        for name in names {
            let profile = try Loading.kernel(name)
            if !result.contains(where: { $0.name == profile.name }) { result.append(profile) }
        }
        return result
    }

    /// The scenarios named (each once), or every built-in scenario file's.
    static func scenarios(_ names: [String]) throws -> [NamedScenario] {
        guard names.count <= maxScenarios else {
            throw BadInput("\(names.count) scenarios given; at most \(maxScenarios) per matrix")
        }
        do {
            if names.isEmpty {
                let seeds = Set(ScenarioCatalogue.seeds.map(\.name))
                return try ScenarioCatalogue.builtins().filter { !seeds.contains($0.name) }.map { NamedScenario(scenario: $0) }
            }
        } catch {
            throw BadInput(error.description)
        }
        var result: [NamedScenario] = []
        for name in names {
            let named = try Loading.scenario(name)
            if !result.contains(where: { $0.scenario.name == named.scenario.name }) { result.append(named) }
        }
        return result
    }
}

/// `scenario under kernel (n/N)` on standard error, only on a terminal.
final class MatrixProgress {
    private let enabled = isatty(STDERR_FILENO) == 1
    private let total: Int
    private var done = 0
    private var shown = false

    init(total: Int) { self.total = total }

    func show(scenario: String, kernel: String) {
        done += 1
        guard enabled else { return }
        let line = "\r\u{1B}[K\(done)/\(total): \(Echo.escaped(scenario)) under \(Echo.escaped(kernel))"
        FileHandle.standardError.write(Data(line.utf8))
        shown = true
    }

    func clear() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }
}
