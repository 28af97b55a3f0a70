import CoreSightModel

/// Which enabled nodes become components, and the CPU each per-CPU one belongs to.
extension TopologyAssembler {
    mutating func findComponents(cpus: CPUNumbering) throws(DeviceTreeError) -> [FoundComponent] {
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

    func checkOneTracerPerCPU(_ components: [FoundComponent]) throws(DeviceTreeError) {
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
}
