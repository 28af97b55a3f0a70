/// Places rows on a grid of ASCII cells: one column per CPU, time going down, one row per line
/// except an IPI's arrival, which shares its sender's line when it fits. Wires show a caller
/// spinning in `smp_call_function_single()` until its handler's completion arrow reaches it.
struct Layout {
    let width: Int
    let columns: [Column]
    private(set) var x: [Int] = []
    private var lines: [[UInt8]] = []

    /// A caller waiting in a cross-call: its wire's x and the line it starts on.
    private struct Wire {
        var x: Int
        var line: Int
        var completion: (line: Int, start: Int, end: Int)?
    }
    private var wires: [Int: Wire] = [:]
    private var lastNameX: [Int] = []

    static let blank = UInt8(ascii: " ")
    /// The smallest gap kept between columns.
    static let minGap = 12

    init(width: Int, columns: [Column], rows: [Row]) {
        self.width = width
        self.columns = columns
        let count = max(1, columns.count)
        let share = (width - 1) / count
        var need = Array(repeating: 0, count: count)
        for row in rows where row.style == .frame || row.style == .label {
            need[row.column] = max(need[row.column], Self.nameStart(row.depth) + row.text.count)
        }
        x = (0..<count).map { 1 + $0 * share }
        for i in 1..<max(1, count) {
            // A right-hand column whose chains are deep moves left rather than past the width.
            x[i] = max(x[i - 1] + Self.minGap, min(x[i], width - need[i]))
        }
        lastNameX = x
    }

    /// Where the backquote of a frame at `depth` goes, relative to its column.
    static func indent(_ depth: Int) -> Int { depth == 0 ? 0 : 3 * depth - 2 }
    /// Where a frame's name at `depth` starts, relative to its column.
    static func nameStart(_ depth: Int) -> Int { 3 * depth }

    private mutating func newLine() -> Int {
        lines.append(Array(repeating: Self.blank, count: width))
        return lines.count - 1
    }

    /// Writes `text` from `at` (cut with `~` at the right edge); returns the end (exclusive).
    @discardableResult
    private mutating func put(_ text: String, at start: Int, line: Int, onlyBlank: Bool = false) -> Int {
        var column = max(0, start)
        for byte in text.utf8 {
            guard column < width else { break }
            if !onlyBlank || lines[line][column] == Self.blank {
                lines[line][column] = column == width - 1 && text.utf8.count > width - start ? UInt8(ascii: "~") : byte
            }
            column += 1
        }
        return column
    }

    /// Writes `text` from `start`, wrapping at spaces onto new lines that start there too; a word
    /// longer than the room left moves left, as far as `leftmost`. Returns the last line and end.
    @discardableResult
    private mutating func putWrapped(_ text: String, at start: Int, line first: Int, leftmost: Int) -> (line: Int, end: Int) {
        var line = first
        var column = start
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if column > start, column + 1 + word.count > width {
                line = newLine()
                column = start
            } else if column > start {
                column += 1
            }
            let from = column + word.count > width ? max(leftmost, min(column, width - word.count)) : column
            column = put(String(word), at: from, line: line)
        }
        return (line, column)
    }

    private func isBlank(_ line: Int, _ range: Range<Int>) -> Bool {
        range.allSatisfy { $0 < 0 || $0 >= width || lines[line][$0] == Self.blank }
    }

    mutating func draw(_ rows: [Row]) -> [String] {
        let titles = newLine()
        for (index, column) in columns.enumerated() { put(column.title, at: x[index], line: titles) }
        var previous: (row: Row, line: Int, end: Int)?
        for row in rows {
            let start = startX(of: row)
            var text = row.style == .frame && row.depth > 0 ? "` " + row.text : row.text
            var overflow: String?
            switch row.style {
            case .wireEnd: text = (wires[row.column] == nil ? "" : "`-> ") + row.text
            case .mark:
                text = "^^^ " + row.text
                if start + text.count > width { (text, overflow) = ("^^^", row.text) }
            default: break
            }
            let textStart = row.style == .frame ? x[row.column] + Self.indent(row.depth) : start
            var line: Int
            if let sender = previous, case .send(let to) = sender.row.arrow, columns.firstIndex(of: to) == row.column,
               sender.row.column != row.column, mergesWithSend(row, sender.row),
               let merged = mergedLine(sender: sender, textStart: textStart, textEnd: textStart + text.count) {
                line = merged
            } else {
                if let sender = previous, case .send(let to) = sender.row.arrow, let target = columns.firstIndex(of: to),
                   target != sender.row.column {
                    stub(from: sender, toward: target)
                }
                if let label = row.label { put(label, at: x[row.column], line: newLine()) }
                line = newLine()
            }
            var end: Int
            switch row.style {
            case .annotation, .label:
                (_, end) = putWrapped(text, at: textStart, line: line, leftmost: x[row.column])
            default:
                end = put(text, at: textStart, line: line)
            }
            if let overflow {
                // The reason moves left rather than off the edge (nothing else is on its line).
                putWrapped(overflow, at: max(x[row.column], min(start, width - overflow.count)), line: newLine(), leftmost: x[row.column])
            }
            if row.style == .wireEnd { closeWire(of: row.column, at: line) }
            if let note = row.note {
                let separator = note.hasPrefix("=") ? " " : ": "
                if end + separator.count + note.count <= width {
                    end = put(separator + note, at: end, line: line)
                } else {
                    putWrapped(note, at: start + 2, line: newLine(), leftmost: x[row.column])
                }
            }
            switch row.style {
            case .frame: lastNameX[row.column] = start
            case .label: lastNameX[row.column] = x[row.column]
            case .annotation: break  // a mark under a note points at the frame above it
            case .mark, .wireEnd: break
            }
            if case .complete(let to) = row.arrow, let caller = columns.firstIndex(of: to), var wire = wires[caller] {
                wire.completion = (line, textStart, end)
                wires[caller] = wire
            }
            if case .send(let to) = row.arrow {
                if let target = columns.firstIndex(of: to) {
                    if target != row.column { wires[row.column] = Wire(x: start + 1, line: line) }
                } else {
                    end = put(" --> \(to.title)", at: end, line: line)  // a CPU with no column
                }
            }
            previous = (row, line, end)
        }
        if let sender = previous, case .send(let to) = sender.row.arrow, let target = columns.firstIndex(of: to),
           target != sender.row.column {
            stub(from: sender, toward: target)  // the run ends with the IPI pending
        }
        for column in wires.keys.sorted() { closeWire(of: column, at: lines.count) }
        return lines.map { line in
            var text = String(decoding: line, as: UTF8.self)
            while text.last == " " { text.removeLast() }
            return text
        }
    }

    /// Where a row's text starts, and for marks and wire ends, the line they take first.
    private mutating func startX(of row: Row) -> Int {
        let base = x[row.column]
        switch row.style {
        case .frame, .annotation: return base + Self.nameStart(row.depth)
        case .label: return base
        case .mark: return lastNameX[row.column]
        case .wireEnd: return wires[row.column]?.x ?? lastNameX[row.column]
        }
    }

    /// The IPI's arrival (or what the IPI does to an idle CPU in the same step) joins its send.
    private func mergesWithSend(_ row: Row, _ sender: Row) -> Bool {
        if case .receive(let from) = row.arrow { return columns.firstIndex(of: from) == sender.column }
        return row.step == sender.step && row.style == .label
    }

    /// Puts the arrival on the send's line when both fit with an arrow between them.
    private mutating func mergedLine(sender: (row: Row, line: Int, end: Int), textStart: Int, textEnd: Int) -> Int? {
        let senderStart = x[sender.row.column] + Self.indent(sender.row.depth)
        if textStart >= sender.end + 5 {
            guard isBlank(sender.line, sender.end..<textEnd) else { return nil }
            put(" " + String(repeating: "-", count: textStart - sender.end - 3) + "> ", at: sender.end, line: sender.line)
            return sender.line
        }
        if textEnd + 5 <= senderStart {
            guard isBlank(sender.line, textStart..<senderStart) else { return nil }
            put(" <" + String(repeating: "-", count: senderStart - textEnd - 3) + " ", at: textEnd, line: sender.line)
            return sender.line
        }
        return nil
    }

    /// An IPI whose arrival is drawn later: a short arrow toward its CPU.
    private mutating func stub(from sender: (row: Row, line: Int, end: Int), toward target: Int) {
        if target > sender.row.column {
            let end = min(width, max(sender.end + 6, x[target] - 1))
            if sender.end + 4 <= end, isBlank(sender.line, sender.end..<end) {
                put(" " + String(repeating: "-", count: end - sender.end - 2) + ">", at: sender.end, line: sender.line)
            }
        } else {
            let start = x[sender.row.column] + Self.indent(sender.row.depth)
            if start >= 5, isBlank(sender.line, (start - 4)..<start) { put("<-- ", at: start - 4, line: sender.line) }
        }
    }

    /// The caller's wire from its send to `end` (exclusive), with the completion's arrow.
    private mutating func closeWire(of column: Int, at end: Int) {
        guard let wire = wires.removeValue(forKey: column) else { return }
        for line in (wire.line + 1)..<max(wire.line + 1, end) { put("|", at: wire.x, line: line, onlyBlank: true) }
        guard let done = wire.completion else { return }
        if done.start > wire.x + 3 {
            if isBlank(done.line, (wire.x + 1)..<(done.start - 1)) {
                put("<" + String(repeating: "-", count: done.start - wire.x - 3), at: wire.x + 1, line: done.line)
            }
        } else if done.end + 2 < wire.x, isBlank(done.line, (done.end + 1)..<wire.x) {
            put(String(repeating: "-", count: wire.x - done.end - 2) + ">", at: done.end + 1, line: done.line)
        }
    }
}
