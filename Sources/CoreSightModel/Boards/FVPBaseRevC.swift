extension Board {
    /// Arm Fixed Virtual Platform Base RevC (the AEMv8-A "Base" model), run with ETE and TRBE.
    /// Source: arch/arm64/boot/dts/arm/fvp-base-revc.dts as of Linux v6.16, whose ETE and TRBE
    /// nodes ("arm64: dts: fvp: Add ETE and TRBE nodes for Rev C model") ship `disabled`: the
    /// model implements them only when launched with `-C cluster{0,1}.has_ete=1` and
    /// `-C cluster{0,1}.has_trbe=1`, and this board assumes it was (see docs/boards.md).
    /// Eight CPUs, `cpu@0..300` (cluster 0) and `cpu@10000..10300` (cluster 1); the first is the
    /// boot CPU, so logical CPU = DT label number. One ETE per CPU (`ete-N`, `cpu = <&cpuN>`,
    /// system-register access: no `reg`, no graph) and one `trbe` node for all CPUs.
    /// Naming: the ETMv4 driver names an ETE `ete<cpu>`; the TRBE driver registers one sink
    /// `trbe<cpu>` per CPU, all under the one `trbe` platform device. No funnel, ETF, ETR or
    /// TPIU is described, so there are no connections: each ETE traces only into its own CPU's
    /// TRBE, which the CoreSight core pairs by CPU (per-CPU sink, perf only).
    public static let fvpBaseRevC = Board(
        name: "fvp-base-revc",
        about: "Arm FVP Base RevC: 8 CPUs, ETE + TRBE per CPU (per-CPU sink, perf only)",
        cpuCount: 8,
        components: [
            // sources: ETE, system-register access, so no address (cluster 0: CPUs 0-3, cluster 1: 4-7)
            Component(name: "ete0", subtype: .ete, cpu: 0),  // ete-0
            Component(name: "ete1", subtype: .ete, cpu: 1),  // ete-1
            Component(name: "ete2", subtype: .ete, cpu: 2),  // ete-2
            Component(name: "ete3", subtype: .ete, cpu: 3),  // ete-3
            Component(name: "ete4", subtype: .ete, cpu: 4),  // ete-4
            Component(name: "ete5", subtype: .ete, cpu: 5),  // ete-5
            Component(name: "ete6", subtype: .ete, cpu: 6),  // ete-6
            Component(name: "ete7", subtype: .ete, cpu: 7),  // ete-7
            // sinks: one TRBE per CPU, all from the one `trbe` node
            Component(name: "trbe0", subtype: .trbe, cpu: 0),
            Component(name: "trbe1", subtype: .trbe, cpu: 1),
            Component(name: "trbe2", subtype: .trbe, cpu: 2),
            Component(name: "trbe3", subtype: .trbe, cpu: 3),
            Component(name: "trbe4", subtype: .trbe, cpu: 4),
            Component(name: "trbe5", subtype: .trbe, cpu: 5),
            Component(name: "trbe6", subtype: .trbe, cpu: 6),
            Component(name: "trbe7", subtype: .trbe, cpu: 7),
        ],
        connections: [],
        // No ETE node carries arm,coresight-loses-context-with-cpu (v2 of the DT patch dropped
        // it): pm_save_enable=firmware resolves to never.
        savesContextOverIdle: false)
}
