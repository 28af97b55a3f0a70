import SafeText

/// A validated CoreSight graph with dense integer indices, ready for the simulation.
///
/// Components keep the order they were given in; `ComponentID` is an index into `components`.
/// Adjacency lists are sorted by port number, which is the order the kernel walks them in.
public struct Topology: Sendable, Hashable {
    public typealias ComponentID = Int

    /// An edge as seen from one end.
    public struct Edge: Sendable, Hashable {
        public var localPort: Int
        public var peer: ComponentID
        public var peerPort: Int
    }

    public let name: String
    public let cpuCount: Int
    public let components: [Component]
    public let connections: [Connection]
    public let savesContextOverIdle: Bool
    /// Output edges per component, by output port.
    public let outputs: [[Edge]]
    /// Input edges per component, by input port.
    public let inputs: [[Edge]]
    /// The per-CPU tracer (ETM/ETE) of each CPU, if it has one.
    public let tracerOfCPU: [ComponentID?]
    /// The per-CPU sink (TRBE) of each CPU, if it has one: the first one listed, as the kernel
    /// keeps the first sink registered for a CPU (`coresight_set_percpu_sink()`).
    public let perCPUSinkOfCPU: [ComponentID?]
    private let indexByName: [String: ComponentID]

    /// Checks every number against `TopologyLimits` before anything is sized by it: a topology
    /// may come from a device tree, a sysfs tree or a session header, all of them hostile.
    public init(
        name: String, cpuCount: Int, components: [Component], connections: [Connection],
        savesContextOverIdle: Bool = true
    ) throws(TopologyError) {
        guard (1...TopologyLimits.maxCPUs).contains(cpuCount) else { throw .badCPUCount(cpuCount) }
        guard components.count <= TopologyLimits.maxComponents else { throw .tooManyComponents(components.count) }
        guard connections.count <= TopologyLimits.maxConnections else { throw .tooManyConnections(connections.count) }
        guard Self.isUsableName(name, allowingSpaces: true) else { throw .badName(name, what: "board") }
        var index: [String: ComponentID] = [:]
        var tracerOfCPU = [ComponentID?](repeating: nil, count: cpuCount)
        var perCPUSinkOfCPU = [ComponentID?](repeating: nil, count: cpuCount)
        for (id, component) in components.enumerated() {
            guard Self.isUsableName(component.name, allowingSpaces: false) else {
                throw .badName(component.name, what: "component")
            }
            guard index.updateValue(id, forKey: component.name) == nil else {
                throw .duplicateName(component.name)
            }
            if let cpu = component.cpu, !(0..<cpuCount).contains(cpu) {
                throw .cpuOutOfRange(component: component.name, cpu: cpu, cpuCount: cpuCount)
            }
            if component.subtype.isTracer {
                guard let cpu = component.cpu else { throw .tracerWithoutCPU(component.name) }
                if let first = tracerOfCPU[cpu] {
                    throw .twoTracersOnOneCPU(
                        cpu: cpu, first: components[first].name, second: component.name)
                }
                tracerOfCPU[cpu] = id
            }
            if component.subtype.isPerCPUSink, let cpu = component.cpu, perCPUSinkOfCPU[cpu] == nil {
                perCPUSinkOfCPU[cpu] = id
            }
        }
        var outputs = [[Edge]](repeating: [], count: components.count)
        var inputs = [[Edge]](repeating: [], count: components.count)
        // One set per direction keyed by (component, port): a constant-time check per connection.
        var usedOutputs = Set<Int>()
        var usedInputs = Set<Int>()
        let portsPerComponent = TopologyLimits.maxPort + 1
        for connection in connections {
            let context = "connection \(connection.from):\(connection.outport) -> \(connection.to):\(connection.inport)"
            guard let from = index[connection.from] else { throw .unknownComponent(connection.from, in: context) }
            guard let to = index[connection.to] else { throw .unknownComponent(connection.to, in: context) }
            guard (0...TopologyLimits.maxPort).contains(connection.outport) else {
                throw .portOutOfRange(component: connection.from, port: connection.outport, direction: "output")
            }
            guard (0...TopologyLimits.maxPort).contains(connection.inport) else {
                throw .portOutOfRange(component: connection.to, port: connection.inport, direction: "input")
            }
            // A port carries one connection in every CoreSight binding.
            guard usedOutputs.insert(from * portsPerComponent + connection.outport).inserted else {
                throw .duplicatePort(component: connection.from, port: connection.outport, direction: "output")
            }
            guard usedInputs.insert(to * portsPerComponent + connection.inport).inserted else {
                throw .duplicatePort(component: connection.to, port: connection.inport, direction: "input")
            }
            outputs[from].append(Edge(localPort: connection.outport, peer: to, peerPort: connection.inport))
            inputs[to].append(Edge(localPort: connection.inport, peer: from, peerPort: connection.outport))
        }
        for id in components.indices {
            outputs[id].sort { $0.localPort < $1.localPort }
            inputs[id].sort { $0.localPort < $1.localPort }
        }
        self.name = name
        self.cpuCount = cpuCount
        self.components = components
        self.connections = connections
        self.savesContextOverIdle = savesContextOverIdle
        self.outputs = outputs
        self.inputs = inputs
        self.tracerOfCPU = tracerOfCPU
        self.perCPUSinkOfCPU = perCPUSinkOfCPU
        self.indexByName = index
    }

    /// 1 to `maxNameLength` characters, nothing a terminal would act on; component names are
    /// single words (the action language splits on blanks), board names may have spaces.
    public static func isUsableName(_ name: String, allowingSpaces: Bool) -> Bool {
        guard !name.isEmpty, name.utf8.count <= TopologyLimits.maxNameLength * 4,
            name.count <= TopologyLimits.maxNameLength, Echo.isInert(name)
        else { return false }
        return allowingSpaces || !name.contains(" ")
    }

    public func id(named name: String) -> ComponentID? { indexByName[name] }

    public subscript(id: ComponentID) -> Component { components[id] }

    /// Names of every component of one type, in topology order (for error messages).
    public func names(where predicate: (Component) -> Bool) -> [String] {
        components.filter(predicate).map(\.name)
    }

    /// The largest port number used on either side of a component, plus one (at most
    /// `TopologyLimits.maxPort + 1`: `init` refuses larger ports).
    public func portCount(of id: ComponentID) -> Int {
        let outs = outputs[id].map(\.localPort).max() ?? -1
        let ins = inputs[id].map(\.localPort).max() ?? -1
        return max(outs, ins) + 1
    }
}
