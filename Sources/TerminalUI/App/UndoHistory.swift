import DriverSimulation

/// Where `u` goes back to, for every action taken in the UI. Recent actions keep a full
/// checkpoint (instant restore); older ones keep one every `sparseStride`, and stepping back to a
/// point in between restores the checkpoint before it and replays the few actions after it, so a
/// 100k-step session does not hold a world copy per action.
struct UndoHistory: Sendable {
    struct Point: Sendable {
        /// The simulation's record count before the action: the action is `records[recordCount]`.
        var recordCount: Int
        var saved: (simulation: Simulation.Checkpoint, timeline: TimelineModel.Checkpoint)?
    }

    static let recentKept = 512
    static let sparseStride = 32

    private(set) var points: [Point] = []
    /// Points before this index have been thinned already.
    private var thinnedUpTo = 0

    var isEmpty: Bool { points.isEmpty }
    var count: Int { points.count }

    mutating func record(recordCount: Int, simulation: Simulation.Checkpoint, timeline: TimelineModel.Checkpoint) {
        points.append(Point(recordCount: recordCount, saved: (simulation, timeline)))
        if points.count - thinnedUpTo > 2 * Self.recentKept { thin() }
    }

    mutating func removeAll() {
        points.removeAll()
        thinnedUpTo = 0
    }

    /// Drops the checkpoints of older points, keeping every `sparseStride`-th.
    private mutating func thin() {
        let end = points.count - Self.recentKept
        for index in thinnedUpTo..<end where index % Self.sparseStride != 0 { points[index].saved = nil }
        thinnedUpTo = end
    }

    /// Undoes the last action on `simulation` and `timeline`; false when there is none.
    mutating func stepBack(simulation: inout Simulation, timeline: inout TimelineModel) -> Bool {
        guard let last = points.popLast() else { return false }
        thinnedUpTo = min(thinnedUpTo, points.count)
        if let saved = last.saved {
            simulation.restore(saved.simulation)
            timeline.restore(saved.timeline)
            return true
        }
        // Thinned: back to the nearest earlier checkpoint, then replay up to `last`.
        guard let base = points.lastIndex(where: { $0.saved != nil }), let saved = points[base].saved else { return false }
        let actions = simulation.records[points[base].recordCount..<last.recordCount].map(\.action)
        simulation.restore(saved.simulation)
        timeline.restore(saved.timeline)
        for action in actions {
            guard let record = try? simulation.perform(action) else { break }  // replays what was done: cannot fail
            timeline.append(record.events)
        }
        return true
    }
}
