import SafeText
public import OrderedJSON

/// A live session's changes as lines (`csx replay --headless`) or one JSON document (`--json`),
/// times relative to the first change.
public struct LiveTimeline: Sendable {
    public let session: LoadedSession

    public init(session: LoadedSession) { self.session = session }

    private var origin: UInt64 { session.changes.first?.monotonicNanoseconds ?? 0 }

    public func text() -> String {
        var out = "live session on \(session.header.topology.name), \(session.changes.count) change"
            + (session.changes.count == 1 ? "" : "s") + "\n"
        for change in session.changes {
            let milliseconds = (change.monotonicNanoseconds &- origin) / 1_000_000
            let fraction = String(milliseconds % 1000)
            let time = "\(milliseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
            out += "  +" + time + " s  " + Self.describe(change.change) + "\n"
        }
        return out
    }

    public func json() -> JSON {
        .object([
            ("source", .string("live")),
            ("board", .string(session.header.topology.name)),
            ("changes", .array(session.changes.map { change in
                .object([("t", .int(Int(clamping: change.monotonicNanoseconds))), ("change", .string(change.change.name))]
                    + change.change.members)
            })),
        ])
    }

    static func describe(_ change: LiveChange) -> String {
        switch change {
        case .enabled(let device, let kind, let enabled): "\(device) enable_\(kind) = \(enabled ? 1 : 0)"
        case .online(let cpu, let online): "cpu\(cpu) \(online ? "online" : "offline")"
        case .idle(let cpu, let state, let count, let time):
            "cpu\(cpu) left idle state \(state) \(count) time\(count == 1 ? "" : "s") (\(time) us in it)"
        case .connection(let state, let detail): "connection \(state): \(Echo.escaped(detail))"
        }
    }
}
