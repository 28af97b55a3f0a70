import CoreSightModel

/// The external debugger: claims and releases claim tags by the protocol (§2, §4.5).
extension Engine {
    func checkClaimable(_ id: Topology.ComponentID) throws(ActionError) {
        guard topology.components.indices.contains(id) else { throw ActionError("no component #\(id)") }
        guard hasClaimTags(id) else {
            throw ActionError("\(topology.components[id].name) has no claim tags (static or software device)")
        }
    }

    func externalClaim(_ id: Topology.ComponentID, in world: inout World, log: inout EventLog) throws(ActionError) {
        try checkClaimable(id)
        let tags = world.parts[id].claim
        guard tags.isEmpty else {
            throw ActionError(
                "the external debugger cannot claim \(topology.components[id].name): its claim tags are \(tags) (it claims only a free unit)")
        }
        world.parts[id].claim = .external
        log.emit(.external, .extClaimed(id))
        finishExternalStep(id, in: world, log: &log)
    }

    func externalRelease(_ id: Topology.ComponentID, in world: inout World, log: inout EventLog) throws(ActionError) {
        try checkClaimable(id)
        guard world.parts[id].claim.contains(.external) else {
            throw ActionError("the external debugger does not hold \(topology.components[id].name)")
        }
        world.parts[id].claim.remove(.external)
        log.emit(.external, .extReleased(id))
        finishExternalStep(id, in: world, log: &log)
    }

    /// The debugger programs and enables a trace unit it holds (makes a later restore visibly harmful).
    func externalProgram(_ id: Topology.ComponentID, in world: inout World, log: inout EventLog) throws(ActionError) {
        try checkClaimable(id)
        let name = topology.components[id].name
        guard topology.components[id].subtype.isTracer, let n = topology.components[id].cpu else {
            throw ActionError("\(name) is not a trace unit")
        }
        guard world.parts[id].claim == .external else {
            throw ActionError("the external debugger must hold \(name) to program it (ext-claim \(name) first)")
        }
        world.tracers[n].unit.programmed = true
        world.tracers[n].unit.enabled = true
        world.tracers[n].unit.programmedByExternal = true
        log.emit(.external, .extProgrammed(tracer: id))
        finishExternalStep(id, in: world, log: &log)
    }

    private func finishExternalStep(_ id: Topology.ComponentID, in world: World, log: inout EventLog) {
        var touched = Touched()
        if topology.components[id].subtype.isTracer { touched.tracerCPU = topology.components[id].cpu }
        checkAfterStep(touched, actor: .external, in: world, log: &log)
        log.nextStep += 1
    }
}
