public import DriverSimulation

/// What a lane is doing between its events, derived from the events themselves.
public enum LaneActivity: UInt8, Sendable, Hashable {
    case running, busy, waiting, handler, idle, wfi, offline
}

/// The glyph a lane shows for a step, by kind of event (the legend lists them).
public enum TimelineMark: UInt8, Sendable, Hashable, CaseIterable, Comparable {
    // Ordered from least to most important: one step shows its most important mark per lane.
    case other, queued, mutex, path, part, returned, ipiSent, ipiTaken, callDone, claim, unitOn, unitOff
    case idleEnter, wfi, woke, idleExit, save, restore, pmRead, extClaim, extRelease, cpuDown, cpuUp
    case note, claimFailed, modeSysfs, modePerf, modeDisabled, violation

    public static func < (a: TimelineMark, b: TimelineMark) -> Bool { a.rawValue < b.rawValue }

    public var glyph: Character {
        switch self {
        case .other: "·"
        case .queued: "q"
        case .mutex: "m"
        case .path: "p"
        case .part: "+"
        case .returned: "="
        case .ipiSent: "»"
        case .ipiTaken: "«"
        case .callDone: "✓"
        case .claim: "c"
        case .unitOn: "T"
        case .unitOff: "t"
        case .idleEnter: "z"
        case .wfi: "_"
        case .woke: "^"
        case .idleExit: "."
        case .save: "s"
        case .restore: "R"
        case .pmRead: "r"
        case .extClaim: "E"
        case .extRelease: "e"
        case .cpuDown: "↓"
        case .cpuUp: "↑"
        case .claimFailed: "x"
        case .modeSysfs: "S"
        case .modePerf: "P"
        case .modeDisabled: "D"
        case .note: "n"
        case .violation: "!"
        }
    }

    public var meaning: String {
        switch self {
        case .other: "other"
        case .queued: "queued"
        case .mutex: "mutex"
        case .path: "path built"
        case .part: "link/sink on/off"
        case .returned: "write returns"
        case .ipiSent: "IPI sent"
        case .ipiTaken: "IPI taken"
        case .callDone: "call done"
        case .claim: "claim/disclaim"
        case .unitOn: "trace on"
        case .unitOff: "trace off"
        case .idleEnter: "idle entry"
        case .wfi: "WFI"
        case .woke: "wake"
        case .idleExit: "idle exit"
        case .save: "context saved"
        case .restore: "restored"
        case .pmRead: "PM reads mode"
        case .extClaim: "ext claim"
        case .extRelease: "ext release"
        case .cpuDown: "CPU goes down"
        case .cpuUp: "CPU comes up"
        case .claimFailed: "claim failed"
        case .modeSysfs: "mode SYSFS"
        case .modePerf: "mode PERF"
        case .modeDisabled: "mode DISABLED"
        case .note: "note (harmless)"  // fits a legend entry (TimelineView.legendEntryWidth)
        case .violation: "violation"
        }
    }

    static func of(_ kind: EventKind) -> TimelineMark {
        switch kind {
        case .queued: .queued
        case .returned: .returned
        case .mutexTaken, .mutexReleased: .mutex
        case .pathBuilt, .pathReleased, .noSink, .sinkActivated, .alreadyEnabled, .notEnabled, .sourceRefcount: .path
        case .partEnabled, .partDisabled, .partBusy: .part
        case .modeTaken(_, let mode), .modeSet(_, _, let mode):
            switch mode {
            case .sysfs: .modeSysfs
            case .perf: .modePerf
            case .disabled: .modeDisabled
            }
        case .modeTakeFailed, .claimFailed: .claimFailed
        case .claimed, .disclaimed, .disclaimRefused: .claim
        case .callSent, .callInline: .ipiSent
        case .callFailedOffline: .claimFailed
        case .ipiTaken: .ipiTaken
        case .callCompleted, .callReturned: .callDone
        case .unitEnabled: .unitOn
        case .unitDisabled: .unitOff
        case .idleEntered: .idleEnter
        case .pmEnterRead, .pmExitRead: .pmRead
        case .pmNotSelfHosted: .save
        case .contextSaved, .saveSkipped: .save
        case .lowPower: .wfi
        case .woke: .woke
        case .contextRestored, .restoreSkipped: .restore
        case .idleExited: .idleExit
        case .extClaimed, .extProgrammed, .extClaimRefused: .extClaim
        case .extReleased: .extRelease
        case .cpuDownBegan, .leftOnlineMask, .cpuDead: .cpuDown
        case .cpuUpBegan, .bootedWithoutCallback, .cameOnline: .cpuUp
        case .hotplugCallback: .pmRead
        case .sourceOffline: .claimFailed
        case .violation: .violation
        case .note: .note
        case .attributeRead: .other
        }
    }
}

/// One atomic step on the timeline.
public struct TimelineColumn: Sendable, Hashable {
    public var step: Int
    /// Index of the step's first event in `TimelineModel.events`.
    public var firstEvent: Int
    public var eventCount: Int
    /// The mark per lane that did something in this step (lanes: CPUs, then the debugger).
    public var marks: [LaneMark]
    public var hasViolation: Bool
}

public struct LaneMark: Sendable, Hashable {
    public var lane: Int
    public var mark: TimelineMark
}

/// Steps as columns, lanes per CPU plus the external debugger; built incrementally from events.
public struct TimelineModel: Sendable {
    public let cpuCount: Int
    public var laneCount: Int { cpuCount + 1 }
    public var externalLane: Int { cpuCount }
    public private(set) var columns: [TimelineColumn] = []
    public private(set) var events: [Event] = []
    /// Violation events so far (the header's count, without a scan of the whole session).
    public private(set) var violationCount = 0
    /// Per lane, where its activity changed: (column index from which it holds, activity).
    public private(set) var activityChanges: [[(column: Int, activity: LaneActivity)]]
    private var laneState: [LaneTracker]

    public init(cpuCount: Int) {
        self.cpuCount = cpuCount
        activityChanges = Array(repeating: [(0, .running)], count: cpuCount + 1)
        laneState = Array(repeating: LaneTracker(), count: cpuCount + 1)
    }

    public func lane(of actor: Actor) -> Int { actor.cpu ?? externalLane }

    /// Adds the events of one action (steps arrive in order; queueing notes carry step 0 and
    /// are not columns).
    public mutating func append(_ newEvents: [Event]) {
        for event in newEvents where event.step > 0 {
            if columns.last?.step != event.step {
                columns.append(TimelineColumn(step: event.step, firstEvent: events.count, eventCount: 0, marks: [], hasViolation: false))
            }
            let index = columns.count - 1
            events.append(event)
            columns[index].eventCount += 1
            let lane = lane(of: event.actor)
            let mark = TimelineMark.of(event.kind)
            if mark == .violation {
                columns[index].hasViolation = true
                violationCount += 1
            }
            if let at = columns[index].marks.firstIndex(where: { $0.lane == lane }) {
                if columns[index].marks[at].mark < mark { columns[index].marks[at].mark = mark }
            } else {
                columns[index].marks.append(LaneMark(lane: lane, mark: mark))
            }
            if lane < laneState.count {
                let before = laneState[lane].activity
                laneState[lane].observe(event.kind)
                let after = laneState[lane].activity
                if after != before {
                    // The new activity shows from the column after this step.
                    if activityChanges[lane].last?.column == index + 1 {
                        activityChanges[lane][activityChanges[lane].count - 1].activity = after
                    } else {
                        activityChanges[lane].append((index + 1, after))
                    }
                }
            }
        }
    }

    /// Where the model stood, so an undo can cut it back without rebuilding it.
    public struct Checkpoint: Sendable {
        let columnCount: Int
        let eventCount: Int
        let violationCount: Int
        let changeCounts: [Int]
        let laneState: [LaneTracker]
    }

    public func checkpoint() -> Checkpoint {
        Checkpoint(
            columnCount: columns.count, eventCount: events.count, violationCount: violationCount,
            changeCounts: activityChanges.map { $0.count }, laneState: laneState)
    }

    public mutating func restore(_ checkpoint: Checkpoint) {
        columns.removeSubrange(checkpoint.columnCount...)
        events.removeSubrange(checkpoint.eventCount...)
        violationCount = checkpoint.violationCount
        for lane in activityChanges.indices {
            activityChanges[lane].removeSubrange(checkpoint.changeCounts[lane]...)
        }
        laneState = checkpoint.laneState
    }

    /// The activity a lane shows at a column (binary search over its changes).
    public func activity(lane: Int, column: Int) -> LaneActivity {
        let changes = activityChanges[lane]
        var low = 0
        var high = changes.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if changes[mid].column <= column { low = mid } else { high = mid - 1 }
        }
        return changes[low].activity
    }

    /// The column index of a global step number, if it is on the timeline.
    public func column(ofStep step: Int) -> Int? {
        var low = 0
        var high = columns.count - 1
        while low <= high {
            let mid = (low + high) / 2
            if columns[mid].step == step { return mid }
            if columns[mid].step < step { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
    }

    public func events(in column: TimelineColumn) -> ArraySlice<Event> {
        events[column.firstEvent..<(column.firstEvent + column.eventCount)]
    }
}

/// Follows one lane's events to know what it is doing (for the timeline's background).
struct LaneTracker: Sendable {
    var inHandler = false
    /// Dead or booting: from `cpuDead` to `cameOnline`.
    var down = false
    var idle: LaneActivity?
    var flow: LaneActivity?

    var activity: LaneActivity {
        if down { return .offline }
        if let idle { return idle }
        if inHandler { return .handler }
        return flow ?? .running
    }

    mutating func observe(_ kind: EventKind) {
        switch kind {
        case .idleEntered, .woke: idle = .idle
        case .lowPower: idle = .wfi
        case .idleExited: idle = nil
        case .ipiTaken, .callInline:
            inHandler = true
            if case .callInline = kind { flow = .busy }
        case .callCompleted: inHandler = false
        case .callSent: flow = .waiting
        case .callReturned: flow = .busy
        case .returned: flow = nil
        case .cpuDead:
            down = true
            flow = nil
        case .cameOnline:
            down = false
            flow = nil
        case .pmEnterRead, .pmExitRead, .pmNotSelfHosted, .contextSaved, .saveSkipped, .contextRestored,
            .restoreSkipped, .violation, .note,
            .extClaimed, .extReleased, .extProgrammed, .extClaimRefused, .queued:
            break
        default:
            if !inHandler, idle == nil, flow == nil { flow = .busy }
        }
    }
}
