/// Integer, character and string literals as dtc reads them.
extension Scanner {
    /// Decimal, `0x` hex or `0` octal, with optional `U`/`L` suffixes; at most 64 bits.
    func scanIntegerLiteral() throws(DeviceTreeError) -> UInt64 {
        let start = location
        var radix: UInt64 = 10
        if peek() == UInt8(ascii: "0"), let marker = peek(1), marker | 0x20 == UInt8(ascii: "x") {
            advance()
            advance()
            radix = 16
        } else if peek() == UInt8(ascii: "0") {
            radix = 8
        }
        var value: UInt64 = 0
        var digits = 0
        while let byte = peek() {
            let digit: UInt8?
            if radix == 16 {
                digit = ByteClass.hexValue(byte)
            } else {
                digit = ByteClass.isDigit(byte) ? byte - UInt8(ascii: "0") : nil
            }
            guard let digit else { break }
            if UInt64(digit) >= radix {
                throw error("digit \(digit) in an octal number", expected: "digits 0-7 after a leading 0")
            }
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: radix)
            let (sum, overflowB) = shifted.addingReportingOverflow(UInt64(digit))
            guard !overflowA, !overflowB else {
                throw error("number is too large", expected: "a value that fits in 64 bits", at: start)
            }
            value = sum
            digits += 1
            advance()
        }
        if radix == 16, digits == 0 { throw unexpected(expected: "hex digits after 0x") }
        while let byte = peek(), byte | 0x20 == UInt8(ascii: "u") || byte | 0x20 == UInt8(ascii: "l") { advance() }
        if let byte = peek(), ByteClass.isIdentifier(byte) {
            throw unexpected(expected: radix == 16 ? "a hex digit" : "a digit")
        }
        return value
    }

    /// `'a'` or `'\n'`: the character's value.
    func scanCharacterLiteral() throws(DeviceTreeError) -> UInt64 {
        let start = location
        advance()  // '
        guard let byte = peek(), byte != UInt8(ascii: "'"), byte != 0x0A else {
            throw unexpected(expected: "a character between quotes")
        }
        let value: UInt8
        if byte == UInt8(ascii: "\\") {
            advance()
            value = try scanEscape()
        } else {
            value = byte
            advance()
        }
        guard take(UInt8(ascii: "'")) else { throw error("character literal is not closed", expected: "\"'\"", at: start) }
        return UInt64(value)
    }

    /// `"..."` with C escapes. Strings may not run past the end of their file.
    func scanStringLiteral() throws(DeviceTreeError) -> String {
        let start = location
        advance()  // "
        var bytes: [UInt8] = []
        while true {
            guard let byte = peek() else {
                throw error("string is not closed", expected: "'\"'", at: start)
            }
            advance()
            if byte == UInt8(ascii: "\"") { break }
            guard bytes.count < limits.maxCells else {
                throw error("string is longer than \(limits.maxCells) bytes", expected: "'\"'", at: start)
            }
            if byte == UInt8(ascii: "\\") {
                bytes.append(try scanEscape())
            } else {
                bytes.append(byte)
            }
        }
        return bytes.text
    }

    /// After a backslash: `\n`, `\t`, `\xHH`, `\ooo`, ...; an unknown escape stands for itself.
    private func scanEscape() throws(DeviceTreeError) -> UInt8 {
        guard let byte = peek() else { throw unexpected(expected: "an escape sequence") }
        advance()
        switch byte {
        case UInt8(ascii: "a"): return 0x07
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "t"): return 0x09
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "v"): return 0x0B
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "x"):
            var value: UInt8 = 0
            var digits = 0
            while digits < 2, let next = peek(), let digit = ByteClass.hexValue(next) {
                value = value &* 16 &+ digit
                digits += 1
                advance()
            }
            guard digits > 0 else { throw unexpected(expected: "hex digits after \\x") }
            return value
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            var value = byte - UInt8(ascii: "0")
            var digits = 1
            while digits < 3, let next = peek(), next >= UInt8(ascii: "0"), next <= UInt8(ascii: "7") {
                value = value &* 8 &+ (next - UInt8(ascii: "0"))
                digits += 1
                advance()
            }
            return value
        default:
            return byte
        }
    }
}
