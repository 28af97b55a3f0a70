/// Fields written least significant bit first into 64-bit words, no field straddling more than
/// two words. Widths are at most 32 bits; the caller has checked that each value fits.
struct BitWriter {
    let base: UnsafeMutablePointer<UInt64>
    private var word = 0
    private var accumulator: UInt64 = 0
    private var used = 0

    init(_ base: UnsafeMutablePointer<UInt64>) { self.base = base }

    /// A writer over bits from `bit` on that keeps the bits before it (`close()` keeps those
    /// after): re-packs one section of a record in place.
    init(_ base: UnsafeMutablePointer<UInt64>, from bit: Int) {
        self.base = base
        word = bit / 64
        used = bit % 64
        if used > 0 { accumulator = base[word] & ((1 << UInt64(used)) - 1) }
    }

    @inline(__always) mutating func put(_ value: UInt64, _ width: Int) {
        accumulator |= value << UInt64(used)
        used += width
        if used >= 64 {
            base[word] = accumulator
            word += 1
            used -= 64
            accumulator = used == 0 ? 0 : value >> UInt64(width - used)
        }
    }

    @inline(__always) mutating func put(_ flag: Bool) { put(flag ? 1 : 0, 1) }

    /// `width` zero bits (an absent optional keeps its fields' room: positions stay fixed).
    @inline(__always) mutating func zeros(_ width: Int) {
        var left = width
        while left > 0 {
            put(0, min(32, left))
            left -= 32
        }
    }

    /// Flushes the last, partly written word, keeping its bits after the ones written.
    mutating func close() {
        guard used > 0 else { return }
        base[word] = base[word] & ~((1 << UInt64(used)) - 1) | accumulator
    }

    /// Flushes the last word and zeroes the rest of the `words`-word record.
    mutating func finish(words: Int) {
        if used > 0 {
            base[word] = accumulator
            word += 1
        }
        while word < words {
            base[word] = 0
            word += 1
        }
    }
}

struct BitReader {
    let base: UnsafePointer<UInt64>
    private var word = 0
    private var used = 0

    init(_ base: UnsafePointer<UInt64>, bit: Int = 0) {
        self.base = base
        word = bit / 64
        used = bit % 64
    }

    @inline(__always) mutating func take(_ width: Int) -> UInt64 {
        guard width > 0 else { return 0 }
        var value = base[word] >> UInt64(used)
        let available = 64 - used
        if width >= available {
            word += 1
            used = width - available
            if used > 0 { value |= base[word] << UInt64(available) }
        } else {
            used += width
        }
        return width == 64 ? value : value & ((1 << UInt64(width)) - 1)
    }

    @inline(__always) mutating func flag() -> Bool { take(1) != 0 }

    @inline(__always) mutating func skip(_ width: Int) {
        let bit = word * 64 + used + width
        word = bit / 64
        used = bit % 64
    }
    @inline(__always) mutating func int(_ width: Int) -> Int { Int(take(width)) }
}

/// Bits needed to write every value in 0...n.
func bitWidth(_ n: Int) -> Int { n <= 0 ? 0 : Int.bitWidth - n.leadingZeroBitCount }
