typealias NodeID = Int

/// One node of the merged tree. Overrides (`&label { }`) and repeated definitions merge into it.
struct Node {
    var name: String
    var labels: [String] = []
    var properties: [Property] = []
    var children: [NodeID] = []
    var parent: NodeID?
    /// Where the node was first defined.
    var location: SourceLocation
    var isDeleted = false

    /// `etm` of `etm@22040000`.
    var baseName: Substring { name.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)[0] }

    /// `22040000` of `etm@22040000`.
    var unitAddress: Substring? {
        guard let at = name.firstIndex(of: "@") else { return nil }
        return name[name.index(after: at)...]
    }

    func property(_ name: String) -> Property? { properties.first { $0.name == name } }

    func has(_ name: String) -> Bool { property(name) != nil }
}

/// The device tree after every include, override and deletion, as dtc would build it: nodes in
/// an arena, children in definition order (merged nodes keep their first position).
struct DeviceTree {
    static let root: NodeID = 0

    private(set) var nodes: [Node]
    private var labelTargets: [String: NodeID] = [:]

    init(rootLocation: SourceLocation) {
        nodes = [Node(name: "", location: rootLocation)]
    }

    subscript(id: NodeID) -> Node { nodes[id] }

    func child(of parent: NodeID, named name: String) -> NodeID? {
        nodes[parent].children.first { nodes[$0].name == name }
    }

    /// The existing child of that name (to merge into) or a new one at the end.
    mutating func childForDefinition(of parent: NodeID, named name: String, at location: SourceLocation) -> NodeID {
        if let existing = child(of: parent, named: name) { return existing }
        // Children of a detached node are detached too: their labels must not resolve.
        nodes.append(Node(name: name, parent: parent, location: location, isDeleted: nodes[parent].isDeleted))
        let id = nodes.count - 1
        nodes[parent].children.append(id)
        return id
    }

    /// A node outside the tree, for the body of an override whose target is unknown.
    mutating func detachedNode(at location: SourceLocation) -> NodeID {
        nodes.append(Node(name: "(detached)", location: location, isDeleted: true))
        return nodes.count - 1
    }

    /// Sets a property, replacing an earlier value in place.
    mutating func set(_ property: Property, on node: NodeID) {
        if let index = nodes[node].properties.firstIndex(where: { $0.name == property.name }) {
            nodes[node].properties[index] = property
        } else {
            nodes[node].properties.append(property)
        }
    }

    mutating func removeProperty(named name: String, from node: NodeID) {
        nodes[node].properties.removeAll { $0.name == name }
    }

    /// Removes a node and everything below it; their labels stop resolving.
    mutating func delete(_ node: NodeID) {
        guard node != Self.root else { return }
        if let parent = nodes[node].parent { nodes[parent].children.removeAll { $0 == node } }
        var pending = [node]
        while let next = pending.popLast() {
            nodes[next].isDeleted = true
            pending += nodes[next].children
        }
    }

    /// Attaches a label; a label already naming another live node is an error, as in dtc.
    mutating func addLabel(_ label: String, to node: NodeID, at location: SourceLocation) throws(DeviceTreeError) {
        if let existing = labelTargets[label], existing != node, !nodes[existing].isDeleted {
            throw DeviceTreeError(
                location: location,
                message: "label '\(label)' is already on \(displayName(of: existing)) (\(nodes[existing].location))",
                expected: "a label used once")
        }
        labelTargets[label] = node
        if !nodes[node].labels.contains(label) { nodes[node].labels.append(label) }
    }

    func node(labelled label: String) -> NodeID? {
        guard let id = labelTargets[label], !nodes[id].isDeleted else { return nil }
        return id
    }

    /// `/soc/etm@85c000`; a step without `@` also matches a lone child of that base name.
    func node(atPath path: String) -> NodeID? {
        guard path.hasPrefix("/") else { return nil }
        var current = Self.root
        for step in path.split(separator: "/") {
            if let exact = nodes[current].children.first(where: { nodes[$0].name == step }) {
                current = exact
                continue
            }
            guard !step.contains("@") else { return nil }
            let matches = nodes[current].children.filter { nodes[$0].baseName == step }
            guard matches.count == 1 else { return nil }
            current = matches[0]
        }
        return current
    }

    func resolve(_ target: ReferenceTarget) -> NodeID? {
        switch target {
        case .label(let label): node(labelled: label)
        case .path(let path): node(atPath: path)
        }
    }

    func path(of node: NodeID) -> String {
        var steps: [String] = []
        var current: NodeID? = node
        while let id = current, id != Self.root {
            steps.append(nodes[id].name)
            current = nodes[id].parent
        }
        return "/" + steps.reversed().joined(separator: "/")
    }

    /// How messages name a node: `etm@22040000`, or the full path when the name alone is vague.
    func displayName(of node: NodeID) -> String {
        nodes[node].unitAddress == nil ? path(of: node) : nodes[node].name
    }

    /// Live nodes in pre-order (the order dtc writes them and the kernel populates devices).
    func preorder(from start: NodeID = Self.root) -> [NodeID] {
        var order: [NodeID] = []
        var pending = [start]
        while let next = pending.popLast() {
            order.append(next)
            pending += nodes[next].children.reversed()
        }
        return order
    }
}
