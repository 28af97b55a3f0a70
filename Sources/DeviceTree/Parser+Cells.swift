/// `< >` cell lists: numbers, character literals, `(expressions)`, `&references`, and macros.
extension Parser {
    func parseCells(bits: Int, openedAt open: SourceLocation) throws(DeviceTreeError) -> [LocatedCell] {
        var cells: [LocatedCell] = []
        while true {
            try scanner.skipTrivia()
            let site = scanner.location
            guard let byte = scanner.peek() else {
                throw scanner.error("cell list opened at \(open) is not closed", expected: "'>'")
            }
            guard cells.count < scanner.limits.maxCells || byte == UInt8(ascii: ">") else {
                throw scanner.error(
                    "cell list has more than \(scanner.limits.maxCells) cells", expected: "'>'", at: open)
            }
            switch byte {
            case UInt8(ascii: ">"):
                scanner.advance()
                return cells
            case UInt8(ascii: "&"):
                let reference = try parseReference()
                guard bits == 32 else {
                    throw scanner.error("a reference in \(bits)-bit cells", expected: "references only in 32-bit cells", at: site)
                }
                cells.append(LocatedCell(cell: .reference(reference), location: site))
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "'"), UInt8(ascii: "("):
                let value = try parseIntegerPrimary()
                if let value { try checkFits(value, bits: bits, at: site) }
                cells.append(LocatedCell(cell: value.map(Cell.number) ?? .opaque, location: site))
            default:
                guard ByteClass.isIdentifierStart(byte) else {
                    throw scanner.unexpected(expected: "a number, &label, (expression) or '>'")
                }
                if let label = labelAhead() {
                    for _ in 0...label.utf8.count { scanner.advance() }
                    continue
                }
                let name = scanner.scanIdentifier()
                if try scanner.use(identifier: name, at: site) == .opaque {
                    cells.append(LocatedCell(cell: .opaque, location: site))
                }
            }
        }
    }

    /// A literal, a character or a parenthesised expression; nil when it depends on an unknown macro.
    func parseIntegerPrimary() throws(DeviceTreeError) -> UInt64? {
        try scanner.skipTrivia()
        guard let byte = scanner.peek() else { throw scanner.unexpected(expected: "a number") }
        if ByteClass.isDigit(byte) { return try scanner.scanIntegerLiteral() }
        if byte == UInt8(ascii: "'") { return try scanner.scanCharacterLiteral() }
        guard byte == UInt8(ascii: "(") else { throw scanner.unexpected(expected: "a number or (expression)") }
        scanner.advance()
        var expression = ExpressionParser(scanner: scanner, mode: .cell)
        let value = try expression.parse()
        try scanner.skipTrivia()
        guard scanner.take(UInt8(ascii: ")")) else { throw scanner.unexpected(expected: "')'") }
        return value
    }

    /// dtc's rule: the value fits the cell, or is a negative number that sign-extends into it.
    private func checkFits(_ value: UInt64, bits: Int, at site: SourceLocation) throws(DeviceTreeError) {
        guard bits < 64 else { return }
        let mask = (UInt64(1) << UInt64(bits)) - 1
        if value & ~mask != 0, value | (mask >> 1) != UInt64.max {
            throw scanner.error(
                "0x\(String(value, radix: 16)) does not fit in a \(bits)-bit cell",
                expected: "at most 0x\(String(mask, radix: 16))", at: site)
        }
    }
}
