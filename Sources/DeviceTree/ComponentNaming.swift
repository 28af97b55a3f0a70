import CoreSightModel

/// Names as the kernel gives them in sysfs. Per-CPU devices are `etm<N>`/`ete<N>`/`trbe<N>` for
/// logical CPU N; the rest take the next index of their prefix (`coresight_alloc_device_name()`)
/// in the order they first probe: AMBA devices before platform ones (Linux v6.10+
/// `coresight_init_driver()`), each group in DT order.
enum ComponentNaming {
    static func prefix(of component: FoundComponent) -> String {
        switch component.subtype {
        case .etm3, .etm4: "etm"
        case .ete: "ete"
        case .trbe: "trbe"
        case .stm: "stm"
        case .funnel: "funnel"
        case .replicator: "replicator"
        case .etf: "tmc_etf"
        case .etr: "tmc_etr"
        // An ETB10 has its own driver and prefix; a TMC in ETB configuration is tmc_etb.
        case .etb: component.kind == .etb10 ? "etb" : "tmc_etb"
        case .tpiu: "tpiu"
        }
    }

    /// Sets every component's prefix and number; returns a note for each prefix whose numbering
    /// depends on the AMBA-before-platform order.
    static func assignNames(_ components: inout [FoundComponent]) -> [String] {
        for index in components.indices { components[index].prefix = prefix(of: components[index]) }
        let probeOrder = components.indices.filter { components[$0].isAMBA } + components.indices.filter { !components[$0].isAMBA }
        var nextIndex: [String: Int] = [:]
        for index in probeOrder {
            if components[index].isPerCPU {
                components[index].number = components[index].cpu ?? 0
            } else {
                components[index].number = nextIndex[components[index].prefix, default: 0]
                nextIndex[components[index].prefix, default: 0] += 1
            }
        }
        var notes: [String] = []
        var seenPrefixes: Set<String> = []
        for component in components where !component.isPerCPU && seenPrefixes.insert(component.prefix).inserted {
            let group = components.filter { $0.prefix == component.prefix }
            if group.contains(where: \.isAMBA), group.contains(where: { !$0.isAMBA }) {
                notes.append("\(component.prefix) numbering: AMBA (arm,primecell) devices before platform (static) ones, each in DT order, as Linux v6.10+ probes them (older kernels number the static ones first)")
            }
        }
        return notes
    }
}
