public import DriverSimulation

/// What an exploration found.
public struct ExplorationResult: Sendable, Hashable {
    public enum Verdict: String, Sendable, Hashable {
        /// A schedule breaks an invariant; `counterexample` is a shortest one.
        case violation
        /// Every schedule within the scenario's bounds was explored; none breaks an invariant.
        case ok
        /// `--max-depth` or `--max-memory` cut the search before it was complete; no violation
        /// among the schedules explored. Never reported as `ok`.
        case bounded
    }

    /// Which bound cut an incomplete search.
    public enum Bound: String, Sendable, Hashable {
        case maxDepth = "max-depth"
        case maxMemory = "max-memory"
    }

    public var verdict: Verdict
    /// The invariant the counterexample's last move breaks.
    public var invariant: Invariant?
    /// The moves from the start state, in the action language (`csx run S --actions`).
    public var counterexample: [Action]
    public var bound: Bound?
    /// Distinct states stored (after reductions).
    public var states: Int
    /// Moves applied.
    public var transitions: Int
    /// Deepest layer reached.
    public var maxDepth: Int
    public var seconds: Double
    /// The search's estimated peak footprint: visited set, parent pointers, frontier worlds.
    public var peakMemoryBytes: Int

    /// Length of the counterexample in moves (nil without a violation).
    public var shortest: Int? { verdict == .violation ? counterexample.count : nil }
}
