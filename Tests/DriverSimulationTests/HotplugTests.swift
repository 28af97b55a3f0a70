import DriverSimulation
import Scenarios
import Testing

/// CPU hotplug per kernel release (docs/driver-model.md §4.7): the transitions step by step, the
/// hotplug lock, the windows each release leaves, and what the action language refuses.
@Suite struct HotplugTests {
    /// Plays actions on the bare Juno under a shipped kernel.
    static func play(_ actions: String, kernel: String) throws -> Simulation {
        var simulation = try ScenarioCatalogue.simulation(
            of: Scenario.bare(board: "juno-r2"), kernel: try KernelCatalogue.load(kernel), pmSave: .selfHosted)
        for action in try ActionParser.parse(actions) { try simulation.perform(action) }
        return simulation
    }

    static let enabled = "cpu0 enable-sink tmc_etr0; cpu0 enable etm1; run cpu0; run cpu1; run cpu0"

    /// ≤ v7.1: going down, etm4_dying_cpu() turns the unit off and keeps SYSFS; coming up,
    /// etm4_starting_cpu() turns it back on. The path stays; nothing is out of step.
    @Test(arguments: ["v6.18", "v6.19", "v7.1"])
    func driverCallbacksParkAndRestartAnEnabledTracer(kernel: String) throws {
        let simulation = try Self.play(Self.enabled + "; offline cpu1; run cpu1; online cpu1; run cpu1", kernel: kernel)
        #expect(Array(trace(simulation).suffix(11)) == """
            #15 cpu1 cpu-down
            #16 cpu1 left-online-mask
            #17 cpu1 hotplug-callback
            #17 cpu1 unit-disabled
            #17 cpu1 disclaimed
            #17 cpu1 cpu-dead
            #18 cpu1 cpu-up
            #19 cpu1 hotplug-callback
            #19 cpu1 claimed
            #19 cpu1 unit-enabled
            #20 cpu1 cpu-online
            """.split(separator: "\n").map(String.init))
        #expect(simulation.violations.isEmpty)
        #expect(simulation.world.tracers[1].mode == .sysfs && simulation.world.tracers[1].unit.enabled)
        #expect(simulation.world.tracers[1].sysfsPath != nil && simulation.world.cpus[1].online)
    }

    /// v7.2: coresight_dying_cpu() disables the sysfs path on the dying CPU; nothing comes back.
    @Test func coreCallbackDisablesThePathBeforeTheCPUDies() throws {
        let simulation = try Self.play(Self.enabled + "; offline cpu1; run cpu1; online cpu1; run cpu1", kernel: "v7.2")
        let lines = described(simulation).filter { $0.hasPrefix("cpu1") }
        #expect(lines.contains("cpu1 coresight_dying_cpu() reads etm1 mode SYSFS: disables the active sysfs path"))
        #expect(lines.contains("cpu1 etm1 mode SYSFS -> DISABLED (set)"))
        #expect(lines.contains("cpu1 path of etm1 released"))
        #expect(lines.contains("cpu1 STARTING states: no CoreSight callback (v7.2 moved hotplug to the core)"))
        #expect(!lines.contains { $0.contains("disable etm1 returns") })  // not a user write
        #expect(simulation.violations.isEmpty)
        let world = simulation.world
        #expect(world.tracers[1].mode == .disabled && !world.tracers[1].unit.enabled && world.tracers[1].sysfsPath == nil)
        #expect(world.parts.allSatisfy { $0.refcount == 0 || $0.activated })
        #expect(world.mutexHolder == nil)
    }

    /// The fixed driver's window: a disable that cannot reach offline cpu1 leaves SYSFS with
    /// no path (28eee2158575 resets the mode only in the handler); v6.18 resets it on the
    /// caller; v7.2 never gets there.
    @Test(arguments: [("v6.18", false), ("v6.18.2", true), ("v6.19", true), ("v7.0", true), ("v7.1", true), ("v7.2", false)])
    func disableWhileOffline(kernel: String, breaks: Bool) throws {
        let simulation = try Self.play(
            Self.enabled + "; offline cpu1; run cpu1; cpu0 disable etm1; run cpu0; online cpu1; run cpu1", kernel: kernel)
        if breaks {
            let first = try #require(simulation.violations.first)
            #expect(first.violation.invariant == .tracerMatchesPath)
            #expect(first.violation.detail == .tracerWithoutPath(mode: .sysfs, unitOn: false))
            // And when cpu1 is back, etm4_starting_cpu() turned the unit on with no path.
            #expect(simulation.violations.last?.violation.detail == .tracerWithoutPath(mode: .sysfs, unitOn: true))
            #expect(simulation.world.tracers[1].unit.enabled && simulation.world.tracers[1].sysfsPath == nil)
        } else {
            #expect(simulation.violations.isEmpty, "\(invariantNames(simulation))")
            #expect(simulation.world.tracers[1].mode == .disabled && !simulation.world.tracers[1].unit.enabled)
        }
    }

    /// v7.2's sysfs refuses an offline CPU's tracer: enable -ENODEV, disable returns 0 quietly.
    @Test func coreSysfsRefusesAnOfflineTracer() throws {
        let simulation = try Self.play(
            "cpu0 enable-sink tmc_etr0; run cpu0; offline cpu1; run cpu1; cpu0 enable etm1; run cpu0; cpu0 disable etm1; run cpu0",
            kernel: "v7.2")
        let lines = described(simulation)
        #expect(lines.filter { $0.contains("coresight_validate_source_sysfs(): etm1's cpu1 is offline") }.count == 2)
        #expect(lines.contains("cpu0 enable etm1 returns -ENODEV"))
        #expect(lines.contains("cpu0 disable etm1 returns 0"))
        #expect(simulation.violations.isEmpty)
    }

    /// ≤ v7.1 an enable takes no hotplug lock: with the caller placement, a CPU coming up
    /// while cpu0 holds the intermediate SYSFS enables and claims the unit itself.
    @Test func legacyEnableRacesCPUUp() throws {
        let actions = "cpu0 enable-sink tmc_etr0; run cpu0; offline cpu1; run cpu1; cpu0 enable etm1; "
            + (0..<9).map { _ in "step cpu0" }.joined(separator: "; ")  // up to the take, before the IPI
            + "; online cpu1; run cpu1; run cpu0; run cpu1; run cpu0"
        let legacy = try Self.play(actions, kernel: "v6.18")
        #expect(described(legacy).contains("cpu1 etm4_starting_cpu() reads etm1 mode SYSFS: OS unlock, etm4_enable_hw() (result ignored)"))
        let violation = try #require(legacy.violations.first?.violation)
        #expect(violation.invariant == .quiescentModeMatchesHW)
        #expect(violation.detail == .modeVersusHardware(mode: .disabled, owned: true, selfClaimed: true))
        let fixed = try Self.play(actions, kernel: "v6.19")
        #expect(fixed.violations.isEmpty)
    }

    /// An IPI queued after stop_machine() took the CPU but before `__cpu_disable()` runs in
    /// smpcfd_dying_cpu(), before etm4_dying_cpu().
    @Test func aCallQueuedBeforeTheMaskIsClearedIsFlushedOnTheDyingCPU() throws {
        let simulation = try Self.play(
            "cpu0 enable-sink tmc_etr0; run cpu0; cpu0 enable etm1; offline cpu1; run cpu0; run cpu1; run cpu0", kernel: "v6.19")
        #expect(trace(simulation).filter { $0.contains(" cpu1 ") } == [
            "#2 cpu1 cpu-down", "#12 cpu1 left-online-mask",
            "#13 cpu1 ipi-taken", "#13 cpu1 mode-taken",
            "#14 cpu1 claimed", "#14 cpu1 unit-enabled", "#14 cpu1 call-completed",
            "#15 cpu1 hotplug-callback", "#15 cpu1 unit-disabled", "#15 cpu1 disclaimed", "#15 cpu1 cpu-dead",
        ])
        #expect(simulation.violations.isEmpty)
        #expect(simulation.world.tracers[1].mode == .sysfs && simulation.world.tracers[1].sysfsPath != nil)
    }

    /// The hotplug lock: ≤ v7.1 a disable holds it around its IPI; v7.2 a whole source write.
    @Test func theHotplugLockOrdersWritesAndTransitions() throws {
        // v6.19: cpu0's disable has sent its IPI (holds cpus_read_lock): cpu1 cannot go down.
        var simulation = try Self.play(Self.enabled + "; cpu0 disable etm1; step cpu0; step cpu0", kernel: "v6.19")
        #expect(throws: ActionError.self) { try simulation.perform(.offline(cpu: 2)) }
        do { try simulation.perform(.offline(cpu: 2)) } catch {
            #expect(error.message == "cpu2 cannot go offline: cpu0's sysfs write holds the CPU hotplug lock (cpus_read_lock() in etm4_disable_sysfs()); step it past that first")
        }
        // A transition in progress: the disable waits before its IPI.
        simulation = try Self.play(Self.enabled + "; cpu0 disable etm1; step cpu0; offline cpu2", kernel: "v6.19")
        #expect(simulation.engine.stepability(of: 0, in: simulation.world) == .waitingForHotplug(cpu: 2))
        // v7.2: an enable waits for the transition before it starts, and a transition waits for it.
        simulation = try Self.play("cpu0 enable-sink tmc_etr0; run cpu0; offline cpu2; cpu0 enable etm1", kernel: "v7.2")
        #expect(simulation.engine.stepability(of: 0, in: simulation.world) == .waitingForHotplug(cpu: 2))
        simulation = try Self.play("cpu0 enable-sink tmc_etr0; run cpu0; cpu0 enable etm1; step cpu0", kernel: "v7.2")
        #expect(throws: ActionError.self) { try simulation.perform(.offline(cpu: 2)) }
    }

    @Test(arguments: [
        ("cpu0 enable etm1; step cpu0; offline cpu0", "cpu0 cannot go offline: it is mid-flow (a sysfs write); csx takes a CPU down only between its operations"),
        ("online cpu1", "cpu1 cannot come online: it is already online"),
        ("offline cpu1; run cpu1; offline cpu1", "cpu1 cannot go offline: it is already offline"),
        ("offline cpu1; online cpu1", "cpu1 cannot come online: it is already going offline"),
        ("offline cpu1; offline cpu2", "cpu2 cannot go offline: cpu1 is going offline (one hotplug transition at a time: it holds the CPU hotplug lock)"),
        ("idle cpu1; offline cpu1", "cpu1 cannot go offline: it is entering idle (wake it and let it leave idle first)"),
        ("offline cpu1; run cpu1; idle cpu1", "cpu1 cannot begin idle: it is offline"),
        ("offline cpu1; run cpu1; step cpu1", "cpu1 is offline (online cpu1 brings it back)"),
        ("offline cpu1; idle cpu1", "cpu1 cannot begin idle: it is going offline"),
        ("offline cpu9", "no cpu9: juno-r2 has cpu0..cpu5"),
        ("cpu1 perf-start tmc_etr0; run cpu1; offline cpu1", "cpu1 cannot go offline: a perf event traces on it (perf-stop first; csx does not model perf's own hotplug teardown)"),
    ])
    func impossibleTransitionsSayWhy(actions: String, message: String) throws {
        var simulation = try ScenarioCatalogue.simulation(of: Scenario.bare(board: "juno-r2"), kernel: try KernelCatalogue.load("v6.19"))
        let parsed = try ActionParser.parse(actions)
        for action in parsed.dropLast() { try simulation.perform(action) }
        let before = simulation.world
        do {
            try simulation.perform(parsed.last!)
            Issue.record("\(actions) was accepted")
        } catch {
            #expect(error.message == message)
        }
        #expect(simulation.world == before)
    }

    @Test func theLastOnlineCPUStaysUp() throws {
        let down = (0..<5).map { "offline cpu\($0); run cpu\($0)" }.joined(separator: "; ")
        var simulation = try Self.play(down, kernel: "v6.19")
        #expect(throws: ActionError.self) { try simulation.perform(.offline(cpu: 5)) }
        #expect(!LegalMoves.all(in: simulation).contains(.offline(cpu: 5)))
        #expect(LegalMoves.all(in: simulation).contains(.online(cpu: 0)))
    }

    /// The legal-move list offers a transition exactly when the action would be accepted.
    @Test(arguments: ["v6.18", "v6.19", "v7.2"])
    func legalMovesAgreeWithTheRefusals(kernel: String) throws {
        var simulation = try Self.play(Self.enabled + "; cpu0 disable etm1", kernel: kernel)
        for _ in 0..<40 {
            let moves = LegalMoves.all(in: simulation)
            for cpu in 0..<simulation.world.cpus.count {
                let world = simulation.world
                let offered = moves.contains(.offline(cpu: cpu)) || moves.contains(.online(cpu: cpu))
                let refusal = world.cpus[cpu].online
                    ? simulation.engine.offlineRefusal(cpu, in: world) : simulation.engine.onlineRefusal(cpu, in: world)
                #expect(offered == (refusal == nil), "cpu\(cpu): \(refusal ?? "accepted")")
            }
            // Walk on deterministically, preferring hotplug moves.
            guard let next = moves.first(where: { if case .step = $0 { false } else { true } }) ?? moves.first else { break }
            try simulation.perform(next)
        }
    }
}
