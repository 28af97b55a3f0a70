import DriverSimulation

/// Partial-order reduction keeps every violation reachable, but not every distance: the
/// persistent set taken at a state may play a bystander (a CPU or tracer outside the race) out
/// before the race, so the reduced search's counterexample can be longer than the shortest.
/// A second breadth-first search without partial-order reduction, bounded one move short of
/// it, settles it: whatever it finds is a shortest counterexample (breadth-first over a
/// quotient that keeps distances: dead-variable canonicalisation and symmetry merge only
/// states with the same futures); if it finds nothing, the reduced one is shortest.
extension Explorer {
    /// An explorer like `other` with other options (the confirming search's bounds).
    init(copying other: Explorer, options: ExplorationOptions) {
        engine = other.engine
        rules = other.rules
        self.options = options
    }

    /// `reduced`, confirmed as a shortest counterexample or replaced by a shorter one; with
    /// `shortestConfirmed` false when the confirming search ran out of memory first.
    ///
    /// Figures: `states` and `transitions` stay the first (reduced) search's, so they compare
    /// with an unreduced search's as before; `seconds` is the time both took, the peak memory the
    /// larger of the two (one runs after the other); `confirmation` has the second one's own.
    /// The confirming search gets what the first left of `--max-memory` (the budget minus the
    /// first one's peak), so together they stay within it.
    func confirmingShortest(
        _ reduced: ExplorationResult, from start: World, progress: ((ExplorationProgress) -> Void)?
    ) -> ExplorationResult {
        guard reduced.verdict == .violation else { return reduced }
        var result = reduced
        let length = reduced.counterexample.count
        // Without partial-order reduction (none at all, or under a depth bound) the first search
        // was a plain breadth-first one.
        guard options.reductions, options.maxDepth == nil, length > 1 else {
            result.shortestConfirmed = true
            return result
        }
        guard options.maxConfirmingStates > 0 else {
            result.shortestConfirmed = false
            return result
        }
        var bounds = options
        bounds.maxDepth = length - 1
        bounds.maxStates = options.maxConfirmingStates
        bounds.maxMemoryBytes = max(0, options.maxMemoryBytes - reduced.peakMemoryBytes)
        let confirming = Explorer(copying: self, options: bounds)
        let shifted = progress.map { report in
            { (p: ExplorationProgress) in
                var total = p
                total.states += reduced.states
                total.transitions += reduced.transitions
                total.seconds += reduced.seconds
                report(total)
            }
        }
        let check = confirming.search(from: start, partialOrder: false, progress: shifted)
        let outcome: ExplorationResult.Confirmation.Outcome
        switch check.verdict {
        case .violation:
            outcome = .foundShorter
            result.invariant = check.invariant
            result.counterexample = check.counterexample
            result.maxDepth = check.maxDepth
        case .ok:
            outcome = .noShorter
        case .bounded:
            switch check.bound {
            case .maxMemory: outcome = .outOfMemory
            case .maxStates: outcome = .outOfStates
            case .maxDepth, nil: outcome = .noShorter
            }
        }
        result.shortestConfirmed = outcome == .noShorter || outcome == .foundShorter
        result.confirmation = ExplorationResult.Confirmation(
            outcome: outcome, reducedLength: length, stateBudget: options.maxConfirmingStates, states: check.states, transitions: check.transitions,
            seconds: check.seconds, peakMemoryBytes: check.peakMemoryBytes)
        result.seconds += check.seconds
        result.peakMemoryBytes = max(reduced.peakMemoryBytes, check.peakMemoryBytes)
        return result
    }
}
