import OrderedJSON

/// A hand-written JSON reader over one line's bytes. Session lines are read a million a second,
/// which Foundation's JSONSerialization cannot do; this reads values in place (strings without
/// escapes are not even copied) and lets the caller skip what it does not need.
/// Valid only inside the `withUnsafeBytes` that lent it the bytes.
struct JSONScanner {
    let bytes: UnsafeRawBufferPointer
    var position = 0
    /// Nesting bound, so a hostile line cannot overflow the stack.
    static let maximumDepth = 64

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    struct Failure: Error {
        var message: String
        var offset: Int
    }

    /// A string's bytes as they stand in the line (escapes undecoded) and whether it has escapes.
    struct RawString {
        var start: Int
        var end: Int
        var escaped: Bool
    }

    var atEnd: Bool { position >= bytes.count }

    func fail(_ message: String) -> Failure { Failure(message: message, offset: position) }

    func found() -> String {
        guard position < bytes.count else { return "end of line" }
        let byte = bytes[position]
        if byte >= 0x20 && byte < 0x7F { return "\"\(Character(Unicode.Scalar(byte)))\"" }
        return "byte 0x" + String(byte, radix: 16)
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// Skips whitespace and returns the next byte without taking it (nil at the end).
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return position < bytes.count ? bytes[position] : nil
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        guard peek() == byte else { throw fail("expected \(what), found \(found())") }
        position += 1
    }

    // MARK: objects and arrays

    /// Calls `member` with each key of an object; `member` must consume the value.
    mutating func readObject(
        depth: Int = 0, _ member: (inout JSONScanner, RawString) throws(Failure) -> Void
    ) throws(Failure) {
        guard depth < Self.maximumDepth else { throw fail("nested too deeply") }
        try expect(UInt8(ascii: "{"), "an object ({)")
        if peek() == UInt8(ascii: "}") { position += 1; return }
        while true {
            guard peek() == UInt8(ascii: "\"") else { throw fail("expected a key (a string), found \(found())") }
            let key = try readRawString()
            try expect(UInt8(ascii: ":"), "\":\" after a key")
            try member(&self, key)
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; return
            default: throw fail("expected \",\" or \"}\" in an object, found \(found())")
            }
        }
    }

    /// Calls `element` for each element of an array; `element` must consume it.
    mutating func readArray(
        depth: Int = 0, _ element: (inout JSONScanner) throws(Failure) -> Void
    ) throws(Failure) {
        guard depth < Self.maximumDepth else { throw fail("nested too deeply") }
        try expect(UInt8(ascii: "["), "an array ([)")
        if peek() == UInt8(ascii: "]") { position += 1; return }
        while true {
            try element(&self)
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"): position += 1; return
            default: throw fail("expected \",\" or \"]\" in an array, found \(found())")
            }
        }
    }

    // MARK: scalars

    /// A string in place: the bytes between the quotes, escapes checked but not decoded.
    mutating func readRawString() throws(Failure) -> RawString {
        try expect(UInt8(ascii: "\""), "a string")
        let start = position
        var escaped = false
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let raw = RawString(start: start, end: position, escaped: escaped)
                position += 1
                return raw
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                position += 1
                guard position < bytes.count else { break }
                switch bytes[position] {
                case UInt8(ascii: "u"):
                    guard position + 4 < bytes.count,
                        (1...4).allSatisfy({ Self.hexValue(bytes[position + $0]) != nil })
                    else { throw fail("bad \\u escape in a string") }
                    position += 5
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                    UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    position += 1
                default:
                    throw fail("bad escape in a string")
                }
                continue
            }
            if byte < 0x20 { throw fail("control character in a string") }
            position += 1
        }
        throw fail("unterminated string")
    }

    mutating func readString() throws(Failure) -> String {
        string(try readRawString())
    }

    /// Whether a raw string is exactly `literal` (keys and enumerated values, no escapes).
    func equals(_ raw: RawString, _ literal: StaticString) -> Bool {
        guard !raw.escaped, raw.end - raw.start == literal.utf8CodeUnitCount else { return false }
        let start = literal.utf8Start
        for index in 0..<literal.utf8CodeUnitCount where bytes[raw.start + index] != start[index] {
            return false
        }
        return true
    }

    /// Decodes a raw string (escapes, surrogate pairs; invalid UTF-8 is repaired as Swift does).
    func string(_ raw: RawString) -> String {
        let slice = UnsafeRawBufferPointer(rebasing: bytes[raw.start..<raw.end])
        guard raw.escaped else { return String(decoding: slice, as: UTF8.self) }
        return String(decoding: unescapedBytes(raw), as: UTF8.self)
    }

    /// The UTF-8 bytes a raw string stands for.
    func unescapedBytes(_ raw: RawString) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.end - raw.start)
        var index = raw.start
        var pendingHigh: UInt32?
        func append(scalar value: UInt32) {
            let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
        while index < raw.end {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                if let high = pendingHigh { append(scalar: high); pendingHigh = nil }
                out.append(byte)
                index += 1
                continue
            }
            let code = bytes[index + 1]
            index += 2
            if code == UInt8(ascii: "u") {
                var value: UInt32 = 0
                for offset in 0..<4 { value = value << 4 | UInt32(Self.hexValue(bytes[index + offset]) ?? 0) }
                index += 4
                if let high = pendingHigh {
                    pendingHigh = nil
                    if (0xDC00...0xDFFF).contains(value) {
                        append(scalar: 0x10000 + ((high - 0xD800) << 10) + (value - 0xDC00))
                        continue
                    }
                    append(scalar: high)
                }
                if (0xD800...0xDBFF).contains(value) { pendingHigh = value } else { append(scalar: value) }
                continue
            }
            if let high = pendingHigh { append(scalar: high); pendingHigh = nil }
            switch code {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            default: out.append(code)  // " \ /
            }
        }
        if let high = pendingHigh { append(scalar: high) }
        return out
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// An integer (no fraction or exponent), within Int's range.
    mutating func readInt() throws(Failure) -> Int {
        skipWhitespace()
        let start = position
        var negative = false
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { negative = true; position += 1 }
        var value = 0
        var digits = 0
        while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(bytes[position] - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { position = start; throw fail("integer out of range") }
            value = sum
            digits += 1
            position += 1
        }
        guard digits > 0 else { position = start; throw fail("expected an integer, found \(found())") }
        if position < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[position]) {
            position = start
            throw fail("expected an integer, found a fraction")
        }
        return negative ? -value : value
    }

    mutating func readBool() throws(Failure) -> Bool {
        if try readLiteral("true") { return true }
        if try readLiteral("false") { return false }
        throw fail("expected true or false, found \(found())")
    }

    /// Takes `null` if it is next.
    mutating func readNull() throws(Failure) -> Bool {
        try readLiteral("null")
    }

    private mutating func readLiteral(_ literal: StaticString) throws(Failure) -> Bool {
        skipWhitespace()
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        for index in 0..<count where bytes[position + index] != literal.utf8Start[index] { return false }
        position += count
        return true
    }

    // MARK: any value

    /// Skips one value of any kind (checking it is well formed).
    mutating func skipValue(depth: Int = 0) throws(Failure) {
        _ = try readValue(depth: depth, keep: false)
    }

    /// One value of any kind as `JSON` (numbers with a fraction become doubles).
    mutating func readValue(depth: Int = 0) throws(Failure) -> JSON {
        try readValue(depth: depth, keep: true)
    }

    private mutating func readValue(depth: Int, keep: Bool) throws(Failure) -> JSON {
        guard depth < Self.maximumDepth else { throw fail("nested too deeply") }
        switch peek() {
        case UInt8(ascii: "{"):
            var members: [(String, JSON)] = []
            try readObject(depth: depth) { (scanner, key) throws(Failure) in
                let value = try scanner.readValue(depth: depth + 1, keep: keep)
                if keep { members.append((scanner.string(key), value)) }
            }
            return .object(members)
        case UInt8(ascii: "["):
            var items: [JSON] = []
            try readArray(depth: depth) { (scanner) throws(Failure) in
                let value = try scanner.readValue(depth: depth + 1, keep: keep)
                if keep { items.append(value) }
            }
            return .array(items)
        case UInt8(ascii: "\""):
            let raw = try readRawString()
            return keep ? .string(string(raw)) : .null
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            return .bool(try readBool())
        case UInt8(ascii: "n"):
            guard try readNull() else { throw fail("expected a value, found \(found())") }
            return .null
        case .some(UInt8(ascii: "-")), .some(UInt8(ascii: "0")...UInt8(ascii: "9")):
            return try readNumber()
        default:
            throw fail("expected a value, found \(found())")
        }
    }

    private mutating func readNumber() throws(Failure) -> JSON {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        func digits(_ scanner: inout JSONScanner) -> Int {
            var count = 0
            while scanner.position < scanner.bytes.count, (48...57).contains(scanner.bytes[scanner.position]) {
                scanner.position += 1
                count += 1
            }
            return count
        }
        guard digits(&self) > 0 else { throw fail("expected a number, found \(found())") }
        var isInteger = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            isInteger = false
            guard digits(&self) > 0 else { throw fail("expected digits after \".\"") }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            isInteger = false
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits(&self) > 0 else { throw fail("expected digits in an exponent") }
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        if isInteger, let value = Int(text) { return .int(value) }
        return .double(Double(text) ?? 0)
    }
}
