/// A diagram column: a CPU, or the external debugger (drawn last).
enum Column: Hashable, Comparable, Sendable {
    case cpu(Int)
    case external

    var title: String {
        switch self {
        case .cpu(let n): "CPU\(n)"
        case .external: "DEBUGGER"
        }
    }

    static func < (a: Column, b: Column) -> Bool {
        switch (a, b) {
        case (.cpu(let x), .cpu(let y)): x < y
        case (.cpu, .external): true
        default: false
        }
    }
}

/// Arrows between columns.
enum Arrow: Hashable, Sendable {
    /// The cross-call's IPI leaves for `to`.
    case send(to: Column)
    /// The IPI arrives: this row may share the sender's line.
    case receive(from: Column)
    /// The handler completes the call: an arrow back to the waiting caller's wire.
    case complete(to: Column)
    /// The caller's cross-call returns: the end of its wire.
    case returned(from: Column)
}

/// One thing the diagram may draw, in event order: a call chain on a column (only the frames
/// that differ from what the column shows are drawn), a text line, or a violation mark.
struct Entry: Sendable {
    enum Shape: Hashable, Sendable {
        /// Frames from the root; `note` follows the last one (or is a line under it when the
        /// chain is already shown).
        case chain([String], note: String?)
        /// A line at the column's left edge; it ends the chain shown above it.
        case label(String)
        /// The violated step: `^^^` under the line above, with a short reason.
        case mark(String)
        /// A line of text at the caller's wire (a cross-call's return).
        case wireEnd(String)
    }

    var column: Column
    var step: Int
    var shape: Shape
    var arrow: Arrow?
    /// Drawn only with `--full`: path building, the mutex, successful returns, setup.
    var isDetail = false
    /// The CPU whose tracer this concerns; an entry for an uninvolved tracer is folded.
    var tracerCPU: Int?
    /// Forget the column's shown chain before this entry (a new flow, handler or idle entry),
    /// even when the entry itself is folded.
    var resetsChain = false
    /// Shown only when the previous line is not the matching send ("IPI from CPU0:").
    var label: String?
}
