/// Bounds and switches for one exploration.
public struct ExplorationOptions: Sendable, Hashable {
    /// Deepest schedule explored, in moves (nil: as deep as the scenario's bounds allow).
    public var maxDepth: Int?
    /// Stop (verdict `bounded`) once the search's own structures are estimated to need more.
    public var maxMemoryBytes: Int
    /// Partial-order reduction and dead-variable canonicalisation; off only to check them.
    public var reductions: Bool

    /// Symmetry reduction (`Symmetry`), with reductions on; off only to check it.
    public var symmetry: Bool

    public static let defaultMaxMemoryBytes = 4 << 30

    public init(
        maxDepth: Int? = nil, maxMemoryBytes: Int = Self.defaultMaxMemoryBytes, reductions: Bool = true, symmetry: Bool = true
    ) {
        self.maxDepth = maxDepth
        self.maxMemoryBytes = maxMemoryBytes
        self.reductions = reductions
        self.symmetry = symmetry
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
