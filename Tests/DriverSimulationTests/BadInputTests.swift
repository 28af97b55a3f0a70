import DriverSimulation
import Scenarios
import Testing

/// Impossible or unknown actions are refused with one clear message, and change nothing.
@Suite struct BadInputTests {
    @Test(arguments: [
        ("cpu0 enable etm9", "unknown tracer etm9 on juno-r2 (tracers: etm0, etm1, etm2, etm3, etm4, etm5)"),
        ("cpu9 enable etm1", "no cpu9: juno-r2 has cpu0..cpu5"),
        ("step cpu6", "no cpu6: juno-r2 has cpu0..cpu5"),
        ("cpu0 enable funnel0", "funnel0 is a link (funnel), not a tracer"),
        ("cpu0 enable stm0", "stm0 is an STM (software source); csx simulates the ETM driver's flows only"),
        ("cpu0 enable-sink etm1", "etm1 is a source, not a sink"),
        ("ext-claim nothing", "unknown component nothing on juno-r2 (it has etm0, etm1, etm2, etm3, etm4, etm5, stm0, funnel0, funnel1, funnel2, funnel3, funnel4, replicator0, tmc_etf0, tmc_etf1, tmc_etr0, tpiu0)"),
        ("ext-program tmc_etr0", "tmc_etr0 is a sink (etr), not a tracer"),
        ("step cpu0", "cpu0 has nothing to do"),
        ("wake cpu1", "cpu1 is not in WFI (running)"),
        ("ext-release etm1", "the external debugger does not hold etm1"),
    ])
    func refusesOnBareJuno(action: String, message: String) throws {
        var simulation = try ScenarioCatalogue.simulation(of: .bare(board: "juno-r2"))
        let before = simulation.world
        let parsed = try ActionParser.parseOne(action)
        #expect(throws: ActionError(message)) { try simulation.perform(parsed) }
        #expect(simulation.world == before)
    }

    @Test func idleIsRefusedMidFlow() throws {
        var simulation = try play("cpu0 enable-sink tmc_etr0; cpu0 enable etm1; step cpu0; step cpu0")
        #expect(throws: ActionError("cpu0 cannot begin idle: it is busy with a sysfs write")) {
            try simulation.perform(.idle(cpu: 0))
        }
        try simulation.perform(.run(cpu: 0))
        #expect(throws: ActionError("cpu1 cannot begin idle: an IPI is pending (it takes the IPI first)")) {
            try simulation.perform(.idle(cpu: 1))
        }
        #expect(throws: ActionError("cpu0 waits for cpu1 to complete its cross-call (step or run cpu1)")) {
            try simulation.perform(.step(cpu: 0))
        }
    }

    @Test func aSecondWriterWaitsForTheMutex() throws {
        var simulation = try play("cpu0 enable-sink tmc_etr0; cpu0 enable etm1; run cpu0; cpu2 enable etm3")
        #expect(throws: ActionError("cpu2 waits for coresight_mutex, held by cpu0")) {
            try simulation.perform(.step(cpu: 2))
        }
        try simulation.perform(.run(cpu: 1))
        try simulation.perform(.run(cpu: 0))
        try simulation.perform(.run(cpu: 2))
        #expect(simulation.world.mutexHolder == 2)
    }

    @Test func theDebuggerOnlyClaimsAFreeUnit() throws {
        var simulation = try play("cpu0 enable-sink tmc_etr0; run cpu0; cpu1 enable etm1; run cpu1")
        #expect(throws: ActionError("the external debugger cannot claim etm1: its claim tags are self (it claims only a free unit)")) {
            try simulation.perform(.extClaim("etm1"))
        }
    }

    @Test func failedWritesReturnTheKernelsErrors() throws {
        let simulation = try play(
            "cpu0 enable etm1; run cpu0; cpu0 disable etm2; run cpu0; cpu0 enable-sink tmc_etr0; ext-claim etm1; cpu0 enable etm1; run cpu0; run cpu1; run cpu0")
        let returns = simulation.records.flatMap(\.events).compactMap { event -> Errno? in
            if case .returned(_, let rc) = event.kind { return rc }
            return nil
        }
        #expect(returns == [.einval, .ok, .ok, .ebusy])
    }
}
