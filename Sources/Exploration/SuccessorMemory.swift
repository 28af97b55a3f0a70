/// What an expander remembers of the successors it reached, to skip work that can only find
/// them again: fingerprints of their own packed words (before canonicalisation), in two tables
/// of bounded size. Neither changes what the search reports but the transitions:
///
/// - `seenInChunk`: the successors of the chunk being expanded (cleared per chunk). One seen
///   already had its chain followed and its candidate taken, earlier in chunk order, so the
///   merge keeps that one anyway; only its chain's moves go uncounted. Per chunk, so what is
///   skipped (and the transitions counted) does not depend on how the chunks are shared among
///   threads.
/// - `packedLately`: the candidates this thread packed lately (a direct-mapped cache). Each was
///   taken earlier in chunk order (a thread expands its chunks in order, rounds in order), so
///   canonicalising one again could only find it visited; and as a candidate ends any chain, a
///   successor found there has no chain to follow either. It starts small (a small search pays
///   little) and doubles, between chunks, each time it has taken four times its slots, up to
///   `largestLatelySlots`.
///
/// Each expander owns its own (`Expander.withOwnScratch()`): one thread at a time.
final class SuccessorMemory: @unchecked Sendable {
    static let chunkSlots = 2048
    static let smallestLatelySlots = 1 << 10
    static let largestLatelySlots = 1 << 16
    /// An open-addressing set (high, low per slot; (0, 0) empty) that takes no more once 3/4 full.
    private let chunk: UnsafeMutablePointer<UInt64>
    private var chunkCount = 0
    /// high, low per slot, a slot per fingerprint's low bits.
    private var lately: UnsafeMutablePointer<UInt64>
    private(set) var latelySlots = SuccessorMemory.smallestLatelySlots
    private var takenSinceGrowth = 0

    init() {
        chunk = .allocate(capacity: 2 * Self.chunkSlots)
        chunk.initialize(repeating: 0, count: 2 * Self.chunkSlots)
        lately = .allocate(capacity: 2 * latelySlots)
        lately.initialize(repeating: 0, count: 2 * latelySlots)
    }

    deinit {
        chunk.deallocate()
        lately.deallocate()
    }

    var allocatedBytes: Int { 2 * (Self.chunkSlots + latelySlots) * 8 }

    /// Starts a chunk: no successor seen in it yet (and the lately cache grown if it is due).
    func startChunk() {
        if takenSinceGrowth > 4 * latelySlots, latelySlots < Self.largestLatelySlots {
            lately.deallocate()
            latelySlots *= 2
            lately = .allocate(capacity: 2 * latelySlots)
            lately.initialize(repeating: 0, count: 2 * latelySlots)
            takenSinceGrowth = 0
        }
        guard chunkCount > 0 else { return }
        chunk.update(repeating: 0, count: 2 * Self.chunkSlots)
        chunkCount = 0
    }

    /// Whether this chunk has reached `key` already; notes it when not (while there is room).
    func seenInChunk(_ key: StateKey) -> Bool {
        let mask = Self.chunkSlots - 1
        var index = Int(truncatingIfNeeded: key.high) & mask
        while true {
            let high = chunk[2 * index]
            let low = chunk[2 * index + 1]
            if high == 0 && low == 0 { break }
            if high == key.high && low == key.low { return true }
            index = (index + 1) & mask
        }
        guard chunkCount * 4 < Self.chunkSlots * 3 else { return false }
        chunk[2 * index] = key.high
        chunk[2 * index + 1] = key.low
        chunkCount += 1
        return false
    }

    /// Whether `key` is among the candidates packed lately (nothing noted).
    func wasPackedLately(_ key: StateKey) -> Bool {
        let index = 2 * (Int(truncatingIfNeeded: key.low) & (latelySlots - 1))
        return lately[index] == key.high && lately[index + 1] == key.low
    }

    /// Whether `key` is among the candidates packed lately; it takes their slot when not.
    func packedLately(_ key: StateKey) -> Bool {
        let index = 2 * (Int(truncatingIfNeeded: key.low) & (latelySlots - 1))
        if lately[index] == key.high && lately[index + 1] == key.low { return true }
        takenSinceGrowth += 1
        lately[index] = key.high
        lately[index + 1] = key.low
        return false
    }
}
