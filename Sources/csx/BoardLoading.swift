import ArgumentParser
import CoreSightModel
import DriverSimulation
import Foundation
import Scenarios

/// Where a command's board comes from: a built-in name, a device tree source or a sysfs tree.
/// At most one; `--boot-cpu` only with `--dts`.
struct BoardOptions: ParsableArguments {
    @Option(help: "A built-in board (csx boards lists them).")
    var board: String?

    @Option(help: ArgumentHelp("Read the board from a device tree source.", valueName: "file.dts"))
    var dts: String?

    @Option(
        name: .customLong("boot-cpu"),
        help: ArgumentHelp(
            "With --dts: the cpu node Linux boots on, by name (cpu@100), label or path; default the first cpu node.",
            discussion: """
                Linux numbers CPUs from the boot CPU (logical CPU 0), then in /cpus order, and \
                names per-CPU tracers by that number (etm0 is the boot CPU's). A DTS does not say \
                which CPU firmware boots on: Juno r2 boots on an A53 (cpu@100), not the first node.
                """,
            valueName: "cpu-node"))
    var bootCPU: String?

    @Option(help: ArgumentHelp("Read the board from a sysfs tree (/sys, or a copy of one).", valueName: "root"))
    var sysfs: String?

    @Option(name: [.customShort("I"), .customLong("include")],
            help: ArgumentHelp("With a DTS: a directory for #include <...> files, as cpp -I (e.g. a kernel tree's include/); repeatable.",
                               valueName: "dir"))
    var includeDirectories: [String] = []

    func validate() throws {
        if [board, dts, sysfs].compactMap({ $0 }).count > 1 {
            throw ValidationError("give one of --board, --dts and --sysfs")
        }
        if bootCPU != nil && dts == nil { throw ValidationError("--boot-cpu goes with --dts") }
        if !includeDirectories.isEmpty && dts == nil { throw ValidationError("-I/--include goes with --dts") }
    }

    /// The source given, if any.
    var source: BoardSource? { Self.source(dts: dts, bootCPU: bootCPU, sysfs: sysfs, board: board) }

    static func source(dts: String?, bootCPU: String?, sysfs: String?, board: String?) -> BoardSource? {
        if let dts { return .dts(dts, bootCPU: bootCPU) }
        if let sysfs { return .sysfs(sysfs) }
        return board.map(BoardSource.builtin)
    }

    /// True when the board is read from a file rather than built in.
    var readsAFile: Bool { dts != nil || sysfs != nil }
}

/// What a command starts from: a scenario, and the board it runs on, loaded once.
struct Start {
    var scenario: Scenario
    var board: LoadedBoard
    /// The scenario file it came from, for messages; nil when not a file.
    var file: String? = nil
}

extension Loading {
    /// Loads a board from any source, with a user-facing error (exit 2) when it cannot be read:
    /// DTS faults as `file:line:column: ... (expected ...)`, an unreadable sysfs tree in one line.
    /// The board's notes (DTS warnings and assumptions, sysfs problems) are the caller's to show.
    static func loadBoard(_ source: BoardSource, includeDirectories: [String] = []) throws(BadInput) -> LoadedBoard {
        do {
            return try BoardLoader.load(source, includeDirectories: includeDirectories)
        } catch {
            throw BadInput(error.description)
        }
    }

    /// The scenario and board to start from:
    /// - a scenario with no board option: the scenario on its own board;
    /// - a scenario and a board option: the scenario on that board (its names must exist there);
    /// - `--dts` or `--sysfs` alone: the scenario generated for that board
    ///   (`ScenarioCatalogue.generated`): cpu0 enables the first other CPU's tracer, which may idle;
    /// - `--board` alone: that board bare; nothing: `fallback` (the run command's bare default
    ///   board, or the screens' seed race).
    static func start(_ nameOrPath: String?, options: BoardOptions, fallback: Scenario) throws -> Start {
        if let nameOrPath {
            var named = try scenario(nameOrPath)
            let board = try board(for: named, override: options.source, includeDirectories: options.includeDirectories)
            if let override = options.source { named.scenario.board = override }
            return Start(scenario: named.scenario, board: board, file: named.file)
        }
        guard let source = options.source else {
            return Start(scenario: fallback, board: try loadBoard(fallback.board))
        }
        let board = try loadBoard(source, includeDirectories: options.includeDirectories)
        let scenario = options.readsAFile
            ? ScenarioCatalogue.generated(for: board.topology, boardSource: source)
            : Scenario.bare(board: options.board ?? Board.defaultName)
        return Start(scenario: scenario, board: board)
    }

    /// A ready simulation of `start`, on its already-loaded topology.
    static func simulation(of start: Start, driver: DriverOptions) throws -> Simulation {
        try simulation(
            of: NamedScenario(scenario: start.scenario, file: start.file), on: start.board.topology,
            variant: driver.variant, kernel: try driver.profile(), pmSave: driver.pmSave)
    }

    /// Writes a board's notes to standard error, one line each: they explain the board but are
    /// not the command's output, so `--json` and `--dot` output stays clean.
    static func reportNotes(_ notes: [String]) {
        for text in notes { note(text) }
    }
}
