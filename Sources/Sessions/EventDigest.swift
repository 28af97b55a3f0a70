import DriverSimulation

/// A 64-bit FNV-1a digest of an action line's events (step, cpu, kind, text of each, in
/// order), so a loaded session keeps eight bytes per line instead of its events, and
/// `--verify` compares digests: the same whatever the JSON spelling (key order, spaces,
/// escapes), different when any field differs.
struct EventDigest {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    @inline(__always)
    mutating func mix(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    mutating func mix(_ number: Int) {
        var bits = UInt64(bitPattern: Int64(number))
        for _ in 0..<8 {
            mix(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    mutating func mix(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes { mix(byte) }
    }

    /// One event's fields; `cpu` nil for the external debugger. 0xFF and 0xFE never occur in
    /// UTF-8, so they end the strings unambiguously.
    mutating func mixEvent(step: Int, cpu: Int?, kind: UnsafeRawBufferPointer, text: UnsafeRawBufferPointer) {
        mix(step)
        mix(cpu ?? Int.min)
        mix(kind)
        mix(0xFF)
        mix(text)
        mix(0xFE)
    }

    /// The digest of simulated events, as their lines would spell them.
    static func of(_ events: [Event], words: EventWords) -> UInt64 {
        var digest = EventDigest()
        for event in events {
            var kind = EventDescriber.kindName(event.kind)
            var text = words.text(event)
            kind.withUTF8 { kindBytes in
                text.withUTF8 { textBytes in
                    digest.mixEvent(step: event.step, cpu: event.actor.cpu, kind: UnsafeRawBufferPointer(kindBytes),
                                    text: UnsafeRawBufferPointer(textBytes))
                }
            }
        }
        return digest.value
    }
}
