/// What a CoreSight component is, as the kernel classifies it (`enum coresight_dev_type`).
public enum ComponentType: String, Sendable, Hashable, Codable, CaseIterable {
    case source, link, sink
}

/// The concrete kind of a component; decides its driver behaviour in the simulation.
public enum ComponentSubtype: String, Sendable, Hashable, Codable, CaseIterable {
    // sources
    case etm3, etm4, ete, stm
    // links
    case funnel, replicator
    // sinks (an ETF is a sink when activated and a FIFO link when a path runs through it)
    case etb, etf, etr, tpiu, trbe

    public var type: ComponentType {
        switch self {
        case .etm3, .etm4, .ete, .stm: .source
        case .funnel, .replicator: .link
        case .etb, .etf, .etr, .tpiu, .trbe: .sink
        }
    }

    /// A per-CPU trace unit driven by the ETM driver (the tracers csx simulates).
    public var isTracer: Bool { self == .etm3 || self == .etm4 || self == .ete }

    /// A sink private to one CPU (`CORESIGHT_DEV_SUBTYPE_SINK_PERCPU_SYSMEM`): TRBE.
    public var isPerCPUSink: Bool { self == .trbe }

    /// Sink priority used by perf's default-sink search (`coresight_find_default_sink`):
    /// per-CPU system memory (TRBE) > system memory (ETR) > buffer (ETF/ETB). TPIU is never chosen.
    public var defaultSinkPriority: Int {
        switch self {
        case .trbe: 3
        case .etr: 2
        case .etf, .etb: 1
        default: 0
        }
    }
}

/// One device on the CoreSight bus, named as the kernel names it in sysfs.
public struct Component: Sendable, Hashable, Codable {
    public var name: String
    public var subtype: ComponentSubtype
    /// The logical CPU of a per-CPU source or TRBE.
    public var cpu: Int?
    /// The register base (unit address) when known.
    public var address: UInt64?

    public var type: ComponentType { subtype.type }

    public init(name: String, subtype: ComponentSubtype, cpu: Int? = nil, address: UInt64? = nil) {
        self.name = name
        self.subtype = subtype
        self.cpu = cpu
        self.address = address
    }
}

/// A trace connection: output port `outport` of `from` feeds input port `inport` of `to`.
public struct Connection: Sendable, Hashable, Codable {
    public var from: String
    public var outport: Int
    public var to: String
    public var inport: Int

    public init(from: String, outport: Int, to: String, inport: Int) {
        self.from = from
        self.outport = outport
        self.to = to
        self.inport = inport
    }
}
