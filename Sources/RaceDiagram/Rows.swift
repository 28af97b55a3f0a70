/// One line's worth of a column: a frame of a call chain, a note under one, a label, a mark.
struct Row: Sendable {
    enum Style: Sendable { case frame, annotation, label, mark, wireEnd }
    var column: Int
    var depth: Int
    var text: String
    var note: String?
    var style: Style
    var arrow: Arrow?
    var label: String?
    var step: Int
}

/// Turns drawn entries into rows: each column remembers the chain it shows, and an entry draws
/// only the frames below the part it shares with it, as a hand-drawn diagram does.
struct RowBuilder {
    let columns: [Column]
    private var shown: [[String]]
    private(set) var rows: [Row] = []

    init(columns: [Column]) {
        self.columns = columns
        shown = Array(repeating: [], count: columns.count)
    }

    /// An entry that is not drawn still ends the chain its column shows when it says so.
    mutating func skip(_ entry: Entry) {
        guard entry.resetsChain, let column = columns.firstIndex(of: entry.column) else { return }
        shown[column] = []
    }

    mutating func add(_ entry: Entry) {
        guard let column = columns.firstIndex(of: entry.column) else { return }
        if entry.resetsChain { shown[column] = [] }
        func row(_ depth: Int, _ text: String, _ style: Row.Style, note: String? = nil) -> Row {
            Row(column: column, depth: depth, text: text, note: note, style: style, step: entry.step)
        }
        var added: [Row] = []
        switch entry.shape {
        case .chain(let frames, let note):
            let current = shown[column]
            if frames.isEmpty {
                if let note { added.append(row(current.count, note, .annotation)) }
                break
            }
            var common = 0
            while common < min(current.count, frames.count), current[common] == frames[common] { common += 1 }
            if common == frames.count {
                if let note { added.append(row(frames.count, note, .annotation)) }
            } else {
                for depth in common..<frames.count {
                    added.append(row(depth, frames[depth], .frame, note: depth == frames.count - 1 ? note : nil))
                }
            }
            shown[column] = frames
        case .label(let text):
            added.append(row(0, text, .label))
            shown[column] = []
        case .mark(let reason):
            added.append(row(0, reason, .mark))
        case .wireEnd(let text):
            added.append(row(0, text, .wireEnd))
        }
        guard !added.isEmpty else { return }
        added[0].label = entry.label
        added[added.count - 1].arrow = entry.arrow
        if entry.label != nil, added.count > 1 {
            // The IPI arrives at the first frame drawn; the arrow belongs there.
            added[0].arrow = entry.arrow
            added[added.count - 1].arrow = nil
        }
        rows += added
    }
}
