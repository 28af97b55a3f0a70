#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoreSightModel

/// The graph from `connections/` (kernel v5.7+): A's `out:<p>` links to
/// B's directory and B's `in:<q>` links back to A, for the trace link A:p → B:q. Edges are
/// read from `out:` links and paired with `in:` links for the input port; anything else in
/// the directory except `nr_links` is a helper association (CTI), not a trace edge.
struct ConnectionLinks {
    var edges: [Connection] = []
    var problems: [SysfsProblem] = []
    /// Helper associations, by device index.
    var helpers: [Int: [String]] = [:]
    /// Devices whose `connections/` could be listed.
    var covered: Set<Int> = []
    /// `out:` links to devices without `connections/`: their input port must come from
    /// elsewhere (the device tree).
    var unpaired: [(from: Int, outport: Int, to: Int)] = []

    private struct Link {
        /// The device whose `connections/` holds the link.
        var owner: Int
        var port: Int
        /// The device it links to.
        var peer: Int
    }

    /// Entries of one `connections/` directory read at most: an input and an output link per
    /// port, and as many helper links.
    static let linkLimit = 4 * (TopologyLimits.maxPort + 1)
    /// Links read under every `connections/` together: two per trace link, as many helpers.
    static let totalLinkLimit = 2 * TopologyLimits.maxConnections

    static func read(devices: [DiscoveredDevice], realRoot: String) -> ConnectionLinks {
        var result = ConnectionLinks()
        var indexByDirectory: [String: Int] = [:]
        for (index, device) in devices.enumerated() {
            if let directory = device.directory { indexByDirectory[directory] = index }
        }
        var outs: [Link] = []
        var ins: [Link] = []
        var linksRead = 0
        for (index, device) in devices.enumerated() where device.hasConnections {
            guard let directory = device.directory else { continue }
            guard linksRead < totalLinkLimit else {
                result.problems.append(SysfsProblem(
                    subject: device.name, message: "connections/: left unread, past \(totalLinkLimit) links in all"))
                continue
            }
            let connections = PathText.join(directory, "connections")
            guard case .success(let entries) = FileAccess.list(connections, limit: linkLimit).mapError({ error -> SystemError in
                result.problems.append(.unreadable(device.name, "connections/", error))
                return error
            }) else { continue }
            result.covered.insert(index)
            var linkCount = 0
            for entry in entries.sorted(by: NaturalOrder.precedes) where entry != "nr_links" {
                linkCount += 1
                linksRead += 1
                let file = "connections/\(entry)"
                func note(_ message: String) { result.problems.append(SysfsProblem(subject: device.name, message: "\(file): \(message)")) }
                let linkPath = PathText.join(connections, entry)
                let peer: Int
                switch FileAccess.resolveLink(linkPath, within: realRoot) {
                case .failure(let error) where error.code == ELOOP && error.reason == nil:
                    note("link cycle"); continue
                case .failure(let error) where error.code == ENOENT:
                    note("dangling link" + (FileAccess.linkTarget(linkPath).map { " to \($0)" } ?? "")); continue
                case .failure(let error):
                    note("unreadable (\(error.name))"); continue
                case .success(let target):
                    guard let found = indexByDirectory[target] else {
                        note("links to \(PathText.relative(target, to: realRoot)), not a device on the bus"); continue
                    }
                    peer = found
                }
                if let port = Self.port(entry, prefix: "out:") {
                    outs.append(Link(owner: index, port: port, peer: peer))
                } else if let port = Self.port(entry, prefix: "in:") {
                    ins.append(Link(owner: index, port: port, peer: peer))
                } else if entry.hasPrefix("out:") || entry.hasPrefix("in:") {
                    note("not a port number from 0 to \(TopologyLimits.maxPort); link left out")
                } else {
                    result.helpers[index, default: []].append(devices[peer].name)
                }
            }
            if entries.contains("nr_links") {
                result.checkLinkCount(linkCount, connections: connections, device: device.name)
            }
        }
        result.pair(outs: outs, ins: ins, devices: devices)
        return result
    }

    /// `out:3` → 3; nil past `TopologyLimits.maxPort` (a port number sizes per-port arrays).
    private static func port(_ entry: String, prefix: String) -> Int? {
        guard entry.hasPrefix(prefix), let value = SysfsValue.decimal(Array(entry.dropFirst(prefix.count).utf8)),
            value <= UInt64(TopologyLimits.maxPort)
        else { return nil }
        return Int(value)
    }

    /// Each `out:` link with the `in:` link its peer has back to it (lowest free port when a
    /// device feeds the same peer twice); either without the other is reported.
    private mutating func pair(outs: [Link], ins: [Link], devices: [DiscoveredDevice]) {
        struct Pair: Hashable { var from: Int, to: Int }
        // Input ports by (feeding device, fed device), lowest first.
        var inputPorts: [Pair: [Int]] = [:]
        for link in ins { inputPorts[Pair(from: link.peer, to: link.owner), default: []].append(link.port) }
        for key in inputPorts.keys { inputPorts[key]!.sort(by: >) }
        for out in outs.sorted(by: { ($0.owner, $0.port) < ($1.owner, $1.port) }) {
            let from = devices[out.owner].name
            let to = devices[out.peer].name
            guard let inport = inputPorts[Pair(from: out.owner, to: out.peer)]?.popLast() else {
                if covered.contains(out.peer) {
                    problems.append(SysfsProblem(
                        subject: from, message: "connections/out:\(out.port): \(to) has no in: link back, so its input port is unknown; link left out"))
                } else {
                    unpaired.append((out.owner, out.port, out.peer))
                }
                continue
            }
            edges.append(Connection(from: from, outport: out.port, to: to, inport: inport))
        }
        for link in ins where covered.contains(link.peer) {
            let left = inputPorts[Pair(from: link.peer, to: link.owner)] ?? []
            guard left.contains(link.port) else { continue }
            problems.append(SysfsProblem(
                subject: devices[link.owner].name,
                message: "connections/in:\(link.port): \(devices[link.peer].name) has no out: link to it"))
        }
    }

    private mutating func checkLinkCount(_ count: Int, connections: String, device: String) {
        switch FileAccess.readBytes(PathText.join(connections, "nr_links"), inListedDirectory: true) {
        case .success(let bytes):
            guard let stated = SysfsValue.decimal(bytes) else {
                problems.append(.garbage(device, "connections/nr_links", bytes))
                return
            }
            if stated != UInt64(count) {
                problems.append(SysfsProblem(
                    subject: device, message: "connections/nr_links: says \(stated), but the directory holds \(count) links"))
            }
        case .failure(let error):
            problems.append(.unreadable(device, "connections/nr_links", error))
        }
    }
}
