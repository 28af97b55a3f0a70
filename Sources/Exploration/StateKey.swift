/// A 128-bit fingerprint of a packed state (hash compaction): the visited set stores these
/// instead of states. Two different states share one with probability ~ n²/2¹²⁸ for n states
/// (taken as exact, as Spin's hash compaction does).
///
/// Two independent 64-bit lanes, each a multiply-fold per word (the 128-bit product of the
/// lane and a constant, high half xor low half), then a final avalanche: one pass over the words.
struct StateKey: Hashable, Sendable {
    var high: UInt64
    var low: UInt64

    static let primes: (UInt64, UInt64, UInt64, UInt64) = (
        0xA076_1D64_78BD_642F, 0xE703_7ED1_A0B4_28DB, 0x8EBC_6AF0_9C88_C6E3, 0x5899_65CC_7537_4CC3
    )

    @inline(__always) static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    init(words: UnsafePointer<UInt64>, count: Int) {
        var first: UInt64 = 0x243F_6A88_85A3_08D3
        var second: UInt64 = 0x1319_8A2E_0370_7344
        for i in 0..<count {
            let word = words[i]
            first = Self.fold(first ^ word, Self.primes.0)
            second = Self.fold(second ^ (word >> 32 | word << 32), Self.primes.1)
        }
        high = Self.fold(first ^ UInt64(count), Self.primes.2)
        low = Self.fold(second ^ high, Self.primes.3)
        // (0, 0) marks an empty slot of `FingerprintTable`.
        if high == 0 && low == 0 { low = 1 }
    }

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }
}
