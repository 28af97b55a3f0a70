/// How many terminal columns text occupies, as a UTF-8 terminal in a non-CJK locale shows it.
///
/// A grapheme cluster (`Character`) takes the width of its first scalar: 2 for East Asian Wide and
/// Fullwidth characters (Unicode 14 `EastAsianWidth.txt` W/F, which includes emoji with emoji
/// presentation), 0 for a lone combining mark or format character, 1 otherwise. Combining marks
/// after a base character belong to its cluster and add nothing. East Asian *Ambiguous*
/// characters (box drawing among them) count as 1, as in every non-CJK locale.
public enum DisplayWidth {
    /// The columns one grapheme cluster takes: 0, 1 or 2. Control characters count 0 here;
    /// `ScreenBuffer` replaces them before layout.
    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        return of(first)
    }

    /// The columns a whole string takes (single line; control characters count 0).
    public static func of(_ text: String) -> Int {
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    /// The columns one scalar takes when it starts a cluster.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x7F { return value >= 0x20 ? 1 : 0 }
        if value < 0xA0 { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control, .lineSeparator, .paragraphSeparator:
            return value == 0xAD ? 1 : 0  // soft hyphen shows as a hyphen in terminals
        default:
            break
        }
        if value >= 0x1160 && value <= 0x11FF { return 0 }  // Hangul medial vowels, final consonants
        return isWide(value) ? 2 : 1
    }

    /// Whether the scalar is East Asian Wide or Fullwidth.
    static func isWide(_ value: UInt32) -> Bool {
        if value < wideRanges[0].lowerBound { return false }
        var low = 0
        var high = wideRanges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = wideRanges[middle]
            if value < range.lowerBound {
                high = middle - 1
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }

    /// East Asian Wide (W) and Fullwidth (F) scalars, Unicode 14, merged across unassigned gaps.
    /// Generated from Python's `unicodedata.east_asian_width` (assigned code points only), with
    /// planes 2 and 3 wide as a whole.
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0,
        0x23F3...0x23F3, 0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F,
        0x2693...0x2693, 0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
        0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F3, 0x26F5...0x26F5,
        0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728,
        0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x3247, 0x3250...0x4DBF, 0x4E00...0xA4C6, 0xA960...0xA97C,
        0xAC00...0xD7A3, 0xF900...0xFAD9, 0xFE10...0xFE19, 0xFE30...0xFE6B, 0xFF01...0xFF60,
        0xFFE0...0xFFE6, 0x16FE0...0x1B2FB, 0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E,
        0x1F191...0x1F19A, 0x1F200...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C, 0x1F37E...0x1F393,
        0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4...0x1F3F4, 0x1F3F8...0x1F43E,
        0x1F440...0x1F440, 0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567,
        0x1F57A...0x1F57A, 0x1F595...0x1F596, 0x1F5A4...0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5,
        0x1F6CC...0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6DF, 0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC,
        0x1F7E0...0x1F7F0, 0x1F90C...0x1F93A, 0x1F93C...0x1F945, 0x1F947...0x1F9FF, 0x1FA70...0x1FAF6,
        0x20000...0x3FFFD

    ]
}

extension DisplayWidth {
    /// `text` cut to at most `width` columns; when cut, the last column holds `ellipsis`
    /// (if it is one column wide and `width` > 0).
    public static func truncate(_ text: String, toWidth width: Int, ellipsis: Character = "…") -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        let room = width - of(ellipsis)
        var result = ""
        var used = 0
        for character in text {
            let columns = of(character)
            if used + columns > room { break }
            result.append(character)
            used += columns
        }
        if room >= 0 { result.append(ellipsis) }
        return result
    }

    /// `text` cut to at most `width` columns in its middle: the head and the last two fifths stay
    /// around `ellipsis`, so a file name keeps its start and its extension.
    public static func truncateMiddle(_ text: String, toWidth width: Int, ellipsis: Character = "…") -> String {
        guard width > 1, of(text) > width else { return truncate(text, toWidth: width, ellipsis: ellipsis) }
        let room = width - of(ellipsis)
        var tail = ""
        var used = 0
        for character in text.reversed() {
            let columns = of(character)
            if used + columns > room * 2 / 5 { break }
            tail.insert(character, at: tail.startIndex)
            used += columns
        }
        let head = truncate(text, toWidth: room - used + 1, ellipsis: ellipsis)
        return head + tail
    }
}
