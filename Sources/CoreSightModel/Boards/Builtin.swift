extension Board {
    /// The board `csx` opens on when none is named.
    public static let defaultName = "juno-r2"

    /// The fixed built-in boards (the `grid-N` family is generated on demand).
    public static let fixed: [Board] = [.junoR2, .hikey960, .db410c, .fvpBaseRevC]

    /// Every name `named(_:)` accepts, for listings and error messages.
    public static let catalogue: [(name: String, about: String)] =
        fixed.map { ($0.name, $0.about) }
        + [("grid-N", "synthetic, N = 1...256 CPUs: funnels of 8, main funnel, ETF, replicator, ETR + TPIU")]

    /// A built-in board by name: `juno-r2`, `hikey960`, `db410c`, `fvp-base-revc` or `grid-N`
    /// (1 ≤ N ≤ 256).
    public static func named(_ name: String) -> Board? {
        if let board = fixed.first(where: { $0.name == name }) { return board }
        if name.hasPrefix("grid-"), let cpus = Int(name.dropFirst(5)), (1...256).contains(cpus),
            name == "grid-\(cpus)"
        {
            return grid(cpus: cpus)
        }
        return nil
    }
}
