#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoreSightModel

/// The graph from the device tree, for devices without `connections/` (kernels before
/// v5.7). Each device's parent has `of_node`, a link into
/// `firmware/devicetree/base`; its node holds ports and endpoints:
/// - v4.20+ binding: `out-ports` / `in-ports`, each with `port` (port 0) or `port@N`;
/// - older binding: one `ports` node, or a lone `port` in the node; inputs carry `slave-mode`;
/// - the port number is the port's `reg` cell (the unit address may differ), else the unit
///   address, else 0; `endpoint/remote-endpoint` holds the peer endpoint's `phandle`.
/// An output endpoint whose peer is an input endpoint of another registered device gives the
/// edge. Peers that are not registered (disabled, missing driver) give no edge, as the kernel
/// would make no link. A device without `of_node` (ACPI) has no edges here.
struct DeviceTreeLinks {
    private struct Endpoint {
        var device: Int
        var port: Int
        var isInput: Bool
        var remote: UInt32?
    }

    private let devices: [DiscoveredDevice]
    private var endpointsByPhandle: [UInt32: Endpoint] = [:]
    /// Endpoints of every modelled device that has a device-tree node.
    private var endpointsByDevice: [Int: [Endpoint]] = [:]
    /// Ports refused while indexing (a port number past `TopologyLimits.maxPort`, too many).
    private(set) var problems: [SysfsProblem] = []

    /// Ports, and endpoints per port, read from one node at most.
    static let portLimit = TopologyLimits.maxPort + 1
    static let endpointLimit = 64
    /// Endpoints read from every node together (two per trace link).
    static let totalEndpointLimit = 2 * TopologyLimits.maxConnections

    /// Indexes the endpoints of every modelled device's node (a few reads per endpoint).
    init(devices: [DiscoveredDevice], root: String) {
        self.devices = devices
        var total = 0
        for (index, device) in devices.enumerated() {
            guard let directory = device.directory, device.subtype != nil else { continue }
            let ofNode = PathText.join(PathText.parent(directory), "of_node")
            guard FileAccess.linkTarget(ofNode) != nil, case .success(let node) = FileAccess.resolveLink(ofNode, within: root) else { continue }
            guard total < Self.totalEndpointLimit else {
                problems.append(SysfsProblem(
                    subject: device.name, message: "device tree: left unread, past \(Self.totalEndpointLimit) endpoints in all"))
                continue
            }
            var found: [SysfsProblem] = []
            let endpoints = Self.endpoints(ofNode: node, device: index, problems: &found)
            problems += found.map { SysfsProblem(subject: device.name, message: "device tree: " + $0.message) }
            total += endpoints.count
            endpointsByDevice[index] = endpoints.map(\.endpoint)
            for (phandle, endpoint) in endpoints {
                if let phandle { endpointsByPhandle[phandle] = endpoint }
            }
        }
    }

    /// Whether the device has a device-tree node (not on ACPI systems).
    func hasNode(_ device: Int) -> Bool { endpointsByDevice[device] != nil }

    /// The output edges of one device; problems for outputs wired to outputs.
    func edges(from device: Int, problems: inout [SysfsProblem]) -> [Connection] {
        var edges: [Connection] = []
        for endpoint in endpointsByDevice[device] ?? [] where !endpoint.isInput {
            guard let remote = endpoint.remote, let peer = endpointsByPhandle[remote] else { continue }
            guard peer.isInput else {
                problems.append(SysfsProblem(
                    subject: devices[device].name,
                    message: "device tree: output port \(endpoint.port) leads to an output of \(devices[peer.device].name)"))
                continue
            }
            edges.append(Connection(
                from: devices[device].name, outport: endpoint.port, to: devices[peer.device].name, inport: peer.port))
        }
        return edges
    }

    private enum Direction { case input, output, bySlaveMode }

    /// Every endpoint of a device node, with its own phandle. Problems name the port (their
    /// subject is left for the caller).
    private static func endpoints(
        ofNode node: String, device: Int, problems: inout [SysfsProblem]
    ) -> [(phandle: UInt32?, endpoint: Endpoint)] {
        func note(_ message: String) { problems.append(SysfsProblem(subject: "", message: message)) }
        guard case .success(let children) = FileAccess.list(node) else { return [] }
        var ports: [(path: String, name: String, direction: Direction)] = []
        for child in children.sorted() {
            let path = PathText.join(node, child)
            switch child {
            case "in-ports", "out-ports", "ports":
                let direction: Direction = child == "in-ports" ? .input : child == "out-ports" ? .output : .bySlaveMode
                switch FileAccess.list(path) {
                case .success(let names):
                    for name in names.sorted() where isPort(name) {
                        ports.append((PathText.join(path, name), child + "/" + name, direction))
                    }
                case .failure(let error) where error.code != ENOENT:
                    note("\(child): unreadable (\(error.name))")
                case .failure: break
                }
            case _ where isPort(child):
                ports.append((path, child, .bySlaveMode))
            default: break
            }
        }
        if ports.count > portLimit {
            note("more than \(portLimit) ports; the rest left out")
            ports.removeSubrange(portLimit...)
        }
        var result: [(UInt32?, Endpoint)] = []
        for port in ports {
            guard let number = portNumber(path: port.path, name: PathText.lastComponent(port.name)) else {
                note("\(port.name): port number above \(TopologyLimits.maxPort); port left out")
                continue
            }
            guard case .success(let names) = FileAccess.list(port.path, limit: endpointLimit) else {
                note("\(port.name): unreadable, or more than \(endpointLimit) entries; port left out")
                continue
            }
            for name in names.sorted() where name == "endpoint" || name.hasPrefix("endpoint@") {
                let endpoint = PathText.join(port.path, name)
                let isInput = switch port.direction {
                case .input: true
                case .output: false
                case .bySlaveMode: FileAccess.exists(PathText.join(endpoint, "slave-mode"))
                }
                let phandle = cell(PathText.join(endpoint, "phandle")) ?? cell(PathText.join(endpoint, "linux,phandle"))
                let remote = cell(PathText.join(endpoint, "remote-endpoint"))
                result.append((phandle, Endpoint(device: device, port: number, isInput: isInput, remote: remote)))
            }
        }
        return result
    }

    private static func isPort(_ name: String) -> Bool { name == "port" || name.hasPrefix("port@") }

    /// The port's `reg` cell, else its unit address (hex), else 0; nil past
    /// `TopologyLimits.maxPort` (`port@7fffffffffffffff`, a `reg` of 0xffffffff).
    private static func portNumber(path: String, name: String) -> Int? {
        let number: UInt64
        if let reg = cell(PathText.join(path, "reg")) {
            number = UInt64(reg)
        } else if let at = name.firstIndex(of: "@") {
            let unit = name[name.index(after: at)...]
            // Too many digits is past any port; `UInt64(_:radix:)` would say nil, not "too big".
            guard !unit.isEmpty, unit.count <= 16, let value = UInt64(unit, radix: 16) else {
                return unit.allSatisfy(\.isHexDigit) && !unit.isEmpty ? nil : 0
            }
            number = value
        } else {
            number = 0
        }
        return number <= UInt64(TopologyLimits.maxPort) ? Int(number) : nil
    }

    private static func cell(_ path: String) -> UInt32? {
        guard case .success(let bytes) = FileAccess.readBytes(path, limit: 64) else { return nil }
        return SysfsValue.cell(bytes)
    }
}
