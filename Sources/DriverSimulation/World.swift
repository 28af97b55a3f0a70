public import CoreSightModel

/// Everything the simulation knows at one instant. A value: copying it snapshots the system.
///
/// Not in here on purpose: the topology (immutable, held by `Engine`) and the step counter
/// (held by the caller), so that equal system states compare and hash equal.
public struct World: Sendable, Hashable {
    /// The driver code this world runs (constant for a run; a switch starts a new world).
    public var driver: Driver
    /// Per logical CPU.
    public var cpus: [CPUState]
    /// Per logical CPU: the state of that CPU's tracer (unused for a CPU without one).
    public var tracers: [TracerState]
    /// Per component (indexed by `Topology.ComponentID`): claim tags, refcounts, sink state.
    public var parts: [PartState]
    /// Which CPU holds `coresight_mutex`.
    public var mutexHolder: Int?

    public init(topology: Topology, driver: Driver) {
        self.driver = driver
        cpus = Array(repeating: CPUState(), count: topology.cpuCount)
        tracers = Array(repeating: TracerState(), count: topology.cpuCount)
        parts = topology.components.indices.map { id in
            PartState(portCount: max(1, topology.portCount(of: id)))
        }
        mutexHolder = nil
    }
}

/// Where a CPU is in its idle path (docs/driver-model.md §4.6).
public enum IdlePhase: UInt8, Sendable, Hashable, Codable {
    /// Not idling.
    case running
    /// Step 1 done (IRQs off); next: CPU_PM_ENTER.
    case entering
    /// Step 2 done (context saved or not); next: low power.
    case pmEntered
    /// In low power (WFI), until `wake` or an IPI.
    case wfi
    /// Low power ended; next: CPU_PM_EXIT.
    case waking
    /// Step 4 done; next: IRQs on.
    case pmExited
}

public struct CPUState: Sendable, Hashable {
    public var online = true
    /// User-space operations not yet started, in order.
    public var queue: [Operation] = []
    /// The operation in progress (a sysfs write or a perf callback).
    public var thread: ThreadFlow?
    /// The cross-call handler running on this CPU (remote IPI or an inline self-call).
    public var handler: HandlerFlow?
    /// Cross-calls queued on this CPU, IPI raised, not yet taken.
    public var pendingCalls: [CrossCall] = []
    public var idle: IdlePhase = .running
    /// Whether CPU_PM_ENTER of the current idle entry saved a context.
    public var savedThisEntry = false

    public init() {}

    /// IRQs are off in the idle path, in a handler, and in a perf callback.
    public var irqsEnabled: Bool {
        idle == .running && handler == nil && !(thread?.isPerfCallback ?? false)
    }

    /// Busy with something the idle path may not interrupt (docs/driver-model.md §4.6).
    public var mayBeginIdle: Bool {
        online && idle == .running && thread == nil && handler == nil && pendingCalls.isEmpty
    }
}

/// The trace unit's registers that matter (ETMv4 TRCPRGCTLR.EN, OS lock, TRCPDCR.PU).
public struct TraceUnit: Sendable, Hashable, Codable {
    public var programmed = false
    public var enabled = false
    public var osLocked = false
    public var poweredUp = false
    /// Programmed and enabled by the external debugger (`ext-program`), not by the kernel.
    public var programmedByExternal = false
    public init() {}
}

/// The driver's saved copy of a tracer's registers (`etmv4_save_state`).
public struct SavedContext: Sendable, Hashable, Codable {
    public var unit: TraceUnit
    public var claim: ClaimTags
    /// Whether the tracer was enabled and self-claimed when this copy was taken.
    public var ownedAtSave: Bool
}

public struct TracerState: Sendable, Hashable {
    public var mode: Mode = .disabled
    public var unit = TraceUnit()
    public var saved: SavedContext?
    public var needsRestore = false
    /// The source refcount the sysfs core keeps (0 or 1 for an ETM).
    public var refcount: UInt8 = 0
    public var traceIDAllocated = false
    /// The path enabled for this tracer by sysfs, remembered for the disable flow.
    public var sysfsPath: TracePath?
    /// The path of the perf event running on this CPU.
    public var perfPath: TracePath?
    public init() {}
}

/// Per-component state: claim tags for all; port refcounts for links; mode and refcount for sinks.
public struct PartState: Sendable, Hashable {
    public var claim: ClaimTags = []
    /// Funnel: per input port; replicator: per output port; sink or ETF-as-link: port 0.
    public var portRefcounts: [UInt16]
    /// Sinks: `sysfs_sink_activated`.
    public var activated = false
    /// Sinks: the sink's mode.
    public var mode: Mode = .disabled
    /// Sinks: hardware capturing; links: any port enabled.
    public var enabled = false

    public init(portCount: Int) {
        portRefcounts = Array(repeating: 0, count: portCount)
    }

    public var refcount: Int { portRefcounts.reduce(0) { $0 + Int($1) } }
}

/// A `smp_call_function_single()` queued on a target CPU.
public struct CrossCall: Sendable, Hashable, Codable {
    public enum Kind: UInt8, Sendable, Hashable, Codable {
        case enableTracer, disableTracer
    }
    public var kind: Kind
    public var caller: Int
    public var tracerCPU: Int
}
