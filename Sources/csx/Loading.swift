public import ArgumentParser
import CoreSightModel
import DriverSimulation
import Scenarios
import TerminalUI

/// Turns command-line choices into a ready simulation, with user-facing errors.
enum Loading {
    /// What the screens open on when given nothing: the seed race.
    static func seedScenario() throws -> Scenario {
        do { return try ScenarioCatalogue.load(ScenarioCatalogue.defaultName) } catch { throw BadInput(error.description) }
    }

    static func unknownBoard(_ name: String) -> String {
        "unknown board \(name) (built-in: \(Board.catalogue.map(\.name).joined(separator: ", ")))"
    }

    static func topology(board name: String) throws -> CoreSightModel.Topology {
        guard let board = Board.named(name) else { throw BadInput(unknownBoard(name)) }
        do { return try board.topology() } catch { throw BadInput("board \(name): \(error)") }
    }

    /// The TUI's state after `actions`, applied through the UI so each one can be stepped back.
    static func appState(_ simulation: Simulation, actions: [Action]) throws -> AppState {
        var state = AppState(simulation: simulation)
        for (index, action) in actions.enumerated() where !state.perform(action) {
            throw BadInput("action \(index + 1) (\(action)): \(state.notice?.text ?? "impossible")")
        }
        state.notice = nil
        return state
    }

    static func actions(_ text: String?) throws -> [Action] {
        guard let text else { return [] }
        do { return try ActionParser.parse(text) } catch { throw BadInput("--actions \(error)") }
    }
}

extension Variant: ExpressibleByArgument {}
