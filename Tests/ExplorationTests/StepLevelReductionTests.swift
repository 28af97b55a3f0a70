import DriverSimulation
@testable import Exploration
import Scenarios
import Testing

/// The step-level persistent sets (PartialOrder+Steps.swift): a CPU that holds
/// `coresight_mutex` moves alone with the CPU it cross-calls while the writers queued behind
/// the mutex stand still; verdicts and shortest lengths are those of the unreduced search.
@Suite struct StepLevelReductionTests {
    static func ring(_ n: Int) -> Scenario { ScenarioCatalogue.ring(cpus: n) }

    /// Explores with and without reductions and expects one verdict (not cut short), invariant
    /// and shortest length; returns both results.
    @discardableResult
    static func expectReducedAgrees(_ simulation: Simulation) throws -> (reduced: ExplorationResult, full: ExplorationResult) {
        let reduced = try Explorer(simulation: simulation).explore(simulation)
        let full = try Explorer(simulation: simulation, options: ExplorationOptions(reductions: false)).explore(simulation)
        #expect(reduced.verdict == full.verdict)
        #expect(reduced.verdict != .bounded)
        #expect(reduced.invariant == full.invariant)
        #expect(reduced.shortest == full.shortest)
        return (reduced, full)
    }

    /// Plays `actions` on ring-3 and returns the ample set there.
    func ample(after actions: String, variant: Variant = .fixed) throws -> (enabled: [EngineAction], ample: [EngineAction], world: World) {
        var simulation = try ScenarioCatalogue.simulation(of: Self.ring(3), variant: variant)
        for action in try ActionParser.parse(actions) { try simulation.perform(action) }
        let explorer = try Explorer(simulation: simulation)
        let order = PartialOrder(engine: explorer.engine, rules: explorer.rules)
        let budget = explorer.rules.initialBudget
        let enabled = explorer.rules.moves(engine: explorer.engine, world: simulation.world, budget: budget)
        return (enabled, order.ample(enabled, in: simulation.world, budget: budget), simulation.world)
    }

    /// cpu1 took the mutex to enable etm2: cpu0 and cpu2 wait for it. The set is cpu1's step
    /// and what cpu2 (whose tracer cpu1 will cross-call) may do; cpu0 is left still.
    @Test func theMutexHolderMovesWithItsTargetOnly() throws {
        let (enabled, ample, world) = try ample(after: "step cpu1")
        #expect(world.mutexHolder == 1)
        #expect(enabled.contains(.idle(cpu: 0)))
        #expect(ample.contains(.step(cpu: 1)))
        #expect(!ample.contains(.idle(cpu: 0)), "cpu0 waits behind the mutex and touches nothing cpu1 uses: \(ample)")
        #expect(ample.count < enabled.count)
    }

    /// The debugger's claims of a tracer are a process of their own: while cpu1 builds its path
    /// (touching only what the mutex guards), no claim is interleaved, though each is possible.
    @Test func theDebuggerOnATracerIsAProcessOfItsOwn() throws {
        let (enabled, ample, world) = try ample(after: "step cpu1")
        let engine = try ScenarioCatalogue.simulation(of: Self.ring(3), variant: .fixed).engine
        #expect(world.mutexHolder == 1)
        #expect(enabled.contains(.extClaim(try engine.component(named: "etm1"))))
        #expect(ample == [.step(cpu: 1)], "the holder's path step commutes with every claim: \(ample)")
    }

    /// Of the idle path's steps only the save and the restore touch the tracer; going to low
    /// power and turning IRQs back on touch nothing another process reads (they commute with a
    /// cross-call sent to the CPU: `lowPowerAndIRQsOnCommuteWithACrossCall`).
    @Test func onlyTheSaveAndTheRestoreTouchTheTracer() throws {
        var simulation = try ScenarioCatalogue.simulation(of: Self.ring(3), variant: .fixed)
        let explorer = try Explorer(simulation: simulation)
        let order = PartialOrder(engine: explorer.engine, rules: explorer.rules)
        var phases: [(IdlePhase, UInt64)] = []
        for action in try ActionParser.parse("idle cpu2; step cpu2; step cpu2; wake cpu2; step cpu2") {
            try simulation.perform(action)
            phases.append((simulation.world.cpus[2].idle, order.stepFootprint(of: .step(cpu: 2), in: simulation.world)))
        }
        let cpu = order.cpuPart(2)
        let both = cpu | order.tracerPart(2)
        #expect(phases.map(\.0) == [.entering, .pmEntered, .wfi, .waking, .pmExited])
        // entering → save; pmEntered → low power; (wfi: no step); waking → restore; pmExited → IRQs on.
        #expect(phases[0].1 == both)
        #expect(phases[1].1 == 0)
        #expect(phases[3].1 == both)
        #expect(phases[4].1 == 0)
    }

    /// Plays `actions` on ring-3 (fixed), then steps cpu1 (which enables etm2) to its cross-call.
    func cpu1AtItsCrossCall(after actions: String) throws -> Simulation {
        var simulation = try ScenarioCatalogue.simulation(of: Self.ring(3), variant: .fixed)
        for action in try ActionParser.parse(actions) { try simulation.perform(action) }
        while simulation.world.cpus[1].thread?.pc != .sendCall {
            try #require(simulation.world.cpus[1].thread == nil || simulation.world.mutexHolder == 1)
            try simulation.perform(.step(cpu: 1))
        }
        return simulation
    }

    /// Why those two steps touch nothing: cpu2 about to go to low power (or to turn IRQs back
    /// on) and cpu1 about to cross-call it end in the same world in either order. Going to low
    /// power first, the IPI wakes cpu2; the IPI first, cpu2 finds it pending and wakes at once.
    @Test(arguments: ["idle cpu2; step cpu2", "idle cpu2; step cpu2; step cpu2; wake cpu2; step cpu2"])
    func lowPowerAndIRQsOnCommuteWithACrossCall(_ actions: String) throws {
        let start = try cpu1AtItsCrossCall(after: actions)
        #expect([IdlePhase.pmEntered, .pmExited].contains(start.world.cpus[2].idle))
        var idleFirst = start
        try idleFirst.perform(.step(cpu: 2))
        try idleFirst.perform(.step(cpu: 1))
        var callFirst = start
        try callFirst.perform(.step(cpu: 1))
        try callFirst.perform(.step(cpu: 2))
        #expect(idleFirst.world.cpus[2].pendingCalls.count == 1)
        #expect(idleFirst.world == callFirst.world)
        // And so cpu2's step is a persistent set on its own, though cpu1 is about to cross-call it.
        let (enabled, ample) = try ampleOnceCPU2Idled(start)
        #expect(enabled.contains(.step(cpu: 1)))
        #expect(ample == [.step(cpu: 2)])
        // The chains find it without listing the moves.
        #expect(try aloneByItsStep(start) == .step(cpu: 2))
    }

    /// `PartialOrder.aloneByItsStep` where `simulation` is (cpu2's idle entry spent).
    func aloneByItsStep(_ simulation: Simulation) throws -> EngineAction? {
        let explorer = try Explorer(simulation: simulation)
        var budget = explorer.rules.initialBudget
        budget.idleLeft[2] = 0
        return PartialOrder(engine: explorer.engine, rules: explorer.rules).aloneByItsStep(in: simulation.world, budget: budget)
    }

    /// The moves and the persistent set where `simulation` is, cpu2's one idle entry spent.
    func ampleOnceCPU2Idled(_ simulation: Simulation) throws -> (enabled: [EngineAction], ample: [EngineAction]) {
        let explorer = try Explorer(simulation: simulation)
        let order = PartialOrder(engine: explorer.engine, rules: explorer.rules)
        var budget = explorer.rules.initialBudget
        budget.idleLeft[2] = 0
        let enabled = explorer.rules.moves(engine: explorer.engine, world: simulation.world, budget: budget)
        return (enabled, order.ample(enabled, in: simulation.world, budget: budget))
    }

    /// A wake from low power commutes with nothing that reads cpu2's idle phase but a cross-call
    /// to cpu2, which wakes it too: the wake then the call end where the call alone ends. So the
    /// wake alone is explored first, though cpu1 is about to cross-call cpu2; and a wake puts
    /// nothing to sleep (its footprint is empty).
    @Test func wakeIsSubsumedByACrossCall() throws {
        let start = try cpu1AtItsCrossCall(after: "idle cpu2; step cpu2; step cpu2")
        #expect(start.world.cpus[2].idle == .wfi)
        var wakeFirst = start
        try wakeFirst.perform(.wake(cpu: 2))
        try wakeFirst.perform(.step(cpu: 1))
        var callAlone = start
        try callAlone.perform(.step(cpu: 1))
        #expect(callAlone.world.cpus[2].idle == .waking)
        #expect(callAlone.world.cpus[2].pendingCalls.count == 1)
        #expect(wakeFirst.world == callAlone.world)
        let (enabled, ample) = try ampleOnceCPU2Idled(start)
        #expect(enabled.contains(.step(cpu: 1)))
        #expect(ample == [.wake(cpu: 2)])
        #expect(try aloneByItsStep(start) == .wake(cpu: 2))
        let explorer = try Explorer(simulation: start)
        #expect(PartialOrder(engine: explorer.engine, rules: explorer.rules).stepFootprint(of: .wake(cpu: 2), in: start.world) == 0)
    }

    /// The mutex holder's path steps are a set of one move that the chains take without listing
    /// the state's moves, unless something else may touch what the mutex guards: a perf session
    /// on cpu0 (which takes no mutex) builds its path through the same funnels meanwhile.
    @Test(arguments: [false, true])
    func theHolderBuildsItsPathAloneUnlessPerfMayRun(_ perfOnCPU0: Bool) throws {
        var scenario = Self.ring(3)
        if perfOnCPU0 { scenario.threads[0].operations = [.perfStart(sink: nil)] }
        var simulation = try ScenarioCatalogue.simulation(of: scenario, variant: .fixed)
        try simulation.perform(.step(cpu: 1))
        try simulation.perform(.step(cpu: 1))
        #expect(simulation.world.cpus[1].thread?.pc == .enablePath)
        let explorer = try Explorer(simulation: simulation)
        let order = PartialOrder(engine: explorer.engine, rules: explorer.rules)
        let budget = explorer.rules.initialBudget
        let enabled = explorer.rules.moves(engine: explorer.engine, world: simulation.world, budget: budget)
        let ample = order.ample(enabled, in: simulation.world, budget: budget)
        if perfOnCPU0 {
            #expect(order.aloneByItsStep(in: simulation.world, budget: budget) == nil)
            #expect(ample.contains(.step(cpu: 0)) && ample.contains(.step(cpu: 1)), "\(ample)")
        } else {
            #expect(order.aloneByItsStep(in: simulation.world, budget: budget) == .step(cpu: 1))
            #expect(ample == [.step(cpu: 1)])
        }
    }

    /// Whether cpu2's future on ring-3 (fixed), with cpu1 frozen unless `cpu1Moves`, reaches
    /// etm2, after `actions` and with `idleLeft` idle entries left.
    func cpu2ReachesItsTracer(after actions: String = "", idleLeft: UInt8, cpu1Moves: Bool = false) throws -> Bool {
        var simulation = try ScenarioCatalogue.simulation(of: Self.ring(3), variant: .fixed)
        if !actions.isEmpty {
            for action in try ActionParser.parse(actions) { try simulation.perform(action) }
        }
        let explorer = try Explorer(simulation: simulation)
        let order = PartialOrder(engine: explorer.engine, rules: explorer.rules)
        var budget = explorer.rules.initialBudget
        budget.idleLeft[2] = idleLeft
        let future = order.stepFuture(of: 2, frozen: cpu1Moves ? 0 : 1 << 1, in: simulation.world, budget: budget)
        return future & order.tracerPart(2) != 0
    }

    /// A CPU that will not idle again reaches its tracer only through a handler: with its
    /// writer frozen and no idle left, its future leaves the tracer out.
    @Test func aCPUWithNoIdleLeftLeavesItsTracerToHandlers() throws {
        #expect(try cpu2ReachesItsTracer(idleLeft: 1))
        #expect(try !cpu2ReachesItsTracer(idleLeft: 0))
        // cpu1, moving, will cross-call etm2: then the handler touches it.
        #expect(try cpu2ReachesItsTracer(idleLeft: 0, cpu1Moves: true))
    }

    /// Past its restore (pmExited) only turning IRQs back on is left of a CPU's idle cycle:
    /// with no idle left and its writer frozen, its future leaves the tracer out; before the
    /// restore (waking) it does not.
    @Test func aCPUPastItsRestoreLeavesItsTracerToHandlers() throws {
        let waking = "idle cpu2; step cpu2; step cpu2; wake cpu2"
        var simulation = try ScenarioCatalogue.simulation(of: Self.ring(3), variant: .fixed)
        for action in try ActionParser.parse(waking + "; step cpu2") { try simulation.perform(action) }
        #expect(simulation.world.cpus[2].idle == .pmExited)
        #expect(try cpu2ReachesItsTracer(after: waking, idleLeft: 0))
        #expect(try !cpu2ReachesItsTracer(after: waking + "; step cpu2", idleLeft: 0))
        #expect(try cpu2ReachesItsTracer(after: waking + "; step cpu2", idleLeft: 1))
    }

    /// A CPU's queued write waits for the mutex only when it is the CPU's next step: behind an
    /// idle cycle it waits first for the CPU's own moves, so the mutex does not gate the CPU.
    @Test func aWriteBehindAnIdleCycleDoesNotWaitForTheMutexYet() throws {
        var simulation = try ScenarioCatalogue.simulation(of: Self.ring(3), variant: .fixed)
        let explorer = try Explorer(simulation: simulation)
        let order = PartialOrder(engine: explorer.engine, rules: explorer.rules)
        #expect(order.stepGates(of: 0, in: simulation.world) & PartialOrder.mutexBit != 0)
        for action in try ActionParser.parse("idle cpu0; step cpu0") { try simulation.perform(action) }
        #expect(simulation.world.cpus[0].idle == .pmEntered)
        #expect(order.stepGates(of: 0, in: simulation.world) & PartialOrder.mutexBit == 0)
    }

    /// A per-CPU sink's claims (TRBE) are not its CPU's tracer's debugger: they belong to the
    /// link/sink debugger and touch what the mutex guards, as its future says.
    @Test func aPerCPUSinkClaimBelongsToTheLinkAndSinkDebugger() throws {
        let scenario = try ScenarioCatalogue.load("trbe-idle-under-perf")
        // v6.19's pm-code v3 keeps the step-level model (v7.2's core walks the path from idle).
        let simulation = try ScenarioCatalogue.simulation(of: scenario, kernel: try KernelCatalogue.load("v6.19"))
        let explorer = try Explorer(simulation: simulation)
        let order = PartialOrder(engine: explorer.engine, rules: explorer.rules)
        let trbe = try #require(explorer.engine.topology.perCPUSinkOfCPU[1])
        let ete = try #require(explorer.engine.topology.tracerOfCPU[1])
        #expect(order.stepLevel(simulation.world, budget: explorer.rules.initialBudget))
        #expect(order.process(of: .extClaim(trbe), steps: true) == order.cpuCount)
        #expect(order.stepFootprint(of: .extClaim(trbe), in: simulation.world) == PartialOrder.guardedBit)
        #expect(order.process(of: .extClaim(ete), steps: true) == order.debuggerProcess(ofCPU: 1))
        #expect(order.stepFootprint(of: .extClaim(ete), in: simulation.world) == order.tracerPart(1))
        // The debugger may claim both: reduced and unreduced agree.
        var claimed = scenario
        claimed.environment.extClaim = [(component: explorer.engine.topology.components[trbe].name, times: 1), (component: "ete1", times: 1)]
        try Self.expectReducedAgrees(try ScenarioCatalogue.simulation(of: claimed, kernel: try KernelCatalogue.load("v6.19")))
    }

    /// With the mutex free every writer contends for it: no smaller set is safe.
    @Test func aFreeMutexIsARaceBetweenEveryWriter() throws {
        let (enabled, ample, _) = try ample(after: "")
        #expect(ample == enabled)
    }

    /// The whole-CPU model keeps pm-code core (its idle path walks shared links) and hotplug.
    @Test func pmCodeCoreAndHotplugKeepTheWholeCPUModel() throws {
        var simulation = try ScenarioCatalogue.simulation(
            of: Self.ring(3), kernel: try KernelCatalogue.load("v7.2"))
        try simulation.perform(try #require(try ActionParser.parse("step cpu1").first))
        let explorer = try Explorer(simulation: simulation)
        let order = PartialOrder(engine: explorer.engine, rules: explorer.rules)
        #expect(!order.stepLevel(simulation.world, budget: explorer.rules.initialBudget))
        var budget = explorer.rules.initialBudget
        budget.offlinesLeft[2] = 1
        let fixed = try ScenarioCatalogue.simulation(of: Self.ring(3), variant: .fixed)
        #expect(!order.stepLevel(fixed.world, budget: budget))
        #expect(order.stepLevel(fixed.world, budget: explorer.rules.initialBudget))
    }

    /// Reduced and unreduced agree on ring-2 (both variants) and ring-3 legacy, and the reduced
    /// search applies fewer moves where the race leaves room (ring-2 legacy breaks at once).
    @Test(arguments: [(2, Variant.legacy, false), (2, .fixed, true), (3, .legacy, true)])
    func reducedAgreesWithUnreduced(n: Int, variant: Variant, fewer: Bool) throws {
        let (reduced, full) = try Self.expectReducedAgrees(try ScenarioCatalogue.simulation(of: Self.ring(n), variant: variant))
        #expect(fewer ? reduced.transitions < full.transitions : reduced.transitions <= full.transitions)
    }
}
