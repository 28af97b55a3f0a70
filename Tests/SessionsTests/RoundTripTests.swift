import DriverSimulation
import OrderedJSON
import PropertyBased
import Scenarios
import Sessions
import Testing

/// Record → load → replay gives what the original run printed, and --verify matches.
@Suite struct RoundTripTests {
    @Test(arguments: builtinScenarios.map(\.name), Variant.allCases)
    func everyBuiltinScenarioRoundTrips(scenario name: String, variant: Variant) throws {
        let scenario = try #require(builtinScenarios.first { $0.name == name })
        let (actions, original) = try schedule(scenario, variant: variant, codes: fixedCodes(count: 40, seed: name.count))
        let directory = try TemporaryDirectory()
        let path = try record(scenario, variant: variant, actions: actions, in: directory)
        try expectRoundTrip(path: path, original: original, actions: actions)
    }

    @Test func randomSchedulesRoundTrip() async throws {
        let scenarios = try ScenarioCatalogue.builtins()
        let directory = try TemporaryDirectory()
        await propertyCheck(
            count: 60, input: Gen.int(in: 0..<scenarios.count), Gen.bool, Gen.int(in: 0...1_000_000).array(of: 0...80)
        ) { which, fixed, codes in
            do {
                let scenario = scenarios[which]
                let variant: Variant = fixed ? .fixed : .legacy
                let (actions, original) = try schedule(scenario, variant: variant, codes: codes)
                let path = try record(scenario, variant: variant, actions: actions, in: directory)
                try expectRoundTrip(path: path, original: original, actions: actions)
            } catch {
                Issue.record(error, "scenario \(scenarios[which].name), codes \(codes)")
            }
        }
    }

    func expectRoundTrip(path: String, original: Simulation, actions: [Action]) throws {
        let loaded = try SessionLoader.load(path: path)
        #expect(loaded.warnings.isEmpty)
        #expect(loaded.actions == actions)
        #expect(loaded.steps.count == original.records.count)
        #expect(try SessionVerifier.verify(loaded) == .matches(lines: original.records.count))
        let replayed = try SessionReplay.simulation(of: loaded)
        #expect(replayed.records == original.records)
        let before = RunReport(simulation: original)
        let after = RunReport(simulation: replayed)
        #expect(after.text() == before.text())
        #expect(after.json().rendered() == before.json().rendered())
    }

    /// The one place sessions spell events must agree with `csx run --json`.
    @Test(arguments: builtinScenarios.map(\.name))
    func sessionEventsAreRunJSONEvents(scenario name: String) throws {
        let scenario = try #require(builtinScenarios.first { $0.name == name })
        let (actions, original) = try schedule(scenario, variant: .legacy, codes: fixedCodes(count: 60, seed: 7))
        let directory = try TemporaryDirectory()
        let path = try record(scenario, variant: .legacy, actions: actions, in: directory)
        let lines = String(decoding: try bytes(of: path), as: UTF8.self).split(separator: "\n").dropFirst()
        let report = RunReport(simulation: original)
        for (line, record) in zip(lines, original.records) {
            let events = record.events.map { report.eventJSON($0).rendered(indent: nil) }.joined(separator: ",")
            #expect(line.contains("\"events\":[\(events)]"), "\(line)")
        }
    }

    @Test func theHeaderKeepsTheScenarioWhole() throws {
        let scenario = try ScenarioCatalogue.load("sysfs-vs-perf")
        let directory = try TemporaryDirectory()
        let path = try record(scenario, variant: .fixed, actions: [.run(cpu: 0)], in: directory)
        let loaded = try SessionLoader.load(path: path)
        #expect(loaded.header.scenario == scenario)
        #expect(loaded.header.variant == .fixed)
        #expect(loaded.header.source == .simulation)
        #expect(loaded.header.csxVersion == "test")
        #expect(loaded.header.boardIsBuiltin)
        let input = try #require(loaded.replayInput)
        #expect(input.scenario == scenario && input.actions == [.run(cpu: 0)])
        // The whole profile and pm_save_enable as set are recorded, not just a variant's name.
        #expect(input.profile.name == "v6.19" && input.profile.knobs == DriverKnobs(modePlacement: .target, pmCode: .v3))
        #expect(input.profile.commits.contains { $0.id == "9e9182cab5eb" })
        #expect(input.pmSave == .selfHosted)
    }

    /// A hotplug environment and a v7.2 profile (hotplug: core) survive the header.
    @Test func theHeaderKeepsAHotplugScenarioAndTheCoreHotplugKnob() throws {
        let scenario = try ScenarioCatalogue.load("disable-while-offline")
        #expect(scenario.environment.hotplug.map(\.cpu) == [1])
        var simulation = try ScenarioCatalogue.simulation(of: scenario, kernel: try KernelCatalogue.load("v7.2"))
        let directory = try TemporaryDirectory()
        let path = directory.path("hotplug.csxs")
        let recorder = try SessionRecorder.start(path, simulation: simulation, csxVersion: "test")
        for action in [Action.offline(cpu: 1), .run(cpu: 1), .run(cpu: 0), .online(cpu: 1), .run(cpu: 1)] {
            try recorder.append(try simulation.perform(action))
        }
        try recorder.close()
        let loaded = try SessionLoader.load(path: path)
        #expect(loaded.header.scenario == scenario)
        let input = try #require(loaded.replayInput)
        #expect(input.profile.name == "v7.2" && input.profile.knobs.hotplug == .core)
        #expect(input.actions.first == .offline(cpu: 1))
        #expect(try SessionVerifier.verify(loaded) == .matches(lines: simulation.records.count))
    }

    /// pm-code core with the pointer on the caller (the what-if profile) survives the header,
    /// and the recorded window verifies.
    @Test func theHeaderKeepsThePathPointerKnob() throws {
        let scenario = try ScenarioCatalogue.load("path-pointer-window")
        var simulation = try ScenarioCatalogue.simulation(of: scenario, kernel: try KernelCatalogue.load("v7.2-pre-b6d54a94"))
        let directory = try TemporaryDirectory()
        let path = directory.path("pointer.csxs")
        let recorder = try SessionRecorder.start(path, simulation: simulation, csxVersion: "test")
        for action in try ActionParser.parse(Array(repeating: "step cpu0", count: 9).joined(separator: "; ") + "; step cpu1; step cpu1; idle cpu1; step cpu1") {
            try recorder.append(try simulation.perform(action))
        }
        try recorder.close()
        #expect(simulation.violations.first?.violation.invariant == .pmCoversActivePath)
        let loaded = try SessionLoader.load(path: path)
        let input = try #require(loaded.replayInput)
        #expect(input.profile.knobs == DriverKnobs(modePlacement: .target, pmCode: .core, hotplug: .core, pathPointer: .caller))
        #expect(try SessionVerifier.verify(loaded) == .matches(lines: simulation.records.count))
    }

    @Test func recordingStartedAfterAVariantSwitchStartsFromTheFirstVariant() throws {
        var simulation = try ScenarioCatalogue.simulation(of: try ScenarioCatalogue.load("claim-failure-vs-idle"), variant: .legacy)
        try simulation.perform(.run(cpu: 0))
        try simulation.perform(.variant(.fixed))
        try simulation.perform(.run(cpu: 0))
        let directory = try TemporaryDirectory()
        let path = directory.path("late.csxs")
        let recorder = try SessionRecorder.start(path, simulation: simulation, csxVersion: "test")
        try recorder.append(try simulation.perform(.run(cpu: 1)))
        try recorder.close()
        let loaded = try SessionLoader.load(path: path)
        #expect(loaded.header.variant == .legacy)
        #expect(try SessionVerifier.verify(loaded) == .matches(lines: simulation.records.count))
    }

    /// The fast path reads canonical action text; anything else goes to ActionParser.
    @Test func nonCanonicalActionTextStillLoads() throws {
        let directory = try TemporaryDirectory()
        let scenario = try ScenarioCatalogue.load("claim-failure-vs-idle")
        let path = try record(scenario, variant: .legacy, actions: [.run(cpu: 0), .run(cpu: 1)], in: directory)
        var text = String(decoding: try bytes(of: path), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"action\":\"run cpu1\"", with: "\"action\":\"run\\tcpu1  # spaced\"")
        let loaded = try SessionLoader.load(bytes: Array(text.utf8), name: "spaced")
        #expect(loaded.actions == [.run(cpu: 0), .run(cpu: 1)])
    }

    @Test func fastAndSlowActionParsersAgree() throws {
        let texts = [
            "cpu0 enable etm1", "cpu12 disable etm_3", "cpu1 perf-start", "cpu1 perf-start tmc_etr0", "cpu1 perf-stop",
            "cpu0 enable-sink tmc_etr0", "cpu0 disable-sink tmc_etf0", "step cpu0", "run cpu99999", "idle cpu3",
            "wake cpu1", "offline cpu2", "online cpu3", "offline", "online cpu", "ext-claim etm1", "ext-release etm1", "ext-program etm1", "variant fixed", "variant legacy",
            "cpu01 enable etm1", "cpu0 enable -x", "cpu0 enable", "run", "step cpu", "variant other", "cpu0 enable etm1 x",
            "run cpu1 ", " run cpu1", "ext-claim a:b.c-d_e",
        ]
        for text in texts {
            let line = #"{"type":"action","action":"\#(text)","events":[]}"#
            let file = header + "\n" + line + "\n"
            let parsed = try? ActionParser.parseOne(text)
            let loaded = try? SessionLoader.load(bytes: Array(file.utf8), name: "t")
            #expect(loaded?.actions.first == parsed, "\(text)")
            #expect((loaded == nil) == (parsed == nil), "\(text)")
        }
    }
}

/// A minimal valid header (bare juno-r2) for hand-written files.
let header = #"{"format":"csx-session","version":"1.0","csx":"test","source":"simulation","board":"juno-r2","scenario":{"name":"bare","board":"juno-r2","variant":"legacy","setup":[],"threads":{}},"variant":"legacy"}"#
