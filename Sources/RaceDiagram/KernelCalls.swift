import DriverSimulation

/// The kernel's function names for a profile's knobs: the one place where a knob value becomes
/// a call chain. Every name here is in Resources/kernels/functions/<profile>.txt for each shipped
/// profile that can draw it (a test checks). A new knob value adds its chains here:
/// - CPU hotplug (`hotplug: driver|core`): the callback's own function (`HotplugCallback.function`:
///   `etm4_dying_cpu()` / `etm4_starting_cpu()`, or the core's `coresight_dying_cpu()`) roots the
///   chains of what it does (`hotplugChain`); events map in `EntryBuilder.entries(for:)`, whose
///   `default:` draws any event it does not know yet as a generic line.
/// - v7.2's core CPU PM notifier: a new `pmCode` case gives `pmEnter` / `pmExit` its chain.
struct KernelCalls {
    let knobs: DriverKnobs

    // coresight-sysfs.c
    static let sysfsEnable = "coresight_enable_sysfs()"
    static let sysfsDisable = "coresight_disable_sysfs()"
    static let sinkStore = "enable_sink_store()"
    // coresight-core.c
    static let buildPath = "coresight_build_path()"
    static let enablePath = "coresight_enable_path()"
    static let disablePath = "coresight_disable_path()"
    static let releasePath = "coresight_release_path()"
    // coresight-etm-perf.c
    static let perfSetup = "etm_setup_aux()"
    static let perfStart = "etm_event_start()"
    static let perfStop = "etm_event_stop()"
    // coresight-etm4x-core.c
    static let enable = "etm4_enable()"
    static let enableSysfs = "etm4_enable_sysfs()"
    static let enablePerf = "etm4_enable_perf()"
    static let enableHW = "etm4_enable_hw()"
    static let disable = "etm4_disable()"
    static let disableSysfs = "etm4_disable_sysfs()"
    static let disablePerf = "etm4_disable_perf()"
    static let disableHW = "etm4_disable_hw()"
    // kernel/smp.c
    static let crossCall = "smp_call_function_single()"
    // include/linux/coresight.h
    static let getMode = "coresight_get_mode()"
    /// v7.2: the CPU PM notifier's path lookup (mode and pointer).
    static let activePath = "coresight_cpu_get_active_path()"
    static func take(_ mode: Mode) -> String { "coresight_take_mode(\(mode))" }
    static func set(_ mode: Mode) -> String { "coresight_set_mode(\(mode))" }

    /// The function `etm4_enable_sysfs()` cross-calls on the tracer's CPU.
    var enableHandler: String {
        switch knobs.modePlacement {
        case .caller: "etm4_enable_hw_smp_call()"
        case .target: "etm4_enable_sysfs_smp_call()"
        }
    }

    /// The function `etm4_disable_sysfs()` cross-calls on the tracer's CPU.
    var disableHandler: String {
        switch knobs.modePlacement {
        case .caller: Self.disableHW
        case .target: "etm4_disable_sysfs_smp_call()"
        }
    }

    /// The writing CPU's chain down to the cross-call.
    func crossCallChain(_ kind: CrossCall.Kind) -> [String] {
        kind == .enableTracer
            ? [Self.enable, Self.enableSysfs, Self.crossCall]
            : [Self.disable, Self.disableSysfs, Self.crossCall]
    }

    /// The handler's own frames on the tracer's CPU (under the caller's chain when inline).
    func handlerChain(_ kind: CrossCall.Kind, inline: Bool) -> [String] {
        (inline ? crossCallChain(kind) : []) + [kind == .enableTracer ? enableHandler : disableHandler]
    }

    /// The handler's chain to `etm4_disable_hw()`: the handler itself under the caller placement.
    func handlerDisableHW(inline: Bool) -> [String] {
        let chain = handlerChain(.disableTracer, inline: inline)
        return knobs.modePlacement == .caller ? chain : chain + [Self.disableHW]
    }

    /// Where a sysfs or perf flow takes or sets the mode on its own CPU (not in a handler).
    func modeChain(_ flow: FlowKind, _ call: String) -> [String] {
        switch flow {
        case .sysfsEnable: [Self.enable, call]
        case .sysfsDisable: [Self.disable, call]
        case .perfStart:
            knobs.modePlacement == .caller ? [Self.perfStart, Self.enable, call] : [Self.perfStart, Self.enable, Self.enablePerf, call]
        case .perfStop:
            knobs.modePlacement == .caller ? [Self.perfStop, Self.disable, call] : [Self.perfStop, Self.disable, Self.disablePerf, call]
        case .sink, .unknown: [call]
        }
    }

    /// perf switches the unit on and off from its callbacks, on the traced CPU.
    static let perfEnableHW = [perfStart, enable, enablePerf, enableHW]
    static let perfDisableHW = [perfStop, disable, disablePerf, disableHW]

    /// The flow's root on the writing CPU, for path building and the mutex.
    static func root(_ flow: FlowKind) -> String? {
        switch flow {
        case .sysfsEnable: sysfsEnable
        case .sysfsDisable: sysfsDisable
        case .perfStart: perfStart
        case .perfStop: perfStop
        case .sink: sinkStore
        case .unknown: nil
        }
    }

    /// The sysfs core function that calls the ETM's `enable` / `disable` source op.
    static func sysfsRoot(_ flow: FlowKind) -> String? {
        switch flow {
        case .sysfsEnable: sysfsEnable
        case .sysfsDisable: sysfsDisable
        default: nil
        }
    }

    /// A hotplug callback's chain on the CPU going down or coming up.
    static func hotplugChain(_ callback: HotplugCallback, _ call: String? = nil) -> [String] {
        [callback.function] + (call.map { [$0] } ?? [])
    }

    /// CPU_PM_ENTER down to the ETM's save decision.
    var pmEnter: [String] {
        switch knobs.pmCode {
        case .v1, .v2, .v3: ["cpu_pm_enter()", "etm4_cpu_pm_notify()", "etm4_cpu_save()"]
        case .core: ["cpu_pm_enter()", "coresight_cpu_pm_notify()", "coresight_pm_save()"]
        }
    }

    /// CPU_PM_EXIT down to the ETM's restore decision.
    var pmExit: [String] {
        switch knobs.pmCode {
        case .v1, .v2, .v3: ["cpu_pm_exit()", "etm4_cpu_pm_notify()", "etm4_cpu_restore()"]
        case .core: ["cpu_pm_exit()", "coresight_cpu_pm_notify()", "coresight_pm_restore()"]
        }
    }

    var saveBody: String {
        switch knobs.pmCode {
        case .v1, .v2, .v3: "__etm4_cpu_save()"
        case .core: "coresight_pm_device_save()"
        }
    }

    var restoreBody: String {
        switch knobs.pmCode {
        case .v1, .v2, .v3: "__etm4_cpu_restore()"
        case .core: "coresight_pm_device_restore()"
        }
    }
}

/// What a CPU's user space (or perf) is doing, as far as the diagram needs to know.
enum FlowKind: Sendable, Hashable {
    case sysfsEnable(tracerCPU: Int)
    case sysfsDisable(tracerCPU: Int)
    case perfStart
    case perfStop
    case sink
    case unknown
}
