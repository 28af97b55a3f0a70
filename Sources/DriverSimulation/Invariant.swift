public import CoreSightModel

/// The invariants csx checks after every step. Raw values are part of csx's interface.
public enum Invariant: String, Sendable, Hashable, Codable, CaseIterable {
    /// A CPU PM flow read a mode that the tracer's hardware does not match.
    case pmReadsStaleMode = "pm-reads-stale-mode"
    /// Context restored into a tracer that was not enabled and self-claimed at save, or that an
    /// external debugger holds.
    case restoreOnUnownedTracer = "restore-on-unowned-tracer"
    /// With no flow in progress, mode is SYSFS/PERF exactly when the tracer is enabled and
    /// self-claimed.
    case quiescentModeMatchesHW = "quiescent-mode-matches-hw"
    /// Link and sink refcounts equal the number of enabled paths through them.
    case refcountsMatchPaths = "refcounts-match-paths"
    /// With no flow in progress, a tracer is SYSFS, or enabled and self-claimed outside perf,
    /// exactly when a sysfs path holds it.
    case tracerMatchesPath = "tracer-matches-path"

    public var summary: String {
        switch self {
        case .pmReadsStaleMode:
            "a CPU PM notifier read a mode its tracer's hardware does not match"
        case .restoreOnUnownedTracer:
            "context restored into a tracer not enabled and self-claimed at save, or held externally"
        case .quiescentModeMatchesHW:
            "with no flow in progress, mode is SYSFS/PERF exactly when the tracer is enabled and self-claimed"
        case .refcountsMatchPaths:
            "link and sink refcounts equal the number of enabled paths through them"
        case .tracerMatchesPath:
            "with no flow in progress, a tracer is SYSFS (or enabled and self-claimed outside perf) exactly when a sysfs path holds it"
        }
    }
}

/// A broken invariant, with what the explanation needs.
public struct Violation: Sendable, Hashable {
    public enum Detail: Sendable, Hashable {
        /// The PM flow read `mode`; the unit was (not) owned.
        case staleRead(mode: Mode, owned: Bool)
        /// pm-code v3: CPU_PM_EXIT read `mode`, but this idle entry did (not) save an owned unit.
        case staleExitRead(mode: Mode, savedOwned: Bool)
        /// The restored copy was taken while the tracer was not owned.
        case restoreOfUnownedCopy
        /// The restore happened while bit 0 (external) was set.
        case restoreOverExternalClaim
        /// Restore with no copy taken on this idle entry.
        case restoreWithoutSave
        /// mode vs. ownership disagree while quiescent.
        case modeVersusHardware(mode: Mode, owned: Bool, selfClaimed: Bool)
        /// A port's refcount disagrees with the paths through it.
        case refcount(component: Topology.ComponentID, port: Int, refcount: Int, paths: Int)
        /// A sysfs-enabled source with refcount 1 and no remembered path.
        case sourceWithoutPath
        /// No sysfs path holds the tracer, yet its mode is SYSFS or its unit is on and claimed.
        case tracerWithoutPath(mode: Mode, unitOn: Bool)
        /// A sysfs path holds the tracer, yet its mode is not SYSFS.
        case pathWithoutMode(mode: Mode)
    }

    public var invariant: Invariant
    /// The tracer (or, for refcounts, the source or component) concerned.
    public var subject: Topology.ComponentID
    public var detail: Detail
}

/// Something a step did that breaks no invariant but that a reviewer wants to see: a stale
/// read on a board and kernel where the read decides nothing.
public struct Note: Sendable, Hashable {
    public enum Detail: Sendable, Hashable {
        /// CPU_PM_ENTER read a stale `mode`, but without `save_state` (pm_save_enable never)
        /// `etm4_cpu_save()` saves nothing whatever it reads.
        case staleReadDecidesNothing(mode: Mode, owned: Bool)
    }

    /// The tracer concerned.
    public var subject: Topology.ComponentID
    public var detail: Detail

    public init(subject: Topology.ComponentID, detail: Detail) {
        self.subject = subject
        self.detail = detail
    }

    /// A stable kebab-case name, as `--json` and sessions print it.
    public var name: String {
        switch detail {
        case .staleReadDecidesNothing: "stale-read-decides-nothing"
        }
    }
}
