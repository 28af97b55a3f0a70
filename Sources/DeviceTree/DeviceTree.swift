typealias NodeID = Int

/// One node of the merged tree. Overrides (`&label { }`) and repeated definitions merge into it.
struct Node {
    var name: String
    var labels: [String] = []
    private(set) var properties: [Property] = []
    private(set) var children: [NodeID] = []
    var parent: NodeID?
    /// Indexes of `properties` and `children` by name (and children by base name), so merging
    /// and looking up never scan a node's members: a hostile file cannot make them quadratic.
    private var propertyIndex: [String: Int] = [:]
    private var childByName: [String: NodeID] = [:]
    private var childrenByBaseName: [String: [NodeID]] = [:]
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

    init(name: String, parent: NodeID? = nil, location: SourceLocation, isDeleted: Bool = false) {
        self.name = name
        self.parent = parent
        self.location = location
        self.isDeleted = isDeleted
    }

    func property(_ name: String) -> Property? { propertyIndex[name].map { properties[$0] } }

    func has(_ name: String) -> Bool { propertyIndex[name] != nil }

    func child(named name: String) -> NodeID? { childByName[name] }

    func children(withBaseName baseName: Substring) -> [NodeID] { childrenByBaseName[String(baseName)] ?? [] }

    /// Sets a property, replacing an earlier value in place; false when it would be one too many.
    mutating func set(_ property: Property, limit: Int) -> Bool {
        if let index = propertyIndex[property.name] {
            properties[index] = property
            return true
        }
        guard properties.count < limit else { return false }
        propertyIndex[property.name] = properties.count
        properties.append(property)
        return true
    }

    mutating func removeProperty(named name: String) {
        guard propertyIndex[name] != nil else { return }
        properties.removeAll { $0.name == name }
        propertyIndex = Dictionary(uniqueKeysWithValues: properties.enumerated().map { ($0.element.name, $0.offset) })
    }

    mutating func addChild(_ id: NodeID, named name: String, baseName: Substring) {
        children.append(id)
        childByName[name] = id
        childrenByBaseName[String(baseName), default: []].append(id)
    }

    mutating func removeChild(_ id: NodeID, named name: String, baseName: Substring) {
        children.removeAll { $0 == id }
        if childByName[name] == id { childByName[name] = nil }
        childrenByBaseName[String(baseName)]?.removeAll { $0 == id }
    }
}

/// The device tree after every include, override and deletion, as dtc would build it: nodes in
/// an arena, children in definition order (merged nodes keep their first position).
struct DeviceTree {
    static let root: NodeID = 0

    private(set) var nodes: [Node]
    private var labelTargets: [String: NodeID] = [:]
    let limits: DeviceTreeLimits

    init(rootLocation: SourceLocation, limits: DeviceTreeLimits = .init()) {
        nodes = [Node(name: "", location: rootLocation)]
        self.limits = limits
    }

    subscript(id: NodeID) -> Node { nodes[id] }

    func child(of parent: NodeID, named name: String) -> NodeID? { nodes[parent].child(named: name) }

    /// The existing child of that name (to merge into) or a new one at the end.
    mutating func childForDefinition(of parent: NodeID, named name: String, at location: SourceLocation) throws(DeviceTreeError) -> NodeID {
        if let existing = child(of: parent, named: name) { return existing }
        guard nodes[parent].children.count < limits.maxChildren else {
            throw DeviceTreeError(
                location: location, message: "\(displayName(of: parent)) has more than \(limits.maxChildren) children",
                expected: "at most \(limits.maxChildren) child nodes per node")
        }
        // Children of a detached node are detached too: their labels must not resolve.
        let id = try newNode(Node(name: name, parent: parent, location: location, isDeleted: nodes[parent].isDeleted))
        nodes[parent].addChild(id, named: name, baseName: nodes[id].baseName)
        return id
    }

    /// A node outside the tree, for the body of an override whose target is unknown.
    mutating func detachedNode(at location: SourceLocation) throws(DeviceTreeError) -> NodeID {
        try newNode(Node(name: "(detached)", location: location, isDeleted: true))
    }

    private mutating func newNode(_ node: Node) throws(DeviceTreeError) -> NodeID {
        guard nodes.count < limits.maxNodes else {
            throw DeviceTreeError(
                location: node.location, message: "the tree has more than \(limits.maxNodes) nodes",
                expected: "at most \(limits.maxNodes) nodes")
        }
        nodes.append(node)
        return nodes.count - 1
    }

    /// Sets a property, replacing an earlier value in place.
    mutating func set(_ property: Property, on node: NodeID) throws(DeviceTreeError) {
        guard nodes[node].set(property, limit: limits.maxProperties) else {
            throw DeviceTreeError(
                location: property.location, message: "\(displayName(of: node)) has more than \(limits.maxProperties) properties",
                expected: "at most \(limits.maxProperties) properties per node")
        }
    }

    mutating func removeProperty(named name: String, from node: NodeID) {
        nodes[node].removeProperty(named: name)
    }

    /// Removes a node and everything below it; their labels stop resolving.
    mutating func delete(_ node: NodeID) {
        guard node != Self.root else { return }
        if let parent = nodes[node].parent {
            nodes[parent].removeChild(node, named: nodes[node].name, baseName: nodes[node].baseName)
        }
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
        guard !nodes[node].labels.contains(label) else { return }
        guard nodes[node].labels.count < limits.maxLabels else {
            throw DeviceTreeError(
                location: location, message: "\(displayName(of: node)) has more than \(limits.maxLabels) labels",
                expected: "at most \(limits.maxLabels) labels per node")
        }
        nodes[node].labels.append(label)
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
            if let exact = nodes[current].child(named: String(step)) {
                current = exact
                continue
            }
            guard !step.contains("@") else { return nil }
            let matches = nodes[current].children(withBaseName: step)
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
