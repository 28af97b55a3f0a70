import CoreSightModel
import OrderedJSON
import SafeText

/// A whole topology in the header, for boards that are not built in (a device tree, a live
/// sysfs): lossless, unlike `csx topology --json` (which shows `cpu` on sources only).
///
/// Decoding allocates nothing by a number from the file: counts are checked against
/// `TopologyLimits` before the lists are read, and every other number (CPUs, ports) is checked
/// by `Topology.init` before it sizes anything.
enum TopologyJSON {
    static func encode(_ topology: Topology) -> JSON {
        .object([
            ("name", .string(topology.name)),
            ("cpus", .int(topology.cpuCount)),
            ("saves-context-over-idle", .bool(topology.savesContextOverIdle)),
            ("components", .array(topology.components.map { component in
                var members: [(String, JSON)] = [
                    ("name", .string(component.name)), ("subtype", .string(component.subtype.rawValue)),
                ]
                if let cpu = component.cpu { members.append(("cpu", .int(cpu))) }
                if let address = component.address { members.append(("address", .string(Topology.hex(address)))) }
                return .object(members)
            })),
            ("connections", .array(topology.connections.map { c in
                .object([("from", .string(c.from)), ("outport", .int(c.outport)), ("to", .string(c.to)), ("inport", .int(c.inport))])
            })),
        ])
    }

    static func decode(_ json: JSON) throws(FormatProblem) -> Topology {
        guard case .array(let componentItems)? = json["components"], case .array(let connectionItems)? = json["connections"] else {
            throw FormatProblem("expected \"topology\" to have \"components\" and \"connections\" arrays")
        }
        guard componentItems.count <= TopologyLimits.maxComponents else {
            throw FormatProblem("topology: \(componentItems.count) components; at most \(TopologyLimits.maxComponents) are read")
        }
        guard connectionItems.count <= TopologyLimits.maxConnections else {
            throw FormatProblem("topology: \(connectionItems.count) connections; at most \(TopologyLimits.maxConnections) are read")
        }
        var components: [Component] = []
        components.reserveCapacity(componentItems.count)
        for item in componentItems {
            let subtypeName = try item.string("subtype")
            guard let subtype = ComponentSubtype(rawValue: subtypeName) else {
                throw FormatProblem("topology: unknown component subtype \"\(Echo.escaped(subtypeName))\"")
            }
            var address: UInt64?
            if let text = try item.optionalString("address") {
                guard text.hasPrefix("0x"), text.utf8.count <= 18, let value = UInt64(text.dropFirst(2), radix: 16) else {
                    throw FormatProblem("topology: address \"\(Echo.escaped(text))\" is not a hex number like 0x20010000")
                }
                address = value
            }
            let cpu: Int?
            switch item["cpu"] {
            case nil, .null?: cpu = nil
            case .int(let n)?: cpu = n
            default: throw FormatProblem("topology: expected \"cpu\" to be an integer or null")
            }
            components.append(Component(name: try item.string("name"), subtype: subtype, cpu: cpu, address: address))
        }
        var connections: [Connection] = []
        connections.reserveCapacity(connectionItems.count)
        for item in connectionItems {
            connections.append(Connection(
                from: try item.string("from"), outport: try item.int("outport"),
                to: try item.string("to"), inport: try item.int("inport")))
        }
        let saves: Bool = if case .bool(let flag)? = json["saves-context-over-idle"] { flag } else { true }
        do {
            return try Topology(
                name: try json.string("name"), cpuCount: try json.int("cpus"), components: components,
                connections: connections, savesContextOverIdle: saves)
        } catch {
            throw FormatProblem("topology: \(error)")
        }
    }
}
