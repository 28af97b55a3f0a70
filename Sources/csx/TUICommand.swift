import ArgumentParser
import DriverSimulation
import TerminalUI

/// `csx` with no command: the terminal UI on a scenario (default: the seed race on juno-r2).
struct TUI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the terminal UI on a scenario (the default command).",
        discussion: """
            Opens on the seed race (claim-failure-vs-idle on juno-r2) unless told otherwise. \
            Keys: ? in the UI, or the README. csx run gives the same simulation headless.
            """
    )

    @Argument(help: "A built-in scenario name or a scenario .yaml path.")
    var scenario: String?

    @OptionGroup var boardOptions: BoardOptions

    @OptionGroup var driverOptions: DriverOptions

    @Option(help: "Actions to apply before the UI opens, in the action language.")
    var actions: String?

    @Option(help: ArgumentHelp(
        "Record the session to this file from the start (R toggles recording in the UI).", valueName: "file"))
    var record: String?

    @Flag(help: "Do not report mouse clicks (keeps the terminal's own text selection).")
    var noMouse = false

    func run() throws {
        let start = try Loading.start(scenario, options: boardOptions, fallback: Loading.seedScenario())
        let simulation = try Loading.simulation(of: start, driver: driverOptions)
        var state = try Loading.appState(simulation, actions: Loading.actions(actions))
        if let first = start.board.notes.first {
            // DTS assumptions and sysfs problems: on screen, since stderr is hidden while the UI runs.
            let more = start.board.notes.count > 1 ? " (+\(start.board.notes.count - 1) more: csx topology shows all)" : ""
            state.notice = Notice(first + more)
        }
        state.scheduleFinder = ExplorerScheduleFinder()
        let loop = InteractiveLoop(state: state, mouse: !noMouse, recordPath: record)
        try loop.run()
    }
}
