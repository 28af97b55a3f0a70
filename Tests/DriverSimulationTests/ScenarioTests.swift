import CoreSightModel
import DriverSimulation
import Scenarios
import Testing

@Suite struct ScenarioTests {
    @Test func everyBuiltinScenarioLoadsAndStartsUnderBothVariants() throws {
        let all = try ScenarioCatalogue.builtins()
        #expect(all.count >= 5)
        #expect(all.contains { $0.name == ScenarioCatalogue.defaultName })
        for scenario in all {
            #expect(!scenario.about.isEmpty, "\(scenario.name) has no description")
            for variant in Variant.allCases {
                let simulation = try ScenarioCatalogue.simulation(of: scenario, variant: variant)
                #expect(simulation.violations.isEmpty, "\(scenario.name) breaks an invariant in its setup")
            }
        }
    }

    @Test func everyBoardLoads() throws {
        for entry in Board.fixed + [Board.grid(cpus: 1), Board.grid(cpus: 64), Board.grid(cpus: 256)] {
            let topology = try entry.topology()
            var simulation = try Simulation(engine: Engine(topology: topology), scenario: .bare(board: entry.name))
            try simulation.perform(.idle(cpu: topology.cpuCount - 1))
            #expect(simulation.violations.isEmpty)
        }
    }

    @Test func theSeedScenarioReadsAsWritten() throws {
        let scenario = try ScenarioCatalogue.load("claim-failure-vs-idle")
        #expect(scenario.board == .builtin("juno-r2"))
        #expect(scenario.variant == .legacy)
        #expect(scenario.sink == "tmc_etr0")
        #expect(scenario.setup == [.extClaim("etm1")])
        #expect(scenario.threads == [ThreadScript(cpu: 0, operations: [.enable("etm1")])])
        #expect(scenario.environment.idle.map(\.cpu) == [1])
        #expect(scenario.startActions.map(\.description) == [
            "cpu0 enable-sink tmc_etr0", "step cpu0", "ext-claim etm1", "cpu0 enable etm1",
        ])
    }

    @Test func designSection5ExampleParses() throws {
        let yaml = """
            name: claim-failure-vs-idle
            about: CPU0 enables CPU1's ETM through sysfs while CPU1 may idle; the claim can fail.
            board: juno-r2              # a built-in board
            variant: legacy             # legacy | fixed (the CLI's --variant overrides)
            sink: tmc_etr0              # activated with enable_sink before anything else
            setup: [ext-claim etm1]     # actions applied first, in the action language
            threads:                    # what each CPU's user space does, in order
              cpu0: [enable etm1, disable etm1]
            environment:                # what may happen at any point, bounded
              idle: {cpu1: 2}           # cpu1 may enter idle up to twice
              ext-claim: {etm1: 1}      # the external debugger may claim (and later release) etm1 once
            """
        let scenario = try ScenarioFile.parse(yaml, file: "example.yaml")
        #expect(scenario.threads[0].operations == [.enable("etm1"), .disable("etm1")])
        #expect(scenario.environment.extClaim.map(\.component) == ["etm1"])
        #expect(scenario.environment.extClaim.map(\.times) == [1])
        #expect(try ScenarioFile.parse("board: {dts: boards/my.dts}\n", file: "x.yaml").board == .dts("boards/my.dts"))
    }

    @Test(arguments: [
        ("board: juno-r2\nthreads: [", "bad.yaml:3:1: malformed YAML: did not find expected node content"),
        ("", "bad.yaml: empty file: a scenario needs at least `board:`"),
        ("name: x\n", "bad.yaml:1:1: missing key \"board\""),
        ("board: juno-r2\nthread:\n  cpu0: [enable etm1]\n", "bad.yaml:2:1: unknown key \"thread\" (expected one of: name, about, board, kernel, variant, pm-save, sink, setup, threads, environment)"),
        ("board: juno-r2\nvariant: newest\n", "bad.yaml:2:10: expected legacy or fixed, found \"newest\""),
        ("board: juno-r2\nsetup: [ext-claim]\n", "bad.yaml:2:18: expected a component (e.g. etm1) after \"ext-claim\""),
        ("board: juno-r2\nthreads:\n  cpu0: [enable etm1, jump etm2]\n", "bad.yaml:3:23: expected an operation (enable, disable, perf-start, perf-stop, enable-sink, disable-sink), found \"jump\""),
        ("board: juno-r2\nthreads:\n  core0: [enable etm1]\n", "bad.yaml:3:3: expected a CPU like cpu1, found \"core0\""),
        ("board: juno-r2\nenvironment:\n  idle: {cpu1: many}\n", "bad.yaml:3:16: expected a count from 0 to 64"),
        ("board: juno-r2\nenvironment:\n  sleep: {cpu1: 1}\n", "bad.yaml:3:3: unknown environment key \"sleep\" (expected idle, ext-claim, hotplug)"),
    ])
    func malformedFilesSayWhereAndWhat(yaml: String, message: String) {
        do {
            _ = try ScenarioFile.parse(yaml, file: "bad.yaml")
            Issue.record("parsed: \(yaml)")
        } catch {
            #expect(error.description.hasPrefix(message), "\(error.description)")
        }
    }

    @Test func namesAreCheckedAgainstTheBoardWhenTheScenarioStarts() throws {
        let scenario = try ScenarioFile.parse("name: typo\nboard: juno-r2\nthreads:\n  cpu0: [enable etm7]\n", file: "typo.yaml")
        #expect(throws: ScenarioError(file: "typo", message: "scenario typo: cpu0 enable etm7: unknown tracer etm7 on juno-r2 (tracers: etm0, etm1, etm2, etm3, etm4, etm5)")) {
            try ScenarioCatalogue.simulation(of: scenario)
        }
        let unknownBoard = try ScenarioFile.parse("board: juno-r9\n", file: "b.yaml")
        #expect(throws: ScenarioError.self) { try ScenarioCatalogue.simulation(of: unknownBoard) }
        #expect(throws: ScenarioError.self) { try ScenarioCatalogue.load("no-such-scenario") }
        #expect(throws: ScenarioError.self) { try ScenarioCatalogue.load("/nonexistent/file.yaml") }
    }
}
