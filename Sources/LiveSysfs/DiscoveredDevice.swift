public import CoreSightModel

/// One entry of `bus/coresight/devices`, as far as it could be read.
public struct DiscoveredDevice: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A device csx models.
        case component(ComponentSubtype)
        /// A device csx does not model (CTI, CATU, TPDM, ...), kept with its DEVTYPE.
        case other(devtype: String?)
        /// The bus entry could not be followed (dangling link, link cycle) or read.
        case unreadable
    }

    public var name: String
    /// `<root>/bus/coresight/devices/<name>`: the path csx opens (through the bus link).
    public var path: String
    /// The device directory the bus link resolves to; nil when it does not resolve.
    public var directory: String?
    public var kind: Kind
    /// `DEVTYPE` from `uevent` (source, link, linksink, sink, helper, ect).
    public var devtype: String?
    /// The logical CPU of a per-CPU device (ETM/ETE/TRBE from `cpu` or the name, `cti_cpuN`).
    public var cpu: Int?
    /// The register base, from a parent directory named `<hex>.<node>`.
    public var address: UInt64?
    /// The parent device directory's name (`20010000.etf`, `soc:funnel`).
    public var parentName: String?
    public var hasEnableSource: Bool
    public var hasEnableSink: Bool
    /// Whether the device has `connections/` (kernel v5.7+).
    public var hasConnections: Bool
    /// Non-trace associations from `connections/` (CTIs), by device name.
    public var helpers: [String]

    public init(
        name: String, path: String, directory: String?, kind: Kind, devtype: String? = nil,
        cpu: Int? = nil, address: UInt64? = nil, parentName: String? = nil,
        hasEnableSource: Bool = false, hasEnableSink: Bool = false, hasConnections: Bool = false,
        helpers: [String] = []
    ) {
        self.name = name
        self.path = path
        self.directory = directory
        self.kind = kind
        self.devtype = devtype
        self.cpu = cpu
        self.address = address
        self.parentName = parentName
        self.hasEnableSource = hasEnableSource
        self.hasEnableSink = hasEnableSink
        self.hasConnections = hasConnections
        self.helpers = helpers
    }

    public var subtype: ComponentSubtype? {
        if case .component(let subtype) = kind { return subtype }
        return nil
    }

    /// The topology component, for devices csx models. `cpu` only on per-CPU devices.
    public var component: Component? {
        guard let subtype else { return nil }
        let perCPU = subtype.isTracer || subtype == .trbe
        return Component(name: name, subtype: subtype, cpu: perCPU ? cpu : nil, address: address)
    }
}
