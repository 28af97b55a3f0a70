import CoreSightModel

/// Decides what a bus device under `bus/coresight/devices` is: the name prefix gives the subtype, the
/// files refine it (ETMv3 has no `trcidr/`), `DEVTYPE` is cross-checked, and the parent's
/// driver is the last resort for pre-v5.3 names (`22040000.etm`). Unknown prefixes stay
/// "other" with their DEVTYPE. Pure: the caller reads the files.
enum DeviceClassifier {
    struct Verdict: Equatable {
        var kind: DiscoveredDevice.Kind
        /// Mismatches worth showing (`uevent: unknown DEVTYPE "gizmo"`).
        var problems: [String]
    }

    static let knownDevtypes: Set<String> = ["source", "link", "linksink", "sink", "helper", "ect"]

    /// - Parameters:
    ///   - files: entry names of the device directory.
    ///   - driver: the parent's `driver` link target name, read only when needed.
    static func classify(
        name: String, devtype: String?, files: Set<String>, driver: () -> String?
    ) -> Verdict {
        var problems: [String] = []
        if let devtype, !knownDevtypes.contains(devtype) {
            problems.append("uevent: unknown DEVTYPE \(SysfsValue.quoted(Array(devtype.utf8)))")
        }
        var subtype = subtypeByName(name, files: files)
        if subtype == nil, let node = preGenericName(name) {
            subtype = subtypeByNode(node, files: files) ?? driver().flatMap { subtypeByDriver($0, devtype: devtype) }
        }
        guard let subtype else { return Verdict(kind: .other(devtype: devtype), problems: problems) }
        if let devtype, knownDevtypes.contains(devtype), devtype != expectedDevtype(subtype) {
            problems.append("uevent: DEVTYPE=\(devtype), but a \(subtype.rawValue) is a \(expectedDevtype(subtype))")
        }
        return Verdict(kind: .component(subtype), problems: problems)
    }

    /// `etm3` → ("etm", 3); nil when the name does not end in digits.
    static func splitIndex(_ name: String) -> (prefix: String, index: Int)? {
        let digits = name.reversed().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count < name.count, let index = Int(String(digits.reversed())) else { return nil }
        return (String(name.dropLast(digits.count)), index)
    }

    /// Generic names (v5.3+): one index list per prefix.
    private static func subtypeByName(_ name: String, files: Set<String>) -> ComponentSubtype? {
        guard let prefix = splitIndex(name)?.prefix else { return nil }
        switch prefix {
        case "etm": return files.contains("trcidr") ? .etm4 : .etm3
        case "ete": return .ete
        case "stm": return .stm
        case "funnel": return .funnel
        case "replicator": return .replicator
        case "tmc_etf": return .etf
        case "tmc_etr": return .etr
        case "tmc_etb", "etb": return .etb
        case "tpiu": return .tpiu
        case "trbe": return .trbe
        default: return nil
        }
    }

    /// Before v5.3 a device was named like its parent, `<hex>.<node>`: the node name.
    static func preGenericName(_ name: String) -> String? {
        guard let dot = name.firstIndex(of: "."), dot != name.startIndex,
            UInt64(name[..<dot], radix: 16) != nil
        else { return nil }
        return String(name[name.index(after: dot)...])
    }

    private static func subtypeByNode(_ node: String, files: Set<String>) -> ComponentSubtype? {
        switch node {
        case "etm", "ptm": return files.contains("trcidr") ? .etm4 : .etm3
        case "ete": return .ete
        case "stm": return .stm
        case "funnel": return .funnel
        case "replicator": return .replicator
        case "etf": return .etf
        case "etr": return .etr
        case "etb": return .etb
        case "tpiu": return .tpiu
        default: return nil
        }
    }

    private static func subtypeByDriver(_ driver: String, devtype: String?) -> ComponentSubtype? {
        switch driver {
        case "coresight-etm4x": return .etm4
        case "coresight-etm3x": return .etm3
        case "coresight-stm": return .stm
        case "coresight-funnel", "coresight-dynamic-funnel", "coresight-static-funnel": return .funnel
        case "coresight-replicator", "coresight-dynamic-replicator", "coresight-static-replicator": return .replicator
        case "coresight-tpiu": return .tpiu
        case "coresight-etb10": return .etb
        // A TMC's flavour is in DEVID; only the ETF is told apart by its DEVTYPE.
        case "coresight-tmc": return devtype == "linksink" ? .etf : nil
        default: return nil
        }
    }

    static func expectedDevtype(_ subtype: ComponentSubtype) -> String {
        switch subtype {
        case .etm3, .etm4, .ete, .stm: "source"
        case .funnel, .replicator: "link"
        case .etf: "linksink"
        case .etb, .etr, .tpiu, .trbe: "sink"
        }
    }
}
