/// Property values: strings, `< >` cell lists, `[ ]` byte strings, `&label` paths, `/bits/`.
extension Parser {
    /// After `=`: comma-separated pieces up to `;`.
    func parsePropertyValue() throws(DeviceTreeError) -> [ValuePiece] {
        var pieces: [ValuePiece] = []
        let open = scanner.location
        while true {
            guard pieces.count < scanner.limits.maxCells else {
                throw scanner.error("value has more than \(scanner.limits.maxCells) parts", expected: "';'", at: open)
            }
            pieces.append(try parseValuePiece())
            try scanner.skipTrivia()
            if scanner.take(UInt8(ascii: ",")) { continue }
            if scanner.take(UInt8(ascii: ";")) { return pieces }
            throw scanner.unexpected(expected: "',' or ';' after the value")
        }
    }

    private func parseValuePiece() throws(DeviceTreeError) -> ValuePiece {
        while true {
            try scanner.skipTrivia()
            let site = scanner.location
            guard let byte = scanner.peek() else {
                throw scanner.unexpected(expected: "a value: \"string\", <cells>, [bytes] or &label")
            }
            switch byte {
            case UInt8(ascii: "\""):
                return .string(try scanner.scanStringLiteral())
            case UInt8(ascii: "<"):
                scanner.advance()
                return .cells(try parseCells(bits: 32, openedAt: site), bits: 32)
            case UInt8(ascii: "["):
                scanner.advance()
                return .bytes(try parseBytes(openedAt: site))
            case UInt8(ascii: "&"):
                return .reference(try parseReference())
            case UInt8(ascii: "/"):
                guard scanner.take("/bits/") else { throw scanner.unexpected(expected: "/bits/ or a value") }
                let bits = try parseCellSize()
                try scanner.skipTrivia()
                let open = scanner.location
                guard scanner.take(UInt8(ascii: "<")) else { throw scanner.unexpected(expected: "'<' after /bits/ \(bits)") }
                return .cells(try parseCells(bits: bits, openedAt: open), bits: bits)
            default:
                guard ByteClass.isIdentifierStart(byte) else {
                    throw scanner.unexpected(expected: "a value: \"string\", <cells>, [bytes] or &label")
                }
                if let label = labelAhead() {
                    for _ in 0...label.utf8.count { scanner.advance() }
                    continue
                }
                let name = scanner.scanIdentifier()
                switch try scanner.use(identifier: name, at: site) {
                case .expanded: continue
                case .opaque: return .opaque
                }
            }
        }
    }

    private func parseCellSize() throws(DeviceTreeError) -> Int {
        try scanner.skipTrivia()
        let site = scanner.location
        guard let byte = scanner.peek(), ByteClass.isDigit(byte) else { throw scanner.unexpected(expected: "8, 16, 32 or 64 after /bits/") }
        let bits = try scanner.scanIntegerLiteral()
        guard [8, 16, 32, 64].contains(bits) else {
            throw scanner.error("cells of \(bits) bits", expected: "8, 16, 32 or 64", at: site)
        }
        return Int(bits)
    }

    /// After `[`: two hex digits per byte, blank space allowed between bytes.
    private func parseBytes(openedAt open: SourceLocation) throws(DeviceTreeError) -> [UInt8] {
        var bytes: [UInt8] = []
        while true {
            try scanner.skipTrivia()
            guard let byte = scanner.peek() else {
                throw scanner.error("byte string opened at \(open) is not closed", expected: "']'")
            }
            if byte == UInt8(ascii: "]") {
                scanner.advance()
                return bytes
            }
            guard bytes.count < scanner.limits.maxCells else {
                throw scanner.error("byte string has more than \(scanner.limits.maxCells) bytes", expected: "']'", at: open)
            }
            guard let high = ByteClass.hexValue(byte) else { throw scanner.unexpected(expected: "hex digits or ']'") }
            scanner.advance()
            guard let next = scanner.peek(), let low = ByteClass.hexValue(next) else {
                throw scanner.unexpected(expected: "a second hex digit (bytes are two digits each)")
            }
            scanner.advance()
            bytes.append(high << 4 | low)
        }
    }
}
