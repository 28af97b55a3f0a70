public import CoreSightModel

/// Where a thread flow is; each case is the next atomic step it takes (docs/driver-model.md §4).
public enum ThreadPC: UInt8, Sendable, Hashable, Codable {
    // sysfs enable (§4.2) and disable (§4.3)
    /// 4.2/4.3 step 1: take `coresight_mutex`, check the mode (disable: drop the refcount).
    case lockAndCheck
    /// 4.2 step 3: find the activated sink, build the path, assign a trace id.
    case findSink
    /// 4.2 step 4 (and perf): enable the next component, sink side first.
    case enablePath
    /// 4.2 step 5 (legacy) and perf: `coresight_take_mode()`.
    case takeMode
    /// 4.2 step 6 / 4.3 step 2: take the spinlock, cross-call the tracer's CPU.
    case sendCall
    /// 4.2 step 8 / 4.3 step 4: the cross-call completed; act on its result.
    case afterCall
    /// 4.2 step 9 on success: source refcount 0 → 1, remember the path.
    case commit
    /// Disable the next enabled component, source side first.
    case teardown
    /// Release the path (and the mutex); the write returns.
    case finish
    // perf (§4.4), one IRQs-off stretch on the traced CPU
    /// Choose the sink and build the path.
    case perfBuildPath
    /// `etm4_enable_hw()`: claim, program, enable.
    case perfEnableHW
    /// A failed perf start (or a stop) sets the mode back to DISABLED.
    case perfSetDisabled
    /// `etm4_disable_perf()`: trace unit off, disclaim.
    case perfDisableHW
    // sinks (§4.1)
    case setActivated
}

/// A CPU's operation in progress.
public struct ThreadFlow: Sendable, Hashable {
    public var op: Operation
    public var pc: ThreadPC
    /// The path being enabled or torn down.
    public var path: TracePath?
    /// How many of `path.enableOrder` are enabled now (counted from the sink).
    public var enabledHops: Int = 0
    /// What the flow will return.
    public var rc: Errno = .ok
    /// Whether the flow's cross-call has completed (set by the handler's last step).
    public var callCompleted = false
    /// Whether the flow holds `coresight_mutex`.
    public var holdsMutex = false
    /// Run by `coresight_dying_cpu()` in the dying CPU's hotplug thread, not by user space.
    public var byHotplug = false

    public init(op: Operation, pc: ThreadPC) {
        self.op = op
        self.pc = pc
    }

    /// perf callbacks run with IRQs off on the traced CPU.
    public var isPerfCallback: Bool { op.isPerf }

    /// The mode the path's sink and links are enabled in.
    var pathMode: Mode { isPerfCallback ? .perf : .sysfs }
}

/// Where an IPI handler is (docs/driver-model.md §4.2 step 7, §4.3 step 3). Taking the IPI and the
/// handler's first action are one step; completing the call is part of its last action.
public enum HandlerPC: UInt8, Sendable, Hashable, Codable {
    /// fixed 7a: `coresight_take_mode(SYSFS)`; on failure complete with -EBUSY.
    case takeMode
    /// 7b `etm4_enable_hw()`: OS unlock, claim, program, enable; fixed, on a failed claim, 7c
    /// DISABLED; then 7d complete.
    case enableHW
    /// 4.3 step 3: `etm4_disable_hw()` (fixed: and DISABLED); complete.
    case disable
}

/// A cross-call handler running on the target CPU with IRQs off.
public struct HandlerFlow: Sendable, Hashable {
    public var call: CrossCall
    public var pc: HandlerPC
    /// Runs inline on the calling CPU (the tracer's own CPU wrote `enable_source`).
    public var inline: Bool
    public var rc: Errno = .ok
}
