/// Builds the merged tree straight from the source, statement by statement, as dtc's grammar
/// does: top-level `/ { }` and `&label { }` blocks merge into the tree in order, and deletions
/// apply to what has been built so far.
final class Parser {
    let scanner: Scanner
    private(set) var tree: DeviceTree
    var log: DiagnosticLog { scanner.log }
    private var nodeDepth = 0
    private var maximumNodeDepth: Int { scanner.limits.maxNodeDepth }

    init(scanner: Scanner) {
        self.scanner = scanner
        tree = DeviceTree(rootLocation: scanner.location, limits: scanner.limits)
    }

    func parseSource() throws(DeviceTreeError) -> DeviceTree {
        while true {
            try scanner.skipTrivia()
            if scanner.isAtEnd { return tree }
            try parseTopLevelStatement()
        }
    }

    // MARK: Top level

    private func parseTopLevelStatement() throws(DeviceTreeError) {
        let labels = try parseLabels()
        let site = scanner.location
        if scanner.peek() == UInt8(ascii: "&") {
            let reference = try parseReference()
            try parseOverride(of: reference, labels: labels, at: site)
            return
        }
        guard scanner.peek() == UInt8(ascii: "/") else {
            throw scanner.unexpected(expected: "'/ {', '&label {' or a directive such as /dts-v1/")
        }
        if let keyword = slashKeywordAhead() {
            guard labels.isEmpty else { throw scanner.unexpected(expected: "'/ {' or '&label {' after a label") }
            try parseTopLevelKeyword(keyword, at: site)
            return
        }
        scanner.advance()
        try expectOpeningBrace(after: "'/'")
        for label in labels { try tree.addLabel(label, to: DeviceTree.root, at: site) }
        try parseNodeBody(DeviceTree.root, openedAt: site)
    }

    private func parseTopLevelKeyword(_ keyword: String, at site: SourceLocation) throws(DeviceTreeError) {
        consumeSlashKeyword(keyword)
        switch keyword {
        case "dts-v1":
            try expectSemicolon(after: "/dts-v1/")
        case "plugin":
            log.hasUnreadSource = true
            log.warn("overlay (/plugin/): labels of the base tree it applies to cannot be resolved", at: site)
            try expectSemicolon(after: "/plugin/")
        case "memreserve":
            _ = try parseIntegerPrimary()
            _ = try parseIntegerPrimary()
            try expectSemicolon(after: "/memreserve/ address size")
        case "include":
            try parseIncludeKeyword()
        case "delete-node":
            try scanner.skipTrivia()
            guard scanner.peek() == UInt8(ascii: "&") else { throw scanner.unexpected(expected: "&label or &{/path}") }
            let reference = try parseReference()
            if let node = tree.resolve(reference.target) {
                tree.delete(node)
            } else {
                try reportUnknownTarget(reference, of: "/delete-node/")
            }
            try expectSemicolon(after: "/delete-node/ \(reference.target)")
        case "omit-if-no-ref":
            // csx keeps such nodes: it cannot tell which references a kernel build keeps.
            try scanner.skipTrivia()
            if scanner.peek() == UInt8(ascii: "&") {
                let reference = try parseReference()
                try scanner.skipTrivia()
                if scanner.take(UInt8(ascii: ";")) { return }
                try parseOverride(of: reference, labels: [], at: site)
            } else {
                try parseTopLevelStatement()
            }
        default:
            throw scanner.error(
                "unknown directive /\(keyword)/", expected: "/dts-v1/, /include/, /memreserve/, /delete-node/ or /plugin/",
                at: site)
        }
    }

    private func parseOverride(of reference: Reference, labels: [String], at site: SourceLocation) throws(DeviceTreeError) {
        try expectOpeningBrace(after: reference.target.description)
        let target: NodeID
        if let node = tree.resolve(reference.target) {
            target = node
        } else {
            try reportUnknownTarget(reference, of: "override")
            target = try tree.detachedNode(at: site)
        }
        for label in labels { try tree.addLabel(label, to: target, at: site) }
        try parseNodeBody(target, openedAt: site)
    }

    /// dtc rejects a reference to an undefined label; csx only warns when part of the source
    /// was unreadable, since the label may be defined there.
    private func reportUnknownTarget(_ reference: Reference, of use: String) throws(DeviceTreeError) {
        guard log.hasUnreadSource else {
            throw scanner.error(
                "\(reference.target) is not defined", expected: "a label or path defined earlier", at: reference.location)
        }
        log.warn("\(reference.target) is not defined (it may be in an unread #include); its \(use) is skipped",
                 at: reference.location)
    }

    // MARK: Node bodies

    /// After `{`: properties, child nodes and deletions up to the closing `};`.
    private func parseNodeBody(_ node: NodeID, openedAt opening: SourceLocation) throws(DeviceTreeError) {
        nodeDepth += 1
        defer { nodeDepth -= 1 }
        guard nodeDepth <= maximumNodeDepth else {
            throw scanner.error("nodes are nested too deeply", expected: "at most \(maximumNodeDepth) levels", at: opening)
        }
        while true {
            try scanner.skipTrivia()
            let site = scanner.location
            guard let byte = scanner.peek() else {
                throw scanner.error("node opened at \(opening) is not closed", expected: "'}'")
            }
            if byte == UInt8(ascii: "}") {
                scanner.advance()
                try expectSemicolon(after: "'}'")
                return
            }
            if byte == UInt8(ascii: "/"), let keyword = slashKeywordAhead() {
                try parseBodyKeyword(keyword, in: node, at: site)
                continue
            }
            let labels = try parseLabels()
            let nameSite = scanner.location
            let name = scanner.scanName()
            guard !name.isEmpty else {
                throw scanner.unexpected(
                    expected: labels.isEmpty ? "a property, a child node or '}'" : "a property or node name after the label")
            }
            try scanner.skipTrivia()
            if scanner.take(UInt8(ascii: "{")) {
                let child = try tree.childForDefinition(of: node, named: name, at: nameSite)
                for label in labels { try tree.addLabel(label, to: child, at: site) }
                try parseNodeBody(child, openedAt: nameSite)
            } else if scanner.take(UInt8(ascii: "=")) {
                let pieces = try parsePropertyValue()
                try tree.set(Property(name: name, pieces: pieces, location: nameSite), on: node)
            } else if scanner.take(UInt8(ascii: ";")) {
                try tree.set(Property(name: name, pieces: [], location: nameSite), on: node)
            } else {
                throw scanner.unexpected(expected: "'{', '=' or ';' after '\(name)'")
            }
        }
    }

    private func parseBodyKeyword(_ keyword: String, in node: NodeID, at site: SourceLocation) throws(DeviceTreeError) {
        consumeSlashKeyword(keyword)
        try scanner.skipTrivia()
        switch keyword {
        case "delete-node":
            if scanner.peek() == UInt8(ascii: "&") {
                let reference = try parseReference()
                if let target = tree.resolve(reference.target) {
                    tree.delete(target)
                } else {
                    try reportUnknownTarget(reference, of: "/delete-node/")
                }
            } else {
                let name = scanner.scanName()
                guard !name.isEmpty else { throw scanner.unexpected(expected: "a node name after /delete-node/") }
                if let child = tree.child(of: node, named: name) {
                    tree.delete(child)
                } else {
                    log.warn("/delete-node/ \(name): \(tree.displayName(of: node)) has no such child", at: site)
                }
            }
            try expectSemicolon(after: "/delete-node/")
        case "delete-property":
            let name = scanner.scanName()
            guard !name.isEmpty else { throw scanner.unexpected(expected: "a property name after /delete-property/") }
            tree.removeProperty(named: name, from: node)
            try expectSemicolon(after: "/delete-property/ \(name)")
        case "omit-if-no-ref":
            break  // the node that follows is kept: csx cannot tell which references a build keeps
        case "include":
            try parseIncludeKeyword()
        default:
            throw scanner.error(
                "unknown directive /\(keyword)/ in a node", expected: "/delete-node/, /delete-property/ or /include/", at: site)
        }
    }
}
