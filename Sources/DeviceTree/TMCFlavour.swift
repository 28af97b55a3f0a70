import CoreSightModel

/// Which configuration a TMC is. The kernel reads it from DEVID at probe; a DTS shows it only
/// indirectly, so evidence is taken in order of strength and a name-based guess is reported.
struct TMCFlavour {
    let subtype: ComponentSubtype
    /// Set when the DTS did not settle it.
    let assumption: String?
    /// Set when the node's name disagrees with the stronger evidence.
    let conflict: String?

    private static let etrOnlyProperties = ["arm,scatter-gather", "arm,buffer-size", "iommus", "memory-region"]

    static func infer(
        _ node: NodeID, in tree: DeviceTree, outputs: [OutputLink], kindOf: (NodeID) -> CoreSightKind?
    ) -> TMCFlavour {
        let display = tree.displayName(of: node)
        let hint = nameHint(node, in: tree)
        func decided(_ subtype: ComponentSubtype, because reason: String) -> TMCFlavour {
            let conflict = hint.flatMap { hinted in
                hinted == subtype ? nil
                    : "\(display): its name suggests \(hinted.rawValue.uppercased()), but \(reason), so it is taken as \(subtype.rawValue.uppercased())"
            }
            return TMCFlavour(subtype: subtype, assumption: nil, conflict: conflict)
        }
        if let property = etrOnlyProperties.first(where: { tree[node].has($0) }) {
            return decided(.etr, because: "it has \(property) (ETR only)")
        }
        if outputs.contains(where: { kindOf($0.remoteDevice) == .catu }) {
            return decided(.etr, because: "its output feeds a CATU")
        }
        if let link = outputs.first(where: { kindOf($0.remoteDevice) != nil }) {
            return decided(.etf, because: "its output feeds \(tree.displayName(of: link.remoteDevice)) (only an ETF passes trace on)")
        }
        if let hint {
            return TMCFlavour(
                subtype: hint,
                assumption: "\(display): \(hint.rawValue.uppercased()) assumed from the node name (the TMC configuration is read from DEVID at probe, not described in DT)",
                conflict: nil)
        }
        return TMCFlavour(
            subtype: .etr,
            assumption: "\(display): ETR assumed (no output link and no etf/etr/etb in its name; the configuration is read from DEVID at probe)",
            conflict: nil)
    }

    /// `etf`/`etr`/`etb` in the node name, else in a label (`etf_sys1: tmc@...`).
    private static func nameHint(_ node: NodeID, in tree: DeviceTree) -> ComponentSubtype? {
        for text in [String(tree[node].baseName)] + tree[node].labels {
            let lowered = text.lowercased()
            if lowered.contains("etf") { return .etf }
            if lowered.contains("etr") { return .etr }
            if lowered.contains("etb") { return .etb }
        }
        return nil
    }
}
