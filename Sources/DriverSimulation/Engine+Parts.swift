import CoreSightModel

/// Links and sinks on a path: `coresight_enable_path()` / `coresight_disable_path()` one
/// component per step, and the claim protocol shared with tracers.
extension Engine {
    /// The refcount slot a hop uses: funnels count per input port, replicators per output
    /// port, sinks (and an ETF acting as a FIFO link) in slot 0.
    func port(of hop: PathHop) -> Int {
        switch topology.components[hop.component].subtype {
        case .funnel: hop.inport ?? 0
        case .replicator: hop.outport ?? 0
        default: 0
        }
    }

    /// Static funnels and replicators have no registers, hence no claim tags.
    func hasClaimTags(_ id: Topology.ComponentID) -> Bool {
        // Field by field: a copy of the component would retain its name (every claim asks).
        switch topology.components[id].subtype {
        case .funnel, .replicator: return topology.components[id].address != nil
        case .stm, .trbe: return false
        default: return true
        }
    }

    /// `coresight_claim_device_unlocked()`: FREE → self-hosted; anything else fails -EBUSY.
    func claim(_ id: Topology.ComponentID, actor: Actor, in world: inout World, log: inout EventLog) -> Bool {
        guard hasClaimTags(id) else { return true }
        let tags = world.parts[id].claim
        guard tags.isEmpty else {
            log.emit(actor, .claimFailed(id, tags: tags))
            return false
        }
        world.parts[id].claim = .selfHosted
        log.emit(actor, .claimed(id))
        return true
    }

    /// `coresight_disclaim_device_unlocked()`: clears bit 1 only if the tags are exactly
    /// SELF_HOSTED; otherwise warns "External agent took claim tag" and changes nothing.
    func disclaim(_ id: Topology.ComponentID, actor: Actor, in world: inout World, log: inout EventLog) {
        guard hasClaimTags(id) else { return }
        let tags = world.parts[id].claim
        if tags == .selfHosted {
            world.parts[id].claim = []
            log.emit(actor, .disclaimed(id))
        } else {
            log.emit(actor, .disclaimRefused(id, tags: tags))
        }
    }

    /// Enables one hop of a path; `isSink` when the hop ends the path.
    func enablePart(
        _ hop: PathHop, isSink: Bool, mode: Mode, actor: Actor,
        in world: inout World, log: inout EventLog, touched: inout Touched
    ) -> Errno {
        let id = hop.component
        let slot = port(of: hop)
        let part = world.parts[id]
        let subtype = topology.components[id].subtype
        if isSink || subtype == .etf {
            // A sink, or an ETF used as a link: one user count, exclusive between modes.
            if part.mode != .disabled, part.mode != mode || !isSink {
                log.emit(actor, .partBusy(id, mode: part.mode))
                return .ebusy
            }
            if !isSink, part.mode == .disabled, part.refcount == 0 {
                // ETF as a FIFO link: first user claims and enables it.
                guard claim(id, actor: actor, in: &world, log: &log) else { return .ebusy }
                world.parts[id].enabled = true
            } else if isSink, part.mode == .disabled {
                guard claim(id, actor: actor, in: &world, log: &log) else { return .ebusy }
                world.parts[id].enabled = true
                world.parts[id].mode = mode
            }
            let hardware = part.refcount == 0
            world.parts[id].portRefcounts[slot] += 1
            touched.part = (id, slot)
            log.emit(actor, .partEnabled(id, port: slot, refcount: Int(world.parts[id].portRefcounts[slot]), hardware: hardware))
            return .ok
        }
        // Funnel or replicator: port hardware at 0 → 1, claim with the first enabled port.
        let hardware = part.portRefcounts[slot] == 0
        if hardware {
            if !part.enabled {
                guard claim(id, actor: actor, in: &world, log: &log) else { return .ebusy }
            }
            world.parts[id].enabled = true
        }
        world.parts[id].portRefcounts[slot] += 1
        touched.part = (id, slot)
        log.emit(actor, .partEnabled(id, port: slot, refcount: Int(world.parts[id].portRefcounts[slot]), hardware: hardware))
        return .ok
    }

    /// Disables one hop; the last user switches the hardware off and disclaims.
    func disablePart(
        _ hop: PathHop, isSink: Bool, actor: Actor,
        in world: inout World, log: inout EventLog, touched: inout Touched
    ) {
        let id = hop.component
        let slot = port(of: hop)
        guard world.parts[id].portRefcounts[slot] > 0 else { return }
        world.parts[id].portRefcounts[slot] -= 1
        touched.part = (id, slot)
        let lastOnPort = world.parts[id].portRefcounts[slot] == 0
        let lastOverall = world.parts[id].refcount == 0
        log.emit(actor, .partDisabled(id, port: slot, refcount: Int(world.parts[id].portRefcounts[slot]), hardware: lastOnPort))
        if lastOverall {
            world.parts[id].enabled = false
            world.parts[id].mode = .disabled
            disclaim(id, actor: actor, in: &world, log: &log)
        }
    }
}
