/// The small tokens every part of the grammar uses: `/keywords/`, labels, references, and the
/// punctuation that must follow.
extension Parser {
    /// `/keyword/` ahead (not consumed), e.g. `dts-v1`; nil for the root's `/`.
    func slashKeywordAhead() -> String? {
        var index = 1
        var keyword: [UInt8] = []
        while let byte = scanner.peek(index), ByteClass.isLetter(byte) || ByteClass.isDigit(byte) || byte == UInt8(ascii: "-") {
            keyword.append(byte)
            index += 1
        }
        guard !keyword.isEmpty, scanner.peek(index) == UInt8(ascii: "/") else { return nil }
        return keyword.text
    }

    func consumeSlashKeyword(_ keyword: String) {
        for _ in 0..<(keyword.utf8.count + 2) { scanner.advance() }
    }

    func parseIncludeKeyword() throws(DeviceTreeError) {
        try scanner.skipTrivia()
        let site = scanner.location
        guard scanner.peek() == UInt8(ascii: "\"") else { throw scanner.unexpected(expected: "a \"file\" after /include/") }
        let name = try scanner.scanStringLiteral()
        try scanner.include(name, angled: false, at: site)
    }

    /// Zero or more `label:` definitions.
    func parseLabels() throws(DeviceTreeError) -> [String] {
        var labels: [String] = []
        while true {
            try scanner.skipTrivia()
            guard let label = labelAhead() else { return labels }
            for _ in 0...label.utf8.count { scanner.advance() }
            labels.append(label)
        }
    }

    /// `name:` ahead (not consumed) when `name` is a valid label.
    func labelAhead() -> String? {
        guard let first = scanner.peek(), ByteClass.isIdentifierStart(first) else { return nil }
        var index = 0
        var label: [UInt8] = []
        while let byte = scanner.peek(index), ByteClass.isIdentifier(byte) {
            label.append(byte)
            index += 1
        }
        return scanner.peek(index) == UInt8(ascii: ":") ? label.text : nil
    }

    /// `&label` or `&{/path}`.
    func parseReference() throws(DeviceTreeError) -> Reference {
        let site = scanner.location
        scanner.advance()  // &
        if scanner.take(UInt8(ascii: "{")) {
            let path = scanner.scan { $0 != UInt8(ascii: "}") && $0 != 0x0A }.text
            guard scanner.take(UInt8(ascii: "}")) else { throw scanner.unexpected(expected: "'}' closing &{/path}") }
            guard path.hasPrefix("/") else {
                throw scanner.error("&{\(path)} is not a path", expected: "a path starting with '/'", at: site)
            }
            return Reference(target: .path(path), location: site)
        }
        let label = scanner.scan(while: ByteClass.isIdentifier).text
        guard !label.isEmpty else { throw scanner.unexpected(expected: "a label name or {/path} after '&'") }
        return Reference(target: .label(label), location: site)
    }

    func expectSemicolon(after what: String) throws(DeviceTreeError) {
        try scanner.skipTrivia()
        guard scanner.take(UInt8(ascii: ";")) else { throw scanner.unexpected(expected: "';' after \(what)") }
    }

    func expectOpeningBrace(after what: String) throws(DeviceTreeError) {
        try scanner.skipTrivia()
        guard scanner.take(UInt8(ascii: "{")) else { throw scanner.unexpected(expected: "'{' after \(what)") }
    }
}
