/// A built-in board: a named topology plus the platform facts the driver model needs.
public struct Board: Sendable, Hashable {
    public var name: String
    /// One line for `csx boards`.
    public var about: String
    public var cpuCount: Int
    public var components: [Component]
    public var connections: [Connection]
    /// What `pm_save_enable=firmware` (the default) resolves to in `etm4_probe()`: true when
    /// the first ETM's node has `arm,coresight-loses-context-with-cpu` (self-hosted: the driver
    /// saves and restores trace context around deep idle), false for never.
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
