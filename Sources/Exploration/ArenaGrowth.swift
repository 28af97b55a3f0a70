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

    /// Bytes held at once while `reserve` grows `array`: the new buffer beside the old one
    /// (which is already counted), 0 when it need not grow.
    static func transientBytes<T>(of array: [T], adding n: Int) -> Int {
        let growth = growth(of: array, adding: n)
        return growth == 0 ? 0 : (array.capacity + growth) * MemoryLayout<T>.stride
    }
}
