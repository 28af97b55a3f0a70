import CoreSightModel

/// Turns the merged device tree into a topology: finds the enabled CoreSight nodes, binds trace
/// units to logical CPUs, reads the graph, decides TMC flavours, names everything as sysfs
/// would, and validates the result.
struct TopologyAssembler {
    let tree: DeviceTree
    let options: DeviceTreeOptions
    let log: DiagnosticLog
    let fileName: String
    /// One sentence per fact the topology depends on that the DTS does not state.
    var assumptions: [String] = []

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
        let name = boardName()
        do {
            return try Topology(
                name: name, cpuCount: cpus.count,
                components: order.map { index in
                    let found = components[index]
                    return Component(name: found.name, subtype: found.subtype, cpu: found.cpu, address: found.address)
                },
                connections: connections,
                savesContextOverIdle: options.savesContextOverIdle ?? Self.firmwareSavesContext(components, in: tree))
        } catch {
            throw DeviceTreeError(location: location(of: error, in: components), message: error.description)
        }
    }

    // MARK: Notes and order

    /// The root's `model`, or the file's base name when it has none or one csx cannot show
    /// (too long, control characters).
    private func boardName() -> String {
        let fallback = IncludePath.baseName(of: fileName)
        guard let model = tree[DeviceTree.root].property("model") else { return fallback }
        guard let text = model.strings.first, Topology.isUsableName(text, allowingSpaces: true) else {
            log.warn("model is not a usable board name (1 to \(TopologyLimits.maxNameLength) characters, no control characters); the board is named \(fallback)",
                     at: model.location)
            return fallback
        }
        return text
    }

    /// What `pm_save_enable=firmware` resolves to: `etm4_probe()` of the first ETM probed (the
    /// first in the tree) rewrites the parameter for all from its node's
    /// `arm,coresight-loses-context-with-cpu`.
    static func firmwareSavesContext(_ components: [FoundComponent], in tree: DeviceTree) -> Bool {
        guard let first = components.first(where: \.subtype.isTracer) else { return false }
        return tree[first.node].has("arm,coresight-loses-context-with-cpu")
    }

    private mutating func noteContextSave(_ components: [FoundComponent]) {
        guard options.savesContextOverIdle == nil, let first = components.first(where: \.subtype.isTracer) else { return }
        let saves = Self.firmwareSavesContext(components, in: tree)
        let others = components.filter { $0.subtype.isTracer && $0.node != first.node }
        let disagree = others.contains { tree[$0.node].has("arm,coresight-loses-context-with-cpu") == !saves }
        assumptions.append(
            "pm_save_enable=firmware resolves to \(saves ? "self-hosted" : "never"): the first trace unit, \(tree.path(of: first.node)), "
                + "\(saves ? "has" : "has no") arm,coresight-loses-context-with-cpu"
                + (disagree ? " (other trace units disagree; the kernel follows the first one probed)" : ""))
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
        case .cpuOutOfRange(let component, _, _), .duplicatePort(let component, _, _),
            .portOutOfRange(let component, _, _), .badName(let component, _):
            component
        case .twoTracersOnOneCPU(_, _, let second): second
        case .badCPUCount, .tooManyComponents, .tooManyConnections: nil
        }
        if let name, let component = components.first(where: { $0.name == name }) { return tree[component.node].location }
        return tree[DeviceTree.root].location
    }
}
