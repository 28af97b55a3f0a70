/// Text that came from outside csx (file contents, names, flags, sysfs values) made safe to
/// print on a terminal: a crafted file must not be able to drive the user's terminal through an
/// error message, and a megabyte token must not fill the screen.
public enum Echo {
    /// Longest run of non-blank characters echoed whole; a longer one keeps its head and its
    /// tail (a long path keeps its file name) around how much was left out.
    public static let tokenLimit = 200
    /// Longest message echoed whole (in characters, after escaping).
    public static let messageLimit = 600

    /// `text` with every control character escaped (`\x1b`, `\n`, `\u{202e}`) and every token
    /// longer than `tokenLimit` shortened to its head, `…(N more)…`, and its tail.
    public static func escaped(_ text: some StringProtocol, tokenLimit: Int = tokenLimit) -> String {
        let keep = max(1, (tokenLimit - 20) / 2)
        var output = ""
        var head = ""
        var tail: [String] = []  // a ring of the last `keep` pieces
        var tailStart = 0
        var tokenCount = 0
        func flush() {
            if tokenCount > tokenLimit {
                output += head
                output += "…(\(tokenCount - 2 * keep) more)…"
                output += (tail[tailStart...] + tail[..<tailStart]).joined()
            } else {
                output += head
                output += (tail[tailStart...] + tail[..<tailStart]).joined()
            }
            head = ""
            tail.removeAll(keepingCapacity: true)
            tailStart = 0
            tokenCount = 0
        }
        for scalar in text.unicodeScalars {
            if scalar == " " {
                flush()
                output += " "
                continue
            }
            let piece = escape(scalar)
            tokenCount += 1
            // Only `keep` pieces at each end are held, so a huge token costs no memory.
            if tokenCount <= keep {
                head += piece
            } else if tail.count < keep {
                tail.append(piece)
            } else {
                tail[tailStart] = piece
                tailStart = (tailStart + 1) % keep
            }
        }
        flush()
        return output
    }

    /// One line for an error or a notice: lines joined with `; `, everything escaped, and the
    /// whole cut to `messageLimit` characters.
    public static func line(_ message: some StringProtocol, limit: Int = messageLimit) -> String {
        let parts = message.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { $0.trimmingBlanks() }
            .filter { !$0.isEmpty }
        let joined = escaped(parts.joined(separator: "; "))
        guard joined.count > limit else { return joined }
        return String(joined.prefix(limit - 1)) + "…"
    }

    /// True when `text` holds nothing a terminal would act on (for tests and assertions).
    public static func isInert(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.allSatisfy { escape($0).unicodeScalars.first == $0 || $0 == "\\" }
    }

    /// A scalar as it may be printed: itself, or an escape that names it.
    static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x09: return "\\t"
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x00...0x1F, 0x7F:
            return "\\x" + hex(scalar.value, width: 2)
        case 0x80...0x9F:
            return "\\u{" + hex(scalar.value, width: 2) + "}"
        default:
            if isInvisibleFormat(scalar) { return "\\u{" + hex(scalar.value, width: 4) + "}" }
            return String(Character(scalar))
        }
    }

    /// Bidirectional overrides and isolates, zero-width and other format characters: they
    /// reorder or hide what the user reads (CVE-2021-42574, "Trojan Source").
    private static func isInvisibleFormat(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator, .privateUse, .unassigned, .surrogate:
            return true
        default:
            return false
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension StringProtocol {
    fileprivate func trimmingBlanks() -> Substring {
        let text = Substring(self)
        guard let first = text.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let last = text.lastIndex(where: { $0 != " " && $0 != "\t" })!
        return text[first...last]
    }
}
