import ArgumentParser
import CoreSightModel
import DriverSimulation

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply a scenario's setup, then actions; print every step's events.",
        discussion: """
            Without a scenario, starts from the bare board (--board, default juno-r2): nothing \
            enabled, nobody idle; with --dts or --sysfs alone, from a scenario generated for \
            that board (cpu0 enables the first other CPU's tracer, which may idle). A scenario \
            with a board option runs on that board instead of its own. \
            A stale read that decides nothing (pm_save_enable never: Juno's firmware default) is \
            a note, not a violation. Exit status: 0 no invariant broke (notes or not), 1 one \
            did, 2 bad input.
            Example (race A by hand, on a Juno whose ETM context is saved over idle):
              csx run --board juno-r2 --kernel v6.18 --pm-save self-hosted --actions "
                cpu0 enable-sink tmc_etr0; ext-claim etm1; cpu0 enable etm1
                run cpu0; run cpu1; idle cpu1; run cpu1"
            """
    )

    @Argument(help: "A built-in scenario name or a scenario .yaml path.")
    var scenario: String?

    @OptionGroup var boardOptions: BoardOptions

    @OptionGroup var driverOptions: DriverOptions

    @Option(help: "Actions in the action language, separated by ';'.")
    var actions: String?

    @Flag(help: "Print one JSON document instead of readable lines.")
    var json = false

    @Option(help: ArgumentHelp(
        "Record the session to this file (JSON Lines, written as it happens; see docs/sessions.md).", valueName: "file"))
    var record: String?

    func run() throws {
        let start = try Loading.start(scenario, options: boardOptions, fallback: .bare(board: Board.defaultName))
        Loading.reportNotes(start.board.notes)  // none for built-in boards
        let actions = try Loading.actions(actions)
        var simulation = try Loading.simulation(of: start, driver: driverOptions)
        let recording = try SessionFiles.startRecording(record, simulation: simulation)
        for (index, action) in actions.enumerated() {
            do {
                try simulation.perform(action)
            } catch {
                throw BadInput("action \(index + 1) (\(action)): \(error.message)")
            }
            try recording?.append(simulation.records.last)
        }
        let report = RunReport(simulation: simulation)
        emit(json ? report.json().rendered() + "\n" : report.text())
        if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
    }
}
