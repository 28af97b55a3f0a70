/// What `&label` or `&{/path}` points at; resolved only when the node is needed.
enum ReferenceTarget: Hashable, CustomStringConvertible {
    case label(String)
    case path(String)

    var description: String {
        switch self {
        case .label(let label): "&\(label)"
        case .path(let path): "&{\(path)}"
        }
    }
}

struct Reference: Hashable {
    var target: ReferenceTarget
    var location: SourceLocation
}

/// One cell of a `< >` list.
enum Cell: Hashable {
    case number(UInt64)
    case reference(Reference)
    /// A value csx cannot know: an unresolved macro.
    case opaque
}

struct LocatedCell: Hashable {
    var cell: Cell
    var location: SourceLocation
}

/// One comma-separated part of a property value.
enum ValuePiece: Hashable {
    case string(String)
    case cells([LocatedCell], bits: Int)
    case bytes([UInt8])
    /// `&label` outside `< >`: the node's path as a string.
    case reference(Reference)
    case opaque
}

struct Property: Hashable {
    var name: String
    var pieces: [ValuePiece]
    var location: SourceLocation

    var strings: [String] {
        pieces.compactMap { piece in
            if case .string(let string) = piece { return string }
            return nil
        }
    }

    /// Every 32-bit cell, in order, across all `< >` groups.
    var cells: [LocatedCell] {
        pieces.flatMap { piece -> [LocatedCell] in
            if case .cells(let cells, bits: 32) = piece { return cells }
            return []
        }
    }

    /// True when the value may hold something unresolved (a macro csx could not expand).
    var hasOpaqueParts: Bool {
        pieces.contains { piece in
            switch piece {
            case .opaque: true
            case .cells(let cells, _): cells.contains { $0.cell == .opaque }
            default: false
            }
        }
    }
}
