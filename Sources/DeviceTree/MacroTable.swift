/// `#define`s seen so far. Object-like macros are expanded where values are read;
/// function-like ones are recorded so their uses can be skipped as opaque values.
struct MacroTable {
    struct Macro {
        var body: [UInt8]
        var isFunctionLike: Bool
        var location: SourceLocation
    }

    private var macros: [String: Macro] = [:]

    subscript(name: String) -> Macro? { macros[name] }

    mutating func define(_ name: String, _ macro: Macro) { macros[name] = macro }

    mutating func undefine(_ name: String) { macros[name] = nil }

    func isDefined(_ name: String) -> Bool { macros[name] != nil }
}
