/// Logical CPU numbers as arm64 Linux assigns them (`of_parse_and_init_cpus()`): the boot CPU
/// is 0, the other enabled cpu nodes under `/cpus` follow in DT order. A DTS does not say which
/// CPU boots, so that is an option (default: the first enabled cpu node).
struct CPUNumbering {
    private(set) var logicalByNode: [NodeID: Int] = [:]
    /// Every cpu node, enabled or not, in DT order.
    let cpuNodes: [NodeID]
    private let cpuNodeSet: Set<NodeID>
    let bootNode: NodeID
    var count: Int { logicalByNode.count }

    init(tree: DeviceTree, bootCPU: String?) throws(DeviceTreeError) {
        guard let cpusNode = tree.child(of: DeviceTree.root, named: "cpus") else {
            throw DeviceTreeError(
                location: tree[DeviceTree.root].location, message: "the device tree has no /cpus node",
                expected: "a /cpus node with cpu@N children")
        }
        // cpu-map, idle-states, l2-cache and the like are not CPUs.
        cpuNodes = tree[cpusNode].children.filter { node in
            tree[node].property("device_type")?.strings.first == "cpu" || tree[node].baseName == "cpu"
        }
        cpuNodeSet = Set(cpuNodes)
        let enabled = cpuNodes.filter { tree.isEnabled($0) }
        guard let first = enabled.first else {
            throw DeviceTreeError(
                location: tree[cpusNode].location, message: "/cpus has no enabled cpu node",
                expected: "cpu@N nodes with device_type = \"cpu\"")
        }
        if let bootCPU {
            let matches = cpuNodes.filter { node in
                tree[node].name == bootCPU || tree[node].labels.contains(bootCPU) || tree.path(of: node) == bootCPU
            }
            guard let match = matches.first else {
                let known = cpuNodes.map { node in
                    tree[node].labels.isEmpty ? tree[node].name : "\(tree[node].name) (\(tree[node].labels.joined(separator: ", ")))"
                }
                throw DeviceTreeError(
                    location: nil, message: "boot CPU '\(bootCPU)' is not a cpu node of this device tree",
                    expected: "one of \(known.joined(separator: ", "))")
            }
            guard tree.isEnabled(match) else {
                throw DeviceTreeError(
                    location: tree[match].location, message: "boot CPU \(tree[match].name) is disabled",
                    expected: "an enabled cpu node")
            }
            bootNode = match
        } else {
            bootNode = first
        }
        logicalByNode[bootNode] = 0
        for node in enabled where node != bootNode { logicalByNode[node] = logicalByNode.count }
    }

    func logicalCPU(of node: NodeID) -> Int? { logicalByNode[node] }

    func isCPUNode(_ node: NodeID) -> Bool { cpuNodeSet.contains(node) }

    /// One sentence on which CPU is logical 0 and why.
    func bootAssumption(tree: DeviceTree, given: Bool) -> String {
        let name = tree[bootNode].labels.isEmpty
            ? tree[bootNode].name : "\(tree[bootNode].name) (\(tree[bootNode].labels.joined(separator: ", ")))"
        return given
            ? "boot CPU (logical CPU 0): \(name), as given; the other CPUs follow in /cpus order"
            : "boot CPU (logical CPU 0): \(name), the first cpu node (a DTS does not say which CPU boots); the others follow in /cpus order"
    }
}
