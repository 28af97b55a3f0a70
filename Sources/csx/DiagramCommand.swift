import ArgumentParser
import CoreSightModel
import DriverSimulation
import Exploration
import Foundation
import RaceDiagram
import SafeText
import Sessions

/// `csx diagram`: a run, a session or a counterexample drawn as a race diagram in the kernel's
/// own style (RaceDiagram), ready for a commit message.
struct Diagram: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw a run, a session or a counterexample as a race diagram (plain ASCII).",
        discussion: """
            One column per CPU that matters (and the external debugger when it acts), the \
            kernel's call chains for the profile in use, arrows for IPIs and their completion, \
            CPU PM calls for idle, and ^^^ under the step that broke an invariant. Path \
            building link by link, the mutex and uninvolved CPUs are folded (--full keeps \
            them). At most --width columns (default 75, a commit message's width).
            Sources: SCENARIO [--actions "..."] (a run, as csx run), SCENARIO --explore (the \
            shortest counterexample csx explore finds), or --session FILE (a recording; \
            --kernel/--pm-save replay its actions on another kernel).
            Exit status: 0 nothing drawn broke an invariant, 1 something did, 2 bad input.
            Example: csx diagram claim-failure-vs-idle --actions "run cpu0; run cpu1; idle cpu1; run cpu1; run cpu0"
            """)

    @Argument(help: "A built-in scenario name or a scenario .yaml path.")
    var scenario: String?

    @OptionGroup var boardOptions: BoardOptions

    @OptionGroup var driverOptions: DriverOptions

    @Option(help: "Actions in the action language, separated by ';' (a run).")
    var actions: String?

    @Flag(help: "Draw the shortest counterexample of the scenario's schedules (as csx explore finds it).")
    var explore = false

    @Option(help: ArgumentHelp("With --explore: stop when the search would exceed this (e.g. 512M, 4G).", valueName: "size"))
    var maxMemory: String?

    @Option(help: ArgumentHelp("Draw a recorded session (csx run --record, csx explore --out, the TUI's R).", valueName: "file"))
    var session: String?

    @Flag(help: "Keep what is folded: path building link by link, the mutex, uninvolved CPUs.")
    var full = false

    @Option(help: "Columns of text at most (\(DiagramOptions.widthRange.lowerBound)-\(DiagramOptions.widthRange.upperBound)).")
    var width = DiagramOptions.defaultWidth

    @Option(help: ArgumentHelp("Write the diagram to this file instead of standard output.", valueName: "file"))
    var out: String?

    func validate() throws {
        guard DiagramOptions.widthRange.contains(width) else {
            throw ValidationError("--width must be \(DiagramOptions.widthRange.lowerBound) to \(DiagramOptions.widthRange.upperBound) (got \(width))")
        }
        if session != nil, scenario != nil || boardOptions.source != nil || actions != nil || explore {
            throw ValidationError("--session draws a recording: give no scenario, board, --actions or --explore with it")
        }
        if explore, actions != nil { throw ValidationError("--explore draws the counterexample it finds: no --actions with it") }
        if explore, scenario == nil { throw ValidationError("--explore needs a scenario (csx scenarios lists them)") }
        if maxMemory != nil, !explore { throw ValidationError("--max-memory goes with --explore") }
    }

    func run() throws {
        if let out { try OutputFile.check(out) }  // before any search
        let simulation = try session.map(replayed) ?? (explore ? try counterexample() : try played())
        let text = RaceDiagram.draw(DiagramInput(simulation: simulation), options: DiagramOptions(width: width, full: full))
        if let out { try OutputFile.write(text, to: out) } else { emit(text) }
        if !simulation.violations.isEmpty { throw ExitCode(ExitStatus.violation) }
    }

    /// A run: the scenario's setup, then `--actions`.
    private func played() throws -> Simulation {
        let start = try Loading.start(scenario, options: boardOptions, fallback: .bare(board: Board.defaultName))
        Loading.reportNotes(start.board.notes)
        var simulation = try Loading.simulation(of: start, driver: driverOptions)
        for (index, action) in try Loading.actions(actions).enumerated() {
            do { try simulation.perform(action) } catch { throw BadInput("action \(index + 1) (\(action)): \(error.message)") }
        }
        return simulation
    }

    /// The shortest counterexample, played: what `csx explore` prints, drawn.
    private func counterexample() throws -> Simulation {
        let start = try Loading.start(scenario, options: boardOptions, fallback: .bare(board: Board.defaultName))
        var simulation = try Loading.simulation(of: start, driver: driverOptions)
        let memory = try maxMemory.map(Explore.parseSize) ?? ExplorationOptions.defaultMaxMemoryBytes
        let explorer: Explorer
        do {
            explorer = try Explorer(simulation: simulation, options: ExplorationOptions(maxMemoryBytes: memory))
        } catch {
            throw BadInput("scenario \(simulation.scenario.name): \(error.message)")
        }
        let result = explorer.explore(simulation)
        if result.verdict == .bounded {
            throw BadInput("the search reached --max-memory (\(formatBytes(memory))) without a violation; no verdict, no diagram")
        }
        for action in result.counterexample {
            do { try simulation.perform(action) } catch { throw BadInput("counterexample (\(action)): \(error.message)") }
        }
        return simulation
    }

    /// A recorded session, replayed (on another kernel when asked).
    private func replayed(_ path: String) throws -> Simulation {
        let loaded = try SessionFiles.load(path)
        guard loaded.header.source == .simulation else {
            throw BadInput("\(Echo.escaped(path)): a live session has no schedule to draw")
        }
        let profile = try driverOptions.variant.map { try Loading.kernel($0.rawValue) } ?? driverOptions.profile()
        do { return try SessionReplay.simulation(of: loaded, profile: profile, pmSave: driverOptions.pmSave) } catch {
            throw BadInput(error.description)
        }
    }
}
