/// A grapheme cluster's UTF-8 bytes stored inline (up to 15 bytes), so a `Cell` is a plain value:
/// no reference counting when cells are copied and compared, which keeps the frame diff at
/// memory speed.
///
/// Longer clusters (long emoji ZWJ sequences) keep the scalars that fit: terminals draw them as
/// their first emoji anyway, and ncurses keeps at most five scalars per cell.
struct PackedGlyph: Hashable, Sendable {
    /// Bytes 0…7, little-endian.
    private var low: UInt64
    /// Bytes 8…14 in bits 0…55; the byte count in bits 56…63.
    private var high: UInt64

    static let capacity = 15

    init(_ character: Character) {
        low = 0
        high = 0
        if let ascii = character.asciiValue {
            low = UInt64(ascii)
            high = 1 << 56
            return
        }
        var count = 0
        for scalar in character.unicodeScalars {
            let utf8 = UTF8.encode(scalar)!
            guard count + utf8.count <= Self.capacity else { break }
            for byte in utf8 {
                setByte(byte, at: count)
                count += 1
            }
        }
        high |= UInt64(count) << 56
    }

    var count: Int { Int(high >> 56) }

    private mutating func setByte(_ byte: UInt8, at index: Int) {
        if index < 8 {
            low |= UInt64(byte) << (8 * index)
        } else {
            high |= UInt64(byte) << (8 * (index - 8))
        }
    }

    private func byte(at index: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: index < 8 ? low >> (8 * index) : high >> (8 * (index - 8)))
    }

    var character: Character {
        if count == 1 { return Character(Unicode.Scalar(byte(at: 0))) }
        let text = String(unsafeUninitializedCapacity: count) { buffer in
            for index in 0..<count { buffer[index] = byte(at: index) }
            return count
        }
        return text.first ?? Cell.replacement
    }
}
