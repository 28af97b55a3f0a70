extension Board {
    /// The synthetic `grid-N` board for scale: N ETMv4s in clusters of eight, a funnel per
    /// cluster, a main funnel, then ETF → replicator → (ETR, TPIU).
    public static func grid(cpus: Int) -> Board {
        precondition((1...256).contains(cpus), "grid boards have 1 to 256 CPUs")
        let clusters = (cpus + 7) / 8
        var components: [Component] = []
        var connections: [Connection] = []
        for cpu in 0..<cpus {
            components.append(Component(
                name: "etm\(cpu)", subtype: .etm4, cpu: cpu, address: 0x4004_0000 + UInt64(cpu) * 0x10_0000))
        }
        for cluster in 0..<clusters {
            components.append(Component(
                name: "funnel\(cluster)", subtype: .funnel, address: 0x3000_0000 + UInt64(cluster) * 0x1_0000))
        }
        let main = "funnel\(clusters)"
        // Synthetic register bases, so links and sinks carry claim tags like real dynamic ones.
        components.append(Component(name: main, subtype: .funnel, address: 0x2004_0000))
        components.append(Component(name: "replicator0", subtype: .replicator, address: 0x2012_0000))
        components.append(Component(name: "tmc_etf0", subtype: .etf, address: 0x2001_0000))
        components.append(Component(name: "tmc_etr0", subtype: .etr, address: 0x2007_0000))
        components.append(Component(name: "tpiu0", subtype: .tpiu, address: 0x2003_0000))
        for cpu in 0..<cpus {
            connections.append(Connection(from: "etm\(cpu)", outport: 0, to: "funnel\(cpu / 8)", inport: cpu % 8))
        }
        for cluster in 0..<clusters {
            connections.append(Connection(from: "funnel\(cluster)", outport: 0, to: main, inport: cluster))
        }
        connections.append(Connection(from: main, outport: 0, to: "tmc_etf0", inport: 0))
        connections.append(Connection(from: "tmc_etf0", outport: 0, to: "replicator0", inport: 0))
        connections.append(Connection(from: "replicator0", outport: 0, to: "tmc_etr0", inport: 0))
        connections.append(Connection(from: "replicator0", outport: 1, to: "tpiu0", inport: 0))
        return Board(
            name: "grid-\(cpus)",
            about: "synthetic: \(cpus) ETMv4, funnels of 8, main funnel, ETF, replicator, ETR + TPIU",
            cpuCount: cpus, components: components, connections: connections)
    }
}
