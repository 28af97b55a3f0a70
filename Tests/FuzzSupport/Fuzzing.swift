public import Foundation
import SafeText

/// Shared by the fuzz targets of every reader: a time budget, a seeded generator, byte
/// mutations, and the checked-in corpus of hostile inputs (Tests/HostileCorpus/READER/).
public enum Fuzzing {
    /// Seconds each fuzz target spends on random inputs: 2 by default (a few seconds of
    /// `swift test` in all), more with `CSX_FUZZ_SECONDS=600 swift test --filter Fuzz`.
    public static var budgetSeconds: Double {
        ProcessInfo.processInfo.environment["CSX_FUZZ_SECONDS"].flatMap(Double.init) ?? 2
    }

    /// The seed of every fuzz run: fixed, so a failure reproduces; `CSX_FUZZ_SEED` picks another.
    public static var seed: UInt64 {
        ProcessInfo.processInfo.environment["CSX_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0xC5C5_2026
    }

    /// Runs `body` with fresh generators until the budget is spent (at least `minimum` times,
    /// at most `maximum`), so a loaded machine tries fewer inputs but never fails for being slow.
    public static func run(minimum: Int = 50, maximum: Int = 1_000_000, _ body: (inout SplitMix64, Int) throws -> Void) rethrows {
        var generator = SplitMix64(seed: seed)
        let deadline = Date().addingTimeInterval(budgetSeconds)
        var iteration = 0
        while iteration < maximum, iteration < minimum || Date() < deadline {
            try body(&generator, iteration)
            iteration += 1
        }
    }

    /// The corpus files of one reader, sorted by name.
    public static func corpus(_ reader: String, filePath: String = #filePath) -> [URL] {
        let directory = URL(fileURLWithPath: filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("HostileCorpus").appendingPathComponent(reader)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map { directory.appendingPathComponent($0) }
    }

    /// The corpus directory itself (for readers that take a directory, like sysfs trees).
    public static func corpusDirectory(_ reader: String, filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("HostileCorpus").appendingPathComponent(reader)
    }

    /// A message fit to show a user: one line, nothing a terminal would act on, bounded.
    public static func isCleanMessage(_ message: String, limit: Int = 1200) -> Bool {
        !message.contains("\n") && !message.contains("\r") && Echo.isInert(message) && message.count <= limit
    }

    /// `bytes` with a few random edits: flips, insertions of interesting bytes, deletions,
    /// duplications of a slice (which is how nesting and size limits get found).
    public static func mutate(_ bytes: [UInt8], using generator: inout SplitMix64, dictionary: [[UInt8]] = []) -> [UInt8] {
        var result = bytes
        let edits = 1 + Int(generator.next() % 4)
        for _ in 0..<edits {
            let position = result.isEmpty ? 0 : Int(generator.next() % UInt64(result.count + 1))
            switch generator.next() % 6 {
            case 0 where !result.isEmpty && position < result.count:
                result[position] ^= UInt8(truncatingIfNeeded: 1 << (generator.next() % 8))
            case 1:
                let interesting: [UInt8] = [0, 0x1b, 0x0a, 0x22, 0x27, 0x5c, 0x7f, 0xff, 0x3a, 0x7b, 0x7d, 0x5b, 0x5d, 0x26, 0x2a, 0x23]
                result.insert(interesting[Int(generator.next() % UInt64(interesting.count))], at: position)
            case 2 where !result.isEmpty && position < result.count:
                let length = min(result.count - position, 1 + Int(generator.next() % 16))
                result.removeSubrange(position..<(position + length))
            case 3 where !result.isEmpty && position < result.count:
                let length = min(result.count - position, 1 + Int(generator.next() % 64))
                let slice = result[position..<(position + length)]
                let copies = 1 + Int(generator.next() % 8)
                for _ in 0..<copies { result.insert(contentsOf: slice, at: position) }
            case 4 where !dictionary.isEmpty:
                result.insert(contentsOf: dictionary[Int(generator.next() % UInt64(dictionary.count))], at: position)
            default:
                result.insert(UInt8(truncatingIfNeeded: generator.next()), at: position)
            }
            if result.count > 1 << 20 { result.removeSubrange((1 << 20)...) }
        }
        return result
    }
}

/// A small, fast, seedable generator (Steele, Lea, Flood 2014), so fuzz runs reproduce.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
