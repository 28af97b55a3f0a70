public import DriverSimulation

/// The `seed-N` family (issue 4): the seed race scaled to N CPUs on `grid-N`, for exploration
/// benchmarks. Generated rather than shipped as files because N is a parameter.
extension ScenarioCatalogue {
    /// The sizes `csx scenarios` lists and `load` accepts.
    public static let seedSizes = 2...8

    /// `seed-N`: cpu0 enables and then disables the tracer of every other CPU in turn; every
    /// other CPU may idle up to twice; the external debugger may claim any of those tracers once.
    public static func seed(cpus: Int) -> Scenario {
        let others = 1..<cpus
        var scenario = Scenario(
            name: "seed-\(cpus)",
            about: "cpu0 enables then disables \(cpus == 2 ? "etm1" : "etm1..etm\(cpus - 1)") in turn; each may idle twice and be claimed externally once",
            board: .builtin("grid-\(cpus)"),
            variant: .legacy,
            sink: "tmc_etr0",
            threads: [ThreadScript(cpu: 0, operations: others.flatMap { [.enable("etm\($0)"), .disable("etm\($0)")] })],
            environment: Environment(
                idle: others.map { (cpu: $0, times: 2) },
                extClaim: others.map { (component: "etm\($0)", times: 1) }))
        // Said rather than left to the board: the race needs context saved over idle.
        scenario.pmSave = .selfHosted
        return scenario
    }

    /// The seed scenario a name asks for (`seed-4`), or nil when it is not one.
    public static func seed(named name: String) -> Scenario? {
        guard name.hasPrefix("seed-"), let n = Int(name.dropFirst(5)), seedSizes.contains(n) else { return nil }
        return seed(cpus: n)
    }

    /// `seed-2` … `seed-8`, in order.
    public static var seeds: [Scenario] { seedSizes.map(seed(cpus:)) }
}
