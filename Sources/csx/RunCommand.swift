import ArgumentParser
import DriverSimulation

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply a scenario's setup, then actions; print every step's events.",
        discussion: """
            Without a scenario, starts from the bare board (--board, default juno-r2): nothing
            enabled, nobody idle. Exit status: 0 no invariant broke, 1 one did, 2 bad input.
            Example (race A by hand):
              csx run --board juno-r2 --variant legacy --actions "cpu0 enable-sink tmc_etr0; \\
                ext-claim etm1; cpu0 enable etm1; run cpu0; run cpu1; idle cpu1; run cpu1"
            """
    )

    @Argument(help: "A built-in scenario name or a scenario .yaml path.")
    var scenario: String?

    @Option(help: "A built-in board, when no scenario is given.")
    var board: String?

    @Option(help: "Driver variant: legacy or fixed (overrides the scenario's).")
    var variant: Variant?

    @Option(help: "Actions in the action language, separated by ';'.")
    var actions: String?

    @Flag(help: "Print one JSON document instead of readable lines.")
    var json = false

    func run() throws {
        let scenario = try Loading.scenario(scenario, board: board)
        let actions = try Loading.actions(actions)
        var simulation = try Loading.simulation(of: scenario, variant: variant)
        for (index, action) in actions.enumerated() {
            do {
                try simulation.perform(action)
            } catch {
                throw BadInput("action \(index + 1) (\(action)): \(error.message)")
            }
        }
        let report = RunReport(simulation: simulation)
        emit(json ? report.json().rendered() + "\n" : report.text())
        if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
    }
}

/// `csx` with no command: the seed race under both variants (until the TUI takes this place).
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Play the seed race (claim-failure-vs-idle) under legacy and fixed.",
        shouldDisplay: false
    )

    static let schedule = "run cpu0; run cpu1; idle cpu1; run cpu1; run cpu0; wake cpu1; run cpu1"

    func run() throws {
        let scenario = try Loading.scenario(nil, board: nil)
        _ = scenario
        let seed = try Loading.scenario("claim-failure-vs-idle", board: nil)
        let actions = try Loading.actions(Self.schedule)
        var status: Int32 = 0
        for variant in Variant.allCases {
            var simulation = try Loading.simulation(of: seed, variant: variant)
            for action in actions { try simulation.perform(action) }
            let report = RunReport(simulation: simulation)
            emit(report.text() + "\n")
            if variant == .legacy { status = report.exitStatus }
        }
        emit("(the terminal UI comes next; csx run --help for headless use)\n")
        _ = status
    }
}
