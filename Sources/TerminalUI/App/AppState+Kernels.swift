import DriverSimulation

/// `v`: the same actions under the next kernel profile.
extension AppState {
    /// The profiles `v` cycles through: the shipped ones in release order, then the user's own
    /// profile file when it is not one of them.
    static func kernelCycle(of simulation: Simulation) -> [DriverProfile] {
        let shipped = simulation.profiles
        let own = simulation.profile
        let isShipped = shipped.contains { $0.name == own.name && $0.knobs == own.knobs }
        return isShipped ? shipped : shipped + [own]
    }

    /// The profile after the current one in the cycle (the first when it is not in it).
    var nextKernel: DriverProfile? {
        let current = simulation.profile
        guard let index = kernelCycle.firstIndex(where: { $0.name == current.name && $0.knobs == current.knobs }) else {
            return kernelCycle.first
        }
        let next = kernelCycle[(index + 1) % kernelCycle.count]
        return next == current ? nil : next
    }

    /// `v`: replays the user's actions on the next profile in the cycle.
    mutating func cycleKernel() {
        guard let next = nextKernel else {
            notice = Notice("no other kernel to switch to (\(simulation.profile.name) is the only one known)", isError: true)
            return
        }
        switchKernel(to: next)
    }

    /// Replays the user's actions on `profile` (pm-save as set stays) and records where the two
    /// runs first differ.
    mutating func switchKernel(to profile: DriverProfile) {
        let actions = simulation.records.filter { !$0.isSetup }.map(\.action)
        let before = simulation
        do {
            var replay = try Simulation(
                engine: simulation.engine, scenario: simulation.scenario, profile: profile,
                pmSave: simulation.pmSave, profiles: simulation.profiles)
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
            let replayed = stoppedAt.map { $0.0 - 1 } ?? actions.count
            var text = "kernel \(profile.name) (\(profile.knobs)): replayed \(replayed) action\(replayed == 1 ? "" : "s")"
            if let divergence {
                text += "; diverges from \(before.profile.name) at step \(divergence.step)"
            } else {
                text += "; same events as \(before.profile.name)"
            }
            if let stoppedAt { text += "; stopped at action \(stoppedAt.0): \(stoppedAt.1)" }
            notice = Notice(text)
        } catch {
            notice = Notice(error.message, isError: true)
        }
    }
}
