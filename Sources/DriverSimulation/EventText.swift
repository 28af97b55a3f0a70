public import CoreSightModel

/// Words for events and violations, as the CLI, the TUI and sessions print them.
public struct EventDescriber: Sendable {
    public let topology: Topology
    public init(topology: Topology) { self.topology = topology }

    func name(_ id: Topology.ComponentID) -> String { topology.components[id].name }

    public func describe(_ op: Operation) -> String {
        switch op {
        case .enableSource(let t): "enable \(name(t))"
        case .disableSource(let t): "disable \(name(t))"
        case .perfStart(let sink): sink.map { "perf-start \(name($0))" } ?? "perf-start"
        case .perfStop: "perf-stop"
        case .enableSink(let s): "enable-sink \(name(s))"
        case .disableSink(let s): "disable-sink \(name(s))"
        }
    }

    func portText(_ id: Topology.ComponentID, _ port: Int) -> String {
        switch topology.components[id].subtype {
        case .funnel: "\(name(id)) in-port \(port)"
        case .replicator: "\(name(id)) out-port \(port)"
        default: name(id)
        }
    }

    func callText(_ kind: CrossCall.Kind, _ t: Topology.ComponentID) -> String {
        "\(kind == .enableTracer ? "enable" : "disable") \(name(t))"
    }

    /// One line saying what happened (without the actor, which the caller prints).
    public func describe(_ kind: EventKind) -> String {
        switch kind {
        case .queued(let op): "queued: \(describe(op))"
        case .returned(let op, let rc): "\(describe(op)) returns \(rc)"
        case .mutexTaken: "takes coresight_mutex"
        case .mutexReleased: "releases coresight_mutex"
        case .alreadyEnabled(let t): "\(name(t)) is already SYSFS: nothing to do"
        case .notEnabled(let t, let mode): "\(name(t)) is not sysfs-enabled (mode \(mode)): nothing to do"
        case .sinkActivated(let s, let on): "\(name(s)): enable_sink = \(on ? 1 : 0)\(on ? " (activated)" : "")"
        case .attributeRead(let id, let file, let reading): "\(name(id)) \(file): \(reading)"
        case .noSink(let t): "no activated sink reachable from \(name(t)): -EINVAL"
        case .pathBuilt(let path): "path " + path.hops.map { name($0.component) }.joined(separator: " -> ")
        case .sourceRefcount(let t, let n): "\(name(t)) source refcount \(n)"
        case .pathReleased(let t): "path of \(name(t)) released"
        case .partEnabled(let id, let port, let refcount, let hardware):
            hardware
                ? "\(portText(id, port)) enabled (refcount \(refcount))"
                : "\(portText(id, port)) refcount \(refcount)"
        case .partDisabled(let id, let port, let refcount, let hardware):
            hardware
                ? "\(portText(id, port)) disabled (refcount \(refcount))"
                : "\(portText(id, port)) refcount \(refcount)"
        case .partBusy(let id, let mode): "\(name(id)) is busy in \(mode) mode: -EBUSY"
        case .modeTaken(let t, let mode): "\(name(t)) mode DISABLED -> \(mode) (take)"
        case .modeTakeFailed(let t, let wanted, let held):
            "\(name(t)) mode take \(wanted) fails: held \(held) (-EBUSY)"
        case .modeSet(let t, let from, let to): "\(name(t)) mode \(from) -> \(to) (set)"
        case .claimed(let id): "\(name(id)) claimed (self-hosted)"
        case .claimFailed(let id, let tags): "\(name(id)) claim fails: tags \(tags) (-EBUSY)"
        case .disclaimed(let id): "\(name(id)) disclaimed"
        case .disclaimRefused(let id, let tags):
            "\(name(id)) not disclaimed: tags \(tags) (\"External agent took claim tag\")"
        case .callSent(let to, let kind, let t): "cross-call cpu\(to) (\(callText(kind, t))): IPI raised, waits"
        case .callInline(let kind, let t): "cross-call to itself: \(callText(kind, t)) runs inline, IRQs off"
        case .callFailedOffline(let to): "cross-call fails -ENXIO: cpu\(to) is offline"
        case .ipiTaken(let from, let kind, let t): "takes IPI from cpu\(from): \(callText(kind, t)) handler, IRQs off"
        case .callCompleted(let caller, let rc):
            "completes cpu\(caller)'s cross-call: \(rc)"
        case .callReturned(let from, let rc): "cross-call to cpu\(from) returned \(rc)"
        case .unitEnabled(let t): "\(name(t)) programmed and enabled (TRCPRGCTLR.EN=1)"
        case .unitDisabled(let t): "\(name(t)) disabled (TRCPRGCTLR.EN=0)"
        case .idleEntered: "enters idle (IRQs off)"
        case .pmEnterRead(let t, let mode): "CPU_PM_ENTER reads \(name(t)) mode \(mode)"
        case .contextSaved(let t): "saves \(name(t)) context (OS lock set, state_needs_restore)"
        case .saveSkipped(let t): "does not save \(name(t))"
        case .lowPower: "enters WFI"
        case .woke(.interrupt): "leaves WFI: interrupt"
        case .woke(.ipi): "woken from WFI by the IPI"
        case .woke(.ipiAlreadyPending): "low power ends at once: IPI pending"
        case .contextRestored(let t): "CPU_PM_EXIT restores \(name(t)) context (claim tags and registers written back)"
        case .restoreSkipped(let t): "CPU_PM_EXIT: nothing to restore for \(name(t))"
        case .pmNotSelfHosted(let t, let exit):
            "\(exit ? "CPU_PM_EXIT" : "CPU_PM_ENTER"): pm_save_enable is not self-hosted: \(name(t)) left alone"
        case .pmExitRead(let t, let mode): "CPU_PM_EXIT reads \(name(t)) mode \(mode)"
        case .idleExited: "leaves idle (IRQs on)"
        case .cpuDownBegan(.driver): "cpu_down(): takes the CPU hotplug lock; stop_machine, IRQs off"
        case .cpuDownBegan(.core): "cpu_down(): takes the CPU hotplug lock; its hotplug thread tears down"
        case .leftOnlineMask: "__cpu_disable(): out of cpu_online_mask (cross-calls now fail -ENXIO)"
        case .hotplugCallback(let callback, let t, let mode): hotplugText(callback, t, mode)
        case .cpuDead: "dead; releases the CPU hotplug lock"
        case .cpuUpBegan: "cpu_up(): takes the CPU hotplug lock; boots with IRQs off"
        case .bootedWithoutCallback: "STARTING states: no CoreSight callback (v7.2 moved hotplug to the core)"
        case .cameOnline: "in cpu_online_mask, IRQs on; releases the CPU hotplug lock"
        case .sourceOffline(let t):
            "coresight_validate_source_sysfs(): \(name(t))'s cpu\(topology.components[t].cpu ?? 0) is offline"
        case .extClaimed(let id): "external debugger claims \(name(id))"
        case .extClaimRefused(let id, let tags): "external debugger cannot claim \(name(id)): tags \(tags)"
        case .extReleased(let id): "external debugger releases \(name(id))"
        case .extProgrammed(let t): "external debugger programs and enables \(name(t))"
        case .violation(let v): "\(v.invariant.rawValue): \(explain(v, actor: nil))"
        case .note(let n): "note: \(explain(n))"
        }
    }

    func hotplugText(_ callback: HotplugCallback, _ t: Topology.ComponentID, _ mode: Mode) -> String {
        let read = "\(callback.function) reads \(name(t)) mode \(mode)"
        switch callback {
        case .etm4DyingCPU:
            return mode == .disabled ? "\(read): nothing to do" : "\(read): etm4_disable_hw(), mode kept"
        case .etm4StartingCPU:
            return mode == .disabled ? "\(read): OS unlock only" : "\(read): OS unlock, etm4_enable_hw() (result ignored)"
        case .coresightDyingCPU:
            return mode == .sysfs ? "\(read): disables the active sysfs path" : "\(read): no active sysfs path"
        }
    }

    /// The one-line explanation of a violation.
    public func explain(_ violation: Violation, actor: Actor?) -> String {
        let subject = name(violation.subject)
        let cpu = topology.components[violation.subject].cpu.map { "cpu\($0)" } ?? actor?.description ?? "a CPU"
        switch violation.detail {
        case .staleRead(let mode, let owned):
            if owned {
                return "\(cpu)'s CPU PM read \(mode) but \(subject) is enabled by the kernel: its context will not be saved"
            }
            return "\(cpu)'s CPU PM read \(mode) but \(subject) is not enabled by the kernel"
        case .staleExitRead(let mode, let savedOwned):
            if savedOwned {
                return "\(cpu)'s CPU_PM_EXIT read \(mode) although this idle entry saved \(subject) enabled: it will not be restored"
            }
            return "\(cpu)'s CPU_PM_EXIT read \(mode) although this idle entry saved no enabled \(subject): it restores and enables a unit the kernel has not claimed"
        case .restoreOverExternalClaim:
            return "\(cpu) restored \(subject)'s saved context over an external debugger's claim"
        case .restoreOfUnownedCopy:
            return "\(cpu) restored a context of \(subject) saved while the kernel did not own it"
        case .restoreWithoutSave:
            return "\(cpu) restored a context of \(subject) not saved on this idle entry"
        case .modeVersusHardware(let mode, let owned, let selfClaimed):
            if mode == .disabled, owned {
                return "\(subject) is DISABLED but enabled and self-claimed, with no flow in progress"
            }
            if mode == .disabled, selfClaimed {
                return "\(subject) is DISABLED but still carries the self-hosted claim tag"
            }
            return "\(subject) is \(mode) but not enabled and self-claimed, with no flow in progress"
        case .refcount(let id, let port, let refcount, let paths):
            return "\(portText(id, port)) refcount \(refcount) but \(paths) enabled path\(paths == 1 ? "" : "s") use it"
        case .sourceWithoutPath:
            return "\(subject) is sysfs-enabled (refcount 1) without an enabled path"
        case .tracerWithoutPath(let mode, let unitOn):
            let what = mode == .sysfs ? "is SYSFS" : "is enabled and self-claimed"
            let unit = mode == .sysfs && unitOn ? " and its unit traces" : ""
            return "\(subject) \(what)\(unit) but no sysfs path holds it, with no flow in progress"
        case .pathWithoutMode(let mode):
            return "a sysfs path holds \(subject) but its mode is \(mode), with no flow in progress"
        }
    }

    /// The one-line explanation of a note.
    public func explain(_ note: Note) -> String {
        let subject = name(note.subject)
        let cpu = topology.components[note.subject].cpu.map { "cpu\($0)" } ?? "a CPU"
        switch note.detail {
        case .staleReadDecidesNothing(let mode, let owned):
            let state = owned ? "is enabled by the kernel" : "is not enabled by the kernel"
            return "\(cpu)'s CPU PM read \(mode) while \(subject) \(state), but pm_save_enable is never here (no save_state): the read decides nothing"
        }
    }

    /// A stable kebab-case name per event kind (the `kind` of `--json` events).
    public static func kindName(_ kind: EventKind) -> String {
        switch kind {
        case .queued: "queued"
        case .returned: "returned"
        case .mutexTaken: "mutex-taken"
        case .mutexReleased: "mutex-released"
        case .alreadyEnabled: "already-enabled"
        case .notEnabled: "not-enabled"
        case .sinkActivated: "sink-activated"
        case .attributeRead: "attribute-read"
        case .noSink: "no-sink"
        case .pathBuilt: "path-built"
        case .sourceRefcount: "source-refcount"
        case .pathReleased: "path-released"
        case .partEnabled: "part-enabled"
        case .partDisabled: "part-disabled"
        case .partBusy: "part-busy"
        case .modeTaken: "mode-taken"
        case .modeTakeFailed: "mode-take-failed"
        case .modeSet: "mode-set"
        case .claimed: "claimed"
        case .claimFailed: "claim-failed"
        case .disclaimed: "disclaimed"
        case .disclaimRefused: "disclaim-refused"
        case .callSent: "ipi-sent"
        case .callInline: "call-inline"
        case .callFailedOffline: "call-offline"
        case .ipiTaken: "ipi-taken"
        case .callCompleted: "call-completed"
        case .callReturned: "call-returned"
        case .unitEnabled: "unit-enabled"
        case .unitDisabled: "unit-disabled"
        case .idleEntered: "idle-entered"
        case .pmEnterRead: "pm-enter-read"
        case .contextSaved: "context-saved"
        case .saveSkipped: "save-skipped"
        case .lowPower: "wfi"
        case .woke: "woke"
        case .contextRestored: "context-restored"
        case .restoreSkipped: "restore-skipped"
        case .pmNotSelfHosted: "pm-not-self-hosted"
        case .pmExitRead: "pm-exit-read"
        case .idleExited: "idle-exited"
        case .cpuDownBegan: "cpu-down"
        case .leftOnlineMask: "left-online-mask"
        case .hotplugCallback: "hotplug-callback"
        case .cpuDead: "cpu-dead"
        case .cpuUpBegan: "cpu-up"
        case .bootedWithoutCallback: "booted"
        case .cameOnline: "cpu-online"
        case .sourceOffline: "source-offline"
        case .extClaimed: "ext-claimed"
        case .extClaimRefused: "ext-claim-refused"
        case .extReleased: "ext-released"
        case .extProgrammed: "ext-programmed"
        case .violation: "violation"
        case .note: "note"
        }
    }
}
