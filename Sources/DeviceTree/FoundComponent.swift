import CoreSightModel

/// A CoreSight node that becomes a topology component, before and after it gets its name.
struct FoundComponent {
    let node: NodeID
    let kind: CoreSightKind
    /// `arm,primecell` in its compatible list: probed by the AMBA driver.
    let isAMBA: Bool
    var subtype: ComponentSubtype
    var cpu: Int?
    let address: UInt64?
    /// The sysfs name prefix: `etm`, `funnel`, `tmc_etf`, ...
    var prefix = ""
    /// The number after the prefix: the logical CPU, or the index within the prefix.
    var number = 0
    var name: String { prefix + String(number) }

    var isPerCPU: Bool { subtype.isTracer || subtype == .trbe }
}
