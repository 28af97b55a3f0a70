public import DriverSimulation

/// What `x` found from the current state: a schedule that breaks an invariant (to play), or a
/// summary of why there is none.
public struct FoundSchedule: Sendable {
    /// The actions from the current state to the violation; nil when none was found.
    public var actions: [Action]?
    /// One line for the status bar ("pm-reads-stale-mode in 4 actions, 1,234 states", ...).
    public var summary: String

    public init(actions: [Action]?, summary: String) {
        self.actions = actions
        self.summary = summary
    }
}

/// Searches every schedule from a simulation's current state. The front end supplies one (the
/// explorer), so the app state stays free of the search and its options.
public protocol ScheduleFinder: Sendable {
    func findViolation(from simulation: Simulation) -> FoundSchedule
}

extension AppState {
    /// `x`: asks the loop to run the finder after it has drawn "exploring…" (a search may take a
    /// moment, and the screen should say so first).
    mutating func requestExploration() {
        guard scheduleFinder != nil else {
            notice = Notice("exploring is not available here", isError: true)
            return
        }
        explorationRequested = true
        notice = Notice("exploring every schedule from step \(max(0, simulation.nextStep - 1))…")
    }

    /// Runs a requested search and offers what it found as a playback from here.
    public mutating func runRequestedExploration() {
        guard explorationRequested, let finder = scheduleFinder else { return }
        explorationRequested = false
        let found = finder.findViolation(from: simulation)
        guard let actions = found.actions, !actions.isEmpty else {
            notice = Notice(found.summary)
            return
        }
        playback = Playback(actions: actions, title: "found schedule", startsAfter: userActionCount)
        notice = Notice(found.summary + " · Space plays it, . steps, Esc leaves playback")
    }
}
