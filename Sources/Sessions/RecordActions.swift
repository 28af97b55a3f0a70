public import CoreSightModel
public import DriverSimulation
import Scenarios

extension SessionRecorder {
    /// Records a whole session in one call (`csx explore --out`): plays `actions` on `scenario`
    /// under `kernel` (else `variant`'s shipped profile, else the scenario's) with `pmSave`
    /// (else the scenario's, else the board's), writing each line as it is played. `topology`
    /// defaults to the scenario's board. Returns the simulation played; an impossible action
    /// stops the recording there and is thrown as `ActionError` (the lines before it stay).
    @discardableResult
    public static func record(
        scenario: Scenario, variant: Variant? = nil, kernel: DriverProfile? = nil, pmSave: PMSave? = nil,
        actions: [Action], to path: String, csxVersion: String, topology: Topology? = nil
    ) throws -> Simulation {
        let board = try topology ?? ScenarioCatalogue.topology(for: scenario)
        var simulation = try ScenarioCatalogue.simulation(of: scenario, on: board, variant: variant, kernel: kernel, pmSave: pmSave)
        let recorder = try SessionRecorder.start(path, simulation: simulation, csxVersion: csxVersion)
        for action in actions { try recorder.append(try simulation.perform(action)) }
        try recorder.close()
        return simulation
    }
}
