/// Cuts a byte stream into lines, each at most `maxLength` bytes: a longer line keeps its
/// head, is marked cut, and the rest up to its newline is dropped without being stored, so a
/// board that never sends a newline costs `maxLength` bytes, not its whole output.
struct LineSplitter {
    struct Line: Equatable {
        var bytes: [UInt8]
        var wasCut: Bool
    }

    let maxLength: Int
    private var current: [UInt8] = []
    private var cut = false

    init(maxLength: Int) { self.maxLength = maxLength }

    mutating func split(_ bytes: [UInt8]) -> [Line] {
        var lines: [Line] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                lines.append(Line(bytes: current, wasCut: cut))
                current.removeAll(keepingCapacity: true)
                cut = false
            } else if current.count < maxLength {
                current.append(byte)
            } else {
                cut = true
            }
        }
        return lines
    }
}
