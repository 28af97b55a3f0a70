/// The preprocessor lines board files use: `#include`, object-like `#define`/`#undef`, and
/// conditional groups. What cannot be resolved is reported and skipped, never fatal by itself.
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
        case .ifDefined, .ifNotDefined:
            let name = Self.leadingIdentifier(argument)
            guard !name.isEmpty else { throw error("#ifdef needs a macro name", expected: "a macro name", at: site) }
            var defined = false
            if isActive {
                defined = macros.isDefined(name)
                if !defined, log.hasUnreadSource {
                    log.warn("\(name) is not defined here (it may be in an unread #include); taken as undefined",
                             at: site, onceFor: "ifdef:" + name)
                }
            }
            openConditional(directive == .ifDefined ? defined : !defined, at: site)
        case .ifExpression:
            var condition = false
            if isActive { condition = try ConditionEvaluator.isTrue(argument, at: site, scanner: self) }
            openConditional(condition, at: site)
        case .elseIf:
            guard var group = current.conditionals.popLast(), !group.sawElse else {
                throw error("#elif without #if", expected: "#if before it", at: site)
            }
            if group.parentActive, !group.anyBranchTaken, try ConditionEvaluator.isTrue(argument, at: site, scanner: self) {
                group.isActive = true
                group.anyBranchTaken = true
            } else {
                group.isActive = false
            }
            current.conditionals.append(group)
        case .otherwise:
            guard var group = current.conditionals.popLast(), !group.sawElse else {
                throw error("#else without #if", expected: "#if before it", at: site)
            }
            group.isActive = group.parentActive && !group.anyBranchTaken
            group.anyBranchTaken = true
            group.sawElse = true
            current.conditionals.append(group)
        case .endIf:
            guard current.conditionals.popLast() != nil else {
                throw error("#endif without #if", expected: "#if before it", at: site)
            }
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

    private func openConditional(_ condition: Bool, at site: SourceLocation) {
        let parentActive = isActive
        current.conditionals.append(Conditional(
            isActive: parentActive && condition, anyBranchTaken: condition, parentActive: parentActive, location: site))
    }

    /// The rest of the directive line: continuation lines joined, comments replaced by a space.
    /// The newline itself is left for `skipTrivia`.
    private func readDirectiveArgument() throws(DeviceTreeError) -> [UInt8] {
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

    private func include(directiveArgument argument: [UInt8], at site: SourceLocation) throws(DeviceTreeError) {
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
    func include(_ name: String, angled: Bool, at site: SourceLocation) throws(DeviceTreeError) {
        var candidates = includeDirectories.map { IncludePath.join($0, name) }
        if !angled { candidates.insert(IncludePath.join(IncludePath.directory(of: current.file), name), at: 0) }
        for path in candidates {
            if let text = readInclude(path) {
                try pushFile(text: text, path: path, includedAt: site)
                return
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
