import DriverSimulation

/// `v`: the same actions under the other driver variant.
extension AppState {
    /// Replays the user's actions under the other variant and records where the two runs first
    /// differ.
    mutating func switchVariant() {
        let other: Variant = simulation.variant == .legacy ? .fixed : .legacy
        let actions = simulation.records.filter { !$0.isSetup }.map(\.action)
        let before = simulation
        do {
            var replay = try Simulation(engine: simulation.engine, scenario: simulation.scenario, variant: other)
            // Replayed the way the keys apply actions, so `u` steps back through them as before.
            var replayTimeline = TimelineModel(cpuCount: topology.cpuCount)
            for record in replay.records { replayTimeline.append(record.events) }
            var replayUndo = UndoHistory()
            var stoppedAt: (Int, String)?
            for (index, action) in actions.enumerated() {
                let checkpoint = (replay.checkpoint(), replayTimeline.checkpoint(), replay.records.count)
                do {
                    let record = try replay.perform(action)
                    replayUndo.record(recordCount: checkpoint.2, simulation: checkpoint.0, timeline: checkpoint.1)
                    replayTimeline.append(record.events)
                } catch {
                    stoppedAt = (index + 1, "\(action): \(error.message)")
                    break
                }
            }
            simulation = replay
            rewinds += 1
            timeline = replayTimeline
            undo = replayUndo
            timelineCursor = nil
            divergence = Divergence.between(before, replay)
            var text = "variant \(other): replayed \(stoppedAt.map { $0.0 - 1 } ?? actions.count) action\(actions.count == 1 ? "" : "s")"
            if let divergence {
                text += "; diverges from \(before.variant) at step \(divergence.step)"
            } else {
                text += "; same events as \(before.variant)"
            }
            if let stoppedAt { text += "; stopped at action \(stoppedAt.0): \(stoppedAt.1)" }
            notice = Notice(text)
        } catch {
            notice = Notice(error.message, isError: true)
        }
    }
}
