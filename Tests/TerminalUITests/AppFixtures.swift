import DriverSimulation
import Scenarios
@testable import TerminalUI

/// App states the view and key tests start from.
enum AppFixtures {
    /// The seed race's interleaving by hand: cpu1 goes idle while cpu0's enable is in flight.
    static let seedRaceActions = "run cpu0; run cpu1; idle cpu1; run cpu1"

    static func state(scenario: String = ScenarioCatalogue.defaultName, variant: Variant? = nil, kernel: DriverProfile? = nil,
                      pmSave: PMSave? = nil, actions: String = "", size: Size = Size(width: 160, height: 48)) throws -> AppState {
        let simulation = try ScenarioCatalogue.simulation(
            of: ScenarioCatalogue.load(scenario), variant: variant, kernel: kernel, pmSave: pmSave)
        var state = AppState(simulation: simulation)
        state.screenSize = size
        for action in try ActionParser.parse(actions) {
            guard state.perform(action) else { throw FixtureError(message: state.notice?.text ?? "\(action) failed") }
        }
        return state
    }

    static func board(_ name: String, size: Size = Size(width: 160, height: 48)) throws -> AppState {
        let simulation = try ScenarioCatalogue.simulation(of: Scenario.bare(board: name), variant: nil)
        var state = AppState(simulation: simulation)
        state.screenSize = size
        return state
    }

    static func render(_ state: AppState) -> ScreenBuffer { AppView(state: state).render(state) }

    struct FixtureError: Error { var message: String }
}
