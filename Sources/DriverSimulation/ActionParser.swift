import SafeText

/// A parse error at a position in the source text (1-based line and column).
public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(line):\(column): \(message)" }
}

/// Parses the action language: statements separated by newlines or `;`, `#` comments.
///
/// Input is bounded before it is split: at most `maxTextBytes` in all, `maxLineLength`
/// characters per line and `maxActions` statements; every word it echoes is escaped.
public enum ActionParser {
    /// Bytes of action text read at once (`--actions`, the `:` line, a scenario's actions).
    public static let maxTextBytes = 1 << 20
    /// Characters on one line (a line may hold many actions separated by `;`).
    public static let maxLineLength = 65_536
    /// Statements in one text.
    public static let maxActions = 100_000

    /// Every statement in `text`.
    public static func parse(_ text: String) throws(ParseError) -> [Action] {
        var actions: [Action] = []
        for statement in try statements(in: text) {
            actions.append(try parseStatement(statement))
        }
        return actions
    }

    /// Exactly one statement.
    public static func parseOne(_ text: String) throws(ParseError) -> Action {
        let found = try statements(in: text, atMost: 2)
        guard let first = found.first else {
            throw ParseError(line: 1, column: 1, message: "expected an action, found nothing")
        }
        if found.count > 1 {
            let extra = found[1].words[0]
            throw ParseError(line: extra.line, column: extra.column, message: "expected one action, found a second one")
        }
        return try parseStatement(first)
    }

    /// A thread operation as scenario files write it, without the `cpuN` prefix (`enable etm1`).
    public static func parseOperation(_ text: String) throws(ParseError) -> ActionOperation {
        let found = try statements(in: text, atMost: 2)
        guard found.count == 1 else {
            throw ParseError(line: 1, column: 1, message: "expected one operation (e.g. \"enable etm1\")")
        }
        var words = found[0].words[...]
        let op = try parseOperationWords(&words)
        try expectEnd(words)
        return op
    }

    // MARK: - lexing

    struct Word {
        var text: Substring
        var line: Int
        var column: Int
    }

    struct Statement {
        var words: [Word]
        var line: Int
        var column: Int
    }

    /// The statements of `text`, stopping once `atMost` are found (the callers that want one
    /// need only know whether there is a second).
    static func statements(in text: String, atMost limit: Int = maxActions + 1) throws(ParseError) -> [Statement] {
        guard text.utf8.count <= maxTextBytes else {
            throw ParseError(line: 1, column: 1, message: "the text is \(text.utf8.count) bytes; at most \(maxTextBytes) are read")
        }
        var result: [Statement] = []
        var words: [Word] = []
        var line = 1
        var column = 1
        var inComment = false
        var wordStart: String.Index?
        var wordLine = 1
        var wordColumn = 1
        func endWord(at index: String.Index) {
            if let start = wordStart {
                words.append(Word(text: text[start..<index], line: wordLine, column: wordColumn))
                wordStart = nil
            }
        }
        func endStatement() {
            if let first = words.first {
                result.append(Statement(words: words, line: first.line, column: first.column))
            }
            words = []
        }
        var index = text.startIndex
        while index < text.endIndex, result.count < limit {
            let ch = text[index]
            guard column <= maxLineLength else {
                throw ParseError(line: line, column: column, message: "line \(line) is longer than \(maxLineLength) characters")
            }
            if ch == "\n" || ch == "\r\n" {
                endWord(at: index)
                endStatement()
                inComment = false
                line += 1
                column = 1
                index = text.index(after: index)
                continue
            }
            if !inComment {
                if ch == "#" {
                    endWord(at: index)
                    inComment = true
                } else if ch == ";" {
                    endWord(at: index)
                    endStatement()
                } else if ch == " " || ch == "\t" || ch == "\r" || ch == "," {
                    endWord(at: index)
                } else if wordStart == nil {
                    wordStart = index
                    wordLine = line
                    wordColumn = column
                }
            }
            column += 1
            index = text.index(after: index)
        }
        if result.count < limit {
            endWord(at: text.endIndex)
            endStatement()
        }
        if result.count > maxActions, limit > maxActions {
            let extra = result[maxActions]
            throw ParseError(line: extra.line, column: extra.column, message: "more than \(maxActions) actions")
        }
        return result
    }

    // MARK: - parsing

    static let verbs = "cpuN <operation>, step, run, idle, wake, offline, online, ext-claim, ext-release, ext-program, variant, kernel"
    static let operations = "enable, disable, perf-start, perf-stop, enable-sink, disable-sink"

    static func parseStatement(_ statement: Statement) throws(ParseError) -> Action {
        var words = statement.words[...]
        let head = words.removeFirst()
        let action: Action
        if let cpu = cpuNumber(head.text) {
            action = .operation(cpu: cpu, try parseOperationWords(&words, after: head))
        } else {
            switch head.text {
            case "step": action = .step(cpu: try expectCPU(&words, after: head))
            case "run": action = .run(cpu: try expectCPU(&words, after: head))
            case "idle": action = .idle(cpu: try expectCPU(&words, after: head))
            case "wake": action = .wake(cpu: try expectCPU(&words, after: head))
            case "offline": action = .offline(cpu: try expectCPU(&words, after: head))
            case "online": action = .online(cpu: try expectCPU(&words, after: head))
            case "ext-claim": action = .extClaim(try expectName(&words, after: head, what: "a component (e.g. etm1)"))
            case "ext-release": action = .extRelease(try expectName(&words, after: head, what: "a component (e.g. etm1)"))
            case "ext-program": action = .extProgram(try expectName(&words, after: head, what: "a tracer (e.g. etm1)"))
            case "variant":
                let word = try expectWord(&words, after: head, what: "legacy or fixed")
                guard let variant = Variant(rawValue: String(word.text)) else {
                    throw ParseError(line: word.line, column: word.column, message: "expected legacy or fixed, found \(quoted(word.text))")
                }
                action = .variant(variant)
            case "kernel":
                action = .kernel(try expectName(&words, after: head, what: "a kernel profile (e.g. v6.19)"))
            default:
                if head.text.hasPrefix("cpu") {
                    throw ParseError(line: head.line, column: head.column, message: "expected a CPU like cpu0, found \(quoted(head.text))")
                }
                throw ParseError(line: head.line, column: head.column, message: "expected an action (\(verbs)), found \(quoted(head.text))")
            }
        }
        try expectEnd(words)
        return action
    }

    static func parseOperationWords(_ words: inout ArraySlice<Word>, after head: Word? = nil) throws(ParseError) -> ActionOperation {
        guard let verb = words.popFirst() else {
            let (line, column) = head.map { ($0.line, $0.column + $0.text.count) } ?? (1, 1)
            throw ParseError(line: line, column: column, message: "expected an operation (\(operations)), found end of action")
        }
        switch verb.text {
        case "enable": return .enable(try expectName(&words, after: verb, what: "a tracer (e.g. etm1)"))
        case "disable": return .disable(try expectName(&words, after: verb, what: "a tracer (e.g. etm1)"))
        case "enable-sink": return .enableSink(try expectName(&words, after: verb, what: "a sink (e.g. tmc_etr0)"))
        case "disable-sink": return .disableSink(try expectName(&words, after: verb, what: "a sink (e.g. tmc_etr0)"))
        case "perf-stop": return .perfStop
        case "perf-start":
            if let sink = words.first {
                guard isName(sink.text) else {
                    throw ParseError(line: sink.line, column: sink.column, message: "expected a sink name or end of action, found \(quoted(sink.text))")
                }
                words.removeFirst()
                return .perfStart(sink: String(sink.text))
            }
            return .perfStart(sink: nil)
        default:
            throw ParseError(line: verb.line, column: verb.column, message: "expected an operation (\(operations)), found \(quoted(verb.text))")
        }
    }

    static func expectEnd(_ words: ArraySlice<Word>) throws(ParseError) {
        if let extra = words.first {
            throw ParseError(line: extra.line, column: extra.column, message: "expected end of action (; or newline), found \(quoted(extra.text))")
        }
    }

    static func expectWord(_ words: inout ArraySlice<Word>, after head: Word, what: String) throws(ParseError) -> Word {
        guard let word = words.popFirst() else {
            throw ParseError(line: head.line, column: head.column + head.text.count, message: "expected \(what) after \(quoted(head.text))")
        }
        return word
    }

    static func expectCPU(_ words: inout ArraySlice<Word>, after head: Word) throws(ParseError) -> Int {
        let word = try expectWord(&words, after: head, what: "a CPU (e.g. cpu1)")
        guard let cpu = cpuNumber(word.text) else {
            throw ParseError(line: word.line, column: word.column, message: "expected a CPU like cpu1, found \(quoted(word.text))")
        }
        return cpu
    }

    static func expectName(_ words: inout ArraySlice<Word>, after head: Word, what: String) throws(ParseError) -> String {
        let word = try expectWord(&words, after: head, what: what)
        guard isName(word.text) else {
            throw ParseError(line: word.line, column: word.column, message: "expected \(what), found \(quoted(word.text))")
        }
        return String(word.text)
    }

    /// A word from the input as a message shows it: quoted, escaped, long ones cut.
    static func quoted(_ text: Substring) -> String { "\"" + Echo.escaped(text) + "\"" }

    /// `cpu` followed by a decimal number without leading zeros, at most 5 digits (so it never
    /// overflows; a board has at most `TopologyLimits.maxCPUs`).
    public static func cpuNumber(_ text: Substring) -> Int? {
        guard text.hasPrefix("cpu") else { return nil }
        let digits = text.dropFirst(3)
        guard !digits.isEmpty, digits.count <= 5, digits.allSatisfy(\.isASCIIDigit),
            digits == "0" || digits.first != "0"
        else { return nil }
        return Int(digits)
    }

    /// Component names as sysfs has them: letters, digits, `_`, `-`, `.`, `:`.
    static func isName(_ text: Substring) -> Bool {
        guard let first = text.first, first.isASCIILetter || first.isASCIIDigit else { return false }
        return text.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || "_-.:".contains($0) }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isASCIILetter: Bool { isASCII && isLetter }
}
