/// A built-in board: a named topology plus the platform facts the driver model needs.
public struct Board: Sendable, Hashable {
    public var name: String
    /// One line for `csx boards`.
    public var about: String
    public var cpuCount: Int
    public var components: [Component]
    public var connections: [Connection]
    /// `pm_save_enable` resolves to self-hosted: the ETM driver saves and restores trace
    /// context around deep idle (`save_state` present).
    public var savesContextOverIdle: Bool

    public init(
        name: String, about: String, cpuCount: Int,
        components: [Component], connections: [Connection],
        savesContextOverIdle: Bool = true
    ) {
        self.name = name
        self.about = about
        self.cpuCount = cpuCount
        self.components = components
        self.connections = connections
        self.savesContextOverIdle = savesContextOverIdle
    }

    /// Builds and validates the board's topology.
    public func topology() throws(TopologyError) -> Topology {
        try Topology(
            name: name, cpuCount: cpuCount, components: components, connections: connections,
            savesContextOverIdle: savesContextOverIdle)
    }
}
