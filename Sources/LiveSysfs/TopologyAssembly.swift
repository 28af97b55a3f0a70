import CoreSightModel

/// Builds a `Topology` from what discovery found without ever failing on bad input: whatever
/// `Topology` would reject (a tracer without CPU, two tracers on one CPU, a link to a device
/// that is not a component, a port used twice) is left out and reported instead.
enum TopologyAssembly {
    static func build(
        name: String, cpuCount: Int, devices: [DiscoveredDevice], edges: [Connection],
        savesContextOverIdle: Bool
    ) -> (topology: Topology?, problems: [SysfsProblem]) {
        var problems: [SysfsProblem] = []
        var components: [Component] = []
        var tracerOfCPU: [Int: String] = [:]
        for device in devices {
            guard let component = device.component else { continue }
            guard components.count < TopologyLimits.maxComponents else {
                problems.append(SysfsProblem(
                    subject: "topology", message: "more than \(TopologyLimits.maxComponents) components; the rest left out"))
                break
            }
            if let cpu = component.cpu, cpu >= cpuCount {
                problems.append(SysfsProblem(subject: component.name, message: "left out of the topology: cpu\(cpu) does not exist"))
                continue
            }
            if component.subtype.isTracer {
                guard let cpu = component.cpu else {
                    problems.append(SysfsProblem(subject: component.name, message: "left out of the topology: a per-CPU tracer with no CPU"))
                    continue
                }
                if let first = tracerOfCPU[cpu] {
                    problems.append(SysfsProblem(subject: component.name, message: "left out of the topology: cpu\(cpu) already has \(first)"))
                    continue
                }
                tracerOfCPU[cpu] = component.name
            }
            components.append(component)
        }
        let order = Dictionary(uniqueKeysWithValues: components.enumerated().map { ($1.name, $0) })
        var outputsUsed = Set<PortKey>()
        var inputsUsed = Set<PortKey>()
        var connections: [Connection] = []
        for edge in edges {
            let text = "\(edge.from):\(edge.outport) → \(edge.to):\(edge.inport)"
            // Readers refuse such ports already; a port number sizes per-port arrays.
            guard (0...TopologyLimits.maxPort).contains(edge.outport), (0...TopologyLimits.maxPort).contains(edge.inport) else {
                problems.append(SysfsProblem(subject: edge.from, message: "trace link \(text) left out: port number above \(TopologyLimits.maxPort)"))
                continue
            }
            guard connections.count < TopologyLimits.maxConnections else {
                problems.append(SysfsProblem(
                    subject: "topology", message: "more than \(TopologyLimits.maxConnections) trace links; the rest left out"))
                break
            }
            guard order[edge.from] != nil, order[edge.to] != nil else {
                let absent = order[edge.from] == nil ? edge.from : edge.to
                problems.append(SysfsProblem(subject: edge.from, message: "trace link \(text) left out: \(absent) is not in the topology"))
                continue
            }
            guard outputsUsed.insert(PortKey(device: edge.from, port: edge.outport)).inserted,
                inputsUsed.insert(PortKey(device: edge.to, port: edge.inport)).inserted
            else {
                problems.append(SysfsProblem(subject: edge.from, message: "trace link \(text) left out: its port is already linked"))
                continue
            }
            connections.append(edge)
        }
        connections.sort { (order[$0.from]!, $0.outport) < (order[$1.from]!, $1.outport) }
        problems += cycles(in: connections, order: components.map(\.name))
        do {
            let topology = try Topology(
                name: name, cpuCount: cpuCount, components: components, connections: connections,
                savesContextOverIdle: savesContextOverIdle)
            return (topology, problems)
        } catch {
            // Not expected after the checks above; keep the components at least.
            problems.append(SysfsProblem(subject: "topology", message: "\(error); trace links left out"))
            let bare = try? Topology(
                name: name, cpuCount: cpuCount, components: components, connections: [],
                savesContextOverIdle: savesContextOverIdle)
            return (bare, problems)
        }
    }

    private struct PortKey: Hashable {
        var device: String
        var port: Int
    }

    /// One problem per cycle closed by a back edge of a depth-first walk. Cycles are kept in
    /// the topology (path searches guard against them) but a real board has none. The walk
    /// keeps its own stack: a chain of thousands of links must not exhaust the thread's.
    static func cycles(in connections: [Connection], order: [String]) -> [SysfsProblem] {
        var next: [String: [String]] = [:]
        for connection in connections { next[connection.from, default: []].append(connection.to) }
        enum Mark { case onStack, done }
        var marks: [String: Mark] = [:]
        var problems: [SysfsProblem] = []
        // The path from the walk's start, each node with the index of its next peer to visit.
        var stack: [(node: String, peer: Int)] = []
        for start in order where marks[start] == nil {
            marks[start] = .onStack
            stack.append((start, 0))
            while let (node, peerIndex) = stack.last {
                let peers = next[node] ?? []
                guard peerIndex < peers.count else {
                    marks[node] = .done
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].peer += 1
                let peer = peers[peerIndex]
                switch marks[peer] {
                case .onStack:
                    let from = stack.lastIndex { $0.node == peer }!
                    let loop = stack[from...].map(\.node) + [peer]
                    problems.append(SysfsProblem(subject: peer, message: "trace links form a cycle: " + loop.joined(separator: " → ")))
                case .done: break
                case nil:
                    marks[peer] = .onStack
                    stack.append((peer, 0))
                }
            }
        }
        return problems
    }
}
