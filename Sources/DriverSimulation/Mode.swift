/// The driver's software mode of a tracer or sink (`enum cs_mode`).
public enum Mode: UInt8, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case disabled, sysfs, perf
    public var description: String {
        switch self {
        case .disabled: "DISABLED"
        case .sysfs: "SYSFS"
        case .perf: "PERF"
        }
    }
}

/// Where the driver takes and rolls back a tracer's mode on sysfs enable/disable.
public enum Variant: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// ≤ v6.18: on the CPU that writes `enable_source`, around the IPI.
    case legacy
    /// ≥ v6.19 (28eee2158575): on the tracer's own CPU, inside the IPI handler; with v6.19's CPU
    /// PM code (9e9182cab5eb).
    case fixed
    public var description: String { rawValue }

    /// The knobs this name stands for.
    public var knobs: DriverKnobs {
        switch self {
        case .legacy: DriverKnobs(modePlacement: .caller, pmCode: .v1)
        case .fixed: DriverKnobs(modePlacement: .target, pmCode: .v3)
        }
    }
}

/// What a flow returns to user space.
public enum Errno: UInt8, Sendable, Hashable, Codable, CustomStringConvertible {
    case ok, ebusy, einval, enxio, enodev
    public var description: String {
        switch self {
        case .enodev: "-ENODEV"
        case .ok: "0"
        case .ebusy: "-EBUSY"
        case .einval: "-EINVAL"
        case .enxio: "-ENXIO"
        }
    }
}

/// CoreSight claim tags (CLAIMSET/CLAIMCLR bits [1:0], PSCI DEN 0022D).
public struct ClaimTags: OptionSet, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
    // Computed and inlinable, not stored: other modules (the explorer's per-state checks) then
    // test a bit in place instead of calling a lazy global's accessor.
    /// Bit 0: held by an external debugger.
    @inlinable public static var external: ClaimTags { ClaimTags(rawValue: 1) }
    /// Bit 1: held by the self-hosted (kernel) driver.
    @inlinable public static var selfHosted: ClaimTags { ClaimTags(rawValue: 2) }

    public var description: String {
        switch rawValue & 3 {
        case 0: "free"
        case 1: "external"
        case 2: "self"
        default: "self+external"
        }
    }
}
