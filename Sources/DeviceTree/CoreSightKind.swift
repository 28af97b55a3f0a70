import CoreSightModel

/// What a node is to csx, from its `compatible` list (most specific entry first).
enum CoreSightKind: Equatable {
    /// A per-CPU trace unit: ETMv3/PTM, ETMv4 (memory-mapped or system-register), ETE.
    case tracer(ComponentSubtype)
    case stm, funnel, replicator, tmc, etb10, tpiu, trbe
    /// Behind an ETR; csx does not model address translation, so it is left out.
    case catu
    /// CoreSight parts that are not on trace paths csx models (CTI, CPU debug, ...).
    case notModelled(String)

    private static let byCompatible: [String: CoreSightKind] = [
        "arm,coresight-etm3x": .tracer(.etm3),
        "arm,coresight-etm4x": .tracer(.etm4),
        "arm,coresight-etm4x-sysreg": .tracer(.etm4),
        "arm,embedded-trace-extension": .tracer(.ete),
        "arm,coresight-stm": .stm,
        "arm,coresight-dynamic-funnel": .funnel,
        "arm,coresight-static-funnel": .funnel,
        "arm,coresight-funnel": .funnel,  // before the dynamic/static split
        "arm,coresight-dynamic-replicator": .replicator,
        "qcom,coresight-replicator1x": .replicator,
        "arm,coresight-static-replicator": .replicator,
        "arm,coresight-replicator": .replicator,  // before the dynamic/static split
        "arm,coresight-tmc": .tmc,
        "arm,coresight-etb10": .etb10,
        "arm,coresight-tpiu": .tpiu,
        "arm,trace-buffer-extension": .trbe,
        "arm,coresight-catu": .catu,
        "arm,coresight-cti": .notModelled("CTI"),
        "arm,coresight-cti-v8-arch": .notModelled("CTI"),
        "arm,coresight-cpu-debug": .notModelled("CPU debug"),
        "arm,coresight-dummy-source": .notModelled("dummy source"),
        "arm,coresight-dummy-sink": .notModelled("dummy sink"),
        "qcom,coresight-tpdm": .notModelled("TPDM"),
        "qcom,coresight-tpda": .notModelled("TPDA"),
    ]

    static func of(compatibles: [String]) -> CoreSightKind? {
        for compatible in compatibles {
            if let kind = byCompatible[compatible] { return kind }
        }
        // Other Arm CoreSight parts (a newer binding, a vendor block) are noted, not guessed at.
        if let other = compatibles.first(where: { $0.hasPrefix("arm,coresight-") }) { return .notModelled(other) }
        return nil
    }
}
