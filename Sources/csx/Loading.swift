public import ArgumentParser
import CoreSightModel
import DriverSimulation
import Scenarios

/// Turns command-line choices into a ready simulation, with user-facing errors.
enum Loading {
    static func scenario(_ nameOrPath: String?, board: String?) throws -> Scenario {
        if let nameOrPath {
            if board != nil { throw BadInput("give a scenario or --board, not both") }
            do { return try ScenarioCatalogue.load(nameOrPath) } catch { throw BadInput(error.description) }
        }
        let boardName = board ?? Board.defaultName
        guard Board.named(boardName) != nil else { throw BadInput(unknownBoard(boardName)) }
        return Scenario.bare(board: boardName)
    }

    static func unknownBoard(_ name: String) -> String {
        "unknown board \(name) (built-in: \(Board.catalogue.map(\.name).joined(separator: ", ")))"
    }

    static func topology(board name: String) throws -> CoreSightModel.Topology {
        guard let board = Board.named(name) else { throw BadInput(unknownBoard(name)) }
        do { return try board.topology() } catch { throw BadInput("board \(name): \(error)") }
    }

    static func simulation(of scenario: Scenario, variant: Variant?) throws -> Simulation {
        do {
            return try ScenarioCatalogue.simulation(of: scenario, variant: variant)
        } catch {
            throw BadInput(error.description)
        }
    }

    static func actions(_ text: String?) throws -> [Action] {
        guard let text else { return [] }
        do { return try ActionParser.parse(text) } catch { throw BadInput("--actions \(error)") }
    }
}

extension Variant: ExpressibleByArgument {}
