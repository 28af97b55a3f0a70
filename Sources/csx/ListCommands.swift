import ArgumentParser
import CoreSightModel
import OrderedJSON
import Scenarios

struct Boards: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the built-in boards.")

    func run() throws {
        let width = (Board.catalogue.map(\.name.count).max() ?? 0) + 2
        for entry in Board.catalogue {
            emit(entry.name + String(repeating: " ", count: width - entry.name.count) + entry.about + "\n")
        }
    }
}

struct Scenarios: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the built-in scenarios.")

    func run() throws {
        let all: [DriverSimulation.Scenario]
        do { all = try ScenarioCatalogue.builtins() } catch { throw BadInput(error.description) }
        let width = (all.map(\.name.count).max() ?? 0) + 2
        for scenario in all {
            emit(scenario.name + String(repeating: " ", count: width - scenario.name.count) + scenario.about + "\n")
        }
    }
}

import DriverSimulation

struct Topology: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a board's CoreSight graph.")

    @Option(help: "A built-in board.")
    var board: String = Board.defaultName

    @Flag(help: "JSON: {\"components\": [...], \"connections\": [...]}.")
    var json = false

    @Flag(help: "Graphviz dot.")
    var dot = false

    func validate() throws {
        if json && dot { throw ValidationError("--json and --dot exclude each other") }
    }

    func run() throws {
        let topology = try Loading.topology(board: board)
        if json {
            emit(topology.json().rendered() + "\n")
        } else if dot {
            emit(topology.dot())
        } else {
            emit(topology.text())
        }
    }
}
