import Foundation

/// Bounds and switches for one exploration.
public struct ExplorationOptions: Sendable, Hashable {
    /// Deepest schedule explored, in moves (nil: as deep as the scenario's bounds allow).
    public var maxDepth: Int?
    /// Stop (verdict `bounded`) before the search's own structures would hold more: the
    /// capacities it allocated (visited table, frontier arenas, parent pointers, intern tables,
    /// the threads' candidate buffers), counting both arrays while one grows.
    public var maxMemoryBytes: Int
    /// Partial-order reduction and dead-variable canonicalisation; off only to check them.
    public var reductions: Bool
    /// Threads expanding each layer (1: all on the caller's). Every value gives the same result.
    public var jobs: Int

    /// Symmetry reduction (`Symmetry`), with reductions on; off only to check it.
    public var symmetry: Bool
    /// States the search that confirms a reduced counterexample shortest may store (0: no such
    /// search; the counterexample is then reported as not confirmed shortest).
    public var maxConfirmingStates: Int
    /// States one search stores at most (the confirming search's budget; nil: no bound).
    var maxStates: Int? = nil
    /// Pass through states whose persistent set is a single move (`Expander.followChain`),
    /// with partial-order reduction and no depth bound; off only to check it.
    var chains = true
    /// Skip successors the expanding thread reached lately (`SuccessorMemory`); off only to check it.
    var successorMemory = true
    /// Without reductions, successors of moves that read what an earlier move read
    /// (`TransitionCache`); off only to check it.
    var transitionCache = true
    /// Sleep sets over the persistent sets (`SleepSets`), where chains are followed; off only to check them.
    var sleepSets = true

    public static let defaultMaxMemoryBytes = 4 << 30
    /// At most about 2.5 s of a release build on this project's 2-core machine (seed-8).
    public static let defaultMaxConfirmingStates = 200_000
    /// More threads than this only add merge work (the merge is sequential).
    public static let maxJobs = 16
    /// The active processors, at most `maxJobs`.
    public static var defaultJobs: Int { min(maxJobs, max(1, ProcessInfo.processInfo.activeProcessorCount)) }

    public init(
        maxDepth: Int? = nil, maxMemoryBytes: Int = Self.defaultMaxMemoryBytes, reductions: Bool = true,
        symmetry: Bool = true, jobs: Int = Self.defaultJobs, maxConfirmingStates: Int = Self.defaultMaxConfirmingStates
    ) {
        self.maxDepth = maxDepth
        self.maxMemoryBytes = maxMemoryBytes
        self.reductions = reductions
        self.symmetry = symmetry
        self.jobs = min(Self.maxJobs, max(1, jobs))
        self.maxConfirmingStates = max(0, maxConfirmingStates)
    }
}

/// Where a running exploration is, for a progress line.
public struct ExplorationProgress: Sendable, Hashable {
    public var states: Int
    public var transitions: Int
    public var depth: Int
    public var seconds: Double
    public var memoryBytes: Int
}
