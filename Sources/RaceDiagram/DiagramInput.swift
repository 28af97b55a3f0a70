public import CoreSightModel
public import DriverSimulation

/// What a diagram is drawn from: a run's records on a board, under a kernel profile.
public struct DiagramInput: Sendable {
    public var scenarioName: String
    public var topology: Topology
    /// The profile the records ran on: its knobs name the functions.
    public var profile: DriverProfile
    /// `pm_save_enable` as it resolved on the board.
    public var pmSave: PMSave
    public var records: [StepRecord]

    public init(scenarioName: String, topology: Topology, profile: DriverProfile, pmSave: PMSave, records: [StepRecord]) {
        self.scenarioName = scenarioName
        self.topology = topology
        self.profile = profile
        self.pmSave = pmSave
        self.records = records
    }

    /// A simulation as it stands: everything it has applied, setup included.
    public init(simulation: Simulation) {
        self.init(
            scenarioName: simulation.scenario.name, topology: simulation.topology, profile: simulation.profile,
            pmSave: simulation.resolvedPMSave, records: simulation.records)
    }
}
