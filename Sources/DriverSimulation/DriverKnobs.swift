/// Where the sysfs flows take, roll back and reset a tracer's mode (docs/driver-model.md §0).
public enum ModePlacement: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// ≤ v6.18: `etm4_enable()` / `etm4_disable()` on the CPU that writes `enable_source`,
    /// around the IPI.
    case caller
    /// 28eee2158575 (v6.19, 6.18.2, 6.17.13): inside the IPI handler on the tracer's own CPU
    /// (`etm4_enable_sysfs_smp_call()`, `etm4_disable_sysfs_smp_call()`).
    case target
    public var description: String { rawValue }
}

/// What the ETM driver's CPU PM notifier does (`etm4_cpu_save()` / `etm4_cpu_restore()`).
public enum PMCode: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// ≤ v6.18.1: save when the mode is not DISABLED and `save_state` exists, storing
    /// TRCPRGCTLR and setting `state_needs_restore`; restore when that flag is set.
    case v1
    /// 1fdc2cd347a7 (6.18.2, 6.17.13): as v1, but save disables the trace unit instead of
    /// storing TRCPRGCTLR, and restore enables it after the OS unlock.
    case v2
    /// 9e9182cab5eb (v6.19 … v7.1): only when `pm_save_enable` is self-hosted; save when the
    /// mode is not DISABLED; restore when the mode read at CPU_PM_EXIT is not DISABLED.
    case v3
    public var description: String { rawValue }
}

/// Which code runs when a CPU goes down or comes up (docs/driver-model.md §4.7).
public enum HotplugCode: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// ≤ v7.1: the ETM driver's own callbacks at CPUHP_AP_ARM_CORESIGHT_STARTING, on the CPU
    /// with IRQs off: `etm4_dying_cpu()` turns the trace unit off and keeps the mode;
    /// `etm4_starting_cpu()` turns it back on when the mode is not DISABLED. Only the sysfs
    /// disable holds the hotplug lock (`etm4_disable_sysfs()`).
    case driver
    /// v7.2 (7105d2aa76d8, a5dd853fb777, 2c7f786928c4): the core's `coresight_dying_cpu()`
    /// disables the dying CPU's sysfs path; nothing runs on the way up; sysfs refuses an offline
    /// CPU's tracer (-ENODEV on enable, nothing on disable); `enable_source_store()` holds the
    /// hotplug lock for the whole write.
    case core
    public var description: String { rawValue }
}

/// The `pm_save_enable` module parameter of coresight_etm4x (0, 1, 2).
public enum PMSave: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// 0, the default: `etm4_probe()` of the first ETM decides for all from its node's
    /// `arm,coresight-loses-context-with-cpu`.
    case firmware
    /// 1: never save (no `save_state` is allocated).
    case never
    /// 2: save self-hosted state over CPU low power.
    case selfHosted = "self-hosted"
    public var description: String { rawValue }

    /// What `etm4_probe()` leaves in the parameter: never or self-hosted.
    public func resolved(losesContextWithCPU: Bool) -> PMSave {
        switch self {
        case .firmware: losesContextWithCPU ? .selfHosted : .never
        case .never, .selfHosted: self
        }
    }
}

/// The driver code a kernel release runs, as orthogonal knobs: each names the kernel code it
/// models, and flows ask these instead of a release name.
public struct DriverKnobs: Sendable, Hashable, Codable, CustomStringConvertible {
    public var modePlacement: ModePlacement
    public var pmCode: PMCode
    public var hotplug: HotplugCode

    public init(modePlacement: ModePlacement, pmCode: PMCode, hotplug: HotplugCode = .driver) {
        self.modePlacement = modePlacement
        self.pmCode = pmCode
        self.hotplug = hotplug
    }

    public var description: String { "mode-placement \(modePlacement), pm-code \(pmCode), hotplug \(hotplug)" }
}

/// Everything the engine needs to know of the driver: the release's knobs and what
/// `pm_save_enable` resolved to on this board. Constant for a run.
public struct Driver: Sendable, Hashable {
    public var knobs: DriverKnobs
    /// `pm_save_enable` after probe: true when self-hosted (`save_state` allocated).
    public var savesSelfHosted: Bool

    public init(knobs: DriverKnobs, savesSelfHosted: Bool) {
        self.knobs = knobs
        self.savesSelfHosted = savesSelfHosted
    }

    public var modePlacement: ModePlacement { knobs.modePlacement }
    public var pmCode: PMCode { knobs.pmCode }
    public var hotplug: HotplugCode { knobs.hotplug }
}
