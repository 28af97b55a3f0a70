public import CoreSightModel

/// Everything the simulation knows at one instant. A value: copying it snapshots the system.
///
/// Not in here on purpose: the topology (immutable, held by `Engine`) and the step counter
/// (held by the caller), so that equal system states compare and hash equal.
public struct World: Sendable, Hashable {
    /// The driver code this world runs (constant for a run; a switch starts a new world).
    public var driver: Driver
    /// Per logical CPU.
    public var cpus: WrittenArray<CPUState>
    /// Per logical CPU: the state of that CPU's tracer (unused for a CPU without one).
    public var tracers: WrittenArray<TracerState>
    /// Per component (indexed by `Topology.ComponentID`): claim tags, refcounts, sink state.
    public var parts: WrittenArray<PartState>
    /// Which CPU holds `coresight_mutex`.
    public var mutexHolder: Int?
    /// The CPU whose hotplug transition holds the CPU hotplug lock for writing.
    public var hotplugWriter: Int?

    public init(topology: Topology, driver: Driver) {
        self.driver = driver
        cpus = WrittenArray(repeating: CPUState(), count: topology.cpuCount)
        tracers = WrittenArray(repeating: TracerState(), count: topology.cpuCount)
        parts = WrittenArray(topology.components.indices.map { id in
            PartState(portCount: max(1, topology.portCount(of: id)))
        })
        mutexHolder = nil
        hotplugWriter = nil
    }
}

/// Where a CPU is in its idle path (docs/driver-model.md §4.6).
public enum IdlePhase: UInt8, Sendable, Hashable, Codable {
    /// Not idling.
    case running
    /// Step 1 done (IRQs off); next: CPU_PM_ENTER.
    case entering
    /// pm-code core: the source is saved; next, the path's next link is disabled (or the sink
    /// saved).
    case pmSaving
    /// Step 2 done (context saved or not); next: low power.
    case pmEntered
    /// In low power (WFI), until `wake` or an IPI.
    case wfi
    /// Low power ended; next: CPU_PM_EXIT.
    case waking
    /// pm-code core: the sink is restored; next, the path's next link is enabled again (sink
    /// side first), then the source restored.
    case pmRestoring
    /// Step 4 done; next: IRQs on.
    case pmExited
}

/// Where a CPU is in a hotplug transition (docs/driver-model.md §4.7). The transition holds the
/// CPU hotplug lock for writing from its first step to its last.
public enum HotplugPhase: UInt8, Sendable, Hashable, Codable {
    // going down
    /// hotplug core: `cpu_down()` began; next, the CPU's hotplug thread runs
    /// `coresight_dying_cpu()` (CPUHP_AP_ARM_CORESIGHT_ONLINE teardown).
    case coreTeardown
    /// `stop_machine()` holds the CPU with IRQs off; next, `__cpu_disable()` takes it out of
    /// `cpu_online_mask`.
    case stopped
    /// Out of `cpu_online_mask`: `smpcfd_dying_cpu()` runs the cross-calls queued before that,
    /// then the DYING callbacks (driver: `etm4_dying_cpu()`); then the CPU is dead.
    case dying
    // coming up
    /// `cpu_up()` began: the CPU boots with IRQs off; next, the STARTING callbacks (driver:
    /// `etm4_starting_cpu()`).
    case booting
    /// STARTING callbacks done; next, the CPU is marked online, IRQs on, the lock released.
    case started

    public var goingDown: Bool { self == .coreTeardown || self == .stopped || self == .dying }
}

public struct CPUState: Sendable, Hashable {
    /// In `cpu_online_mask`: cross-calls reach it, it runs and idles.
    public var online = true
    /// A hotplug transition of this CPU in progress.
    public var hotplug: HotplugPhase?
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
    /// pm-code core: the source whose path the notifier is walking, or holds links of (the path
    /// itself is looked up again each step: nothing can change it while the CPU idles).
    public var pmSource: Topology.ComponentID?
    /// pm-code core: links of the CPU's active path the notifier has disabled, from the source
    /// side; they do not count as enabled until it enables them again.
    public var pmLinksDown: UInt8 = 0
    /// pm-code core: links handled so far in the current walk.
    public var pmWalk: UInt8 = 0
    /// pm-code core: the path's sink was saved (and disabled) at CPU_PM_ENTER.
    public var pmSinkSaved = false
    /// pm-code core: `percpu_pm_failed`, set by a failed restore and never cleared: every later
    /// CPU PM event on this CPU fails.
    public var pmFailed = false

    public init() {}

    /// IRQs are off in the idle path, in a handler, in a perf callback, and through a hotplug
    /// transition (stop_machine going down, boot coming up).
    /// (Fields projected one by one, never the whole thread or handler: the explorer reads this
    /// in place in every state, and a copy would retain the arrays inside.)
    public var irqsEnabled: Bool {
        idle == .running && handler?.pc == nil && hotplug == nil && !(thread?.op.isPerf ?? false)
    }

    /// Busy with something the idle path may not interrupt (docs/driver-model.md §4.6).
    public var mayBeginIdle: Bool {
        online && hotplug == nil && idle == .running && thread?.pc == nil && handler?.pc == nil && pendingCalls.isEmpty
    }

    /// `irqsEnabled` of a state read in place (the property, called on `pointee`, copies it).
    @inlinable
    public static func irqsEnabled(_ state: UnsafePointer<CPUState>) -> Bool {
        state.pointee.idle == .running && state.pointee.handler?.pc == nil && state.pointee.hotplug == nil
            && !(state.pointee.thread?.op.isPerf ?? false)
    }

    /// `mayBeginIdle` of a state read in place (the property, called on `pointee`, copies it).
    @inlinable
    public static func mayBeginIdle(_ state: UnsafePointer<CPUState>) -> Bool {
        state.pointee.online && state.pointee.hotplug == nil && state.pointee.idle == .running
            && state.pointee.thread?.pc == nil && state.pointee.handler?.pc == nil && state.pointee.pendingCalls.isEmpty
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
    /// pm-code core: the per-CPU source's active path pointer (`csdev->path`) is set.
    public var pathPointer = false
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

extension World {
    /// Starts a new note of what is written (`WrittenArray`): nothing yet.
    @inlinable
    public mutating func forgetWrites() {
        cpus.forgetWrites()
        tracers.forgetWrites()
        parts.forgetWrites()
    }

    /// Reads CPU `k`'s state in place: the explorer's hot paths call this for every CPU of every
    /// state, where a copy would retain and release each array inside the state (and, with two
    /// threads, make both cores write the same reference counts).
    @inlinable
    public func withCPU<Result>(_ k: Int, _ body: (UnsafePointer<CPUState>) -> Result) -> Result {
        cpus.withElement(k, body)
    }

    /// Notes the CPUs, tracers and components read or written from now on at `notes[0]`,
    /// `notes[1]` and `notes[2]` (`WrittenArray`), cleared first; nil stops noting.
    @inlinable
    public mutating func attachReadNotes(_ notes: UnsafeMutablePointer<UInt64>?) {
        if let notes { notes.update(repeating: 0, count: 3) }
        cpus.attachReadNote(notes)
        tracers.attachReadNote(notes.map { $0 + 1 })
        parts.attachReadNote(notes.map { $0 + 2 })
    }

    /// Whether reads are still noted at `notes` (`attachReadNotes`).
    @inlinable
    public func notesReads(at notes: UnsafeMutablePointer<UInt64>) -> Bool {
        cpus.notesReads(at: notes) && tracers.notesReads(at: notes + 1) && parts.notesReads(at: notes + 2)
    }
}
