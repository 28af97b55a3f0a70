#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A board's shell reports a failed read or write as text (`sh: 1: cannot create x:
/// Permission denied`, `sh: write error: Device or resource busy`): the errno is recovered
/// from the C library's sentence at the end, so the kernel's answer maps as a local one does.
/// Both ends run Linux, so the sentences agree.
enum RemoteErrno {
    /// No errno matched the text: shown as the text itself.
    static let unknownCode: Int32 = EIO

    /// The errno whose `strerror` ends `message` (after its last `: `), else `unknownCode`.
    static func code(forMessage message: String) -> Int32 {
        let text = message.split(separator: "\n").last.map(String.init) ?? message
        let trimmed = afterLastColon(text).trimmingTrailingBlanks()
        return sentences[trimmed] ?? unknownCode
    }

    /// What follows the last `: ` (the whole text without one).
    static func afterLastColon(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var index = bytes.count - 2
        while index >= 0 {
            if bytes[index] == UInt8(ascii: ":") && bytes[index + 1] == UInt8(ascii: " ") {
                return String(decoding: bytes[(index + 2)...], as: UTF8.self)
            }
            index -= 1
        }
        return text
    }

    /// `strerror` for every errno Linux defines, once.
    private static let sentences: [String: Int32] = {
        var table: [String: Int32] = [:]
        for code in Int32(1)...Int32(133) {
            guard let text = strerror(code) else { continue }
            let sentence = String(cString: text)
            if !sentence.hasPrefix("Unknown error"), table[sentence] == nil { table[sentence] = code }
        }
        return table
    }()
}

extension String {
    func trimmingTrailingBlanks() -> String {
        var text = Substring(self)
        while let last = text.last, last == " " || last == "\r" || last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
