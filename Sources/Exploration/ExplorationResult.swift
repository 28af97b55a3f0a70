public import DriverSimulation

/// What an exploration found.
public struct ExplorationResult: Sendable, Hashable {
    public enum Verdict: String, Sendable, Hashable {
        /// A schedule breaks an invariant; `counterexample` is one (a shortest one when
        /// `shortestConfirmed`).
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
        /// The confirming search's state budget (`ExplorationOptions.maxConfirmingStates`);
        /// never the bound of a result `explore` returns.
        case maxStates = "max-states"
    }

    public var verdict: Verdict
    /// The invariant the counterexample's last move breaks.
    public var invariant: Invariant?
    /// The moves from the start state, in the action language (`csx run S --actions`).
    public var counterexample: [Action]
    public var bound: Bound?
    /// Distinct states stored (after reductions) by the first search.
    public var states: Int
    /// Moves applied by the first search.
    public var transitions: Int
    /// Deepest layer reached.
    public var maxDepth: Int
    /// Both searches' time when a confirming search ran.
    public var seconds: Double
    /// The search's estimated peak footprint: visited set, parent pointers, frontier worlds
    /// (the larger of the two searches').
    public var peakMemoryBytes: Int

    /// Whether the counterexample is known to be a shortest one (nil without a violation): a
    /// search without partial-order reduction either found it, or found nothing shorter in
    /// every schedule one move shorter. False when that confirming search ran out of memory.
    public var shortestConfirmed: Bool? = nil
    /// The confirming search's own figures (nil when none ran): `seconds` and
    /// `peakMemoryBytes` above include it, `states` and `transitions` do not (they stay the
    /// reduced search's).
    public var confirmation: Confirmation? = nil
    /// States expanded again because they were reached with fewer moves asleep (`SleepSets`).
    var reexpansions = 0

    /// What the search that confirms a reduced counterexample as shortest did.
    public struct Confirmation: Sendable, Hashable {
        public enum Outcome: String, Sendable, Hashable {
            /// No schedule one move shorter (or less) breaks an invariant.
            case noShorter = "no-shorter"
            /// It found a shorter counterexample, which is the one reported.
            case foundShorter = "found-shorter"
            /// It reached its share of `--max-memory` first.
            case outOfMemory = "out-of-memory"
            /// It reached its state budget (`--confirm-states`) first.
            case outOfStates = "out-of-states"
        }
        public var outcome: Outcome
        /// The reduced search's counterexample length it tried to beat.
        public var reducedLength: Int
        /// The states it could store (`ExplorationOptions.maxConfirmingStates`).
        public var stateBudget: Int
        public var states: Int
        public var transitions: Int
        public var seconds: Double
        public var peakMemoryBytes: Int
    }

    /// Length of the counterexample in moves (nil without a violation).
    public var shortest: Int? { verdict == .violation ? counterexample.count : nil }
}
