public import CoreSightModel
import SafeText

/// Everything discovery found under one sysfs root.
public struct SysfsDiscoveryResult: Sendable, Hashable {
    /// Where the graph came from.
    public enum GraphSource: String, Sendable, Hashable {
        /// `connections/` links (v5.7+).
        case connections
        /// The device tree, every device lacking `connections/` (before v5.7).
        case deviceTree
        /// Both: some devices lack `connections/` on a kernel that has them.
        case mixed
        /// No links could be read at all.
        case none
    }

    /// The root as given (`/sys`, or a fixture's `.../sys`).
    public var root: String
    /// Its real path: every file is read below it (the poller too).
    public var resolvedRoot: String
    /// The CoreSight graph of every device csx models. Nil only when the bus listed devices
    /// but not one of them could be read.
    public var topology: Topology?
    /// Every bus entry, modelled or not, readable or not: sources, links, sinks, other, unreadable.
    public var devices: [DiscoveredDevice]
    public var cpus: [DiscoveredCPU]
    /// Per-device (then per-CPU, then global) problems, in device order.
    public var problems: [SysfsProblem]
    public var graphSource: GraphSource

    public init(
        root: String, resolvedRoot: String? = nil, topology: Topology?, devices: [DiscoveredDevice], cpus: [DiscoveredCPU],
        problems: [SysfsProblem], graphSource: GraphSource
    ) {
        self.root = root
        self.resolvedRoot = resolvedRoot ?? root
        self.topology = topology
        self.devices = devices
        self.cpus = cpus
        self.problems = problems
        self.graphSource = graphSource
    }

    public func device(named name: String) -> DiscoveredDevice? {
        devices.first { $0.name == name }
    }

    /// The problems of one device (`etm0`) or CPU (`cpu3`).
    public func problems(of subject: String) -> [SysfsProblem] {
        problems.filter { $0.subject == subject }
    }
}

/// Why a root could not be read at all.
public enum SysfsDiscoveryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The root itself does not resolve (missing, unreadable).
    case rootUnreadable(path: String, errno: String)
    /// No `bus/coresight/devices`: no CoreSight support in this kernel, or not a sysfs root.
    case noCoreSightBus(path: String)
    /// `bus/coresight/devices` exists but cannot be listed.
    case busUnreadable(path: String, errno: String)

    public var description: String {
        switch self {
        case .rootUnreadable(let path, let errno): "cannot read the sysfs root \(Echo.escaped(path)) (\(errno))"
        case .noCoreSightBus(let path): "\(Echo.escaped(path)) does not exist: no CoreSight support in this kernel, or not a sysfs root"
        case .busUnreadable(let path, let errno): "cannot list \(Echo.escaped(path)) (\(errno))"
        }
    }
}
