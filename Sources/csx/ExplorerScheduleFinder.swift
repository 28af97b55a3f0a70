import DriverSimulation
import Exploration
import TerminalUI

/// The TUI's `x`: every schedule from the current state, with the scenario's environment budget,
/// bounded so the screen comes back within seconds even on a large scenario.
struct ExplorerScheduleFinder: ScheduleFinder {
    var options = ExplorationOptions(maxMemoryBytes: 256 << 20)

    /// Whether the offer is a shortest schedule: said plainly when that is not known.
    static func lengthWords(_ result: ExplorationResult) -> String {
        switch result.confirmation?.outcome {
        case _ where result.shortestConfirmed != false: "a shortest schedule"
        case .outOfMemory: "not confirmed shortest (out of memory)"
        case .outOfStates: "not confirmed shortest (past \(result.confirmation!.stateBudget.grouped) states)"
        default: "not confirmed shortest"
        }
    }

    func findViolation(from simulation: Simulation) -> FoundSchedule {
        let explorer: Explorer
        do {
            explorer = try Explorer(simulation: simulation, options: options)
        } catch {
            return FoundSchedule(actions: nil, summary: "cannot explore: \(error.message)")
        }
        let result = explorer.explore(simulation)
        let figures = "\(result.states) states, depth \(result.maxDepth), \(formatSeconds(result.seconds))"
        switch result.verdict {
        case .violation:
            let invariant = result.invariant?.rawValue ?? "an invariant"
            return FoundSchedule(actions: result.counterexample,
                                 summary: "found: \(invariant) in \(result.counterexample.count) actions, \(Self.lengthWords(result)) (\(figures))")
        case .ok:
            return FoundSchedule(actions: nil, summary: "no schedule from here breaks an invariant (\(figures))")
        case .bounded:
            return FoundSchedule(actions: nil, summary: "no violation within \(result.bound?.rawValue ?? "the bounds") (\(figures)); csx explore goes further")
        }
    }
}
