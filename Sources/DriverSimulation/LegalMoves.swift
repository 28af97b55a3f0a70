/// Legal moves from a simulation's current world, for random schedules (property tests, session
/// fuzzing, benchmarks): a ready CPU's step, idle, wake, offline, online, or a debugger claim
/// or release.
public enum LegalMoves {
    /// Every move possible now, in a fixed order (CPUs first, then the debugger per tracer).
    public static func all(in simulation: Simulation) -> [Action] {
        all(engine: simulation.engine, world: simulation.world).map(simulation.engine.action(for:))
    }

    /// The same moves on a bare world, resolved (the explorer's hot loop: no names, no simulation).
    public static func all(engine: Engine, world: World) -> [EngineAction] {
        let cpus = world.cpus.indices
        var choices: [EngineAction] = []
        for cpu in cpus {
            if engine.stepability(of: cpu, in: world) == .ready { choices.append(.step(cpu: cpu)) }
            if world.cpus[cpu].mayBeginIdle { choices.append(.idle(cpu: cpu)) }
            if world.cpus[cpu].idle == .wfi { choices.append(.wake(cpu: cpu)) }
        }
        engine.appendHotplugMoves(in: world, to: &choices)
        for cpu in cpus {
            guard let tracer = engine.topology.tracerOfCPU[cpu] else { continue }
            if world.parts[tracer].claim.isEmpty { choices.append(.extClaim(tracer)) }
            if world.parts[tracer].claim.contains(.external) { choices.append(.extRelease(tracer)) }
        }
        return choices
    }

    /// Picks a possible action from a code (any non-negative number): nil when nothing can move.
    public static func pick(_ code: Int, in simulation: Simulation) -> Action? {
        let choices = all(in: simulation)
        return choices.isEmpty ? nil : choices[code % choices.count]
    }
}
