import CoreSightModel
import OrderedJSON

/// A whole topology in the header, for boards that are not built in (a device tree, a live
/// sysfs): lossless, unlike `csx topology --json` (which shows `cpu` on sources only).
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
        var components: [Component] = []
        for item in componentItems {
            let subtypeName = try item.string("subtype")
            guard let subtype = ComponentSubtype(rawValue: subtypeName) else {
                throw FormatProblem("topology: unknown component subtype \"\(subtypeName)\"")
            }
            var address: UInt64?
            if let text = try item.optionalString("address") {
                guard text.hasPrefix("0x"), let value = UInt64(text.dropFirst(2), radix: 16) else {
                    throw FormatProblem("topology: address \"\(text)\" is not a hex number like 0x20010000")
                }
                address = value
            }
            let cpu: Int? = if case .int(let n)? = item["cpu"] { n } else { nil }
            components.append(Component(name: try item.string("name"), subtype: subtype, cpu: cpu, address: address))
        }
        var connections: [Connection] = []
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
