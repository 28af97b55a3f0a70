/// The preprocessor lines board files use: `#include`, object-like `#define`/`#undef`, and
/// conditional groups (recognised and dispatched here; `#define` parsed here). What cannot be
/// resolved is reported and skipped, never fatal by itself.
extension Scanner {
    enum Directive {
        case include, define, undefine, ifDefined, ifNotDefined, ifExpression, elseIf, otherwise, endIf
        case error, warning
        /// Line markers, `#pragma`, `#line`, a lone `#`: nothing csx needs.
        case ignored
    }

    /// The directive starting at the `#` under the cursor; nil when the `#` begins a property
    /// name such as `#address-cells`.
    func directiveAhead() -> Directive? {
        var index = 1
        var sawBlank = false
        while let byte = peek(index), ByteClass.isBlank(byte) {
            index += 1
            sawBlank = true
        }
        guard let first = peek(index), first != 0x0A else { return .ignored }
        if ByteClass.isDigit(first) { return sawBlank ? .ignored : nil }
        var word: [UInt8] = []
        while let byte = peek(index), ByteClass.isIdentifier(byte) {
            word.append(byte)
            index += 1
        }
        if let next = peek(index), ByteClass.isPropertyOrNodeName(next) { return nil }
        switch word.text {
        case "include", "include_next": return .include
        case "define": return .define
        case "undef": return .undefine
        case "ifdef": return .ifDefined
        case "ifndef": return .ifNotDefined
        case "if": return .ifExpression
        case "elif": return .elseIf
        case "else": return .otherwise
        case "endif": return .endIf
        case "error": return .error
        case "warning": return .warning
        case "pragma", "line", "ident": return .ignored
        default: return nil
        }
    }

    func perform(_ directive: Directive) throws(DeviceTreeError) {
        let site = location
        advance()  // '#'
        _ = scan(while: ByteClass.isBlank)
        _ = scan(while: ByteClass.isIdentifier)
        let argument = try readDirectiveArgument()
        switch directive {
        case .ifDefined, .ifNotDefined, .ifExpression, .elseIf, .otherwise, .endIf:
            try performConditional(directive, argument: argument, at: site)
        case .include where isActive:
            try include(directiveArgument: argument, at: site)
        case .define where isActive:
            try define(argument, at: site)
        case .undefine where isActive:
            macros.undefine(Self.leadingIdentifier(argument))
        case .error where isActive:
            throw error("#error \(Self.trimmed(argument).text)", at: site)
        case .warning where isActive:
            log.warn("#warning \(Self.trimmed(argument).text)", at: site)
        default:
            break
        }
    }

    /// The rest of the directive line: continuation lines joined, comments replaced by a space.
    /// The newline itself is left for `skipTrivia`.
    func readDirectiveArgument() throws(DeviceTreeError) -> [UInt8] {
        var text: [UInt8] = []
        while let byte = peek(), byte != 0x0A {
            if byte == UInt8(ascii: "\\"), peek(1) == 0x0A {
                advance()
                advance()
                text.append(0x20)
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                try skipBlockComment()
                text.append(0x20)
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "/") {
                skipLineComment()
            } else if byte == UInt8(ascii: "\"") {
                // Copied whole so a `//` inside an include path is not a comment.
                text.append(byte)
                advance()
                while let inner = peek(), inner != 0x0A {
                    text.append(inner)
                    advance()
                    if inner == UInt8(ascii: "\"") { break }
                }
            } else {
                text.append(byte)
                advance()
            }
        }
        return text
    }

    private func define(_ argument: [UInt8], at site: SourceLocation) throws(DeviceTreeError) {
        var index = argument.firstIndex { !ByteClass.isBlank($0) } ?? argument.endIndex
        let nameStart = index
        while index < argument.endIndex, ByteClass.isIdentifier(argument[index]) { index += 1 }
        let name = Array(argument[nameStart..<index]).text
        guard !name.isEmpty, ByteClass.isIdentifierStart(argument[nameStart]) else {
            throw error("#define needs a macro name", expected: "an identifier after #define", at: site)
        }
        var isFunctionLike = false
        if index < argument.endIndex, argument[index] == UInt8(ascii: "(") {
            isFunctionLike = true
            guard let close = argument[index...].firstIndex(of: UInt8(ascii: ")")) else {
                throw error("parameter list of \(name) is not closed", expected: "')'", at: site)
            }
            index = close + 1
        }
        macros.define(name, .init(
            body: Self.trimmed(Array(argument[index...])), isFunctionLike: isFunctionLike, location: site))
    }

    static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        guard let first = bytes.firstIndex(where: { !ByteClass.isBlank($0) }),
            let last = bytes.lastIndex(where: { !ByteClass.isBlank($0) })
        else { return [] }
        return Array(bytes[first...last])
    }

    static func leadingIdentifier(_ bytes: [UInt8]) -> String {
        Array(trimmed(bytes).prefix { ByteClass.isIdentifier($0) }).text
    }
}
