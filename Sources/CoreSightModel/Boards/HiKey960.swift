extension Board {
    /// HiSilicon HiKey960 (Kirin 960 / Hi3660). Source: arch/arm64/boot/dts/hisilicon/
    /// hi3660-hikey960.dts, which includes hi3660.dtsi, which includes hi3660-coresight.dtsi at
    /// its end (nodes under `/soc`; the board .dts changes no CoreSight node) (Linux v6.x).
    /// CPU numbering: the first `/cpus` node (`cpu@0`, Cortex-A53) is the boot CPU, so logical
    /// CPUs follow DT order: cpu0..cpu3 = A53 cluster, cpu4..cpu7 = A73 cluster.
    /// Naming order: AMBA before platform (v6.10+ `coresight_init_driver()`): dynamic funnels
    /// @ec801000, @ed001000, @ec031000 are funnel0..2, the static combo funnel is funnel3; the only
    /// replicator is static. TMC flavour from node names: three ETFs in DT order, one ETR.
    public static let hikey960 = Board(
        name: "hikey960",
        about: "HiKey960 (Kirin 960): 4x A53 + 4x A73, ETMv4 per CPU, 3 ETF, ETR, TPIU",
        cpuCount: 8,
        components: [
            // sources
            Component(name: "etm0", subtype: .etm4, cpu: 0, address: 0xecc4_0000),
            Component(name: "etm1", subtype: .etm4, cpu: 1, address: 0xecd4_0000),
            Component(name: "etm2", subtype: .etm4, cpu: 2, address: 0xece4_0000),
            Component(name: "etm3", subtype: .etm4, cpu: 3, address: 0xecf4_0000),
            Component(name: "etm4", subtype: .etm4, cpu: 4, address: 0xed44_0000),
            Component(name: "etm5", subtype: .etm4, cpu: 5, address: 0xed54_0000),
            Component(name: "etm6", subtype: .etm4, cpu: 6, address: 0xed64_0000),
            Component(name: "etm7", subtype: .etm4, cpu: 7, address: 0xed74_0000),
            // links
            Component(name: "funnel0", subtype: .funnel, address: 0xec80_1000),  // A53 cluster funnel
            Component(name: "funnel1", subtype: .funnel, address: 0xed00_1000),  // A73 cluster funnel
            Component(name: "funnel2", subtype: .funnel, address: 0xec03_1000),  // top funnel
            Component(name: "funnel3", subtype: .funnel),  // static "combo" funnel
            Component(name: "replicator0", subtype: .replicator),  // static replicator
            // sinks
            Component(name: "tmc_etf0", subtype: .etf, address: 0xec80_2000),  // A53 cluster ETF
            Component(name: "tmc_etf1", subtype: .etf, address: 0xed00_2000),  // A73 cluster ETF
            Component(name: "tmc_etf2", subtype: .etf, address: 0xec03_6000),  // top ETF
            Component(name: "tmc_etr0", subtype: .etr, address: 0xec03_3000),
            Component(name: "tpiu0", subtype: .tpiu, address: 0xec03_2000),
        ],
        connections: [
            Connection(from: "etm0", outport: 0, to: "funnel0", inport: 0),
            Connection(from: "etm1", outport: 0, to: "funnel0", inport: 1),
            Connection(from: "etm2", outport: 0, to: "funnel0", inport: 2),
            Connection(from: "etm3", outport: 0, to: "funnel0", inport: 3),
            Connection(from: "etm4", outport: 0, to: "funnel1", inport: 0),
            Connection(from: "etm5", outport: 0, to: "funnel1", inport: 1),
            Connection(from: "etm6", outport: 0, to: "funnel1", inport: 2),
            Connection(from: "etm7", outport: 0, to: "funnel1", inport: 3),
            Connection(from: "funnel0", outport: 0, to: "tmc_etf0", inport: 0),
            Connection(from: "funnel1", outport: 0, to: "tmc_etf1", inport: 0),
            Connection(from: "tmc_etf0", outport: 0, to: "funnel3", inport: 0),
            Connection(from: "tmc_etf1", outport: 0, to: "funnel3", inport: 1),
            Connection(from: "funnel3", outport: 0, to: "funnel2", inport: 0),
            Connection(from: "funnel2", outport: 0, to: "tmc_etf2", inport: 0),
            Connection(from: "tmc_etf2", outport: 0, to: "replicator0", inport: 0),
            Connection(from: "replicator0", outport: 0, to: "tmc_etr0", inport: 0),
            Connection(from: "replicator0", outport: 1, to: "tpiu0", inport: 0),
        ],
        // hi3660-coresight.dtsi: no ETM node has arm,coresight-loses-context-with-cpu, so
        // pm_save_enable=firmware resolves to never.
        savesContextOverIdle: false
    )
}
