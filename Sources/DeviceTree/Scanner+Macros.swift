/// Identifiers met where a value is read: a known object-like macro is expanded in place;
/// anything else (a macro from an unread header, a function-like macro) is an opaque value.
extension Scanner {
    enum IdentifierUse {
        /// The macro's body is now being read.
        case expanded
        /// Nothing known: the caller records an opaque value.
        case opaque
    }

    func use(identifier name: String, at site: SourceLocation) throws(DeviceTreeError) -> IdentifierUse {
        if let macro = macros[name], !isExpanding(name) {
            if !macro.isFunctionLike {
                try pushMacro(name, body: macro.body, usedAt: site)
                return .expanded
            }
            try skipCallArguments(of: name, required: false)
            log.warn("function-like macro \(name) is not expanded; its value is treated as opaque",
                     at: site, onceFor: "function-macro:" + name)
            return .opaque
        }
        // Only an argument list right after the name counts as a call of an unknown macro.
        if peek() == UInt8(ascii: "(") { try skipCallArguments(of: name, required: true) }
        log.noteUnknownMacro(name, at: site)
        return .opaque
    }

    /// Skips `( ... )` with nested parentheses; `required` when the `(` is known to be next.
    private func skipCallArguments(of name: String, required: Bool) throws(DeviceTreeError) {
        if !required {
            try skipTrivia()
            guard peek() == UInt8(ascii: "(") else { return }
        }
        let open = location
        var depth = 0
        repeat {
            guard let byte = peek() else {
                throw error("arguments of \(name) are not closed", expected: "')'", at: open)
            }
            if byte == UInt8(ascii: "(") { depth += 1 }
            if byte == UInt8(ascii: ")") { depth -= 1 }
            advance()
        } while depth > 0
    }
}
