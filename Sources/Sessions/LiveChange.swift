import OrderedJSON

/// One change a live session observed on sysfs, as the poller reports it (mapped from
/// `LiveSysfs.SysfsChange` by the caller, so this module needs no sysfs).
public enum LiveChange: Sendable, Hashable {
    /// `enable_source` (kind "source") or `enable_sink` (kind "sink") of `device` now reads `enabled`.
    case enabled(device: String, kind: String, enabled: Bool)
    case online(cpu: Int, online: Bool)
    /// `cpu` left idle state `state` `count` times since the last poll, `timeMicroseconds` in all.
    case idle(cpu: Int, state: Int, count: UInt64, timeMicroseconds: UInt64)
    /// The channel to a remote board went `state` "lost" or "restored"; `detail` says why.
    case connection(state: String, detail: String)

    /// The `change` value of its line.
    var name: String {
        switch self {
        case .enabled: "enabled"
        case .online: "online"
        case .idle: "idle"
        case .connection: "connection"
        }
    }

    /// The members after `type`, `t` and `change`.
    var members: [(String, JSON)] {
        switch self {
        case .enabled(let device, let kind, let enabled):
            [("device", .string(device)), ("kind", .string(kind)), ("enabled", .bool(enabled))]
        case .online(let cpu, let online):
            [("cpu", .int(cpu)), ("online", .bool(online))]
        case .idle(let cpu, let state, let count, let time):
            [("cpu", .int(cpu)), ("state", .int(state)), ("count", .int(Int(clamping: count))),
             ("time-us", .int(Int(clamping: time)))]
        case .connection(let state, let detail):
            [("state", .string(state)), ("detail", .string(detail))]
        }
    }

    static func decode(_ json: JSON) throws(FormatProblem) -> LiveChange? {
        func flag(_ key: String) throws(FormatProblem) -> Bool {
            guard case .bool(let value)? = json[key] else { throw FormatProblem("expected \"\(key)\" to be true or false") }
            return value
        }
        func count(_ key: String) throws(FormatProblem) -> UInt64 {
            let value = try json.int(key)
            guard value >= 0 else { throw FormatProblem("expected \"\(key)\" to be 0 or more") }
            return UInt64(value)
        }
        switch try json.string("change") {
        case "enabled": return .enabled(device: try json.string("device"), kind: try json.string("kind"), enabled: try flag("enabled"))
        case "online": return .online(cpu: try json.int("cpu"), online: try flag("online"))
        case "idle":
            return .idle(cpu: try json.int("cpu"), state: try json.int("state"), count: try count("count"),
                         timeMicroseconds: try count("time-us"))
        case "connection": return .connection(state: try json.string("state"), detail: try json.string("detail"))
        default: return nil  // a kind a newer csx writes: skipped, as unknown line types are
        }
    }
}

/// A live change with the monotonic time it was seen at.
public struct TimedLiveChange: Sendable, Hashable {
    /// `CLOCK_MONOTONIC`, in nanoseconds.
    public var monotonicNanoseconds: UInt64
    public var change: LiveChange

    public init(monotonicNanoseconds: UInt64, change: LiveChange) {
        self.monotonicNanoseconds = monotonicNanoseconds
        self.change = change
    }
}
