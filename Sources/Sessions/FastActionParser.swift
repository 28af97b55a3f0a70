/// Reads an action's canonical text (as `Action.description` prints it: single spaces, no
/// comments) straight from bytes into a `PackedAction`. Anything else returns nil and goes to
/// `ActionParser`, the language's one real parser, so this only ever accepts what it accepts.
enum FastActionParser {
    static func parse(_ bytes: UnsafeRawBufferPointer, names: inout NameTable, setup: Bool) -> PackedAction? {
        var words: [Range<Int>] = []
        words.reserveCapacity(3)
        var start = 0
        for index in 0...bytes.count {
            if index == bytes.count || bytes[index] == 0x20 {
                guard index > start, words.count < 3 else { return nil }
                words.append(start..<index)
                start = index + 1
            }
        }
        guard let first = words.first else { return nil }
        func word(_ i: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[words[i]]) }
        func name(_ i: Int) -> UInt32? {
            guard isName(word(i)) else { return nil }
            return names.index(of: String(decoding: word(i), as: UTF8.self))
        }
        if let cpu = cpuNumber(word(0)) {
            guard words.count >= 2 else { return nil }
            let verb = word(1)
            if words.count == 2 {
                if matches(verb, "perf-stop") { return PackedAction(.perfStop, cpu: cpu, setup: setup) }
                if matches(verb, "perf-start") { return PackedAction(.perfStartDefault, cpu: cpu, setup: setup) }
                return nil
            }
            guard let n = name(2) else { return nil }
            if matches(verb, "enable") { return PackedAction(.enable, cpu: cpu, name: n, setup: setup) }
            if matches(verb, "disable") { return PackedAction(.disable, cpu: cpu, name: n, setup: setup) }
            if matches(verb, "enable-sink") { return PackedAction(.enableSink, cpu: cpu, name: n, setup: setup) }
            if matches(verb, "disable-sink") { return PackedAction(.disableSink, cpu: cpu, name: n, setup: setup) }
            if matches(verb, "perf-start") { return PackedAction(.perfStart, cpu: cpu, name: n, setup: setup) }
            return nil
        }
        guard words.count == 2 else { return nil }
        let head = UnsafeRawBufferPointer(rebasing: bytes[first])
        for (text, verb) in cpuVerbs where matches(head, text) {
            guard let cpu = cpuNumber(word(1)) else { return nil }
            return PackedAction(verb, cpu: cpu, setup: setup)
        }
        for (text, verb) in nameVerbs where matches(head, text) {
            guard let n = name(1) else { return nil }
            return PackedAction(verb, name: n, setup: setup)
        }
        if matches(head, "variant") {
            if matches(word(1), "legacy") { return PackedAction(.variant, name: 0, setup: setup) }
            if matches(word(1), "fixed") { return PackedAction(.variant, name: 1, setup: setup) }
        }
        return nil
    }

    static let cpuVerbs: [(StaticString, PackedAction.Verb)] = [
        ("step", .step), ("run", .run), ("idle", .idle), ("wake", .wake), ("offline", .offline), ("online", .online),
    ]
    static let nameVerbs: [(StaticString, PackedAction.Verb)] =
        [("ext-claim", .extClaim), ("ext-release", .extRelease), ("ext-program", .extProgram)]

    static func matches(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        for index in 0..<bytes.count where bytes[index] != literal.utf8Start[index] { return false }
        return true
    }

    /// `cpuN`, N decimal without leading zeros, at most 5 digits (as `ActionParser.cpuNumber`).
    static func cpuNumber(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count >= 4, bytes.count <= 8, bytes[0] == UInt8(ascii: "c"), bytes[1] == UInt8(ascii: "p"),
            bytes[2] == UInt8(ascii: "u")
        else { return nil }
        if bytes.count > 4, bytes[3] == UInt8(ascii: "0") { return nil }
        var value = 0
        for index in 3..<bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value <= PackedAction.largestCPU ? value : nil
    }

    /// ASCII letters, digits, `_-.:`, starting with a letter or digit (as `ActionParser.isName`).
    static func isName(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let first = bytes.first, isAlphanumeric(first) else { return false }
        for byte in bytes where !(isAlphanumeric(byte) || byte == 0x5F || byte == 0x2D || byte == 0x2E || byte == 0x3A) {
            return false
        }
        return true
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }
}
