internal import CPrefetch

/// What an expander remembers of the successors it reached, to skip work that can only find
/// them again: fingerprints of their own packed words (before canonicalisation), in two tables
/// of bounded size. Neither changes what the search reports but the transitions:
///
/// - `seenInChunk`: the successors of the chunk being expanded (forgotten per chunk). One seen
///   already had its chain followed and its candidate taken, earlier in chunk order, so the
///   merge keeps that one anyway; only its chain's moves go uncounted. Per chunk, so what is
///   skipped (and the transitions counted) does not depend on how the chunks are shared among
///   threads.
/// - `packedLately`: the candidates this thread packed lately (a direct-mapped cache). Each was
///   taken earlier in chunk order (a thread expands its chunks in order, rounds in order), so
///   canonicalising one again could only find it visited; and as a candidate ends any chain, a
///   successor found there has no chain to follow either. It starts small (a small search pays
///   little) and grows between rounds with the states the search has stored (`fit`), up to
///   `largestLatelySlots`: by what every thread sees alike, not by what this one took, since
///   which chunks a thread takes differs from run to run and its size counts in `--max-memory`.
///
/// With sleep sets (`SleepSets`) each noted successor keeps the set it arrived with (the
/// intersection, when it arrived more than once); a later arrival is skipped only when its set
/// holds all of that one, since then its candidate could change neither the set the state keeps
/// nor what is expanded again (its chain's sets hold those of the first's chain too).
///
/// Each expander owns its own (`Expander.withOwnScratch()`): one thread at a time.
final class SuccessorMemory: @unchecked Sendable {
    static let chunkSlots = 2048
    static let smallestLatelySlots = 1 << 10
    static let largestLatelySlots = 1 << 16
    /// An open-addressing set (high, low, and the chunk's number over the sleep set per slot; a
    /// slot of another chunk is empty, so starting one clears nothing) that takes no more once
    /// 3/4 full.
    private let chunk: UnsafeMutablePointer<UInt64>
    private var chunkCount = 0
    /// The chunk's number (from 1; the slots start at 0).
    private var epoch: UInt64 = 1
    /// high, low, sleep set per slot, a slot per fingerprint's low bits.
    private var lately: UnsafeMutablePointer<UInt64>
    private(set) var latelySlots = SuccessorMemory.smallestLatelySlots
    /// Stored states per slot the cache grows to keep (at most).
    static let statesPerLatelySlot = 16

    init() {
        chunk = Self.emptySlots(Self.chunkSlots)
        lately = Self.emptySlots(latelySlots)
    }

    deinit {
        chunk.deallocate()
        lately.deallocate()
    }

    var allocatedBytes: Int { 3 * (Self.chunkSlots + latelySlots) * 8 }

    /// Grows the lately cache to a slot per `statesPerLatelySlot` of the `stored` states, in
    /// powers of two up to `largestLatelySlots` (what it held is dropped: never a wrong skip).
    /// Between rounds, with no thread expanding.
    func fit(stored: Int) {
        var slots = latelySlots
        while slots < Self.largestLatelySlots, stored > Self.statesPerLatelySlot * slots { slots *= 2 }
        guard slots > latelySlots else { return }
        lately.deallocate()
        latelySlots = slots
        lately = Self.emptySlots(latelySlots)
    }

    /// `slots` slots of three words, all zero (empty).
    private static func emptySlots(_ slots: Int) -> UnsafeMutablePointer<UInt64> {
        let words = UnsafeMutablePointer<UInt64>.allocate(capacity: 3 * slots)
        words.initialize(repeating: 0, count: 3 * slots)
        return words
    }

    /// Starts a chunk: no successor seen in it yet.
    func startChunk() {
        guard chunkCount > 0 else { return }
        chunkCount = 0
        epoch += 1
        if epoch > UInt64(UInt32.max) {
            chunk.update(repeating: 0, count: 3 * Self.chunkSlots)
            epoch = 1
        }
    }

    /// Whether this chunk has reached `key` already with a sleep set `sleep` holds; notes it
    /// when not (while there is room; a second arrival keeps the intersection).
    func seenInChunk(_ key: StateKey, sleep: UInt32 = 0) -> Bool {
        let mask = Self.chunkSlots - 1
        var index = Int(truncatingIfNeeded: key.high) & mask
        while chunk[3 * index + 2] >> 32 == epoch {
            if chunk[3 * index] == key.high && chunk[3 * index + 1] == key.low {
                return Self.covered(chunk + 3 * index + 2, by: sleep)
            }
            index = (index + 1) & mask
        }
        guard chunkCount * 4 < Self.chunkSlots * 3 else { return false }
        chunk[3 * index] = key.high
        chunk[3 * index + 1] = key.low
        chunk[3 * index + 2] = epoch << 32 | UInt64(sleep)
        chunkCount += 1
        return false
    }

    /// Starts reading `key`'s slot of the lately cache (`wasPackedLately` or `packedLately` follows).
    func prefetchLately(_ key: StateKey) {
        csx_prefetch(lately + 3 * (Int(truncatingIfNeeded: key.low) & (latelySlots - 1)))
    }

    /// Whether `key` is among the candidates packed lately with a sleep set `sleep` holds (nothing noted).
    func wasPackedLately(_ key: StateKey, sleep: UInt32 = 0) -> Bool {
        let index = 3 * (Int(truncatingIfNeeded: key.low) & (latelySlots - 1))
        return lately[index] == key.high && lately[index + 1] == key.low && UInt32(lately[index + 2]) & ~sleep == 0
    }

    /// Whether `key` is among the candidates packed lately with a sleep set `sleep` holds; it
    /// takes their slot when not there (and keeps the intersection when there with more).
    func packedLately(_ key: StateKey, sleep: UInt32 = 0) -> Bool {
        let index = 3 * (Int(truncatingIfNeeded: key.low) & (latelySlots - 1))
        if lately[index] == key.high && lately[index + 1] == key.low { return Self.covered(lately + index + 2, by: sleep) }
        lately[index] = key.high
        lately[index + 1] = key.low
        lately[index + 2] = UInt64(sleep)
        return false
    }

    /// Whether the noted set is within `sleep`; when not, the noted set becomes the intersection.
    @inline(__always) private static func covered(_ noted: UnsafeMutablePointer<UInt64>, by sleep: UInt32) -> Bool {
        let set = UInt32(truncatingIfNeeded: noted.pointee)
        if set & ~sleep == 0 { return true }
        // The bits over the set (a chunk slot's number) stay.
        noted.pointee = noted.pointee & 0xFFFF_FFFF_0000_0000 | UInt64(set & sleep)
        return false
    }
}
