internal import CPrefetch

/// The visited set: an open-addressing table (linear probing) of 128-bit fingerprints in one
/// flat array, no per-entry allocation. It doubles past 3/4 full; what it holds is exactly
/// `capacity` × 16 bytes (plus the old array while it grows).
struct FingerprintTable: Sendable {
    /// high, low per slot; (0, 0) is empty.
    private(set) var slots: [UInt64]
    private(set) var count = 0
    private var mask: Int

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity { size *= 2 }
        slots = Array(repeating: 0, count: 2 * size)
        mask = size - 1
    }

    var capacity: Int { mask + 1 }
    var allocatedBytes: Int { slots.capacity * MemoryLayout<UInt64>.stride }
    /// Bytes held while growing to hold `more` more entries (old and new arrays at once).
    func bytesToGrow(toHold more: Int) -> Int {
        var size = capacity
        while (count + more) * 4 > size * 3 { size *= 2 }
        return size == capacity ? 0 : 2 * size * MemoryLayout<UInt64>.stride
    }

    /// Inserts `key`; false when it was there.
    mutating func insert(_ key: StateKey) -> Bool {
        if (count + 1) * 4 > capacity * 3 { grow() }
        var index = Int(truncatingIfNeeded: key.high) & mask
        let inserted: Bool = slots.withUnsafeMutableBufferPointer { slots in
            while true {
                let high = slots[2 * index]
                let low = slots[2 * index + 1]
                if high == 0 && low == 0 {
                    slots[2 * index] = key.high
                    slots[2 * index + 1] = key.low
                    return true
                }
                if high == key.high && low == key.low { return false }
                index = (index + 1) & mask
            }
        }
        if inserted { count += 1 }
        return inserted
    }

    /// Whether `key` is in the table.
    func contains(_ key: StateKey) -> Bool {
        slots.withUnsafeBufferPointer { Self.contains(key, in: $0) }
    }

    /// Whether `key` is in the table, reading `slots` (the table's storage, shared read-only by
    /// the threads of a parallel phase).
    static func contains(_ key: StateKey, in slots: UnsafeBufferPointer<UInt64>) -> Bool {
        let mask = slots.count / 2 - 1
        var index = Int(truncatingIfNeeded: key.high) & mask
        while true {
            let high = slots[2 * index]
            let low = slots[2 * index + 1]
            if high == 0 && low == 0 { return false }
            if high == key.high && low == key.low { return true }
            index = (index + 1) & mask
        }
    }

    /// Starts reading `key`'s first slot into the cache (`contains` or `insert` follows later).
    @inline(__always) static func prefetch(_ key: StateKey, in slots: UnsafeBufferPointer<UInt64>) {
        let index = Int(truncatingIfNeeded: key.high) & (slots.count / 2 - 1)
        csx_prefetch(slots.baseAddress! + 2 * index)
    }

    private mutating func grow() {
        var bigger = FingerprintTable(capacity: 2 * capacity)
        slots.withUnsafeBufferPointer { old in
            for slot in 0..<(old.count / 2) where old[2 * slot] != 0 || old[2 * slot + 1] != 0 {
                _ = bigger.insert(StateKey(high: old[2 * slot], low: old[2 * slot + 1]))
            }
        }
        self = bigger
    }
}
