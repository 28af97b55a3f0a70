import DriverSimulation
import Testing

/// The races of docs/driver-model.md §7, played by hand.
@Suite struct SeedRaceTests {
    static let raceA = "cpu0 enable-sink tmc_etr0; ext-claim etm1; cpu0 enable etm1; run cpu0; run cpu1; idle cpu1; run cpu1"

    @Test func raceAOnLegacyFlagsTheStaleReadWhereCPU1ReadsTheMode() throws {
        let simulation = try play(Self.raceA, variant: .legacy)
        let violations = simulation.violations
        #expect(violations.map(\.violation.invariant) == [.pmReadsStaleMode])
        let found = try #require(violations.first)
        #expect(found.actor == .cpu(1))
        // The violation is flagged in the very step in which cpu1's CPU PM notifier read SYSFS.
        let sameStep = simulation.records.flatMap(\.events).filter { $0.step == found.step }
        #expect(sameStep.contains { $0.kind == .pmEnterRead(tracer: juno.id(named: "etm1")!, .sysfs) && $0.actor == .cpu(1) })
        let report = RunReport(simulation: simulation)
        #expect(report.exitStatus == 1)
        #expect(report.message(found.violation, actor: found.actor) == "cpu1's CPU PM read SYSFS but etm1 is not enabled by the kernel")
    }

    @Test func raceAOnFixedBreaksNothing() throws {
        let simulation = try play(Self.raceA, variant: .fixed)
        #expect(simulation.violations.isEmpty)
        #expect(RunReport(simulation: simulation).exitStatus == 0)
    }

    @Test func raceAToTheEndAlsoRestoresIntoTheDebuggersUnit() throws {
        let simulation = try play(Self.raceA + "; run cpu0; wake cpu1; run cpu1", variant: .legacy)
        #expect(invariantNames(simulation) == ["pm-reads-stale-mode", "restore-on-unowned-tracer"])
        let world = simulation.world
        // The write returned -EBUSY, the mode was rolled back, the path torn down.
        #expect(world.tracers[1].mode == .disabled)
        #expect(world.parts.allSatisfy { $0.refcount == 0 })
        #expect(world.mutexHolder == nil)
        // The restore rewrote the debugger's claim: bit 0 set, bit 1 clear.
        #expect(world.parts[juno.id(named: "etm1")!].claim == .external)
        let fixed = try play(Self.raceA + "; run cpu0; wake cpu1; run cpu1", variant: .fixed)
        #expect(fixed.violations.isEmpty)
    }

    @Test func raceAIdlingAfterTheRollbackIsHarmlessEvenOnLegacy() throws {
        let simulation = try play(
            "cpu0 enable-sink tmc_etr0; ext-claim etm1; cpu0 enable etm1; run cpu0; run cpu1; run cpu0; idle cpu1; run cpu1",
            variant: .legacy)
        #expect(simulation.violations.isEmpty)
    }

    @Test(arguments: Variant.allCases)
    func raceBTheIPIWakesAnIdleCPU(variant: Variant) throws {
        let simulation = try play("idle cpu1; run cpu0; run cpu1; run cpu0", scenario: "ipi-wakes-idle-cpu", variant: variant)
        // Both variants end consistent: etm1 enabled by sysfs and owned.
        #expect(simulation.world.tracers[1].mode == .sysfs)
        #expect(simulation.world.tracers[1].unit.enabled)
        #expect(simulation.world.cpus.allSatisfy { $0.thread == nil && $0.idle == .running })
        switch variant {
        case .legacy:
            #expect(invariantNames(simulation) == ["pm-reads-stale-mode", "restore-on-unowned-tracer"])
        case .fixed:
            #expect(simulation.violations.isEmpty)
        }
    }

    @Test(arguments: Variant.allCases)
    func raceCTheDisableWindow(variant: Variant) throws {
        let simulation = try play(
            "step cpu0; step cpu0; run cpu1; idle cpu1; run cpu1; ext-claim etm1; run cpu0; wake cpu1; run cpu1",
            scenario: "disable-vs-idle", variant: variant)
        switch variant {
        case .legacy:
            #expect(invariantNames(simulation) == ["pm-reads-stale-mode", "restore-on-unowned-tracer"])
        case .fixed:
            #expect(simulation.violations.isEmpty)
        }
        #expect(simulation.world.tracers[1].mode == .disabled)
        #expect(simulation.world.parts.allSatisfy { $0.refcount == 0 })
    }

    @Test(arguments: Variant.allCases)
    func selfEnableNeverRaces(variant: Variant) throws {
        let simulation = try play("run cpu1; idle cpu1; run cpu1; wake cpu1; run cpu1; run cpu1", scenario: "self-enable", variant: variant)
        #expect(simulation.violations.isEmpty)
        #expect(simulation.world.tracers[1].mode == .disabled)
        #expect(simulation.world.parts.allSatisfy { $0.claim.isEmpty })
    }

    @Test(arguments: Variant.allCases)
    func sysfsAndPerfContendForTheSinkAndTheLoserGetsEBUSY(variant: Variant) throws {
        // cpu0's sysfs flow enables tmc_etr0 first; perf on cpu1 then finds the sink in SYSFS mode.
        let simulation = try play(
            "step cpu0; step cpu0; step cpu0; run cpu1; run cpu0; run cpu1; run cpu0; run cpu1",
            scenario: "sysfs-vs-perf", variant: variant)
        let events = simulation.records.flatMap(\.events).map(\.kind)
        let sink = juno.id(named: "tmc_etr0")!
        #expect(events.contains(.partBusy(sink, mode: .sysfs)))
        #expect(events.contains(.returned(.perfStart(sink: nil), .ebusy)))
        #expect(events.contains(.returned(.enableSource(juno.id(named: "etm1")!), .ok)))
        #expect(simulation.violations.isEmpty)
    }
}
