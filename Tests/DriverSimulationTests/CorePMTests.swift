import DriverSimulation
import Scenarios
import Testing

/// pm-code core: v7.2's CPU PM in the CoreSight core (docs/driver-model.md §4.6), step by step,
/// the path pointer's two placements, and a restore that fails.
@Suite struct CorePMTests {
    static func play(_ actions: String, kernel: String, pmSave: PMSave = .selfHosted) throws -> Simulation {
        var simulation = try ScenarioCatalogue.simulation(
            of: Scenario.bare(board: "juno-r2"), kernel: try KernelCatalogue.load(kernel), pmSave: pmSave)
        for action in try ActionParser.parse(actions) { try simulation.perform(action) }
        return simulation
    }

    static let enabled = "cpu0 enable-sink tmc_etr0; cpu0 enable etm1; run cpu0; run cpu1; run cpu0"

    /// The path goes dark through idle, link by link from the source, and comes back from the
    /// sink side; the ETR (no PM callbacks) stays on; nothing is out of step at any point.
    @Test func anIdleCycleParksAndRestoresTheWholePath() throws {
        var simulation = try Self.play(Self.enabled + "; idle cpu1; run cpu1", kernel: "v7.2")
        #expect(simulation.world.cpus[1].idle == .wfi)
        #expect(simulation.world.cpus[1].pmLinksDown == 5)
        // Every link of etm1's path is off; the sink is still on, with its refcount.
        let path = try #require(simulation.world.tracers[1].sysfsPath)
        for hop in path.hops.dropFirst().dropLast() { #expect(!simulation.world.parts[hop.component].enabled) }
        #expect(simulation.world.parts[path.hops.last!.component].enabled)
        var enabled: [Int] = []
        simulation.world.forEachEnabledPath { _, hops in enabled.append(hops) }
        #expect(enabled == [1])  // the sink only, counted back from it
        #expect(simulation.engine.stateViolations(in: simulation.world).isEmpty)
        try simulation.perform(.wake(cpu: 1))
        try simulation.perform(.run(cpu: 1))
        #expect(simulation.violations.isEmpty)
        #expect(simulation.world.cpus[1].pmLinksDown == 0)
        for hop in path.hops.dropFirst() { #expect(simulation.world.parts[hop.component].enabled) }
        #expect(simulation.world.tracers[1].unit.enabled)
        let enters = trace(simulation).filter { $0.contains(" cpu1 ") }
        #expect(enters.filter { $0.hasSuffix("part-disabled") }.count == 5)
        #expect(enters.filter { $0.hasSuffix("part-enabled") }.count == 5)
        let described = described(simulation)
        #expect(described.contains("cpu1 CPU_PM_ENTER: coresight_cpu_pm_notify() reads etm1 mode SYSFS, path pointer set"))
        // Disabled from the source side, enabled again from the sink side.
        let order = described.filter { $0.hasPrefix("cpu1") && ($0.contains("funnel1 in-port 0") || $0.contains("replicator0 out-port 1")) }
        #expect(order == [
            "cpu1 funnel1 in-port 0 disabled (refcount 0)", "cpu1 replicator0 out-port 1 disabled (refcount 0)",
            "cpu1 replicator0 out-port 1 enabled (refcount 1)", "cpu1 funnel1 in-port 0 enabled (refcount 1)",
        ])
    }

    /// Before b6d54a94dcf4 the writing CPU set the pointer after the IPI returned: cpu1 idling
    /// in between finds SYSFS and no path, saves nothing, and its exit re-enables links that
    /// were never disabled. v7.2 sets it in the handler: no window.
    @Test func thePathPointerWindow() throws {
        let window = "cpu0 enable-sink tmc_etr0; cpu0 enable etm1; " + Array(repeating: "step cpu0", count: 10).joined(separator: "; ")
            + "; step cpu1; step cpu1; idle cpu1; run cpu1; step cpu0; step cpu0; wake cpu1; run cpu1"
        let before = try Self.play(window, kernel: "v7.2-pre-b6d54a94")
        let names = invariantNames(before)
        #expect(names.first == "pm-covers-active-path")
        #expect(names.contains("refcounts-match-paths") && names.contains("restore-on-unowned-tracer"))
        let fixed = try Self.play(window, kernel: "v7.2")
        #expect(fixed.violations.isEmpty)
        #expect(described(fixed).contains("cpu1 etm1 active path pointer set"))  // in the handler
    }

    /// A link the debugger claimed while the CPU slept cannot come back: what this exit
    /// enabled is put back, the CPU is marked for good, and every later idle entry fails.
    @Test func aFailedRestoreMarksTheCPU() throws {
        var simulation = try Self.play(Self.enabled + "; idle cpu1; run cpu1; ext-claim funnel0; wake cpu1; run cpu1", kernel: "v7.2")
        let names = invariantNames(simulation)
        #expect(names.contains("path-whole-after-idle"))
        #expect(simulation.world.cpus[1].pmFailed)
        #expect(described(simulation).contains("cpu1 a link failed to come back: percpu_pm_failed set; every later CPU PM event here fails"))
        try simulation.perform(.idle(cpu: 1))
        try simulation.perform(.run(cpu: 1))
        #expect(described(simulation).contains("cpu1 coresight_cpu_pm_notify(): percpu_pm_failed is set: NOTIFY_BAD (-EIO)"))
        #expect(!trace(simulation).suffix(4).contains { $0.hasSuffix("wfi") })  // it never sleeps again
        #expect(simulation.world.cpus[1].idle == .running)
    }

    /// Without save_state the ETM has no PM callbacks and the ETR none either: nothing to do.
    @Test func withoutCallbacksNothingIsTouched() throws {
        let simulation = try Self.play(Self.enabled + "; idle cpu1; run cpu1; wake cpu1; run cpu1", kernel: "v7.2", pmSave: .never)
        #expect(simulation.violations.isEmpty)
        #expect(!trace(simulation).contains { $0.contains("cpu1 part-disabled") })
        #expect(described(simulation).contains("cpu1 does not save etm1"))
    }

    /// FVP: the ETE traces into its own TRBE; v7.2 saves the TRBE with the ETE and restores it
    /// first; before v7.2 the TRBE loses its registers in WFI and the ETE comes back over it.
    @Test(arguments: [("v7.2", true), ("v6.19", false)])
    func aPerCPUSinkThroughIdle(kernel: String, whole: Bool) throws {
        var simulation = try ScenarioCatalogue.simulation(
            of: Scenario.bare(board: "fvp-base-revc"), kernel: try KernelCatalogue.load(kernel), pmSave: .selfHosted)
        for action in try ActionParser.parse("cpu1 perf-start; run cpu1; idle cpu1; run cpu1") { try simulation.perform(action) }
        let trbe = try #require(simulation.topology.id(named: "trbe1"))
        #expect(!simulation.world.parts[trbe].enabled)  // saved by v7.2, lost before it
        #expect(described(simulation).contains(whole ? "cpu1 trbe1 saved and disabled (pm_save_disable)" : "cpu1 trbe1 loses its registers in low power (not saved): off"))
        for action in try ActionParser.parse("wake cpu1; run cpu1") { try simulation.perform(action) }
        #expect(simulation.world.parts[trbe].enabled == whole)
        #expect(invariantNames(simulation) == (whole ? [] : ["source-into-disabled-sink"]))
    }

    /// Where the source has no PM callbacks (an ETM without save_state) a NULL pointer skips
    /// nothing that would have been done: the window is no violation there.
    @Test func theWindowNeedsPMToSkip() throws {
        let window = "cpu0 enable-sink tmc_etr0; cpu0 enable etm1; " + Array(repeating: "step cpu0", count: 10).joined(separator: "; ")
            + "; step cpu1; step cpu1; idle cpu1; run cpu1"
        let never = try Self.play(window, kernel: "v7.2-pre-b6d54a94", pmSave: .never)
        #expect(never.violations.isEmpty)
        let selfHosted = try Self.play(window, kernel: "v7.2-pre-b6d54a94")
        #expect(invariantNames(selfHosted) == ["pm-covers-active-path"])
    }

    /// The pointer is driver state only pm-code core reads: other codes never set it.
    @Test(arguments: ["v6.18", "v6.19", "v7.1"])
    func olderCodesHaveNoPointer(kernel: String) throws {
        let simulation = try Self.play(Self.enabled, kernel: kernel)
        #expect(!simulation.world.tracers[1].pathPointer)
        #expect(!described(simulation).contains { $0.contains("path pointer") })
    }
}
