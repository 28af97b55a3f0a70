public import CoreSightModel

/// Who did something: a CPU, or the external debugger.
public enum Actor: Sendable, Hashable, Codable, CustomStringConvertible {
    case cpu(Int)
    case external

    public var cpu: Int? {
        if case .cpu(let n) = self { return n }
        return nil
    }

    public var description: String {
        switch self {
        case .cpu(let n): "cpu\(n)"
        case .external: "ext"
        }
    }
}

/// Why the core's CPU PM notifier returned NOTIFY_BAD.
public enum CorePMRefusal: UInt8, Sendable, Hashable, Codable {
    /// `percpu_pm_failed` is set: -EIO on every event.
    case failedBefore
    /// The sink has PM callbacks and the source has none: -EINVAL.
    case sourceWithoutCallbacks
}

/// The kernel function a hotplug step runs.
public enum HotplugCallback: UInt8, Sendable, Hashable, Codable {
    /// ≤ v7.1, CPUHP_AP_ARM_CORESIGHT_STARTING teardown: disable the unit if the mode is set.
    case etm4DyingCPU
    /// ≤ v7.1, CPUHP_AP_ARM_CORESIGHT_STARTING: OS unlock; enable the unit if the mode is set.
    case etm4StartingCPU
    /// v7.2, CPUHP_AP_ARM_CORESIGHT_ONLINE teardown: disable the CPU's active sysfs path.
    case coresightDyingCPU

    public var function: String {
        switch self {
        case .etm4DyingCPU: "etm4_dying_cpu()"
        case .etm4StartingCPU: "etm4_starting_cpu()"
        case .coresightDyingCPU: "coresight_dying_cpu()"
        }
    }
}

/// Why a CPU left low power.
public enum WakeReason: UInt8, Sendable, Hashable, Codable {
    case interrupt, ipi, ipiAlreadyPending
}

/// Something the engine did, as the timeline shows it.
public enum EventKind: Sendable, Hashable {
    // user space
    case queued(Operation)
    case returned(Operation, Errno)
    // coresight_mutex
    case mutexTaken
    case mutexReleased
    // sysfs core
    case alreadyEnabled(tracer: Topology.ComponentID)
    case notEnabled(tracer: Topology.ComponentID, mode: Mode)
    case sinkActivated(Topology.ComponentID, Bool)
    case noSink(tracer: Topology.ComponentID)
    case pathBuilt(TracePath)
    case sourceRefcount(tracer: Topology.ComponentID, Int)
    case pathReleased(tracer: Topology.ComponentID)
    // links and sinks
    case partEnabled(Topology.ComponentID, port: Int, refcount: Int, hardware: Bool)
    case partDisabled(Topology.ComponentID, port: Int, refcount: Int, hardware: Bool)
    case partBusy(Topology.ComponentID, mode: Mode)
    // the mode cell
    case modeTaken(tracer: Topology.ComponentID, Mode)
    case modeTakeFailed(tracer: Topology.ComponentID, wanted: Mode, held: Mode)
    case modeSet(tracer: Topology.ComponentID, from: Mode, to: Mode)
    // claim tags
    case claimed(Topology.ComponentID)
    case claimFailed(Topology.ComponentID, tags: ClaimTags)
    case disclaimed(Topology.ComponentID)
    case disclaimRefused(Topology.ComponentID, tags: ClaimTags)
    // cross-calls
    case callSent(to: Int, CrossCall.Kind, tracer: Topology.ComponentID)
    case callInline(CrossCall.Kind, tracer: Topology.ComponentID)
    case callFailedOffline(to: Int)
    case ipiTaken(from: Int, CrossCall.Kind, tracer: Topology.ComponentID)
    case callCompleted(caller: Int, Errno)
    case callReturned(from: Int, Errno)
    // the trace unit
    case unitEnabled(tracer: Topology.ComponentID)
    case unitDisabled(tracer: Topology.ComponentID)
    // idle and CPU PM
    case idleEntered
    case pmEnterRead(tracer: Topology.ComponentID, Mode)
    case contextSaved(tracer: Topology.ComponentID)
    case saveSkipped(tracer: Topology.ComponentID)
    case lowPower
    case woke(WakeReason)
    case contextRestored(tracer: Topology.ComponentID)
    case restoreSkipped(tracer: Topology.ComponentID)
    /// pm-code v3: `pm_save_enable` is not self-hosted, so the notifier returns at once.
    case pmNotSelfHosted(tracer: Topology.ComponentID, exit: Bool)
    /// pm-code v3: CPU_PM_EXIT reads the mode to decide the restore.
    case pmExitRead(tracer: Topology.ComponentID, Mode)
    case idleExited
    // pm-code core (v7.2's coresight_cpu_pm_notify())
    /// The notifier read the source's mode and its active path pointer.
    case corePMRead(tracer: Topology.ComponentID, Mode, pathSet: Bool, exit: Bool)
    /// The notifier returned NOTIFY_BAD before touching anything.
    case corePMRefused(CorePMRefusal)
    case sinkSaved(Topology.ComponentID)
    case sinkRestored(Topology.ComponentID)
    /// A per-CPU sink not saved lost its registers in low power (TRBE is the CPU's own).
    case sinkContextLost(Topology.ComponentID)
    /// A link failed to come back at CPU_PM_EXIT: `percpu_pm_failed` is set for good.
    case pmFailedSet
    /// The per-CPU source's active path pointer was set or cleared.
    case pathPointer(tracer: Topology.ComponentID, set: Bool)
    // CPU hotplug (docs/driver-model.md §4.7)
    /// `cpu_down()` took the hotplug lock: driver callbacks, stop_machine next; core, the
    /// CPU's hotplug thread next.
    case cpuDownBegan(HotplugCode)
    /// `__cpu_disable()`: out of `cpu_online_mask`; cross-calls to it now fail.
    case leftOnlineMask
    /// A hotplug callback read the tracer's mode (and, core, whether a sysfs path is active).
    case hotplugCallback(HotplugCallback, tracer: Topology.ComponentID, Mode)
    /// The dying CPU is dead; the hotplug lock is released.
    case cpuDead
    /// `cpu_up()` took the hotplug lock; the CPU boots with IRQs off.
    case cpuUpBegan
    /// STARTING states run with no CoreSight callback (hotplug core).
    case bootedWithoutCallback
    /// The CPU is in `cpu_online_mask` again, IRQs on; the hotplug lock is released.
    case cameOnline
    /// hotplug core: `coresight_validate_source_sysfs()` refused a tracer whose CPU is offline.
    case sourceOffline(tracer: Topology.ComponentID)
    // external debugger
    case extClaimed(Topology.ComponentID)
    case extClaimRefused(Topology.ComponentID, tags: ClaimTags)
    case extReleased(Topology.ComponentID)
    case extProgrammed(tracer: Topology.ComponentID)
    // checking
    case violation(Violation)
    /// Worth knowing, not wrong: a race that changed nothing on this board and kernel.
    case note(Note)
    // live view only (never simulated): a sysfs attribute that gave no value (`empty`,
    // `unreadable (EACCES)`), or gave one again after that. Boxed, so events stay small.
    indirect case attributeRead(Topology.ComponentID, file: String, reading: String)
}

/// One event, stamped with the atomic step it happened in and the actor that did it.
public struct Event: Sendable, Hashable {
    /// The global atomic step number, 1-based; 0 for events outside any step (queueing).
    public var step: Int
    public var actor: Actor
    public var kind: EventKind

    public init(step: Int, actor: Actor, kind: EventKind) {
        self.step = step
        self.actor = actor
        self.kind = kind
    }

    // Not inlined, and a switch: inlining this into closures crashes the Swift 6.3 optimizer's
    // ownership verifier in release builds (RunReport.violations, Simulation.violations).
    @inline(never)
    public var violation: Violation? {
        switch kind {
        case .violation(let v): v
        default: nil
        }
    }

    @inline(never)
    public var note: Note? {
        switch kind {
        case .note(let n): n
        default: nil
        }
    }
}

/// Where the engine writes events; owned by the caller so a hot loop can reuse the buffer.
public struct EventLog: Sendable {
    public var events: [Event] = []
    /// The number the next atomic step gets.
    public var nextStep: Int
    /// Whether to record anything but violations (benchmarks and the explorer turn this off).
    public var recordsEvents: Bool
    /// Violations found since the log was created or last cleared.
    public private(set) var violationCount = 0

    public init(nextStep: Int = 1, recordsEvents: Bool = true) {
        self.nextStep = nextStep
        self.recordsEvents = recordsEvents
    }

    @inline(__always)
    mutating func emit(_ actor: Actor, _ kind: EventKind) {
        if recordsEvents { events.append(Event(step: nextStep, actor: actor, kind: kind)) }
    }

    /// Events outside any atomic step (queueing an operation).
    @inline(__always)
    mutating func note(_ actor: Actor, _ kind: EventKind) {
        if recordsEvents { events.append(Event(step: 0, actor: actor, kind: kind)) }
    }

    /// A note is an event like any other: the explorer, recording none, pays nothing for it.
    @inline(__always)
    mutating func remark(_ actor: Actor, _ note: Note) {
        if recordsEvents { events.append(Event(step: nextStep, actor: actor, kind: .note(note))) }
    }

    mutating func flag(_ actor: Actor, _ violation: Violation) {
        violationCount += 1
        events.append(Event(step: nextStep, actor: actor, kind: .violation(violation)))
    }

    public mutating func clear() {
        // The explorer clears an empty log before every move: emptying an empty array still
        // costs a call and a release.
        if !events.isEmpty { events.removeAll(keepingCapacity: true) }
        violationCount = 0
    }
}
