/// Legal moves from a simulation's current world, for random schedules (property tests, session
/// fuzzing, benchmarks): a ready CPU's step, idle, wake, offline, online, or a debugger claim
/// or release.
public enum LegalMoves {
    /// Every move possible now, in a fixed order (CPUs first, then the debugger per tracer).
    public static func all(in simulation: Simulation) -> [Action] {
        all(engine: simulation.engine, world: simulation.world).map(simulation.engine.action(for:))
    }

    /// The same moves on a bare world, resolved (no names, no simulation).
    public static func all(engine: Engine, world: World) -> [EngineAction] {
        var choices: [EngineAction] = []
        append(engine: engine, world: world, to: &choices) { _ in true }
        return choices
    }

    /// The same moves, in the same order, appended to `choices` when `keep` says so (the
    /// explorer's hot loop: one reused buffer, no copy of a CPU's state).
    /// `hotplug` false leaves out the hotplug moves (the explorer's, where none can be kept).
    public static func append(
        engine: Engine, world: World, to choices: inout [EngineAction], hotplug: Bool = true, keep: (EngineAction) -> Bool
    ) {
        let cpus = world.cpus.indices
        for cpu in cpus {
            if engine.stepability(of: cpu, in: world) == .ready, keep(.step(cpu: cpu)) { choices.append(.step(cpu: cpu)) }
            let (mayIdle, inWFI) = world.withCPU(cpu) { (CPUState.mayBeginIdle($0), $0.pointee.idle == .wfi) }
            if mayIdle, keep(.idle(cpu: cpu)) { choices.append(.idle(cpu: cpu)) }
            if inWFI, keep(.wake(cpu: cpu)) { choices.append(.wake(cpu: cpu)) }
        }
        if hotplug {
            let before = choices.count
            engine.appendHotplugMoves(in: world, to: &choices)
            var kept = before
            for index in before..<choices.count where keep(choices[index]) {
                choices[kept] = choices[index]
                kept += 1
            }
            choices.removeLast(choices.count - kept)
        }
        for cpu in cpus {
            guard let tracer = engine.topology.tracerOfCPU[cpu] else { continue }
            // In place: a copy of the part would retain its port array.
            let claim = world.parts.withUnsafeBufferPointer { $0[tracer].claim }
            if claim.isEmpty, keep(.extClaim(tracer)) { choices.append(.extClaim(tracer)) }
            if claim.contains(.external), keep(.extRelease(tracer)) { choices.append(.extRelease(tracer)) }
        }
    }

    /// Picks a possible action from a code (any non-negative number): nil when nothing can move.
    public static func pick(_ code: Int, in simulation: Simulation) -> Action? {
        let choices = all(in: simulation)
        return choices.isEmpty ? nil : choices[code % choices.count]
    }
}
