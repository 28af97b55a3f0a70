import DriverSimulation
import Foundation
import RaceDiagram
import Scenarios
import Testing

/// Every function a diagram names exists in the kernel release of the profile used: the names
/// are checked against Resources/kernels/functions/<profile>.txt, read from the sources.
@Suite struct FunctionListTests {
    /// `name path` per line; `#` starts a comment.
    static func functions(of profile: String, filePath: String = #filePath) throws -> [String: String] {
        let url = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Resources/kernels/functions/\(profile).txt")
        var result: [String: String] = [:]
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ")
            #expect(fields.count == 2, "\(profile).txt: \(line)")
            #expect(result[String(fields[0])] == nil, "\(profile).txt lists \(fields[0]) twice")
            result[String(fields[0])] = fields.count > 1 ? String(fields[1]) : ""
        }
        return result
    }

    /// The functions a diagram names: every `identifier(` in it.
    static func namedFunctions(in text: String) -> Set<String> {
        var names: Set<String> = []
        var current = ""
        for character in text {
            if character.isASCII, character.isLetter || character.isNumber || character == "_" {
                current.append(character)
            } else {
                if character == "(", let first = current.first, first.isLetter || first == "_" { names.insert(current) }
                current = ""
            }
        }
        return names
    }

    /// Every kind of flow: sysfs enable and disable, inline self-calls, a failed claim, perf
    /// start and stop (one failing), idle with save and restore, CPU hotplug with a tracer on and
    /// an enable of an offline CPU's tracer, the external debugger.
    static let tour = """
        cpu0 enable-sink tmc_etr0; run cpu0; cpu0 enable etm1; run cpu0; run cpu1; run cpu0; idle cpu1; run cpu1; \
        wake cpu1; run cpu1; offline cpu1; run cpu1; online cpu1; run cpu1; \
        cpu0 disable etm1; run cpu0; run cpu1; run cpu0; cpu2 perf-start; run cpu2; cpu2 perf-stop; \
        run cpu2; cpu1 enable etm1; run cpu1; ext-claim etm2; cpu0 enable etm2; run cpu0; run cpu2; run cpu0; \
        ext-claim etm3; cpu3 perf-start; run cpu3; cpu3 perf-stop; run cpu3; cpu1 disable etm1; run cpu1; \
        idle cpu1; run cpu1; wake cpu1; run cpu1; offline cpu4; run cpu4; cpu0 enable etm4; run cpu0
        """

    /// Diagrams a profile can draw: the tour (folded and full, both pm-save settings), the seed
    /// race, and the built-in counterexamples under it (seed-3 standing for its family).
    static func diagrams(under profile: DriverProfile) throws -> [String] {
        var texts: [String] = []
        for pmSave in [PMSave.selfHosted, .never] {
            var simulation = try ScenarioCatalogue.simulation(of: .bare(board: "juno-r2"), kernel: profile, pmSave: pmSave)
            for action in try ActionParser.parse(tour) { try simulation.perform(action) }
            texts += [Fixtures.draw(simulation), Fixtures.draw(simulation, full: true)]
        }
        texts.append(Fixtures.draw(try Fixtures.run("claim-failure-vs-idle", kernel: profile, actions: Fixtures.seedActions), full: true))
        for scenario in try ScenarioCatalogue.builtins() where !scenario.name.hasPrefix("seed-") || scenario.name == "seed-3" {
            if let simulation = try Fixtures.counterexample(scenario, kernel: profile) { texts.append(Fixtures.draw(simulation, full: true)) }
        }
        return texts
    }

    /// Every shipped profile, so a new one (v7.2) needs its list before this passes.
    @Test func everyNamedFunctionIsInTheProfilesList() throws {
        let shipped = try KernelCatalogue.shipped()
        #expect(shipped.count >= 5)
        for profile in shipped {
            let known = try Self.functions(of: profile.name)
            var named: Set<String> = []
            for text in try Self.diagrams(under: profile) { named.formUnion(Self.namedFunctions(in: text)) }
            #expect(named.count >= 25, "the tour names too few functions to check anything: \(named.sorted())")
            #expect(named.subtracting(known.keys).isEmpty,
                    "\(profile.name) diagrams name functions not in \(profile.name).txt: \(named.subtracting(known.keys).sorted())")
        }
    }

    /// The lists differ where the releases do, so the check above can fail.
    @Test func theListsFollowTheReleases() throws {
        let legacy = try Self.functions(of: "v6.18")
        #expect(legacy["etm4_enable_hw_smp_call"] != nil && legacy["etm4_enable_sysfs_smp_call"] == nil)
        for name in ["v6.18.2", "v6.19", "v7.0", "v7.1"] {
            let list = try Self.functions(of: name)
            #expect(list["etm4_enable_sysfs_smp_call"] != nil && list["etm4_enable_hw_smp_call"] == nil, "\(name)")
            #expect(list["etm4_disable_sysfs_smp_call"] != nil, "\(name)")
        }
        for name in ["v6.18", "v6.18.2", "v6.19", "v7.0", "v7.1"] {
            let list = try Self.functions(of: name)
            #expect(list["etm4_dying_cpu"] != nil && list["coresight_dying_cpu"] == nil, "\(name): hotplug in the driver")
        }
        let core = try Self.functions(of: "v7.2")
        #expect(core["coresight_dying_cpu"] != nil && core["etm4_dying_cpu"] == nil, "v7.2: hotplug in the core")
        for (function, file) in legacy { #expect(file.hasSuffix(".c") || file.hasSuffix(".h"), "\(function): \(file)") }
        #expect(Self.namedFunctions(in: " ` etm4_enable_hw_smp_call()\n coresight_take_mode(SYSFS) step 15 (cpu1)")
            == ["etm4_enable_hw_smp_call", "coresight_take_mode"])
        // A legacy diagram drawn with a fixed profile's list would fail the check.
        let text = Fixtures.draw(try Fixtures.run("claim-failure-vs-idle", kernel: try Fixtures.profile("v6.18"), actions: Fixtures.seedActions))
        #expect(!Self.namedFunctions(in: text).isSubset(of: Set(try Self.functions(of: "v6.19").keys)))
    }
}
