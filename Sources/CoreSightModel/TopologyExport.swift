public import OrderedJSON

/// The topology as `csx topology` prints it: JSON (csx's interface), Graphviz, or text.
extension Topology {
    /// Connections in a canonical order: by their `from` component's position, then output
    /// port. Built-in boards, device trees and sysfs list them in different orders (hand-written,
    /// DT order, discovery order); the order carries no meaning (the kernel walks ports by
    /// number), so printing them canonically makes every reading of a board print the same.
    public var connectionsInComponentOrder: [Connection] {
        connections.enumerated().sorted { a, b in
            let (fa, fb) = (id(named: a.element.from) ?? 0, id(named: b.element.from) ?? 0)
            return (fa, a.element.outport, a.offset) < (fb, b.element.outport, b.offset)
        }.map(\.element)
    }

    /// Exactly `{"components": [{"name", "type", "subtype", "cpu"?, "address"?}],
    /// "connections": [{"from", "outport", "to", "inport"}]}`; `cpu` only on CPU-bound
    /// sources and per-CPU sinks (TRBE), `address` only when known; connections in
    /// `connectionsInComponentOrder`. A tracer's per-CPU sink is no connection (the kernel pairs
    /// them by CPU), so the pairs show only through the CPUs.
    public func json() -> JSON {
        .object([
            ("components", .array(components.map { component in
                var members: [(String, JSON)] = [
                    ("name", .string(component.name)),
                    ("type", .string(component.type.rawValue)),
                    ("subtype", .string(component.subtype.rawValue)),
                ]
                if component.type == .source || component.subtype.isPerCPUSink, let cpu = component.cpu {
                    members.append(("cpu", .int(cpu)))
                }
                if let address = component.address { members.append(("address", .string(Self.hex(address)))) }
                return .object(members)
            })),
            ("connections", .array(connectionsInComponentOrder.map { c in
                .object([
                    ("from", .string(c.from)), ("outport", .int(c.outport)),
                    ("to", .string(c.to)), ("inport", .int(c.inport)),
                ])
            })),
        ])
    }

    public static func hex(_ address: UInt64) -> String { "0x" + String(address, radix: 16) }

    /// Graphviz, sources at the top, sinks at the bottom.
    public func dot() -> String {
        var out = "digraph \"\(name)\" {\n  rankdir=TB;\n  node [fontname=\"monospace\"];\n"
        for component in components {
            let shape = switch component.type {
            case .source: "ellipse"
            case .link: "box"
            case .sink: "box3d"
            }
            var label = "\(component.name)\\n\(component.subtype.rawValue)"
            if let address = component.address { label += " @\(Self.hex(address))" }
            out += "  \"\(component.name)\" [shape=\(shape), label=\"\(label)\"];\n"
        }
        for c in connectionsInComponentOrder {
            out += "  \"\(c.from)\" -> \"\(c.to)\" [taillabel=\"\(c.outport)\", headlabel=\"\(c.inport)\"];\n"
        }
        for pair in perCPUPairs {
            out += "  \"\(self[pair.source].name)\" -> \"\(self[pair.sink].name)\" [style=dashed, label=\"per-CPU\"];\n"
        }
        out += "}\n"
        return out
    }

    /// A readable listing: components grouped by type, then connections.
    public func text() -> String {
        var out = "\(name): \(cpuCount) CPU\(cpuCount == 1 ? "" : "s"), \(components.count) components, \(connections.count) connections\n"
        for type in ComponentType.allCases {
            let group = components.filter { $0.type == type }
            guard !group.isEmpty else { continue }
            out += "\n\(type.rawValue)s:\n"
            for component in group {
                var line = "  " + component.name.padding(toWidth: 14) + component.subtype.rawValue.padding(toWidth: 11)
                line += (component.cpu.map { "cpu\($0)" } ?? "").padding(toWidth: 8)
                line += component.address.map(Self.hex) ?? "(no registers)"
                out += line + "\n"
            }
        }
        out += "\nconnections (from:outport -> to:inport):\n"
        if connections.isEmpty { out += "  none\n" }
        for c in connectionsInComponentOrder {
            out += "  \(c.from):\(c.outport) -> \(c.to):\(c.inport)\n"
        }
        let pairs = perCPUPairs
        if !pairs.isEmpty {
            out += "\nper-CPU sinks (paired by CPU by the kernel, not connected; perf only):\n"
            for pair in pairs { out += "  \(self[pair.source].name) -> \(self[pair.sink].name)\n" }
        }
        return out
    }
}

extension String {
    func padding(toWidth width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
