/// One line from the remote script (see `RemoteScript`): a tag, then the rest of the line.
struct RemoteRecord: Equatable {
    var tag: String
    var rest: [UInt8]

    init(_ line: [UInt8]) {
        if let space = line.firstIndex(of: UInt8(ascii: " ")) {
            tag = String(decoding: line[..<space], as: UTF8.self)
            rest = Array(line[(space + 1)...])
        } else {
            tag = String(decoding: line, as: UTF8.self)
            rest = []
        }
    }

    /// The rest as text (UTF-8, invalid bytes replaced).
    var text: String { String(decoding: rest, as: UTF8.self) }

    /// The rest split at its first space: (`REL`, `TARGET...`).
    var pathAndValue: (path: String, value: [UInt8]) {
        guard let space = rest.firstIndex(of: UInt8(ascii: " ")) else { return (text, []) }
        return (String(decoding: rest[..<space], as: UTF8.self), Array(rest[(space + 1)...]))
    }

    /// `x` records: the hex bytes after the path; nil when one is not a byte.
    var hexBytes: [UInt8]? {
        var bytes: [UInt8] = []
        for word in pathAndValue.value.split(separator: UInt8(ascii: " ")) where !word.isEmpty {
            guard word.count == 2, let byte = UInt8(String(decoding: word, as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
