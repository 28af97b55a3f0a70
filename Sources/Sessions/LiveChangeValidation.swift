public import CoreSightModel
import SafeText

/// What a live session's change lines may say, checked as each line is read: a recording
/// made by `csx live` never says otherwise, so anything past these is a damaged or crafted file
/// (time that runs backwards once gave Perfetto timestamps of 1.8e16).
public enum LiveSessionLimits {
    /// Change lines in one session: days of a busy board polled five times a second.
    public static let maxChanges = SessionLimits.maxChangeLines
    /// The highest idle state number (`stateK`; the kernel's CPUIDLE_STATE_MAX is 10).
    public static let maxIdleState = 63
    /// Idle entries one poll may report for one state.
    public static let maxIdleCount: UInt64 = 1_000_000_000_000
    /// Microseconds in an idle state one poll may report (about 31 years).
    public static let maxIdleMicroseconds: UInt64 = 1_000_000_000_000_000
}

extension LoadedSession {
    /// Checks one change line against the header and the lines before it, then keeps it.
    mutating func appendLiveChange(_ change: TimedLiveChange) throws(FormatProblem) {
        guard header.source == .live else {
            throw FormatProblem("a change line in a simulation session (change lines belong to live sessions)")
        }
        guard changes.count < LiveSessionLimits.maxChanges else {
            throw FormatProblem("more than \(LiveSessionLimits.maxChanges) change lines")
        }
        if let last = changes.last, change.monotonicNanoseconds < last.monotonicNanoseconds {
            throw FormatProblem(
                "time goes backwards: \"t\" \(change.monotonicNanoseconds) after \(last.monotonicNanoseconds) (each line's \"t\" is at least the last one's)")
        }
        try change.change.check(against: header.topology)
        changes.append(change)
    }
}

extension LiveChange {
    /// Whether a reader of a session with this topology takes the change: a recorder leaves out
    /// what it does not (a device sysfs lists but the topology left out).
    public func fits(_ topology: Topology) -> Bool {
        do {
            try check(against: topology)
            return true
        } catch {
            return false
        }
    }

    /// Refuses a change that names what the header's topology does not have.
    func check(against topology: Topology) throws(FormatProblem) {
        switch self {
        case .enabled(let device, let kind, _):
            guard kind == "source" || kind == "sink" else {
                throw FormatProblem("\"kind\" \"\(Echo.escaped(kind))\" is not source or sink")
            }
            guard let id = topology.id(named: device) else {
                throw FormatProblem("device \(Echo.escaped(device)) is not in the header's topology (\(topology.components.count) components)")
            }
            let type = topology[id].type
            guard (kind == "source") == (type == .source), (kind == "sink") == (type == .sink) else {
                throw FormatProblem("\(Echo.escaped(device)) is a \(type), so it has no enable_\(kind)")
            }
        case .online(let cpu, _):
            try Self.check(cpu: cpu, in: topology)
        case .idle(let cpu, let state, let count, let time):
            try Self.check(cpu: cpu, in: topology)
            guard (0...LiveSessionLimits.maxIdleState).contains(state) else {
                throw FormatProblem("idle state \(state) is not from 0 to \(LiveSessionLimits.maxIdleState)")
            }
            guard count <= LiveSessionLimits.maxIdleCount else {
                throw FormatProblem("\"count\" \(count) is more than \(LiveSessionLimits.maxIdleCount) idle entries in one poll")
            }
            guard time <= LiveSessionLimits.maxIdleMicroseconds else {
                throw FormatProblem("\"time-us\" \(time) is more than \(LiveSessionLimits.maxIdleMicroseconds) µs in one poll")
            }
        case .connection(let state, let detail):
            guard state == "lost" || state == "restored" else {
                throw FormatProblem("connection \"state\" \"\(Echo.escaped(state))\" is not lost or restored")
            }
            guard detail.utf8.count <= 4096 else { throw FormatProblem("connection \"detail\" is longer than 4096 bytes") }
        }
    }

    private static func check(cpu: Int, in topology: Topology) throws(FormatProblem) {
        guard (0..<topology.cpuCount).contains(cpu) else {
            throw FormatProblem("cpu\(cpu) does not exist: \(Echo.escaped(topology.name)) has \(topology.cpuCount) CPU\(topology.cpuCount == 1 ? "" : "s") (cpu0-cpu\(topology.cpuCount - 1))")
        }
    }
}
