import CoreSightModel

/// One output endpoint of a component and where it leads, read as the kernel's
/// `of_coresight_parse_endpoint()` does: only output ports create connections, and the input
/// port number is that of the port holding the remote endpoint.
struct OutputLink {
    let outport: Int
    let remoteDevice: NodeID
    let inport: Int
    /// The `remote-endpoint` property, for messages.
    let location: SourceLocation
}

/// Reads the OF graph under CoreSight nodes: `in-ports`/`out-ports` containers, or the older
/// layout (`ports` or bare `port@N` children, inputs marked `slave-mode`).
struct GraphReader {
    let tree: DeviceTree
    let log: DiagnosticLog

    func outputLinks(of device: NodeID) throws(DeviceTreeError) -> [OutputLink] {
        var links: [OutputLink] = []
        for (port, endpoint) in outputEndpoints(of: device) {
            guard let remoteEndpoint = tree[endpoint].property("remote-endpoint") else { continue }
            let (remote, location) = try resolve(remoteEndpoint, of: endpoint)
            guard let remotePort = tree[remote].parent, tree[remotePort].baseName == "port",
                let remoteDevice = owner(of: remotePort)
            else {
                throw DeviceTreeError(
                    location: location, message: "remote-endpoint of \(tree.path(of: endpoint)) points at \(tree.path(of: remote))",
                    expected: "an endpoint node inside a port node")
            }
            links.append(OutputLink(
                outport: try portNumber(of: port), remoteDevice: remoteDevice,
                inport: try portNumber(of: remotePort), location: location))
        }
        return links
    }

    private func outputEndpoints(of device: NodeID) -> [(port: NodeID, endpoint: NodeID)] {
        let outPorts = tree.child(of: device, named: "out-ports")
        let isCurrentLayout = outPorts != nil || tree.child(of: device, named: "in-ports") != nil
        let container = isCurrentLayout ? outPorts : (tree.child(of: device, named: "ports") ?? device)
        guard let container else { return [] }
        var pairs: [(NodeID, NodeID)] = []
        for port in tree[container].children where tree[port].baseName == "port" {
            for endpoint in tree[port].children where tree[endpoint].baseName == "endpoint" {
                // In the older layout inputs and outputs share one container.
                if !isCurrentLayout, tree[endpoint].has("slave-mode") { continue }
                pairs.append((port, endpoint))
            }
        }
        return pairs
    }

    private func resolve(_ property: Property, of endpoint: NodeID) throws(DeviceTreeError) -> (NodeID, SourceLocation) {
        let cells = property.cells
        guard cells.count == 1, property.pieces.count == 1, case .reference(let reference) = cells[0].cell else {
            throw DeviceTreeError(
                location: property.location,
                message: "remote-endpoint of \(tree.path(of: endpoint)) is not a single reference"
                    + (property.hasOpaqueParts ? " (it uses an unknown macro)" : ""),
                expected: "remote-endpoint = <&label>")
        }
        guard let remote = tree.resolve(reference.target) else {
            throw DeviceTreeError(
                location: reference.location, message: "\(reference.target) is not defined",
                expected: "the label of an endpoint node")
        }
        return (remote, reference.location)
    }

    /// The device a port belongs to, above any `ports`/`in-ports`/`out-ports` container.
    private func owner(of port: NodeID) -> NodeID? {
        guard var device = tree[port].parent else { return nil }
        if ["ports", "in-ports", "out-ports"].contains(tree[device].name), let above = tree[device].parent {
            device = above
        }
        return device == DeviceTree.root ? nil : device
    }

    /// The port's `reg` (the kernel's rule); a `port@N` without one uses N, with a warning.
    /// At most `TopologyLimits.maxPort`: a port number sizes per-port state.
    private func portNumber(of port: NodeID) throws(DeviceTreeError) -> Int {
        let node = tree[port]
        let maxPort = UInt64(TopologyLimits.maxPort)
        if let reg = node.property("reg") {
            guard let first = reg.cells.first, case .number(let value) = first.cell else {
                throw DeviceTreeError(
                    location: reg.location, message: "reg of \(tree.path(of: port)) is not a port number",
                    expected: "reg = <N>")
            }
            guard value <= maxPort else {
                throw DeviceTreeError(
                    location: first.location, message: "port number \(value) of \(tree.path(of: port)) is out of range",
                    expected: "a port from 0 to \(maxPort)")
            }
            return Int(value)
        }
        guard let unit = node.unitAddress else { return 0 }
        guard unit.count <= 4, let value = Int(unit, radix: 16) else {
            throw DeviceTreeError(
                location: node.location, message: "\(tree.path(of: port)) has no reg and its unit address is not a port number",
                expected: "port@N with reg = <N>")
        }
        guard value <= maxPort else {
            throw DeviceTreeError(
                location: node.location, message: "port number \(value) of \(tree.path(of: port)) is out of range",
                expected: "a port from 0 to \(maxPort)")
        }
        log.warn("\(tree.path(of: port)) has no reg property; using port \(value) from its unit address", at: node.location)
        return value
    }
}
