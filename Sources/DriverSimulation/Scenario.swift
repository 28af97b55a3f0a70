import CoreSightModel

/// What a scenario may ask for, whatever it is read from (a YAML file, a session header): the
/// explorer branches on every count, and every list is walked and every name shown.
public enum ScenarioLimits {
    /// Times one CPU may enter idle; times the external debugger may claim one component.
    public static let maxEnvironmentCount = 64
    /// Entries in `environment.idle`, `environment.ext-claim` and `environment.hotplug`.
    public static let maxEnvironmentEntries = TopologyLimits.maxCPUs
    /// Setup actions.
    public static let maxSetupActions = 1024
    /// Threads (one per CPU).
    public static let maxThreads = TopologyLimits.maxCPUs
    /// Operations one thread queues.
    public static let maxOperationsPerThread = 1024
    /// Characters in a scenario name, a sink name, a boot CPU.
    public static let maxNameLength = TopologyLimits.maxNameLength
    /// Characters in a description or a path.
    public static let maxTextLength = 4096
}

/// Where a scenario's topology comes from.
public enum BoardSource: Sendable, Hashable, CustomStringConvertible {
    case builtin(String)
    /// A device tree source; `bootCPU` names the cpu node Linux numbers as CPU 0 (nil: the first).
    case dts(String, bootCPU: String? = nil)
    case sysfs(String)

    public var description: String {
        switch self {
        case .builtin(let name): name
        case .dts(let path, nil): "dts: \(path)"
        case .dts(let path, let bootCPU?): "dts: \(path) (boot CPU \(bootCPU))"
        case .sysfs(let path): "sysfs: \(path)"
        }
    }
}

/// What one CPU's user space does, in order.
public struct ThreadScript: Sendable, Hashable {
    public var cpu: Int
    public var operations: [ActionOperation]
    public init(cpu: Int, operations: [ActionOperation]) {
        self.cpu = cpu
        self.operations = operations
    }
}

/// What may happen at any point, bounded; the explorer branches on it.
public struct Environment: Sendable, Hashable {
    /// How many times each CPU may enter idle.
    public var idle: [(cpu: Int, times: Int)]
    /// How many times the external debugger may claim (and later release) each component.
    public var extClaim: [(component: String, times: Int)]
    /// How many times each CPU may go offline (and come back up: an offline CPU may always).
    public var hotplug: [(cpu: Int, times: Int)]

    public init(
        idle: [(cpu: Int, times: Int)] = [], extClaim: [(component: String, times: Int)] = [],
        hotplug: [(cpu: Int, times: Int)] = []
    ) {
        self.idle = idle
        self.extClaim = extClaim
        self.hotplug = hotplug
    }

    public static func == (a: Environment, b: Environment) -> Bool {
        a.idle.elementsEqual(b.idle, by: ==) && a.extClaim.elementsEqual(b.extClaim, by: ==)
            && a.hotplug.elementsEqual(b.hotplug, by: ==)
    }

    public func hash(into hasher: inout Hasher) {
        for entry in idle { hasher.combine(entry.cpu); hasher.combine(entry.times) }
        for entry in extClaim { hasher.combine(entry.component); hasher.combine(entry.times) }
        for entry in hotplug { hasher.combine(entry.cpu); hasher.combine(entry.times) }
    }
}

/// A race set-up: a board, a variant, what happens first, what each CPU does, what may happen.
public struct Scenario: Sendable, Hashable {
    public var name: String
    public var about: String
    public var board: BoardSource
    public var variant: Variant
    /// The kernel profile to run (a shipped name or a profile file); nil: `variant`'s.
    public var kernel: String?
    /// `pm_save_enable` as the scenario sets it; nil: the board's (firmware).
    public var pmSave: PMSave?
    /// Activated with `enable-sink` (by cpu0) before anything else.
    public var sink: String?
    public var setup: [Action]
    public var threads: [ThreadScript]
    public var environment: Environment

    public init(
        name: String, about: String = "", board: BoardSource, variant: Variant = .legacy,
        sink: String? = nil, setup: [Action] = [], threads: [ThreadScript] = [],
        environment: Environment = Environment()
    ) {
        self.name = name
        self.about = about
        self.board = board
        self.variant = variant
        self.kernel = nil
        self.pmSave = nil
        self.sink = sink
        self.setup = setup
        self.threads = threads
        self.environment = environment
    }

    /// The profile name or file this scenario runs: `kernel`, else its variant's name.
    public var kernelName: String { kernel ?? variant.rawValue }

    /// The bare board: nothing enabled, nobody idle.
    public static func bare(board: String) -> Scenario {
        Scenario(name: "bare \(board)", about: "the bare board: nothing enabled, nobody idle", board: .builtin(board))
    }

    /// The actions that bring a fresh world to the scenario's start: activate the sink, apply
    /// the setup, queue each thread's operations.
    public var startActions: [Action] {
        var actions: [Action] = []
        if let sink {
            actions.append(.operation(cpu: 0, .enableSink(sink)))
            actions.append(.step(cpu: 0))
        }
        actions += setup
        for thread in threads {
            for op in thread.operations {
                actions.append(.operation(cpu: thread.cpu, op))
            }
        }
        return actions
    }
}
