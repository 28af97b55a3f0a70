#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoreSightModel

/// Reads the CoreSight topology and the CPUs from a sysfs root.
///
/// Every entry of `bus/coresight/devices` is followed to its device directory and classified
/// (`uevent` DEVTYPE, name prefix, files; see `DeviceClassifier`). The graph comes from
/// `connections/` (v5.7+): `out:N` links give the edges, `in:N` links the input ports.
///
/// When `connections/` is missing — kernels before v5.7 have none; on newer ones a device
/// without it is reported — each such device's output links are recovered from the device
/// tree: its parent's `of_node` leads into `firmware/devicetree/base`, whose `out-ports` /
/// `in-ports` (or the pre-4.20 `ports` with `slave-mode`) endpoints name their peers by
/// phandle (`DeviceTreeLinks`). Device-tree edges get the same port numbers the kernel would
/// use, so on the fixture trees without `connections/` (juno-r2-noconn with the v4.20+
/// binding, db410c-noconn with the older one) the fallback recovers the complete graph. When
/// neither source exists (ACPI systems, no `of_node`) no edge is invented: the devices are
/// shown without links and a problem says why.
///
/// Nothing here writes, and nothing reads registers (`mgmt/`, `trcidr/` contents): reading
/// those wakes CPUs or touches hardware.
public enum SysfsDiscovery {
    /// - Parameters:
    ///   - root: the sysfs mount (`/sys`) or a tree laid out like it.
    ///   - shownAs: how messages, the board name and the result name the root (a remote board's
    ///     `host:/sys` for the copy its tree was read into); `root` itself when nil.
    /// - Throws: only when the root or `bus/coresight/devices` cannot be read at all; every
    ///   other fault is a `SysfsProblem` in the result.
    public static func discover(root: String = "/sys", shownAs: String? = nil) throws(SysfsDiscoveryError) -> SysfsDiscoveryResult {
        let shown = shownAs ?? root
        let realRoot: String
        switch FileAccess.realPath(root) {
        case .success(let path): realRoot = path
        case .failure(let error): throw .rootUnreadable(path: shown, errno: error.name)
        }
        let bus = PathText.join(realRoot, "bus/coresight/devices")
        let names: [String]
        switch FileAccess.list(bus, limit: busEntryLimit) {
        case .success(let listed): names = listed
        case .failure(let error) where error.code == ENOENT || error.code == ENOTDIR && error.reason == nil:
            throw .noCoreSightBus(path: PathText.join(shown, "bus/coresight/devices"))
        case .failure(let error): throw .busUnreadable(path: PathText.join(shown, "bus/coresight/devices"), errno: error.name)
        }

        var problems: [SysfsProblem] = []
        var devices: [DiscoveredDevice] = []
        for name in names {
            let (device, found) = DeviceReader.read(name: name, busDirectory: bus, root: realRoot)
            devices.append(device)
            problems += found
        }
        devices.sort(by: deviceOrder)
        if names.isEmpty {
            problems.append(SysfsProblem(
                subject: "bus/coresight/devices", message: "no CoreSight devices registered (drivers not loaded?)"))
        }

        let (edges, graphSource, linkProblems) = readGraph(devices: &devices, realRoot: realRoot)
        problems += linkProblems

        let listedCPUs = CPUReader.cpuCount(root: realRoot, problems: &problems)
        let cpuCount = cpuCount(listed: listedCPUs, devices: devices)
        // Without any CPU directory there is nothing to poll per CPU.
        let cpus = listedCPUs == nil ? [] : CPUReader.read(root: realRoot, cpuCount: cpuCount, problems: &problems)
        let (topology, topologyProblems) = TopologyAssembly.build(
            name: boardName(root: realRoot, given: shown), cpuCount: cpuCount, devices: devices, edges: edges,
            savesContextOverIdle: savesContextOverIdle(root: realRoot))
        problems += topologyProblems
        let nothingRead = !devices.isEmpty && devices.allSatisfy { $0.kind == .unreadable }
        return SysfsDiscoveryResult(
            root: shown, resolvedRoot: realRoot, topology: nothingRead ? nil : topology, devices: devices, cpus: cpus,
            problems: inDeviceOrder(problems, devices: devices), graphSource: graphSource)
    }

    /// Entries of `bus/coresight/devices` read at most: every one may be a component.
    public static let busEntryLimit = TopologyLimits.maxComponents

    /// Edges from `connections/`; the device tree for modelled devices without it, and for
    /// the input port of `out:` links into such devices.
    private static func readGraph(
        devices: inout [DiscoveredDevice], realRoot: String
    ) -> ([Connection], SysfsDiscoveryResult.GraphSource, [SysfsProblem]) {
        let links = ConnectionLinks.read(devices: devices, realRoot: realRoot)
        var problems = links.problems
        var edges = links.edges
        for (index, helpers) in links.helpers { devices[index].helpers = helpers }
        let needing = devices.indices.filter { devices[$0].subtype != nil && !links.covered.contains($0) }
        guard !needing.isEmpty else { return (edges, links.covered.isEmpty ? .none : .connections, problems) }

        let tree = DeviceTreeLinks(devices: devices, root: realRoot)
        let recovered = needing.filter(tree.hasNode)
        var treeProblems: [SysfsProblem] = []
        for index in recovered { edges += tree.edges(from: index, problems: &treeProblems) }
        for out in links.unpaired {
            let from = devices[out.from].name
            let to = devices[out.to].name
            let match = tree.edges(from: out.from, problems: &treeProblems)
                .first { $0.outport == out.outport && $0.to == to }
            if let match {
                edges.append(match)
            } else {
                problems.append(SysfsProblem(
                    subject: from,
                    message: "connections/out:\(out.outport): \(to) has no connections/ and the device tree does not give its input port; link left out"))
            }
        }
        if links.covered.isEmpty && recovered.isEmpty {
            problems.append(SysfsProblem(
                subject: "topology",
                message: "no trace links could be read: no connections/ (kernel before v5.7?) and no device-tree nodes (ACPI?)"))
            return (edges, .none, problems)
        }
        problems += tree.problems + treeProblems
        for index in needing {
            let name = devices[index].name
            let fromTree = tree.hasNode(index) ? "; trace links read from the device tree" : ""
            if !links.covered.isEmpty && !devices[index].hasConnections {
                // A kernel with connections/ gives every device one: its absence is a fault.
                problems.append(SysfsProblem(subject: name, message: "connections/: missing" + fromTree))
            } else if !tree.hasNode(index) {
                problems.append(SysfsProblem(
                    subject: name, message: "no connections/ and no device-tree node (of_node): its trace links are unknown"))
            }
        }
        return (edges, links.covered.isEmpty ? .deviceTree : .mixed, problems)
    }

    /// `possible`, else the `cpuN` directories; never fewer than the per-CPU devices need,
    /// never more than `TopologyLimits.maxCPUs` (CPU numbers are read below it).
    private static func cpuCount(listed: Int?, devices: [DiscoveredDevice]) -> Int {
        let listed = listed ?? 0
        let needed = devices.compactMap(\.component?.cpu).filter { $0 < TopologyLimits.maxCPUs }.max().map { $0 + 1 } ?? 0
        return min(max(listed, needed, 1), TopologyLimits.maxCPUs)
    }

    /// The device tree's `model` ("ARM Juno development board (r2)"), else the root as given;
    /// escaped and cut to a name's length.
    private static func boardName(root: String, given: String) -> String {
        if case .success(let model) = FileAccess.readText(PathText.join(root, "firmware/devicetree/base/model")),
            !model.isEmpty
        {
            return SysfsName.display(model)
        }
        return SysfsName.display("sysfs \(given)")
    }

    /// `pm_save_enable`: 2 = save context over idle, 1 = never; unknown keeps the model default.
    private static func savesContextOverIdle(root: String) -> Bool {
        let path = PathText.join(root, "module/coresight_etm4x/parameters/pm_save_enable")
        guard case .success(let bytes) = FileAccess.readBytes(path), let value = SysfsValue.decimal(bytes) else { return true }
        return value != 1
    }

    /// Sources, links, sinks, other devices, unreadable entries; `etm2` before `etm10`.
    private static func deviceOrder(_ a: DiscoveredDevice, _ b: DiscoveredDevice) -> Bool {
        func rank(_ device: DiscoveredDevice) -> Int {
            switch device.kind {
            case .component(let subtype):
                switch subtype.type {
                case .source: 0
                case .link: 1
                case .sink: 2
                }
            case .other: 3
            case .unreadable: 4
            }
        }
        let (ra, rb) = (rank(a), rank(b))
        return ra != rb ? ra < rb : NaturalOrder.precedes(a.name, b.name)
    }

    /// Device problems in device order, then CPUs, then the rest; each group keeps its order.
    private static func inDeviceOrder(_ problems: [SysfsProblem], devices: [DiscoveredDevice]) -> [SysfsProblem] {
        let rank = Dictionary(uniqueKeysWithValues: devices.enumerated().map { ($1.name, $0) })
        func key(_ problem: SysfsProblem) -> Int {
            if let index = rank[problem.subject] { return index }
            if let cpu = DeviceClassifier.splitIndex(problem.subject), cpu.prefix == "cpu" { return devices.count + cpu.index }
            return Int.max
        }
        return problems.enumerated()
            .sorted { (key($0.element), $0.offset) < (key($1.element), $1.offset) }
            .map(\.element)
    }
}
