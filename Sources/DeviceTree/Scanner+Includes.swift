/// What an include reader found at a path.
enum IncludeText {
    case text(String)
    /// Nothing there: the include is reported and skipped.
    case missing
    /// Something there that is not read (a FIFO, a directory, a file too large): an error.
    case refused(String)
}

/// `#include` and `/include/`: the included text is read in place, as cpp does.
extension Scanner {
    func include(directiveArgument argument: [UInt8], at site: SourceLocation) throws(DeviceTreeError) {
        let text = Self.trimmed(argument)
        guard let open = text.first, open == UInt8(ascii: "\"") || open == UInt8(ascii: "<") else {
            log.hasUnreadSource = true
            log.warn("cannot read #include \(text.text): only \"file\" and <file> are supported", at: site)
            return
        }
        let close = open == UInt8(ascii: "\"") ? UInt8(ascii: "\"") : UInt8(ascii: ">")
        guard let end = text.dropFirst().firstIndex(of: close) else {
            throw error("#include file name is not closed", expected: open == close ? "'\"'" : "'>'", at: site)
        }
        try include(Array(text[1..<end]).text, angled: open == UInt8(ascii: "<"), at: site)
    }

    /// Pushes an included file: quoted names are looked for next to the including file first,
    /// then (as angled ones) in the include directories.
    /// Every include followed counts toward `maxIncludes`, read or not.
    func include(_ name: String, angled: Bool, at site: SourceLocation) throws(DeviceTreeError) {
        if let reason = budget.chargeInclude() {
            throw error("#include \"\(name)\": \(reason)", expected: "each file included a bounded number of times", at: site)
        }
        var candidates = includeDirectories.map { IncludePath.join($0, name) }
        if !angled { candidates.insert(IncludePath.join(IncludePath.directory(of: current.file), name), at: 0) }
        for path in candidates {
            switch readInclude(path) {
            case .text(let text):
                try pushFile(text: text, path: path, includedAt: site)
                return
            case .refused(let reason):
                throw error("cannot read #include \"\(name)\": \(path) \(reason)", expected: "a regular file", at: site)
            case .missing:
                continue
            }
        }
        if angled {
            log.noteUnreadHeader(name, at: site)
        } else {
            log.hasUnreadSource = true
            log.warn("cannot read #include \"\(name)\" (looked for \(candidates.joined(separator: ", "))); nodes and labels it defines are missing",
                     at: site)
        }
    }
}
