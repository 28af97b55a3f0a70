extension Board {
    /// Arm Juno r2 development platform. Source: arch/arm64/boot/dts/arm/juno-r2.dts, which
    /// includes juno-base.dtsi then juno-cs-r1r2.dtsi (Linux v6.x); every CoreSight node is a
    /// child of `/`, all are `arm,primecell` (AMBA), none is disabled.
    /// CPU numbering: Juno firmware boots Linux on the first Cortex-A53 (MPIDR 0x100, `cpu@100`),
    /// so it is logical CPU 0; the other CPUs follow in `/cpus` order: A72_0 = 1, A72_1 = 2,
    /// A53_1..A53_3 = 3..5. Hence the DT labels `etm0`..`etm2` become sysfs `etm1`, `etm2`,
    /// `etm0`.
    /// Naming order: no static funnels/replicators, so AMBA/DT order alone: juno-base.dtsi nodes
    /// (etf@20010000, tpiu, funnel@20040000, etr, stm, replicator, ETMs with cluster funnels
    /// @220c0000 and @230c0000), then juno-cs-r1r2.dtsi (funnel@20130000, etf@20140000,
    /// funnel@20150000). TMC flavour from node names (DEVID not visible in DT).
    public static let junoR2 = Board(
        name: "juno-r2",
        about: "Arm Juno r2: 2x Cortex-A72 + 4x Cortex-A53, ETMv4 per CPU, 2 ETF, ETR, TPIU, STM",
        cpuCount: 6,
        // No ETM node in juno-base.dtsi carries arm,coresight-loses-context-with-cpu: with
        // pm_save_enable left at firmware, etm4_probe() resolves it to never.
        components: [
            // sources
            Component(name: "etm0", subtype: .etm4, cpu: 0, address: 0x2304_0000),  // A53_0 (boot CPU), DT label etm2
            Component(name: "etm1", subtype: .etm4, cpu: 1, address: 0x2204_0000),  // A72_0, DT label etm0
            Component(name: "etm2", subtype: .etm4, cpu: 2, address: 0x2214_0000),  // A72_1, DT label etm1
            Component(name: "etm3", subtype: .etm4, cpu: 3, address: 0x2314_0000),  // A53_1
            Component(name: "etm4", subtype: .etm4, cpu: 4, address: 0x2324_0000),  // A53_2
            Component(name: "etm5", subtype: .etm4, cpu: 5, address: 0x2334_0000),  // A53_3
            Component(name: "stm0", subtype: .stm, address: 0x2010_0000),
            // links
            Component(name: "funnel0", subtype: .funnel, address: 0x2004_0000),  // main_funnel (cssys0)
            Component(name: "funnel1", subtype: .funnel, address: 0x220c_0000),  // cluster0 (A72) funnel
            Component(name: "funnel2", subtype: .funnel, address: 0x230c_0000),  // cluster1 (A53) funnel
            Component(name: "funnel3", subtype: .funnel, address: 0x2013_0000),  // cssys1 funnel (STM)
            Component(name: "funnel4", subtype: .funnel, address: 0x2015_0000),  // cssys2 funnel
            Component(name: "replicator0", subtype: .replicator, address: 0x2012_0000),
            // sinks
            Component(name: "tmc_etf0", subtype: .etf, address: 0x2001_0000),
            Component(name: "tmc_etf1", subtype: .etf, address: 0x2014_0000),  // etf_sys1
            Component(name: "tmc_etr0", subtype: .etr, address: 0x2007_0000),
            Component(name: "tpiu0", subtype: .tpiu, address: 0x2003_0000),
        ],
        connections: [
            Connection(from: "etm1", outport: 0, to: "funnel1", inport: 0),
            Connection(from: "etm2", outport: 0, to: "funnel1", inport: 1),
            Connection(from: "etm0", outport: 0, to: "funnel2", inport: 0),
            Connection(from: "etm3", outport: 0, to: "funnel2", inport: 1),
            Connection(from: "etm4", outport: 0, to: "funnel2", inport: 2),
            Connection(from: "etm5", outport: 0, to: "funnel2", inport: 3),
            Connection(from: "funnel1", outport: 0, to: "funnel0", inport: 0),
            Connection(from: "funnel2", outport: 0, to: "funnel0", inport: 1),
            Connection(from: "funnel0", outport: 0, to: "tmc_etf0", inport: 0),
            Connection(from: "tmc_etf0", outport: 0, to: "funnel4", inport: 0),
            Connection(from: "stm0", outport: 0, to: "funnel3", inport: 0),
            Connection(from: "funnel3", outport: 0, to: "tmc_etf1", inport: 0),
            Connection(from: "tmc_etf1", outport: 0, to: "funnel4", inport: 1),
            Connection(from: "funnel4", outport: 0, to: "replicator0", inport: 0),
            Connection(from: "replicator0", outport: 0, to: "tpiu0", inport: 0),
            Connection(from: "replicator0", outport: 1, to: "tmc_etr0", inport: 0),
        ],
        savesContextOverIdle: false)
}
