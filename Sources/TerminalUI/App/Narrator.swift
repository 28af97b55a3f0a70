public import CoreSightModel
public import DriverSimulation

/// The narration line: what the last step did, in words, why a violation is wrong and why a
/// note is not.
public struct Narrator: Sendable {
    public let topology: Topology
    let describer: EventDescriber

    public init(topology: Topology) {
        self.topology = topology
        describer = EventDescriber(topology: topology)
    }

    func name(_ id: Topology.ComponentID) -> String { topology.components[id].name }

    /// One sentence about a step's events: the violation first if there is one, then a note.
    /// `unit` names the column: "step" in a simulation, "poll" live.
    public func narrate(step: Int, events: some Collection<Event>, world: World?, unit: String = "step") -> String {
        guard let lead = events.max(by: { weight($0.kind) < weight($1.kind) }) else { return "" }
        return "\(unit) \(step): " + sentence(for: lead, among: events, world: world, actorName: actorName(lead.actor, unit: unit))
    }

    func weight(_ kind: EventKind) -> Int {
        switch kind {
        case .violation: 100
        case .note: 90
        case .modeTaken, .modeSet, .modeTakeFailed: 60
        case .claimFailed, .callFailedOffline, .sourceOffline: 55
        case .hotplugCallback: 45
        case .cpuDownBegan, .leftOnlineMask, .cpuDead, .cpuUpBegan, .bootedWithoutCallback, .cameOnline: 25
        case .contextSaved, .contextRestored: 50
        case .pmEnterRead, .pmExitRead, .pmNotSelfHosted: 45
        case .ipiTaken, .callInline: 40
        case .unitEnabled, .unitDisabled: 38
        case .callSent: 35
        case .returned: 30
        case .woke, .lowPower, .idleEntered, .idleExited: 25
        case .extClaimed, .extReleased, .extProgrammed: 24
        case .callReturned, .callCompleted: 20
        case .pathBuilt, .noSink, .partBusy: 15
        default: 5
        }
    }

    /// Who did it, in words: live (polls), the last lane is the devices', not an external
    /// debugger's, and a device's change needs no subject.
    func actorName(_ actor: Actor, unit: String) -> String {
        unit == "poll" && actor == .external ? "" : actor.description + " "
    }

    func sentence(for event: Event, among events: some Collection<Event>, world: World?, actorName: String) -> String {
        let actor = event.actor.description
        switch event.kind {
        case .violation(let violation):
            return explain(violation, actor: event.actor, events: events)
        case .modeTaken(let t, .sysfs) where event.actor.cpu != topology.components[t].cpu:
            let owner = topology.components[t].cpu.map { "cpu\($0)" } ?? "its CPU"
            return "\(actor) took SYSFS for \(name(t)) before \(owner) claimed it: until the IPI handler runs, \(owner)'s idle path can read a mode its hardware does not match"
        case .modeSet(let t, .sysfs, .disabled) where event.actor.cpu != topology.components[t].cpu:
            let owner = topology.components[t].cpu.map { "cpu\($0)" } ?? "its CPU"
            return "\(actor) set \(name(t)) back to DISABLED, after \(owner)'s handler already ran: the window for \(owner)'s idle path closes only now"
        case .claimFailed(let id, let tags) where tags.contains(.external):
            return "\(actor): \(name(id)) claim fails, an external debugger holds it (-EBUSY); no trace register was touched"
        case .contextSaved(let t):
            return "\(actor) saved \(name(t))'s registers and claim tags (OS lock set): CPU_PM_EXIT will write them back"
        case .contextRestored(let t):
            return "\(actor) wrote \(name(t))'s saved registers and claim tags back (OS lock cleared)"
        case .pmEnterRead(let t, let mode):
            return "\(actor)'s CPU_PM_ENTER read \(name(t)) mode \(mode)\(mode == .disabled ? ": nothing to save" : "")"
        case .pmExitRead(let t, let mode):
            let decision = mode == .disabled ? "nothing to restore" : "it restores \(name(t)) and enables it (pm-code v3 decides on this read alone)"
            return "\(actor)'s CPU_PM_EXIT read \(name(t)) mode \(mode): \(decision)"
        case .pmNotSelfHosted(let t, let exit):
            return "\(actor)'s \(exit ? "CPU_PM_EXIT" : "CPU_PM_ENTER") returns at once: pm_save_enable is not self-hosted, so it reads no mode and leaves \(name(t)) alone"
        case .note(let note):
            return explain(note)
        case .callSent(let to, _, _):
            let pending = world.map { $0.cpus[to].irqsEnabled } == false ? " (IRQs off there: it takes it after its idle path)" : ""
            return "\(actor) sent the IPI to cpu\(to) and spins until its handler completes\(pending)"
        default:
            return actorName + describer.describe(event.kind)
        }
    }

    /// Why a note is not a violation, short enough for the narration line.
    public func explain(_ note: Note) -> String {
        let subject = name(note.subject)
        let cpu = topology.components[note.subject].cpu.map { "cpu\($0)" } ?? "its CPU"
        switch note.detail {
        case .staleReadDecidesNothing(let mode, let owned):
            return "note, not a violation: \(cpu) read mode \(mode) while \(subject) is \(owned ? "" : "not ")enabled, but pm-save is never here (no save_state): the read decides nothing"
        }
    }

    /// Why a violation is wrong, in the words a reviewer would use.
    public func explain(_ violation: Violation, actor: Actor, events: some Collection<Event>) -> String {
        let subject = name(violation.subject)
        let cpu = topology.components[violation.subject].cpu.map { "cpu\($0)" } ?? actor.description
        switch violation.detail {
        case .staleRead(let mode, let owned):
            if owned {
                return "\(cpu) read mode \(mode) while \(subject) is enabled and self-claimed: its context will not be saved and is lost in low power"
            }
            let external = events.contains { if case .claimFailed(violation.subject, let tags) = $0.kind { tags.contains(.external) } else { false } }
            return "\(cpu) read mode \(mode) while \(subject) is not enabled: it will save context of a tracer it does not own" + (external ? " (an external debugger holds it)" : "")
        case .restoreOverExternalClaim:
            return "\(cpu) restored \(subject) over an external debugger's claim: the debugger's claim tags and trace registers are overwritten"
        case .restoreOfUnownedCopy:
            return "\(cpu) restored a \(subject) context saved while the kernel did not own it: registers of a tracer that was never enabled are written back"
        case .restoreWithoutSave:
            return "\(cpu) restored a \(subject) context not saved on this idle entry: a stale copy is written back"
        case .tracerWithoutPath(.sysfs, let unitOn):
            if unitOn {
                return "\(subject) is SYSFS and traces, but no sysfs path holds it: it feeds links and a sink nobody enabled for it, and a disable will find nothing to do"
            }
            let offline = events.contains { if case .callFailedOffline = $0.kind { true } else { false } }
                || events.contains { if case .returned(.disableSource(violation.subject), _) = $0.kind { true } else { false } }
            return "\(subject) is still SYSFS but its path is gone"
                + (offline ? ": the disable's IPI never reached \(cpu), and only that handler sets DISABLED (28eee2158575)" : "")
                + "; a later enable \"succeeds\" without a path, and etm4_starting_cpu() will turn the unit on"
        default:
            return "\(violation.invariant.rawValue): " + describer.explain(violation, actor: actor)
        }
    }
}
