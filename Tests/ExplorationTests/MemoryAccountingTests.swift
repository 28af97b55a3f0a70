import Foundation
@testable import Exploration
import Testing

/// What the search counts toward --max-memory is what it makes resident, within 1.3×.
///
/// The structures are built the way the search builds them (fingerprint table, parent and move
/// arrays grown by `ArenaGrowth`, a frontier arena), about 200 MB of them, in a child process
/// (an exit test): its resident size depends on nothing the other tests do, so a busy machine
/// changes how long it takes, not what it measures.
@Suite struct MemoryAccountingTests {
    /// How sizes and counts read in messages: bytes below a KiB, KiB below a MiB, MiB to a tenth.
    @Test func sizesAndCountsReadAsWords() {
        #expect(formatBytes(1) == "1 byte")
        #expect(formatBytes(512) == "512 bytes")
        #expect(formatBytes(1023) == "1023 bytes")
        #expect(formatBytes(1024) == "1 KiB")
        #expect(formatBytes(1_048_575) == "1023 KiB")
        #expect(formatBytes(3 << 19) == "1.5 MiB")
        #expect(formatCount(1, "state") == "1 state" && formatCount(0, "state") == "0 states" && formatCount(2, "state") == "2 states")
    }

    @Test func countedMemoryIsResidentMemory() async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            let states = 3_000_000
            let stride = 9  // seed-4's words per state
            let before = residentBytes()
            var table = FingerprintTable()
            var parents: [UInt32] = []
            var moves: [UInt32] = []
            var arena: [UInt64] = []
            var generator = SystemRandomNumberGenerator()
            var peak = 0
            func counted() -> Int {
                table.allocatedBytes + (parents.capacity + moves.capacity) * 4 + arena.capacity * 8
            }
            for n in 0..<states {
                if n % 4096 == 0 {
                    // As the search does before a round: the growth ahead counted with what is held,
                    // the arrays one after another, then the table (`GrowthPeak`).
                    var ahead = GrowthPeak()
                    ahead.grow(parents, adding: 4096)
                    ahead.grow(moves, adding: 4096)
                    ahead.grow(arena, adding: 4096 * stride / 2)
                    ahead.replace(old: table.allocatedBytes, new: table.bytesToGrow(toHold: 4096))
                    peak = max(peak, counted() + ahead.peak)
                    ArenaGrowth.reserve(&parents, adding: 4096)
                    ArenaGrowth.reserve(&moves, adding: 4096)
                    ArenaGrowth.reserve(&arena, adding: 4096 * stride / 2)
                }
                _ = table.insert(StateKey(high: generator.next(), low: generator.next() | 1))
                parents.append(UInt32(truncatingIfNeeded: n))
                moves.append(UInt32(truncatingIfNeeded: n))
                if n % 2 == 0 { for w in 0..<stride { arena.append(UInt64(n &+ w)) } }
            }
            peak = max(peak, counted())
            let resident = residentBytes() - before
            let highWater = peakResidentBytes() - before
            let held = counted()
            // Held now against resident now; the counted peak against the process's high-water mark.
            let ratios = [Double(held) / Double(resident), Double(peak) / Double(highWater)]
            let ok = held > 150 << 20 && ratios.allSatisfy { $0 >= 1 / 1.3 && $0 <= 1.3 }
            print("counted \(held) resident \(resident); peak counted \(peak) high water \(highWater); ratios \(ratios)")
            exit(ok ? 0 : 1)
        }
        if let result { print(String(decoding: result.standardOutputContent, as: UTF8.self)) }
    }
}

/// Resident bytes of this process (/proc/self/statm, pages).
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .ascii) else { return 0 }
    let fields = text.split(separator: " ")
    return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
}

/// The process's peak resident bytes (VmHWM in /proc/self/status).
func peakResidentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .ascii) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }
    return 0
}
