import DriverSimulation
import Exploration
import Scenarios
import Testing

/// Reductions must cut states without changing any answer: the same verdict and the same
/// shortest length with and without them, on every built-in scenario small enough to explore
/// unreduced (seed-4 and up take minutes without reductions).
@Suite struct ReductionTests {
    static let unreducible = Set((4...8).map { "seed-\($0)" })
    static var names: [String] {
        ((try? ScenarioCatalogue.builtins()) ?? []).map(\.name).filter { !unreducible.contains($0) }
    }

    @Test(arguments: names, Variant.allCases)
    func sameVerdictAndShortestLength(name: String, variant: Variant) throws {
        let reduced = try explore(name, variant, reductions: true)
        let full = try explore(name, variant, reductions: false)
        #expect(reduced.verdict == full.verdict)
        #expect(reduced.shortest == full.shortest)
        #expect(reduced.invariant == full.invariant)
        #expect(reduced.states <= full.states)
    }

    /// The larger seeds under legacy: unreduced, the search still ends at the violation's depth,
    /// so these run in seconds (fixed ones need the whole space: minutes and gigabytes).
    @Test(arguments: ["seed-4", "seed-5"])
    func largerSeedsAgreeUnderLegacy(name: String) throws {
        let reduced = try explore(name, .legacy, reductions: true)
        let full = try explore(name, .legacy, reductions: false)
        #expect(reduced.verdict == .violation && full.verdict == .violation)
        #expect(reduced.shortest == full.shortest)
        #expect(reduced.invariant == full.invariant)
    }

    @Test func everyBuiltinIsCovered() throws {
        #expect(Self.names.count >= 7)  // the five YAML scenarios, seed-2 and seed-3
    }

    @Test func reductionsCutTheSeedFamilyALot() throws {
        let reduced = try explore("seed-3", .fixed, reductions: true)
        let full = try explore("seed-3", .fixed, reductions: false)
        #expect(reduced.states * 10 < full.states, "\(reduced.states) vs \(full.states)")
    }
}

/// The reductions stay sound with CPU hotplug moves: every hotplug scenario under every shipped
/// kernel, and scenarios where several CPUs may go down while others write sysfs and idle.
@Suite struct HotplugReductionTests {
    static let kernels = ["v6.18", "v6.18.2", "v6.19", "v7.2"]

    static func explore(_ scenario: Scenario, kernel: String, reductions: Bool) throws -> ExplorationResult {
        let simulation = try ScenarioCatalogue.simulation(of: scenario, kernel: try KernelCatalogue.load(kernel))
        let explorer = try Explorer(simulation: simulation, options: ExplorationOptions(reductions: reductions))
        return explorer.explore(simulation)
    }

    /// Same verdict and invariant with and without reductions (soundness); and, where no
    /// bystander exists, the same shortest length. With bystanders the persistent sets can
    /// lengthen the schedule found (the open explorer issue on shortest counterexamples).
    static func agree(_ scenario: Scenario, kernel: String, sameLength: Bool = true) throws {
        let reduced = try explore(scenario, kernel: kernel, reductions: true)
        let full = try explore(scenario, kernel: kernel, reductions: false)
        #expect(reduced.verdict == full.verdict, "\(scenario.name) \(kernel)")
        #expect(reduced.invariant == full.invariant, "\(scenario.name) \(kernel)")
        if sameLength { #expect(reduced.shortest == full.shortest, "\(scenario.name) \(kernel)") }
        if let length = reduced.shortest, let shortest = full.shortest { #expect(length >= shortest) }
        #expect(reduced.states <= full.states)
    }

    @Test(arguments: ["disable-while-offline", "claim-while-offline", "enable-vs-online"], kernels)
    func hotplugScenarios(name: String, kernel: String) throws {
        try Self.agree(try ScenarioCatalogue.load(name), kernel: kernel)
    }

    /// Two CPUs may go down and come back, a third enables and disables the tracer of one of
    /// them while the other idles and the debugger may claim: hotplug moves interleave with
    /// everything else, bystanders included.
    @Test(arguments: kernels)
    func severalCPUsGoDownWhileOthersWork(kernel: String) throws {
        let scenario = Scenario(
            name: "hotplug-mix", board: .builtin("juno-r2"), sink: "tmc_etr0",
            threads: [ThreadScript(cpu: 0, operations: [.enable("etm1"), .disable("etm1")])],
            environment: Environment(
                idle: [(cpu: 2, times: 1)], extClaim: [(component: "etm1", times: 1)],
                hotplug: [(cpu: 1, times: 1), (cpu: 3, times: 1)]))
        try Self.agree(scenario, kernel: kernel, sameLength: false)
        let verdict = try Self.explore(scenario, kernel: kernel, reductions: true).verdict
        #expect(verdict == (kernel == "v7.2" ? .ok : .violation), "\(kernel)")
    }

    /// pm-code core: the idle path touches shared links, so its moves are no longer private.
    @Test(arguments: ["path-pointer-window", "trbe-idle-under-perf", "disable-vs-idle", "claim-failure-vs-idle"], ["v7.2", "v7.2-pre-b6d54a94"])
    func corePMScenarios(name: String, kernel: String) throws {
        try Self.agree(try ScenarioCatalogue.load(name), kernel: kernel)
    }

    /// Two CPUs with enabled paths sharing links idle while a third writes sysfs.
    @Test(arguments: ["v7.2", "v7.2-pre-b6d54a94"])
    func sharedLinksThroughIdle(kernel: String) throws {
        let scenario = Scenario(
            name: "shared-links", board: .builtin("juno-r2"), sink: "tmc_etr0",
            setup: try ActionParser.parse("cpu0 enable etm1; run cpu0; run cpu1; run cpu0"),
            threads: [ThreadScript(cpu: 0, operations: [.enable("etm2"), .disable("etm1")])],
            environment: Environment(idle: [(cpu: 1, times: 1), (cpu: 2, times: 1)], extClaim: [(component: "funnel1", times: 1)]))
        var withSave = scenario
        withSave.pmSave = .selfHosted
        try Self.agree(withSave, kernel: kernel, sameLength: false)
    }
}
