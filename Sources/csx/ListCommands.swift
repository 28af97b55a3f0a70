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
        do { all = try ScenarioCatalogue.listed() } catch { throw BadInput(error.description) }
        let width = (all.map(\.name.count).max() ?? 0) + 2
        for scenario in all {
            emit(scenario.name + String(repeating: " ", count: width - scenario.name.count) + scenario.about + "\n")
        }
    }
}

import DriverSimulation

struct Topology: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a board's CoreSight graph.",
        discussion: """
            The board is built in (--board, default juno-r2), read from a device tree source \
            (--dts, with --boot-cpu) or from a sysfs tree (--sysfs). What the reading assumed \
            or could not use goes to standard error; with --sysfs --json, per-device problems \
            are in the document as "problems": [{"device", "error"}] (only when there are any).
            """)

    @OptionGroup var boardOptions: BoardOptions

    @Flag(help: "JSON: {\"components\": [...], \"connections\": [...]}.")
    var json = false

    @Flag(help: "Graphviz dot.")
    var dot = false

    func validate() throws {
        if json && dot { throw ValidationError("--json and --dot exclude each other") }
    }

    func run() throws {
        let board = try Loading.loadBoard(boardOptions.source ?? .builtin(Board.defaultName), includeDirectories: boardOptions.includeDirectories)
        let topology = board.topology
        if json {
            // Problems have a place in the document; DTS warnings and assumptions do not (the
            // topology JSON keeps exactly the built-in boards' shape), so they go to stderr.
            Loading.reportNotes(board.notes(excludingProblems: true))
            let document = boardOptions.sysfs.map { LiveKernel.annotated(board.json(), sysfsRoot: $0, topology: topology) } ?? board.json()
            emit(document.rendered() + "\n")
        } else {
            Loading.reportNotes(board.notes)
            emit(dot ? topology.dot() : topology.text())
        }
    }
}
