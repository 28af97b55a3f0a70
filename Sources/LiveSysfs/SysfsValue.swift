import CoreSightModel
import SafeText

/// Parsers for sysfs attribute text. They work on raw bytes so the poller can parse straight
/// out of its read buffer without building strings.
enum SysfsValue {
    /// Whether a byte is trailing padding in a sysfs or device-tree value.
    private static func isPadding(_ byte: UInt8) -> Bool {
        byte == 0x0A || byte == 0x20 || byte == 0x00 || byte == 0x09 || byte == 0x0D
    }

    /// Unsigned decimal ("123\n"); nil for empty text, any other character, or overflow.
    static func decimal(_ bytes: some Collection<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        var digits = 0
        var ended = false
        for byte in bytes {
            if isPadding(byte) { ended = true; continue }
            guard !ended, byte >= 0x30, byte <= 0x39 else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(byte - 0x30))
            guard !o1, !o2 else { return nil }
            value = sum
            digits += 1
        }
        return digits > 0 ? value : nil
    }

    /// `enable_source` / `enable_sink` / `online`: decimal, non-zero is on.
    static func flag(_ bytes: some Collection<UInt8>) -> Bool? {
        decimal(bytes).map { $0 != 0 }
    }

    /// A CPU number from a `cpu` file, within the range Topology accepts.
    static func cpuNumber(_ bytes: some Collection<UInt8>) -> Int? {
        guard let value = decimal(bytes), value < UInt64(TopologyLimits.maxCPUs) else { return nil }
        return Int(value)
    }

    /// A CPU list such as `0-3,5` (an empty line is an empty list); nil when malformed.
    static func cpuList(_ bytes: some Collection<UInt8>) -> [Int]? {
        let text = self.text(Array(bytes))
        if text.isEmpty { return [] }
        var cpus: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count),
                let low = cpuNumber(Array(bounds[0].utf8)),
                let high = cpuNumber(Array(bounds[bounds.count - 1].utf8)),
                low <= high
            else { return nil }
            cpus.append(contentsOf: low...high)
        }
        return cpus
    }

    /// A device-tree cell (big-endian u32), as in `reg`, `phandle`, `remote-endpoint`.
    static func cell(_ bytes: [UInt8], at index: Int = 0) -> UInt32? {
        let start = index * 4
        guard bytes.count >= start + 4 else { return nil }
        return bytes[start..<start + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Text with trailing padding removed (invalid UTF-8 repaired).
    static func text(_ bytes: [UInt8]) -> String {
        var end = bytes.endIndex
        while end > bytes.startIndex, isPadding(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    /// A value quoted for an error message: control characters escaped, long values cut.
    static func quoted(_ bytes: some Collection<UInt8>) -> String {
        let shown = text(Array(bytes.prefix(32)))
        var out = ""
        for character in shown {
            out += character == "\"" || character == "\\" ? "\\" + String(character) : String(character)
        }
        return "\"" + Echo.escaped(out) + (bytes.count > 32 ? "…\"" : "\"")
    }

    /// The register base from a parent device name `<hex>.<node>` (`20010000.etf`); nil for
    /// names without a unit address (`soc:funnel`, `trbe`).
    static func address(fromParentName name: String) -> UInt64? {
        guard let dot = name.firstIndex(of: "."), dot != name.startIndex else { return nil }
        return UInt64(name[..<dot], radix: 16)
    }
}

extension SysfsValue {
    /// Marks the CPUs of a list such as `0-3,5` in `marks` without building strings (the
    /// poller parses `online` every poll). False when malformed or out of range.
    static func markCPUs(_ bytes: UnsafeRawBufferPointer, in marks: inout [Bool]) -> Bool {
        var number = -1
        var rangeStart = -1
        func commit() -> Bool {
            guard number >= 0 else { return false }
            let low = rangeStart >= 0 ? rangeStart : number
            guard low <= number, number < marks.count else { return false }
            for cpu in low...number { marks[cpu] = true }
            number = -1
            rangeStart = -1
            return true
        }
        var ended = false
        var sawAny = false
        for byte in bytes {
            if isPaddingByte(byte) { ended = true; continue }
            guard !ended else { return false }
            sawAny = true
            switch byte {
            case 0x30...0x39:
                number = (number < 0 ? 0 : number) * 10 + Int(byte - 0x30)
                guard number < 1 << 20 else { return false }
            case UInt8(ascii: "-"):
                guard number >= 0, rangeStart < 0 else { return false }
                rangeStart = number
                number = -1
            case UInt8(ascii: ","):
                guard commit() else { return false }
            default: return false
            }
        }
        return !sawAny || commit()
    }

    static func isPaddingByte(_ byte: UInt8) -> Bool {
        byte == 0x0A || byte == 0x20 || byte == 0x00 || byte == 0x09 || byte == 0x0D
    }
}
