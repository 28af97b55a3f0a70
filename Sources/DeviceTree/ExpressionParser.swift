/// C integer expressions: those dtc accepts inside `( )` in a cell list, and `#if` lines.
/// A value is nil when it depends on something unknown (an unresolved macro); arithmetic wraps
/// at 64 bits like dtc's `unsigned long long`.
struct ExpressionParser {
    enum Mode {
        /// In a cell list: unknown identifiers make the value opaque.
        case cell
        /// On a `#if` line: `defined` works and unknown identifiers are 0, as in cpp.
        case condition
    }

    let scanner: Scanner
    let mode: Mode
    private var depth = 0
    private var maximumDepth: Int { scanner.limits.maxExpressionDepth }

    init(scanner: Scanner, mode: Mode) {
        self.scanner = scanner
        self.mode = mode
    }

    /// A full expression, `?:` included.
    mutating func parse() throws(DeviceTreeError) -> UInt64? {
        try enter()
        defer { depth -= 1 }
        let condition = try parseBinary(minimumPrecedence: 1)
        try scanner.skipTrivia()
        guard scanner.take(UInt8(ascii: "?")) else { return condition }
        let whenTrue = try parse()
        try scanner.skipTrivia()
        guard scanner.take(UInt8(ascii: ":")) else { throw scanner.unexpected(expected: "':' of a ?: expression") }
        let whenFalse = try parse()
        guard let condition else { return nil }
        return condition != 0 ? whenTrue : whenFalse
    }

    private mutating func enter() throws(DeviceTreeError) {
        depth += 1
        guard depth <= maximumDepth else {
            throw scanner.error("expression is nested too deeply", expected: "at most \(maximumDepth) levels")
        }
    }

    private struct BinaryOperator {
        let symbol: String
        let precedence: Int
    }

    /// The binary operator ahead, not consumed. `>` alone is one too: inside parentheses it
    /// cannot close the cell list.
    private func binaryOperatorAhead() -> BinaryOperator? {
        guard let first = scanner.peek() else { return nil }
        let second = scanner.peek(1)
        let eq = UInt8(ascii: "=")
        switch first {
        case UInt8(ascii: "|"):
            return second == first ? .init(symbol: "||", precedence: 1) : .init(symbol: "|", precedence: 3)
        case UInt8(ascii: "&"):
            return second == first ? .init(symbol: "&&", precedence: 2) : .init(symbol: "&", precedence: 5)
        case UInt8(ascii: "^"): return .init(symbol: "^", precedence: 4)
        case UInt8(ascii: "="): return second == eq ? .init(symbol: "==", precedence: 6) : nil
        case UInt8(ascii: "!"): return second == eq ? .init(symbol: "!=", precedence: 6) : nil
        case UInt8(ascii: "<"):
            if second == UInt8(ascii: "<") { return .init(symbol: "<<", precedence: 8) }
            return second == eq ? .init(symbol: "<=", precedence: 7) : .init(symbol: "<", precedence: 7)
        case UInt8(ascii: ">"):
            if second == UInt8(ascii: ">") { return .init(symbol: ">>", precedence: 8) }
            return second == eq ? .init(symbol: ">=", precedence: 7) : .init(symbol: ">", precedence: 7)
        case UInt8(ascii: "+"): return .init(symbol: "+", precedence: 9)
        case UInt8(ascii: "-"): return .init(symbol: "-", precedence: 9)
        case UInt8(ascii: "*"): return .init(symbol: "*", precedence: 10)
        case UInt8(ascii: "/"): return .init(symbol: "/", precedence: 10)
        case UInt8(ascii: "%"): return .init(symbol: "%", precedence: 10)
        default: return nil
        }
    }

    private mutating func parseBinary(minimumPrecedence: Int) throws(DeviceTreeError) -> UInt64? {
        try enter()
        defer { depth -= 1 }
        var left = try parseUnary()
        while true {
            try scanner.skipTrivia()
            guard let op = binaryOperatorAhead(), op.precedence >= minimumPrecedence else { return left }
            let site = scanner.location
            for _ in op.symbol.utf8 { scanner.advance() }
            let right = try parseBinary(minimumPrecedence: op.precedence + 1)
            left = try Self.apply(op.symbol, left, right, at: site, scanner: scanner)
        }
    }

    private static func apply(
        _ symbol: String, _ left: UInt64?, _ right: UInt64?, at site: SourceLocation, scanner: Scanner
    ) throws(DeviceTreeError) -> UInt64? {
        guard let a = left, let b = right else { return nil }
        func truth(_ value: Bool) -> UInt64 { value ? 1 : 0 }
        switch symbol {
        case "||": return truth(a != 0 || b != 0)
        case "&&": return truth(a != 0 && b != 0)
        case "|": return a | b
        case "^": return a ^ b
        case "&": return a & b
        case "==": return truth(a == b)
        case "!=": return truth(a != b)
        case "<": return truth(a < b)
        case ">": return truth(a > b)
        case "<=": return truth(a <= b)
        case ">=": return truth(a >= b)
        case "<<": return b >= 64 ? 0 : a << b
        case ">>": return b >= 64 ? 0 : a >> b
        case "+": return a &+ b
        case "-": return a &- b
        case "*": return a &* b
        default:
            guard b != 0 else { throw scanner.error("division by zero", expected: "a non-zero divisor", at: site) }
            return symbol == "/" ? a / b : a % b
        }
    }

    private mutating func parseUnary() throws(DeviceTreeError) -> UInt64? {
        try enter()
        defer { depth -= 1 }
        try scanner.skipTrivia()
        if scanner.take(UInt8(ascii: "-")) { return try parseUnary().map { 0 &- $0 } }
        if scanner.take(UInt8(ascii: "+")) { return try parseUnary() }
        if scanner.take(UInt8(ascii: "~")) { return try parseUnary().map { ~$0 } }
        if scanner.peek() == UInt8(ascii: "!"), scanner.peek(1) != UInt8(ascii: "=") {
            scanner.advance()
            return try parseUnary().map { $0 == 0 ? 1 : 0 }
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(DeviceTreeError) -> UInt64? {
        while true {
            try scanner.skipTrivia()
            let site = scanner.location
            guard let byte = scanner.peek() else { throw scanner.unexpected(expected: "a number or '('") }
            if ByteClass.isDigit(byte) { return try scanner.scanIntegerLiteral() }
            if byte == UInt8(ascii: "'") { return try scanner.scanCharacterLiteral() }
            if byte == UInt8(ascii: "(") {
                scanner.advance()
                let value = try parse()
                try scanner.skipTrivia()
                guard scanner.take(UInt8(ascii: ")")) else { throw scanner.unexpected(expected: "')'") }
                return value
            }
            guard ByteClass.isIdentifierStart(byte) else {
                throw scanner.unexpected(expected: mode == .cell ? "a number, a macro or '('" : "a number, defined(NAME) or '('")
            }
            let name = scanner.scanIdentifier()
            if mode == .condition {
                if name == "defined" { return try parseDefined() }
                if let macro = scanner.macros[name], !macro.isFunctionLike, !scanner.isExpanding(name) {
                    try scanner.pushMacro(name, body: macro.body, usedAt: site)
                    continue
                }
                if scanner.macros[name]?.isFunctionLike == true || scanner.peek() == UInt8(ascii: "(") {
                    _ = try scanner.use(identifier: name, at: site)
                }
                // cpp: an identifier left after expansion is 0.
                return 0
            }
            switch try scanner.use(identifier: name, at: site) {
            case .expanded: continue
            case .opaque: return nil
            }
        }
    }

    /// `defined NAME` or `defined(NAME)`.
    private mutating func parseDefined() throws(DeviceTreeError) -> UInt64? {
        try scanner.skipTrivia()
        let parenthesised = scanner.take(UInt8(ascii: "("))
        try scanner.skipTrivia()
        let name = scanner.scanIdentifier()
        guard !name.isEmpty else { throw scanner.unexpected(expected: "a macro name after defined") }
        if parenthesised {
            try scanner.skipTrivia()
            guard scanner.take(UInt8(ascii: ")")) else { throw scanner.unexpected(expected: "')'") }
        }
        return scanner.macros.isDefined(name) ? 1 : 0
    }
}
