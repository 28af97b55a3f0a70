public import CoreSightModel

/// A topology read from a DTS, with what could not be used and what had to be assumed.
public struct DeviceTreeResult: Sendable {
    public var topology: Topology
    /// Unresolvable includes and macros, connections to disabled nodes, and the like.
    public var warnings: [DeviceTreeDiagnostic]
    /// Facts the DTS does not state that the topology depends on, one sentence each
    /// (e.g. "etr@ec033000: ETR assumed from the node name").
    public var assumptions: [String]

    public init(topology: Topology, warnings: [DeviceTreeDiagnostic], assumptions: [String]) {
        self.topology = topology
        self.warnings = warnings
        self.assumptions = assumptions
    }
}
