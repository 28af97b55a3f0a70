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

    public init(modePlacement: ModePlacement, pmCode: PMCode) {
        self.modePlacement = modePlacement
        self.pmCode = pmCode
    }

    public var description: String { "mode-placement \(modePlacement), pm-code \(pmCode)" }
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
}
