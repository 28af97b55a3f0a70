internal import CPrefetch

/// The visited set: an open-addressing table (linear probing) of 128-bit fingerprints in one
/// flat array, no per-entry allocation. It doubles past 3/4 full, or once `dense` past 7/8 (the
/// search's last resort when doubling would pass `--max-memory`: longer probes, no new array);
/// what it holds is exactly `capacity` × 16 bytes (plus the old array while it grows).
///
/// *Indexed* (with sleep sets, which need a visited state's index): the low word's upper half
/// holds the state's index instead of fingerprint bits, so fingerprints are 96 bits (two states
/// share one with probability ~ n²/2⁹⁷: 10⁻¹¹ for a billion states) and a slot stays 16 bytes.
/// Use `indexedKey` for every key given to an indexed table.
struct FingerprintTable: Sendable {
    /// high, low per slot; (0, 0) is empty.
    private(set) var slots: [UInt64]
    private(set) var count = 0
    private var mask: Int
    let indexed: Bool
    /// Filled to 7/8 before doubling, not 3/4.
    private(set) var dense = false

    init(capacity: Int = 1024, indexed: Bool = false) {
        var size = 16
        while size < capacity { size *= 2 }
        slots = Array(repeating: 0, count: 2 * size)
        mask = size - 1
        self.indexed = indexed
    }

    /// `key` as an indexed table keeps it: 96 bits, never the empty slot's.
    @inline(__always) static func indexedKey(_ key: StateKey) -> StateKey {
        let low = key.low & 0xFFFF_FFFF
        return StateKey(high: key.high, low: key.high == 0 && low == 0 ? 1 : low)
    }

    /// Inserts an `indexedKey` with the index it gets if new; the index it has, and whether it was new.
    mutating func insert(indexed key: StateKey, index: UInt32) -> (index: UInt32, inserted: Bool) {
        if isFull(holding: count + 1, capacity: capacity) { grow() }
        var slot = Int(truncatingIfNeeded: key.high) & mask
        let mask = mask
        let found: (UInt32, Bool) = slots.withUnsafeMutableBufferPointer { slots in
            while true {
                let high = slots[2 * slot]
                let low = slots[2 * slot + 1]
                if high == 0 && low == 0 {
                    slots[2 * slot] = key.high
                    slots[2 * slot + 1] = key.low | UInt64(index) << 32
                    return (index, true)
                }
                if high == key.high && low & 0xFFFF_FFFF == key.low { return (UInt32(truncatingIfNeeded: low >> 32), false) }
                slot = (slot + 1) & mask
            }
        }
        if found.1 { count += 1 }
        return found
    }

    /// The index of an `indexedKey` in an indexed table's `slots`, or -1.
    static func index(of key: StateKey, in slots: UnsafeBufferPointer<UInt64>) -> Int {
        let slot = slot(of: key, in: slots, lowBits: 0xFFFF_FFFF)
        return slot < 0 ? -1 : Int(slots[2 * slot + 1] >> 32)
    }

    var capacity: Int { mask + 1 }
    /// What the slots take (their count, not the array's capacity: malloc may hand back up to a
    /// page more, by what it did before, and the figure would differ from run to run).
    var allocatedBytes: Int { slots.count * MemoryLayout<UInt64>.stride }
    /// Bytes held while growing to hold `more` more entries (old and new arrays at once), as it
    /// is or once `dense`.
    func bytesToGrow(toHold more: Int, dense: Bool? = nil) -> Int {
        var size = capacity
        while isFull(holding: count + more, capacity: size, dense: dense ?? self.dense) { size *= 2 }
        return size == capacity ? 0 : 2 * size * MemoryLayout<UInt64>.stride
    }

    /// Fills to 7/8 from now on (see the type's comment).
    mutating func makeDense() { dense = true }

    @inline(__always) private func isFull(holding entries: Int, capacity: Int, dense: Bool? = nil) -> Bool {
        (dense ?? self.dense) ? entries * 8 > capacity * 7 : entries * 4 > capacity * 3
    }

    /// Inserts `key`; false when it was there.
    mutating func insert(_ key: StateKey) -> Bool {
        precondition(!indexed, "an indexed table takes keys with their index")
        if isFull(holding: count + 1, capacity: capacity) { grow() }
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
        slots.withUnsafeBufferPointer { indexed ? Self.index(of: Self.indexedKey(key), in: $0) >= 0 : Self.contains(key, in: $0) }
    }

    /// Whether `key` is in the table, reading `slots` (the table's storage, shared read-only by
    /// the threads of a parallel phase).
    static func contains(_ key: StateKey, in slots: UnsafeBufferPointer<UInt64>) -> Bool {
        slot(of: key, in: slots, lowBits: ~0) >= 0
    }

    /// The slot whose fingerprint is `key`'s, comparing the low word's `lowBits` (all of it, or
    /// an indexed table's lower half), or -1.
    @inline(__always)
    private static func slot(of key: StateKey, in slots: UnsafeBufferPointer<UInt64>, lowBits: UInt64) -> Int {
        let mask = slots.count / 2 - 1
        var index = Int(truncatingIfNeeded: key.high) & mask
        while true {
            let high = slots[2 * index]
            let low = slots[2 * index + 1]
            if high == 0 && low == 0 { return -1 }
            if high == key.high && low & lowBits == key.low { return index }
            index = (index + 1) & mask
        }
    }

    /// Starts reading `key`'s first slot into the cache (`contains` or `insert` follows later).
    @inline(__always) static func prefetch(_ key: StateKey, in slots: UnsafeBufferPointer<UInt64>) {
        let index = Int(truncatingIfNeeded: key.high) & (slots.count / 2 - 1)
        csx_prefetch(slots.baseAddress! + 2 * index)
    }

    /// Doubles, moving each slot's words as they are (an indexed slot's index with them: the
    /// probe starts from `high` alone) to the first free slot of its probe.
    private mutating func grow() {
        var bigger = FingerprintTable(capacity: 2 * capacity, indexed: indexed)
        let mask = bigger.mask
        slots.withUnsafeBufferPointer { old in
            bigger.slots.withUnsafeMutableBufferPointer { new in
                for slot in 0..<(old.count / 2) where old[2 * slot] != 0 || old[2 * slot + 1] != 0 {
                    var index = Int(truncatingIfNeeded: old[2 * slot]) & mask
                    while new[2 * index] != 0 || new[2 * index + 1] != 0 { index = (index + 1) & mask }
                    new[2 * index] = old[2 * slot]
                    new[2 * index + 1] = old[2 * slot + 1]
                }
            }
        }
        bigger.count = count
        bigger.dense = dense
        self = bigger
    }
}
