/// How the search's flat arrays (arenas, parent pointers, moves) grow: by a quarter past what is
/// needed rather than doubling, so their capacity (what the search counts) stays near what
/// they touched (what is resident).
enum ArenaGrowth {
    static func reserve<T>(_ array: inout [T], adding n: Int) {
        let growth = growth(of: array, adding: n)
        if growth > 0 { array.reserveCapacity(array.capacity + growth) }
    }

    /// Elements `reserve` would add to the capacity.
    static func growth<T>(of array: [T], adding n: Int) -> Int {
        let needed = array.count + n
        guard needed > array.capacity else { return 0 }
        return needed + needed / 4 + 1024 - array.capacity
    }
}

/// The most bytes a round's growth holds at once beyond what is counted already. The arrays
/// grow one after another (`ArenaGrowth.reserve`), each new buffer beside its old one only while
/// it is copied: the peak is what those before it added, plus its new buffer; then the visited
/// table's doubling, its new array beside the old one.
struct GrowthPeak {
    /// Bytes the growths so far add to what is counted, for good.
    private(set) var added = 0
    private(set) var peak = 0

    /// `array` grown to hold `n` more (`ArenaGrowth.reserve`).
    mutating func grow<T>(_ array: [T], adding n: Int) {
        let growth = ArenaGrowth.growth(of: array, adding: n)
        guard growth > 0 else { return }
        peak = max(peak, added + (array.capacity + growth) * MemoryLayout<T>.stride)
        added += growth * MemoryLayout<T>.stride
    }

    /// A structure that allocates `new` bytes beside its `old` ones, then frees the old.
    mutating func replace(old: Int, new: Int) {
        guard new > 0 else { return }
        peak = max(peak, added + new)
        added += new - old
    }
}
