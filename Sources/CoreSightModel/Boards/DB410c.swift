extension Board {
    /// Arrow/96Boards DragonBoard 410c (Qualcomm APQ8016 / MSM8916). Source:
    /// arch/arm64/boot/dts/qcom/apq8016-sbc.dts (includes msm8916-pm8916.dtsi → msm8916.dtsi),
    /// Linux v6.x. msm8916.dtsi marks every CoreSight node `disabled`; apq8016-sbc.dts enables
    /// them all (STM and TPIU included). Nodes are under `/soc@0`.
    /// CPU numbering: the first `/cpus` node (`CPU0: cpu@0`) is the boot CPU; cpu0..cpu3 in DT
    /// order, all Cortex-A53.
    /// Naming order: all components are AMBA (no static links), DT order: stm@802000,
    /// tpiu@820000, funnel@821000, replicator@824000, etf@825000, etr@826000, funnel@841000,
    /// etm@85c000..85f000. TMC flavour from the node labels `etf` and `etr`.
    public static let db410c = Board(
        name: "db410c",
        about: "DragonBoard 410c (APQ8016): 4x Cortex-A53, ETMv4 per CPU, ETF, ETR, TPIU, STM",
        cpuCount: 4,
        components: [
            // sources
            Component(name: "etm0", subtype: .etm4, cpu: 0, address: 0x0085_c000),
            Component(name: "etm1", subtype: .etm4, cpu: 1, address: 0x0085_d000),
            Component(name: "etm2", subtype: .etm4, cpu: 2, address: 0x0085_e000),
            Component(name: "etm3", subtype: .etm4, cpu: 3, address: 0x0085_f000),
            Component(name: "stm0", subtype: .stm, address: 0x0080_2000),
            // links
            Component(name: "funnel0", subtype: .funnel, address: 0x0082_1000),  // in-funnel (QDSS)
            Component(name: "funnel1", subtype: .funnel, address: 0x0084_1000),  // APSS funnel
            Component(name: "replicator0", subtype: .replicator, address: 0x0082_4000),
            // sinks
            Component(name: "tmc_etf0", subtype: .etf, address: 0x0082_5000),
            Component(name: "tmc_etr0", subtype: .etr, address: 0x0082_6000),
            Component(name: "tpiu0", subtype: .tpiu, address: 0x0082_0000),
        ],
        connections: [
            Connection(from: "etm0", outport: 0, to: "funnel1", inport: 0),
            Connection(from: "etm1", outport: 0, to: "funnel1", inport: 1),
            Connection(from: "etm2", outport: 0, to: "funnel1", inport: 2),
            Connection(from: "etm3", outport: 0, to: "funnel1", inport: 3),
            Connection(from: "funnel1", outport: 0, to: "funnel0", inport: 4),
            Connection(from: "stm0", outport: 0, to: "funnel0", inport: 7),
            Connection(from: "funnel0", outport: 0, to: "tmc_etf0", inport: 0),
            Connection(from: "tmc_etf0", outport: 0, to: "replicator0", inport: 0),
            Connection(from: "replicator0", outport: 0, to: "tmc_etr0", inport: 0),
            Connection(from: "replicator0", outport: 1, to: "tpiu0", inport: 0),
        ],
        // msm8916.dtsi: every ETM node has arm,coresight-loses-context-with-cpu, so
        // pm_save_enable=firmware resolves to self-hosted.
        savesContextOverIdle: true
    )
}
