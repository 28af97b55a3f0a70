/// Character classes of the DTS lexer (dtc's `dtc-lexer.l`), on UTF-8 bytes.
enum ByteClass {
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// Labels and C identifiers: `[a-zA-Z0-9_]` (the first must not be a digit).
    static func isIdentifier(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) || byte == 0x5F }

    static func isIdentifierStart(_ byte: UInt8) -> Bool { isLetter(byte) || byte == 0x5F }

    /// Property and node names: `[a-zA-Z0-9,._+*#?@-]`.
    static func isPropertyOrNodeName(_ byte: UInt8) -> Bool {
        if isIdentifier(byte) { return true }
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "*"),
            UInt8(ascii: "#"), UInt8(ascii: "?"), UInt8(ascii: "@"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    /// Horizontal white space (a directive ends at the newline).
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0B || byte == 0x0C || byte == 0x0D
    }

    static func isSpace(_ byte: UInt8) -> Bool { isBlank(byte) || byte == 0x0A }

    /// How a byte reads in an error message.
    static func describe(_ byte: UInt8?) -> String {
        guard let byte else { return "end of file" }
        switch byte {
        case 0x0A: return "end of line"
        case 0x20...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        default: return "byte 0x\(String(byte, radix: 16))"
        }
    }
}

extension Array where Element == UInt8 {
    var text: String { String(decoding: self, as: UTF8.self) }
}
