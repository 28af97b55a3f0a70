import DriverSimulation
@testable import Exploration
import Scenarios
import Testing

/// `SuccessorMemory`: the expander skips successors its chunk reached already and candidates it
/// packed lately. The tables must answer exactly, and skipping must change nothing the search
/// reports but the transitions (chains not followed twice), whatever the number of threads.
@Suite struct SuccessorMemoryTests {
    static func key(_ n: UInt64) -> StateKey { StateKey(high: n &* 0x9E37_79B9_7F4A_7C15 | 1, low: n) }

    @Test func aChunkSeesEachSuccessorOnceAndForgetsThemWhenTheNextBegins() {
        let memory = SuccessorMemory()
        #expect(!memory.seenInChunk(Self.key(7)))
        #expect(memory.seenInChunk(Self.key(7)))
        #expect(!memory.seenInChunk(Self.key(8)))
        memory.startChunk()
        #expect(!memory.seenInChunk(Self.key(7)))
        #expect(memory.seenInChunk(Self.key(7)))
    }

    /// Past 3/4 full the chunk table takes no more: a key it could not note is never reported
    /// seen (a skip needs the successor taken before), and what it noted still is.
    @Test func aFullChunkTableNotesNoMoreAndNeverClaimsWhatItCouldNotNote() {
        let memory = SuccessorMemory()
        let room = SuccessorMemory.chunkSlots * 3 / 4
        for n in 1...UInt64(room) { #expect(!memory.seenInChunk(Self.key(n))) }
        for n in 1...UInt64(room) { #expect(memory.seenInChunk(Self.key(n))) }
        let extra = Self.key(UInt64(room) + 1)
        #expect(!memory.seenInChunk(extra))
        #expect(!memory.seenInChunk(extra))
    }

    /// A chunk's notes are told from the last one's by the chunk's number, not cleared: a full
    /// table has room again in the next chunk, and what it noted before is not seen there.
    @Test func theNextChunkHasRoomAndSeesNothingOfTheLast() {
        let memory = SuccessorMemory()
        let room = UInt64(SuccessorMemory.chunkSlots * 3 / 4)
        for n in 1...room { #expect(!memory.seenInChunk(Self.key(n))) }
        memory.startChunk()
        for n in (room + 1)...(2 * room) { #expect(!memory.seenInChunk(Self.key(n))) }
        for n in (room + 1)...(2 * room) { #expect(memory.seenInChunk(Self.key(n))) }
        for n in 1...room where n % 64 == 0 { #expect(!memory.seenInChunk(Self.key(n))) }
    }

    /// An arrival with fewer moves asleep is not skipped and narrows the noted set to the
    /// intersection, which stays noted (in this chunk) for the arrivals after it.
    @Test func aNarrowedSetStaysNotedInItsChunk() {
        let memory = SuccessorMemory()
        #expect(!memory.seenInChunk(Self.key(3), sleep: 0b11))
        #expect(!memory.seenInChunk(Self.key(3), sleep: 0b01))
        #expect(memory.seenInChunk(Self.key(3), sleep: 0b01))
        #expect(memory.seenInChunk(Self.key(3), sleep: 0b11))
        #expect(!memory.seenInChunk(Self.key(3), sleep: 0b10))
        #expect(memory.seenInChunk(Self.key(3), sleep: 0))
    }

    /// Direct-mapped: a key whose slot another took since is packed again, never skipped wrongly.
    @Test func theLatelyCacheForgetsAKeyWhoseSlotAnotherTook() {
        let memory = SuccessorMemory()
        let first = StateKey(high: 1, low: 5)
        let sameSlot = StateKey(high: 2, low: 5 + UInt64(memory.latelySlots))
        let sameLowBitsOtherHigh = StateKey(high: 3, low: 5)
        #expect(!memory.packedLately(first))
        #expect(memory.packedLately(first))
        #expect(!memory.packedLately(sameLowBitsOtherHigh))
        #expect(!memory.packedLately(sameSlot))
        #expect(!memory.packedLately(first))
    }

    static func explore(_ name: String, _ kernel: String, memory: Bool, jobs: Int) throws -> ExplorationResult {
        try ExplorationTests.explore(name, kernel: kernel, jobs: jobs) { $0.successorMemory = memory }
    }

    @Test(arguments: [
        ("ring-2", "v6.19"), ("ring-3", "v6.18"), ("seed-3", "v6.19"), ("claim-failure-vs-idle", "v6.18"),
        ("trbe-idle-under-perf", "v7.2"),
    ])
    func skippingChangesNothingButTheTransitions(_ name: String, _ kernel: String) throws {
        let plain = try Self.explore(name, kernel, memory: false, jobs: 1)
        for jobs in [1, 2] {
            let skipping = try Self.explore(name, kernel, memory: true, jobs: jobs)
            expectSameSearch(skipping, as: plain, "\(name) under \(kernel)", fewerTransitions: true)
        }
    }

    /// Looking a successor up notes nothing: only a candidate packed takes a slot.
    @Test func lookingUpNotesNothing() {
        let memory = SuccessorMemory()
        let key = StateKey(high: 9, low: 11)
        #expect(!memory.wasPackedLately(key))
        #expect(!memory.wasPackedLately(key))
        #expect(!memory.packedLately(key))
        #expect(memory.wasPackedLately(key))
    }

    /// The lately cache grows with the states the search stored (told between rounds), in
    /// powers of two up to its largest size, and not with what this thread took: which chunks a
    /// thread takes differs from run to run, and its size counts in the search's memory.
    @Test func theLatelyCacheGrowsWithTheStatesStored() {
        let memory = SuccessorMemory()
        #expect(memory.latelySlots == SuccessorMemory.smallestLatelySlots)
        var n: UInt64 = 0
        for _ in 0...(8 * SuccessorMemory.smallestLatelySlots) {
            n += 1
            _ = memory.packedLately(StateKey(high: n, low: n))
        }
        memory.startChunk()
        #expect(memory.latelySlots == SuccessorMemory.smallestLatelySlots, "taking alone grows nothing")
        let perSlot = SuccessorMemory.statesPerLatelySlot
        memory.fit(stored: perSlot * SuccessorMemory.smallestLatelySlots)
        #expect(memory.latelySlots == SuccessorMemory.smallestLatelySlots, "full, not past")
        #expect(memory.packedLately(StateKey(high: n, low: n)), "and still holding what it took")
        memory.fit(stored: perSlot * SuccessorMemory.smallestLatelySlots + 1)
        #expect(memory.latelySlots == 2 * SuccessorMemory.smallestLatelySlots)
        #expect(memory.allocatedBytes == 3 * (SuccessorMemory.chunkSlots + memory.latelySlots) * 8)  // high, low, sleep set
        // What it held is gone with the old table: never a wrong skip.
        #expect(!memory.packedLately(StateKey(high: n, low: n)))
        memory.fit(stored: perSlot * 5 * SuccessorMemory.smallestLatelySlots)
        #expect(memory.latelySlots == 8 * SuccessorMemory.smallestLatelySlots, "several doublings at once")
        memory.fit(stored: 10)
        #expect(memory.latelySlots == 8 * SuccessorMemory.smallestLatelySlots, "it never shrinks")
        memory.fit(stored: .max)
        #expect(memory.latelySlots == SuccessorMemory.largestLatelySlots)
    }

    /// On the ring most repeats are the same moves in another order: the chunk's table skips
    /// their chains.
    @Test func onTheRingItSkipsChains() throws {
        let plain = try Self.explore("ring-2", "v6.19", memory: false, jobs: 1)
        let skipping = try Self.explore("ring-2", "v6.19", memory: true, jobs: 1)
        #expect(skipping.states == plain.states)
        #expect(skipping.transitions < plain.transitions, "\(skipping.transitions) against \(plain.transitions)")
    }
}
