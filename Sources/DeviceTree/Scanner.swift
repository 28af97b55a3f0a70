/// Reads DTS text byte by byte across a stack of sources: the top file, the files it includes,
/// and macro bodies being expanded. Tokens never span two sources (as with cpp). Blank space,
/// comments and preprocessor lines are trivia, consumed by `skipTrivia()`.
final class Scanner {
    /// One source being read. A macro body reports every position at the macro's use.
    struct Frame {
        var bytes: [UInt8]
        var file: String
        var offset = 0
        var line = 1
        var lineStart = 0
        var atLineStart = true
        var macro: String?
        var useSite: SourceLocation?
        var conditionals: [Conditional] = []
        /// The last column computed, so long lines are not rescanned for every position.
        var columnCache: (offset: Int, column: Int)?
    }

    /// One open `#if`/`#ifdef`/`#ifndef` group.
    struct Conditional {
        var isActive: Bool
        var anyBranchTaken: Bool
        var sawElse = false
        let parentActive: Bool
        let location: SourceLocation
    }

    typealias IncludeReader = (String) -> IncludeText

    var current: Frame
    var suspended: [Frame] = []
    var macros: MacroTable
    let log: DiagnosticLog
    let readInclude: IncludeReader
    let includeDirectories: [String]
    /// False for the throwaway scanner that evaluates one `#if` line.
    let processesDirectives: Bool
    /// The totals every limit is checked against, shared with the `#if` line scanners.
    let budget: PreprocessorBudget
    var limits: DeviceTreeLimits { budget.limits }
    /// Macro bodies and included files suspended or being read, for the depth limits.
    private var macroDepth = 0
    private var fileDepth = 0
    /// The outermost macro use being expanded, and the bytes it has produced so far.
    private var expansionRoot = ""
    private var expansionBytes = 0

    /// A scanner over the top file; its size is checked (and charged) before it is read.
    init(
        text: String, file: String, includeDirectories: [String], log: DiagnosticLog,
        budget: PreprocessorBudget, readInclude: @escaping IncludeReader
    ) throws(DeviceTreeError) {
        let site = SourceLocation(file: file, line: 1, column: 1)
        if let reason = budget.chargeFile(bytes: text.utf8.count) {
            throw DeviceTreeError(location: site, message: "\(file) \(reason)", expected: "a smaller source")
        }
        current = Frame(bytes: Array(text.utf8), file: file)
        macros = MacroTable()
        self.log = log
        self.readInclude = readInclude
        self.includeDirectories = includeDirectories
        self.budget = budget
        processesDirectives = true
    }

    /// A scanner over one directive's text, reporting every position at `site`.
    init(directiveText: [UInt8], site: SourceLocation, macros: MacroTable, log: DiagnosticLog, budget: PreprocessorBudget) {
        current = Frame(bytes: directiveText, file: site.file, macro: "#if", useSite: site)
        self.macros = macros
        self.log = log
        readInclude = { _ in .missing }
        includeDirectories = []
        self.budget = budget
        processesDirectives = false
    }

    // MARK: Reading bytes

    func peek() -> UInt8? {
        current.offset < current.bytes.count ? current.bytes[current.offset] : nil
    }

    func peek(_ ahead: Int) -> UInt8? {
        let index = current.offset + ahead
        return index < current.bytes.count ? current.bytes[index] : nil
    }

    func advance() {
        guard current.offset < current.bytes.count else { return }
        let byte = current.bytes[current.offset]
        current.offset += 1
        if byte == 0x0A {
            current.line += 1
            current.lineStart = current.offset
            current.atLineStart = true
        } else if !ByteClass.isBlank(byte) {
            current.atLineStart = false
        }
    }

    /// Consumes `byte` if it is next.
    func take(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        advance()
        return true
    }

    /// Consumes `text` if it is next in the current source.
    func take(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        for (index, byte) in bytes.enumerated() where peek(index) != byte { return false }
        for _ in bytes { advance() }
        return true
    }

    func scan(while predicate: (UInt8) -> Bool) -> [UInt8] {
        let start = current.offset
        while let byte = peek(), predicate(byte) { advance() }
        return Array(current.bytes[start..<current.offset])
    }

    /// A property or node name (`[a-zA-Z0-9,._+*#?@-]+`), possibly empty.
    func scanName() -> String { scan(while: ByteClass.isPropertyOrNodeName).text }

    /// A label or C identifier; empty when none starts here.
    func scanIdentifier() -> String {
        guard let first = peek(), ByteClass.isIdentifierStart(first) else { return "" }
        return scan(while: ByteClass.isIdentifier).text
    }

    /// True once every source is exhausted (call after `skipTrivia()`).
    var isAtEnd: Bool { peek() == nil && suspended.isEmpty }

    var isInMacro: Bool { current.macro != nil }

    // MARK: Positions and errors

    var location: SourceLocation {
        if let useSite = current.useSite { return useSite }
        var column = 1
        var index = current.lineStart
        if let cache = current.columnCache, cache.offset >= current.lineStart, cache.offset <= current.offset {
            (index, column) = cache
        }
        while index < current.offset {
            // Count characters, not bytes: skip UTF-8 continuation bytes.
            if current.bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        current.columnCache = (current.offset, column)
        return SourceLocation(file: current.file, line: current.line, column: column)
    }

    func error(_ message: String, expected: String? = nil, at location: SourceLocation? = nil) -> DeviceTreeError {
        DeviceTreeError(location: location ?? self.location, message: message, expected: expected)
    }

    /// "unexpected 'x'" at the current character.
    func unexpected(expected: String) -> DeviceTreeError {
        error("unexpected \(describeNextCharacter())", expected: expected)
    }

    /// The next character for a message; a UTF-8 sequence is shown whole (`'é'`).
    private func describeNextCharacter() -> String {
        guard let first = peek(), first >= 0xC0 else { return ByteClass.describe(peek()) }
        var sequence = [first]
        while sequence.count < 4, let next = peek(sequence.count), next & 0xC0 == 0x80 { sequence.append(next) }
        var decoder = UTF8()
        var iterator = sequence.makeIterator()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return ByteClass.describe(first) }
        return "'\(Character(scalar))'"
    }

    // MARK: Sources

    /// Starts reading a macro body, charged to the use it belongs to and to the whole read
    /// before it is read: a macro that doubles per level stops at `maxExpansionBytes`.
    func pushMacro(_ name: String, body: [UInt8], usedAt site: SourceLocation) throws(DeviceTreeError) {
        guard macroDepth < limits.maxMacroDepth else {
            throw error("macro \(name) expands too deeply", expected: "at most \(limits.maxMacroDepth) nested macros")
        }
        if macroDepth == 0 {
            expansionRoot = name
            expansionBytes = 0
        }
        // An empty body still costs a step, so empty macros cannot be used for free.
        let cost = max(1, body.count)
        expansionBytes += cost
        guard expansionBytes <= limits.maxExpansionBytes else {
            throw error("macro \(expansionRoot) expands to more than \(limits.maxExpansionBytes) bytes", at: site)
        }
        if let reason = budget.chargeBytes(cost) { throw error("macro \(expansionRoot) \(reason)", at: site) }
        suspended.append(current)
        current = Frame(bytes: body, file: site.file, macro: name, useSite: site)
        macroDepth += 1
    }

    func isExpanding(_ macro: String) -> Bool {
        current.macro == macro || suspended.contains { $0.macro == macro }
    }

    /// Starts reading an included file, its size checked and charged before it is read.
    func pushFile(text: String, path: String, includedAt site: SourceLocation) throws(DeviceTreeError) {
        if current.file == path || suspended.contains(where: { $0.file == path && $0.macro == nil }) {
            throw error("\(path) includes itself", expected: "an include chain without cycles", at: site)
        }
        guard fileDepth < limits.maxIncludeDepth else {
            throw error("includes nested too deeply", expected: "at most \(limits.maxIncludeDepth) levels", at: site)
        }
        if let reason = budget.chargeFile(bytes: text.utf8.count) { throw error("\(path) \(reason)", at: site) }
        suspended.append(current)
        current = Frame(bytes: Array(text.utf8), file: path)
        fileDepth += 1
    }

    /// At the end of a source: resumes the one that included or expanded it. False at the very end.
    private func resumeEnclosingSource() throws(DeviceTreeError) -> Bool {
        if let open = current.conditionals.last {
            throw error("#if without #endif", expected: "#endif before the end of \(current.file)", at: open.location)
        }
        guard let enclosing = suspended.popLast() else { return false }
        if current.macro != nil { macroDepth -= 1 } else { fileDepth -= 1 }
        current = enclosing
        return true
    }

    // MARK: Trivia

    /// Inside a false `#if` branch: everything but directives is skipped.
    var isActive: Bool { current.conditionals.last?.isActive ?? true }

    /// Skips blank space, comments and preprocessor lines, moving on to the enclosing source at
    /// the end of an included file or a macro body.
    func skipTrivia() throws(DeviceTreeError) {
        while true {
            guard let byte = peek() else {
                if try resumeEnclosingSource() { continue }
                return
            }
            if byte == UInt8(ascii: "#"), current.atLineStart, current.macro == nil, processesDirectives,
                let directive = directiveAhead()
            {
                try perform(directive)
                continue
            }
            if ByteClass.isSpace(byte) {
                advance()
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                try skipBlockComment()
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "/") {
                skipLineComment()
            } else if byte == UInt8(ascii: "\\"), peek(1) == 0x0A {
                advance()
                advance()
            } else if !isActive {
                advance()
            } else {
                return
            }
        }
    }

    func skipBlockComment() throws(DeviceTreeError) {
        let start = location
        // cpp turns a comment into one space: a directive may still follow it on the line.
        let wasAtLineStart = current.atLineStart
        advance()
        advance()
        while true {
            guard let byte = peek() else {
                throw error("comment is not closed", expected: "'*/'", at: start)
            }
            advance()
            if byte == UInt8(ascii: "*"), take(UInt8(ascii: "/")) { break }
        }
        current.atLineStart = wasAtLineStart
    }

    func skipLineComment() {
        while let byte = peek(), byte != 0x0A { advance() }
    }
}
