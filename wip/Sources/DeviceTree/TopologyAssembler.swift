import CoreSightModel

/// Turns the merged device tree into a topology: finds the enabled CoreSight nodes, binds trace
/// units to logical CPUs, reads the graph, decides TMC flavours, names everything as sysfs
/// would, and validates the result.
struct TopologyAssembler {
    let tree: DeviceTree
    let options: DeviceTreeOptions
    let log: DiagnosticLog
    let fileName: String
    private(set) var assumptions: [String] = []

    init(tree: DeviceTree, options: DeviceTreeOptions, log: DiagnosticLog, fileName: String) {
        self.tree = tree
        self.options = options
        self.log = log
        self.fileName = fileName
    }

    mutating func assemble() throws(DeviceTreeError) -> Topology {
        let cpus = try CPUNumbering(tree: tree, bootCPU: options.bootCPU)
        assumptions.append(cpus.bootAssumption(tree: tree, given: options.bootCPU != nil))
        var components = try findComponents(cpus: cpus)
        try checkOneTracerPerCPU(components)
        let graph = GraphReader(tree: tree, log: log)
        var links: [[OutputLink]] = []
        for component in components {
            links.append(component.kind == .trbe ? [] : try graph.outputLinks(of: component.node))
        }
        decideTMCFlavours(&components, links: links)
        assumptions += ComponentNaming.assignNames(&components)
        noteContextSave(components)

        let order = components.indices.sorted { Self.sortKey(components[$0]) < Self.sortKey(components[$1]) }
        let connections = try connect(components, links: links, order: order)
        if components.isEmpty {
            log.warn("no enabled CoreSight trace component found", at: tree[DeviceTree.root].location)
        }
        let name = tree[DeviceTree.root].property("model")?.strings.first ?? IncludePath.baseName(of: fileName)
        do {
            return try Topology(
                name: name, cpuCount: cpus.count,
                components: order.map { index in
                    let found = components[index]
                    return Component(name: found.name, subtype: found.subtype, cpu: found.cpu, address: found.address)
                },
                connections: connections,
                savesContextOverIdle: options.savesContextOverIdle ?? true)
        } catch {
            throw DeviceTreeError(location: location(of: error, in: components), message: error.description)
        }
    }

    // MARK: Finding components

    private mutating func findComponents(cpus: CPUNumbering) throws(DeviceTreeError) -> [FoundComponent] {
        var found: [FoundComponent] = []
        var leftOut: [(what: String, count: Int)] = []
        func noteLeftOut(_ what: String) {
            if let index = leftOut.firstIndex(where: { $0.what == what }) {
                leftOut[index].count += 1
            } else {
                leftOut.append((what, 1))
            }
        }
        var trbe: NodeID?
        for node in tree.preorder() where node != DeviceTree.root {
            let compatibles = tree.compatibles(of: node)
            guard let kind = CoreSightKind.of(compatibles: compatibles), tree.isAvailable(node) else { continue }
            let isAMBA = compatibles.contains("arm,primecell")
            let address = tree.registerBase(of: node)
            let subtype: ComponentSubtype
            switch kind {
            case .notModelled(let what):
                noteLeftOut(what)
                continue
            case .catu:
                noteLeftOut("CATU")
                continue
            case .trbe:
                if trbe == nil {
                    trbe = node
                } else {
                    log.warn("a second TRBE node: \(tree.displayName(of: node)) is ignored (TRBE is described once for all CPUs)",
                             at: tree[node].location)
                }
                continue
            case .tracer(let tracer):
                guard let cpu = try boundCPU(of: node, cpus: cpus) else { continue }
                found.append(FoundComponent(node: node, kind: kind, isAMBA: isAMBA, subtype: tracer, cpu: cpu, address: address))
                continue
            case .stm: subtype = .stm
            case .funnel: subtype = .funnel
            case .replicator: subtype = .replicator
            case .tmc: subtype = .etr  // decided once the graph is read
            case .etb10: subtype = .etb
            case .tpiu: subtype = .tpiu
            }
            found.append(FoundComponent(node: node, kind: kind, isAMBA: isAMBA, subtype: subtype, address: address))
        }
        if let trbe { found += trbeSinks(trbe, tracers: found, cpus: cpus) }
        if !leftOut.isEmpty {
            let list = leftOut.map { "\($0.count) \($0.what)" }.joined(separator: ", ")
            assumptions.append("left out (not on the trace paths csx models): \(list)")
        }
        return found
    }

    /// The logical CPU of a trace unit's `cpu` phandle; nil (with a warning) for a disabled
    /// CPU, whose trace unit the kernel never probes.
    private func boundCPU(of node: NodeID, cpus: CPUNumbering) throws(DeviceTreeError) -> Int? {
        let display = tree.displayName(of: node)
        guard let property = tree[node].property("cpu") else {
            throw DeviceTreeError(
                location: tree[node].location, message: "\(display) has no cpu property",
                expected: "cpu = <&label of its cpu node>")
        }
        guard property.pieces.count == 1, property.cells.count == 1, case .reference(let reference) = property.cells[0].cell else {
            throw DeviceTreeError(
                location: property.location, message: "cpu of \(display) is not a single reference",
                expected: "cpu = <&label of its cpu node>")
        }
        guard let target = tree.resolve(reference.target) else {
            throw DeviceTreeError(
                location: reference.location, message: "\(reference.target) is not defined",
                expected: "the label of a cpu node")
        }
        guard cpus.isCPUNode(target) else {
            throw DeviceTreeError(
                location: reference.location, message: "cpu of \(display) is \(tree.path(of: target)), not a cpu node",
                expected: "a cpu node under /cpus")
        }
        guard let logical = cpus.logicalCPU(of: target) else {
            log.warn("\(display) is bound to \(tree[target].name), which is disabled; it is left out", at: tree[node].location)
            return nil
        }
        return logical
    }

    private func checkOneTracerPerCPU(_ components: [FoundComponent]) throws(DeviceTreeError) {
        var tracerOfCPU: [Int: NodeID] = [:]
        for component in components where component.subtype.isTracer {
            guard let cpu = component.cpu else { continue }
            if let first = tracerOfCPU[cpu] {
                throw DeviceTreeError(
                    location: tree[component.node].location,
                    message: "\(tree.displayName(of: component.node)) and \(tree.displayName(of: first)) are both bound to logical CPU \(cpu)",
                    expected: "one trace unit per CPU")
            }
            tracerOfCPU[cpu] = component.node
        }
    }

    /// TRBE is one node for all CPUs but one sink per CPU in sysfs (`trbe<N>`); csx gives one
    /// to each CPU with an ETE (TRBE needs one), or to every CPU when no ETE is described.
    private mutating func trbeSinks(_ node: NodeID, tracers: [FoundComponent], cpus: CPUNumbering) -> [FoundComponent] {
        let withETE = tracers.filter { $0.subtype == .ete }.compactMap(\.cpu).sorted()
        let sinkCPUs = withETE.isEmpty ? Array(0..<cpus.count) : withETE
        assumptions.append(withETE.isEmpty
            ? "trbe: one TRBE sink on every CPU (no ETE node says which CPUs have one); TRBE is perf-only and has no trace connections"
            : "trbe: one TRBE sink per CPU with an ETE (CPU \(withETE.map(String.init).joined(separator: ", "))); TRBE is perf-only and has no trace connections")
        return sinkCPUs.map { cpu in
            FoundComponent(node: node, kind: .trbe, isAMBA: false, subtype: .trbe, cpu: cpu, address: nil)
        }
    }

    // MARK: Graph

    private mutating func decideTMCFlavours(_ components: inout [FoundComponent], links: [[OutputLink]]) {
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
    private mutating func connect(
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

    // MARK: Notes and order

    private mutating func noteContextSave(_ components: [FoundComponent]) {
        guard options.savesContextOverIdle == nil else { return }
        let tracers = components.filter(\.subtype.isTracer)
        guard !tracers.isEmpty, !tracers.contains(where: { tree[$0.node].has("arm,coresight-loses-context-with-cpu") }) else { return }
        assumptions.append("idle context save kept on (csx's default), although no trace unit has arm,coresight-loses-context-with-cpu (a kernel with pm_save_enable=firmware would not save)")
    }

    /// Sources, links, sinks; then by prefix and number, as the built-in boards list them.
    private static func sortKey(_ component: FoundComponent) -> String {
        let rank = switch component.subtype.type {
        case .source: "0"
        case .link: "1"
        case .sink: "2"
        }
        let number = String(component.number)
        return rank + component.prefix + String(repeating: "0", count: max(0, 8 - number.count)) + number
    }

    private func location(of error: TopologyError, in components: [FoundComponent]) -> SourceLocation {
        let name: String? = switch error {
        case .duplicateName(let name), .unknownComponent(let name, _), .tracerWithoutCPU(let name): name
        case .cpuOutOfRange(let component, _, _), .duplicatePort(let component, _, _): component
        case .twoTracersOnOneCPU(_, _, let second): second
        case .badCPUCount: nil
        }
        if let name, let component = components.first(where: { $0.name == name }) { return tree[component.node].location }
        return tree[DeviceTree.root].location
    }
}
