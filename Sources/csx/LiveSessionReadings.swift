import Sessions
import TerminalUI

/// A recorded live session as the live view's readings: changes stamped with the same instant
/// came from one poll; each poll's reading carries the whole state known so far.
enum LiveSessionReadings {
    static func readings(of session: LoadedSession) -> [LiveReading] {
        var readings: [LiveReading] = []
        var state = LiveReading()
        var index = session.changes.startIndex
        let changes = session.changes
        while index < changes.endIndex {
            let instant = changes[index].monotonicNanoseconds
            state.idleEntries = [:]
            while index < changes.endIndex, changes[index].monotonicNanoseconds == instant {
                apply(changes[index].change, to: &state)
                index += 1
            }
            readings.append(state)
        }
        return readings
    }

    static func apply(_ change: LiveChange, to state: inout LiveReading) {
        switch change {
        case .enabled(let device, let kind, let enabled):
            if kind == "sink" { state.sinkEnabled[device] = enabled } else { state.sourceEnabled[device] = enabled }
        case .online(let cpu, let online):
            state.online[cpu] = online
        case .idle(let cpu, _, let count, _):
            state.idleEntries[cpu, default: 0] += count
        case .connection:
            break  // not the board's state: the headless replay lists it
        }
    }
}

extension LiveFeed {
    /// The state at the start of a recording, as change lines at one instant, so a replay
    /// begins where the board was rather than from "everything off".
    static func baselineChanges(_ reading: LiveReading) -> [LiveChange] {
        reading.sourceEnabled.sorted { $0.key < $1.key }.map { LiveChange.enabled(device: $0.key, kind: "source", enabled: $0.value) }
            + reading.sinkEnabled.sorted { $0.key < $1.key }.map { LiveChange.enabled(device: $0.key, kind: "sink", enabled: $0.value) }
            + reading.online.sorted { $0.key < $1.key }.map { LiveChange.online(cpu: $0.key, online: $0.value) }
    }
}
