/// Diagram text is plain printable ASCII, so it pastes into a mail or a commit as it is: names
/// from a board file may hold anything else.
enum ASCIIText {
    /// Longest name drawn whole; a longer one keeps its head and ends in `~`.
    static let maxNameLength = 40

    /// `text` with every character outside printable ASCII replaced by `?`.
    static func clean(_ text: some StringProtocol) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { (0x20...0x7E).contains($0.value) ? $0 : "?" }))
    }

    /// A component or scenario name: cleaned and cut to `maxNameLength`.
    static func name(_ text: some StringProtocol) -> String {
        let cleaned = clean(text)
        return cleaned.count > maxNameLength ? String(cleaned.prefix(maxNameLength - 1)) + "~" : cleaned
    }

    /// Words of `text` on lines of at most `width` characters; continuation lines start with
    /// `indent` spaces. A word longer than a line is cut.
    static func wrap(_ text: String, width: Int, indent: Int = 2) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            let room = width - (lines.isEmpty ? 0 : indent)
            let piece = word.count > room ? String(word.prefix(max(1, room - 1))) + "~" : String(word)
            if line.isEmpty {
                line = piece
            } else if line.count + 1 + piece.count <= room {
                line += " " + piece
            } else {
                lines.append((lines.isEmpty ? "" : String(repeating: " ", count: indent)) + line)
                line = piece
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append((lines.isEmpty ? "" : String(repeating: " ", count: indent)) + line) }
        return lines
    }
}
