import CoreSightModel

/// TMC flavours (they depend on the graph) and the connections between components.
extension TopologyAssembler {
    mutating func decideTMCFlavours(_ components: inout [FoundComponent], links: [[OutputLink]]) {
        for index in components.indices where components[index].kind == .tmc {
            let node = components[index].node
            let flavour = TMCFlavour.infer(node, in: tree, outputs: links[index]) { [tree] remote in
                CoreSightKind.of(compatibles: tree.compatibles(of: remote))
            }
            components[index].subtype = flavour.subtype
            if let assumption = flavour.assumption { assumptions.append(assumption) }
            if let conflict = flavour.conflict { log.warn(conflict, at: tree[node].location) }
        }
    }

    /// One connection per output endpoint whose remote device is a component; links to
    /// anything else are reported and left out.
    mutating func connect(
        _ components: [FoundComponent], links: [[OutputLink]], order: [Int]
    ) throws(DeviceTreeError) -> [Connection] {
        var indexByNode: [NodeID: Int] = [:]
        for (index, component) in components.enumerated() where component.kind != .trbe {
            indexByNode[component.node] = index
        }
        var usedOutputs: [String: SourceLocation] = [:]
        var usedInputs: [String: String] = [:]
        var connections: [Connection] = []
        for index in order {
            let from = components[index]
            for link in links[index].sorted(by: { $0.outport < $1.outport }) {
                guard let target = indexByNode[link.remoteDevice] else {
                    explainDroppedLink(link, from: from)
                    continue
                }
                let to = components[target]
                if let earlier = usedOutputs.updateValue(link.location, forKey: "\(from.name):\(link.outport)") {
                    throw DeviceTreeError(
                        location: link.location,
                        message: "\(from.name) output port \(link.outport) already has a connection (\(earlier))",
                        expected: "one remote endpoint per port")
                }
                if let earlier = usedInputs.updateValue(from.name, forKey: "\(to.name):\(link.inport)") {
                    throw DeviceTreeError(
                        location: link.location,
                        message: "\(to.name) input port \(link.inport) is fed by both \(earlier) and \(from.name)",
                        expected: "one connection per input port")
                }
                connections.append(Connection(from: from.name, outport: link.outport, to: to.name, inport: link.inport))
            }
        }
        return connections
    }

    private mutating func explainDroppedLink(_ link: OutputLink, from component: FoundComponent) {
        let remote = tree.displayName(of: link.remoteDevice)
        let what = "\(component.name) output port \(link.outport) leads to \(remote)"
        switch CoreSightKind.of(compatibles: tree.compatibles(of: link.remoteDevice)) {
        case .catu?:
            assumptions.append("\(remote): CATU left out; \(component.name) is treated as the sink it feeds")
        case nil:
            log.warn("\(what), which is not a CoreSight trace component; the connection is left out", at: link.location)
        case .notModelled?:
            log.warn("\(what), which csx does not model; the connection is left out", at: link.location)
        default:
            let why = tree.isAvailable(link.remoteDevice) ? "which is left out" : "which is disabled"
            log.warn("\(what), \(why); the connection is left out", at: link.location)
        }
    }
}
