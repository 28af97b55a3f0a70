import LiveSysfs
import Sessions

extension LiveChange {
    /// A poller's change as a session's change line (`csx live --record`): Sessions knows no
    /// sysfs, so the mapping lives here, where both meet.
    init(_ change: SysfsChange) {
        switch change {
        case .enabledChanged(let device, let kind, let enabled):
            self = .enabled(device: device, kind: kind.rawValue, enabled: enabled)
        case .onlineChanged(let cpu, let online):
            self = .online(cpu: cpu, online: online)
        case .idleEntries(let cpu, let state, let count, let time):
            self = .idle(cpu: cpu, state: state, count: count, timeMicroseconds: time)
        }
    }
}

extension SessionRecorder {
    /// Appends every change of one poll that the header's topology has (a device sysfs lists
    /// but the topology left out would make the file unreadable), stamped with the monotonic
    /// clock now.
    func append(_ poll: SysfsPollResult) throws(SessionError) {
        let now = SessionRecorder.monotonicNanoseconds()
        for change in poll.changes.map(LiveChange.init) where change.fits(header.topology) {
            try append(TimedLiveChange(monotonicNanoseconds: now, change: change))
        }
    }
}
