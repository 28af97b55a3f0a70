import CoreSightModel
import DriverSimulation
import Scenarios
import Testing

/// The scenario generated for any board: cpu0 enables the first other CPU's tracer into its
/// default sink, and that CPU may idle.
@Suite struct GeneratedScenarioTests {
    @Test func onJunoItIsRaceB() throws {
        let juno = try Board.junoR2.topology()
        let generated = ScenarioCatalogue.generated(for: juno, boardSource: .builtin("juno-r2"))
        let raceB = try ScenarioCatalogue.load("ipi-wakes-idle-cpu")
        #expect(generated.name == ScenarioCatalogue.generatedName)
        #expect(generated.sink == raceB.sink && generated.threads == raceB.threads)
        #expect(generated.environment == raceB.environment && generated.setup == raceB.setup)
        #expect(generated.variant == .legacy)

        let schedule = try ActionParser.parse("idle cpu1; run cpu0; run cpu1; run cpu0")
        for variant in Variant.allCases {
            var simulation = try ScenarioCatalogue.simulation(of: generated, on: juno, variant: variant, pmSave: .selfHosted)
            for action in schedule { try simulation.perform(action) }
            #expect(simulation.violations.isEmpty == (variant == .fixed), "\(variant)")
        }
        // Juno's own pm_save_enable resolves to never: the same stale read decides nothing.
        var stock = try ScenarioCatalogue.simulation(of: generated, on: juno, variant: .legacy)
        for action in schedule { try stock.perform(action) }
        #expect(stock.resolvedPMSave == .never)
        #expect(stock.violations.isEmpty)
        #expect(stock.records.flatMap(\.events).contains { $0.note != nil })
    }

    /// Every built-in board, small and large, gets a scenario that starts: its names resolve.
    @Test(arguments: ["juno-r2", "hikey960", "db410c", "grid-2", "grid-256"])
    func everyBoardGetsAPlayableScenario(board name: String) throws {
        let topology = try #require(Board.named(name)).topology()
        let generated = ScenarioCatalogue.generated(for: topology, boardSource: .builtin(name))
        let tracer = try #require(topology.tracerOfCPU[1])
        #expect(generated.threads == [ThreadScript(cpu: 0, operations: [.enable(topology[tracer].name)])])
        #expect(generated.sink == topology.defaultSink(from: tracer).map { topology[$0].name })
        #expect(generated.environment.idle.map(\.cpu) == [1])
        _ = try ScenarioCatalogue.simulation(of: generated, on: topology)
    }

    /// The FVP's ETEs reach only their per-CPU TRBEs: perf's default sink, which the sysfs flow
    /// the generated scenario drives can never use. So the FVP gets the bare board.
    @Test func onTheFVPSysfsHasNoSinkSoTheBoardIsBare() throws {
        let fvp = try Board.fvpBaseRevC.topology()
        let generated = ScenarioCatalogue.generated(for: fvp, boardSource: .builtin("fvp-base-revc"))
        #expect(fvp.defaultSink(from: try #require(fvp.tracerOfCPU[1])) == fvp.id(named: "trbe1"))
        #expect(generated.threads.isEmpty && generated.sink == nil)
        #expect(generated.about.hasPrefix("the bare board: no CPU's tracer reaches a sink the sysfs flow can use"))
        _ = try ScenarioCatalogue.simulation(of: generated, on: fvp)
    }

    @Test func withOneCPUTheTracerIsCPU0sOwn() throws {
        let topology = try #require(Board.named("grid-1")).topology()
        let generated = ScenarioCatalogue.generated(for: topology, boardSource: .builtin("grid-1"))
        #expect(generated.threads == [ThreadScript(cpu: 0, operations: [.enable("etm0")])])
        #expect(generated.environment.idle.map(\.cpu) == [0])
        _ = try ScenarioCatalogue.simulation(of: generated, on: topology)
    }

    @Test func skipsCPUsWhoseTracerReachesNoSink() throws {
        let components = [
            Component(name: "etm0", subtype: .etm4, cpu: 0), Component(name: "etm1", subtype: .etm4, cpu: 1),
            Component(name: "etm2", subtype: .etm4, cpu: 2), Component(name: "tmc_etr0", subtype: .etr),
        ]
        let topology = try Topology(
            name: "odd", cpuCount: 3, components: components,
            connections: [Connection(from: "etm2", outport: 0, to: "tmc_etr0", inport: 0)])
        let generated = ScenarioCatalogue.generated(for: topology, boardSource: .builtin("odd"))
        #expect(generated.threads == [ThreadScript(cpu: 0, operations: [.enable("etm2")])])
        #expect(generated.sink == "tmc_etr0")
        #expect(generated.environment.idle.map(\.cpu) == [2])
    }

    @Test func aBoardWithNoTraceToASinkGetsTheBareBoard() throws {
        let topology = try Topology(name: "sinkless", cpuCount: 2, components: [Component(name: "etm0", subtype: .etm4, cpu: 0)], connections: [])
        let generated = ScenarioCatalogue.generated(for: topology, boardSource: .builtin("sinkless"))
        #expect(generated.threads.isEmpty && generated.sink == nil && generated.environment.idle.isEmpty)
        _ = try ScenarioCatalogue.simulation(of: generated, on: topology)
    }
}
