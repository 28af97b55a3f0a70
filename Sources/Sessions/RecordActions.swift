public import CoreSightModel
public import DriverSimulation
import Scenarios

extension SessionRecorder {
    /// Records a whole session in one call (`csx explore --out`): plays `actions` on `scenario`
    /// under `variant`, writing each line as it is played. `topology` defaults to the
    /// scenario's board. Returns the simulation played; an impossible action stops the
    /// recording there and is thrown as `ActionError` (the lines before it stay in the file).
    @discardableResult
    public static func record(
        scenario: Scenario, variant: Variant, actions: [Action], to path: String, csxVersion: String,
        topology: Topology? = nil
    ) throws -> Simulation {
        let board = try topology ?? ScenarioCatalogue.topology(for: scenario)
        var simulation = try Simulation(engine: Engine(topology: board), scenario: scenario, variant: variant)
        let recorder = try SessionRecorder.start(path, simulation: simulation, csxVersion: csxVersion)
        for action in actions { try recorder.append(try simulation.perform(action)) }
        try recorder.close()
        return simulation
    }
}
