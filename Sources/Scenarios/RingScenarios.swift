public import DriverSimulation

/// The `ring-N` family (issue 14): every CPU writes sysfs at once, so the writes contend for
/// `coresight_mutex` while CPUs idle in between; the explorer's concurrent benchmark, beside a
/// Spin model of the same behaviour (models/ring-race.pml). Generated, as `seed-N` is.
/// Not among `builtins()`: the suites and commands that explore every built-in (matrix, live's
/// race summary, the reduction tests) would take minutes on the larger rings.
extension ScenarioCatalogue {
    /// The sizes `csx scenarios` lists and `load` accepts.
    public static let ringSizes = 2...8

    /// `ring-N` on `grid-N`: every CPU i enables then disables etm((i+1) mod N) at once; every
    /// CPU may idle once; the external debugger may claim each tracer once.
    public static func ring(cpus: Int) -> Scenario {
        let all = 0..<cpus
        let writers = cpus == 2 ? "cpu0 and cpu1" : "cpu0..cpu\(cpus - 1)"
        var scenario = Scenario(
            name: "ring-\(cpus)",
            about: "\(writers) at once: cpu i enables then disables etm(i+1 mod \(cpus)); each CPU may idle once, each tracer be claimed externally once",
            board: .builtin("grid-\(cpus)"),
            variant: .legacy,
            sink: "tmc_etr0",
            threads: all.map { cpu in
                let target = "etm\((cpu + 1) % cpus)"
                return ThreadScript(cpu: cpu, operations: [.enable(target), .disable(target)])
            },
            environment: Environment(
                idle: all.map { (cpu: $0, times: 1) },
                extClaim: all.map { (component: "etm\($0)", times: 1) }))
        // Said rather than left to the board, as seed-N does: the races need context saved over idle.
        scenario.pmSave = .selfHosted
        return scenario
    }

    /// The ring scenario a name asks for (`ring-4`), or nil when it is not one.
    public static func ring(named name: String) -> Scenario? {
        guard name.hasPrefix("ring-"), let n = Int(name.dropFirst(5)), ringSizes.contains(n), name == "ring-\(n)" else { return nil }
        return ring(cpus: n)
    }

    /// `ring-2` … `ring-8`, in order.
    public static var rings: [Scenario] { ringSizes.map(ring(cpus:)) }

    /// What `csx scenarios` lists: every built-in, then the ring family.
    public static func listed() throws(ScenarioError) -> [Scenario] {
        try builtins() + rings
    }
}
