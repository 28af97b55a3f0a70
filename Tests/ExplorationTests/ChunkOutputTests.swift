@testable import Exploration
import Testing

/// A chunk's candidates once the visited ones are dropped: what is kept, in order, in arrays
/// whose capacity is what they hold. What they grew to while the chunk was expanded follows the
/// successors its thread skipped, which depends on the chunks it took before; the search counts
/// capacities toward --max-memory.
@Suite struct ChunkOutputTests {
    @Test func droppingTheVisitedLeavesWhatIsKeptAndNoMoreRoom() {
        let stride = 3
        var table = FingerprintTable()
        var output = ChunkOutput()
        for n in 0..<40 {
            let key = SuccessorMemoryTests.key(UInt64(n))
            if n % 3 == 0 { _ = table.insert(key) }  // visited already
            output.keys.append(key)
            output.parents.append(UInt32(n))
            output.moves.append(UInt32(100 + n))
            output.words.append(contentsOf: [UInt64(n), UInt64(n) << 8, UInt64(n) << 16])
        }
        output.keys.reserveCapacity(500)
        output.words.reserveCapacity(1_500)
        table.slots.withUnsafeBufferPointer { output.dropVisited($0, stride: stride) }
        let kept = (0..<40).filter { $0 % 3 != 0 }
        #expect(output.keys == kept.map { SuccessorMemoryTests.key(UInt64($0)) })
        #expect(output.parents == kept.map { UInt32($0) })
        #expect(output.moves == kept.map { UInt32(100 + $0) })
        #expect(output.words == kept.flatMap { [UInt64($0), UInt64($0) << 8, UInt64($0) << 16] })
        // Room for what is kept, not for the 500 keys and 1,500 words reserved while expanding
        // (malloc may round a buffer up by a few elements).
        #expect(output.keys.capacity < kept.count + 8 && output.words.capacity < stride * kept.count + 8)
        #expect(output.parents.capacity < kept.count + 8 && output.moves.capacity < kept.count + 8)
        #expect(output.allocatedBytes(stride: stride) < 2 * kept.count * (stride * 8 + 16 + 8))
    }
}
