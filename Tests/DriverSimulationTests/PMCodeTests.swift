import CoreSightModel
import DriverSimulation
import Scenarios
import Testing

/// The CPU PM notifier per `pm-code` and `pm_save_enable`, and invariants that judge a stale
/// read by what it decides (docs/driver-model.md §4.6).
@Suite struct PMCodeTests {
    static let raceA = "cpu0 enable-sink tmc_etr0; ext-claim etm1; cpu0 enable etm1; run cpu0; run cpu1; idle cpu1; run cpu1"
    static let enabled = "cpu0 enable-sink tmc_etr0; cpu0 enable etm1; run cpu0; run cpu1; run cpu0"
    /// Leo Yan's second scenario: cpu1 sleeps before cpu0 takes SYSFS; the IPI wakes it.
    static let idleFirst = "cpu0 enable-sink tmc_etr0; idle cpu1; run cpu1; cpu0 enable etm1; run cpu0; run cpu1"

    func driver(_ placement: ModePlacement, _ pm: PMCode, saves: Bool = true) -> Driver {
        Driver(knobs: DriverKnobs(modePlacement: placement, pmCode: pm), savesSelfHosted: saves)
    }

    func play(_ actions: String, _ driver: Driver) throws -> Simulation {
        let engine = Engine(topology: juno)
        var simulation = try Simulation(engine: engine, scenario: Scenario.bare(board: "juno-r2"), driver: driver)
        for action in try ActionParser.parse(actions) { try simulation.perform(action) }
        return simulation
    }

    func notes(_ simulation: Simulation) -> [String] {
        simulation.records.flatMap(\.events).compactMap(\.note).map(\.name)
    }

    @Test(arguments: [PMCode.v1, .v2, .v3])
    func raceAWithSelfHostedSaveBreaksOnlyTheCallerPlacement(pm: PMCode) throws {
        let caller = try play(Self.raceA, driver(.caller, pm))
        #expect(invariantNames(caller) == ["pm-reads-stale-mode"])
        #expect(RunReport(simulation: caller).exitStatus == 1)
        let target = try play(Self.raceA, driver(.target, pm))
        #expect(target.violations.isEmpty)
    }

    @Test(arguments: [PMCode.v1, .v2])
    func aStaleReadWithoutSaveStateIsANoteNotAViolation(pm: PMCode) throws {
        let simulation = try play(Self.raceA + "; run cpu0; wake cpu1; run cpu1", driver(.caller, pm, saves: false))
        #expect(simulation.violations.isEmpty)
        #expect(notes(simulation) == ["stale-read-decides-nothing"])
        #expect(RunReport(simulation: simulation).exitStatus == 0)
        // Nothing saved, nothing restored: the debugger's unit is left alone.
        let events = simulation.records.flatMap(\.events).map(\.kind)
        #expect(!events.contains { if case .contextSaved = $0 { true } else { false } })
        #expect(!events.contains { if case .contextRestored = $0 { true } else { false } })
        let note = try #require(simulation.records.flatMap(\.events).first { $0.note != nil })
        #expect(EventDescriber(topology: juno).describe(note.kind)
            == "note: cpu1's CPU PM read SYSFS while etm1 is not enabled by the kernel, but pm_save_enable is never here (no save_state): the read decides nothing")
    }

    @Test func v3WithoutSelfHostedSaveNeverReadsTheMode() throws {
        let simulation = try play(Self.raceA + "; run cpu0; wake cpu1; run cpu1", driver(.caller, .v3, saves: false))
        #expect(simulation.violations.isEmpty)
        #expect(notes(simulation).isEmpty)
        let kinds = simulation.records.flatMap(\.events).map { EventDescriber.kindName($0.kind) }
        #expect(kinds.filter { $0 == "pm-not-self-hosted" }.count == 2)
        #expect(!kinds.contains("pm-enter-read"))
    }

    @Test func leoYansSecondScenarioNeedsCallerPlacementAndV3() throws {
        let broken = try play(Self.idleFirst, driver(.caller, .v3))
        #expect(invariantNames(broken) == ["pm-reads-stale-mode", "restore-on-unowned-tracer"])
        let stale = try #require(broken.violations.first)
        #expect(RunReport(simulation: broken).message(stale.violation, actor: stale.actor)
            == "cpu1's CPU_PM_EXIT read SYSFS although this idle entry saved no enabled etm1: it restores and enables a unit the kernel has not claimed")
        // The handler runs after idle exit and claims the unit: the end state is consistent.
        #expect(broken.world.tracers[1].mode == .sysfs)
        #expect(broken.world.tracers[1].unit.enabled)
        for (placement, pm) in [(ModePlacement.caller, PMCode.v1), (.caller, .v2), (.target, .v1), (.target, .v2), (.target, .v3)] {
            let simulation = try play(Self.idleFirst, driver(placement, pm))
            #expect(simulation.violations.isEmpty, "\(placement) \(pm)")
        }
    }

    @Test(arguments: [PMCode.v1, .v2, .v3])
    func anOwnedTracerSurvivesAnIdleCycle(pm: PMCode) throws {
        let simulation = try play(Self.enabled + "; idle cpu1; run cpu1; wake cpu1; run cpu1", driver(.target, pm))
        #expect(simulation.violations.isEmpty)
        let tracer = simulation.world.tracers[1]
        #expect(tracer.mode == .sysfs && tracer.unit.enabled && !tracer.unit.osLocked)
        #expect(simulation.world.parts[juno.id(named: "etm1")!].claim == .selfHosted)
        #expect(!tracer.needsRestore)
    }

    @Test func v1StoresTheEnableBitWhileV2AndV3SwitchTheUnitOffAtSave() throws {
        let asleep = Self.enabled + "; idle cpu1; run cpu1"
        let v1 = try play(asleep, driver(.target, .v1))
        #expect(v1.world.tracers[1].unit.enabled)
        #expect(v1.world.tracers[1].saved?.unit.enabled == true)
        #expect(v1.world.tracers[1].needsRestore)
        for pm in [PMCode.v2, .v3] {
            let simulation = try play(asleep, driver(.target, pm))
            #expect(!simulation.world.tracers[1].unit.enabled)
            #expect(simulation.world.tracers[1].unit.osLocked)
            // v3 keeps no flag: the restore is decided by the mode read at exit.
            #expect(simulation.world.tracers[1].needsRestore == (pm == .v2))
        }
    }

    @Test func v2RestoreTurnsOnAUnitTheDebuggerSwitchedOffWhileV1BringsBackWhatItSaved() throws {
        // Race C on the caller placement: cpu1 saves a unit its handler already disabled.
        let raceC = Self.enabled + "; cpu0 disable etm1; step cpu0; step cpu0; run cpu1; idle cpu1; run cpu1; run cpu0; wake cpu1; run cpu1"
        let v1 = try play(raceC, driver(.caller, .v1))
        #expect(invariantNames(v1) == ["pm-reads-stale-mode", "restore-on-unowned-tracer"])
        #expect(!v1.world.tracers[1].unit.enabled)
        let v2 = try play(raceC, driver(.caller, .v2))
        #expect(invariantNames(v2) == ["pm-reads-stale-mode", "restore-on-unowned-tracer"])
        // v2's restore ends with etm4_enable_trace_unit(): trace runs with no mode and no claim.
        #expect(v2.world.tracers[1].mode == .disabled)
        #expect(v2.world.tracers[1].unit.enabled)
    }
}
