import CYaml

/// Checks the shape of a YAML text on libyaml's event stream (the one Yams composes from)
/// before Yams composes it: nesting depth, the size of the document once aliases are expanded,
/// and keys. Composing does not copy aliased nodes, but comparing and hashing them (Yams checks
/// mapping keys for duplicates by hashing them) walks them whole, so `? &a1 [*a0, *a0, ...]`
/// nested a few levels costs ×6 per level. Here an alias costs the size of what it names, so
/// the work after this check is bounded by `maxNodes`; and keys must be scalars.
enum YAMLShapeCheck {
    struct Refusal: Error {
        var line: Int
        var column: Int
        var message: String
    }

    /// Nil when the text is within the limits or libyaml cannot parse it (Yams then reports the
    /// same syntax error, from the part already checked).
    static func refusal(of yaml: String, maxDepth: Int, maxNodes: Int) -> Refusal? {
        var bytes = Array(yaml.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return nil }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var walk = Walk(maxDepth: maxDepth, maxNodes: maxNodes)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return nil }
                if let refusal = walk.take(event) { return refusal }
            }
        }
    }

    /// The open collections and the expanded size of every anchored node seen so far.
    private struct Walk {
        struct Open {
            var anchor: String?
            var isMapping: Bool
            var children = 0
            var size = 1
        }

        let maxDepth: Int
        let maxNodes: Int
        var open: [Open] = []
        /// Expanded sizes by anchor; a later anchor of the same name replaces an earlier one,
        /// as in Yams (which registers a collection's anchor when the collection ends).
        var sizes: [String: Int] = [:]
        var total = 0

        init(maxDepth: Int, maxNodes: Int) {
            self.maxDepth = maxDepth
            self.maxNodes = maxNodes
        }

        mutating func take(_ event: yaml_event_t) -> Refusal? {
            let line = Int(event.start_mark.line) + 1
            let column = Int(event.start_mark.column) + 1
            func refuse(_ message: String) -> Refusal { Refusal(line: line, column: column, message: message) }
            switch event.type {
            case YAML_SCALAR_EVENT:
                if let refusal = add(size: 1, refuse) { return refusal }
                if let anchor = Self.text(event.data.scalar.anchor) { sizes[anchor] = 1 }
            case YAML_ALIAS_EVENT:
                // An unknown alias costs 1 here; Yams refuses it.
                let size = Self.text(event.data.alias.anchor).flatMap { sizes[$0] } ?? 1
                if isKeyPosition { return refuse("an alias (*name) as a mapping key") }
                if let refusal = add(size: size, refuse) { return refusal }
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                if isKeyPosition { return refuse("a list or mapping as a mapping key") }
                guard open.count < maxDepth else { return refuse("nested more than \(maxDepth) levels deep") }
                total += 1
                guard total <= maxNodes else { return refuse(Self.tooLarge(maxNodes)) }
                let anchor = event.type == YAML_SEQUENCE_START_EVENT
                    ? Self.text(event.data.sequence_start.anchor) : Self.text(event.data.mapping_start.anchor)
                open.append(Open(anchor: anchor, isMapping: event.type == YAML_MAPPING_START_EVENT))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let closed = open.popLast() else { return nil }
                if let anchor = closed.anchor { sizes[anchor] = closed.size }
                if !open.isEmpty {
                    open[open.count - 1].children += 1
                    open[open.count - 1].size += closed.size
                }
            default:
                break
            }
            return nil
        }

        /// True when the next node is a key of the innermost mapping.
        private var isKeyPosition: Bool {
            guard let innermost = open.last else { return false }
            return innermost.isMapping && innermost.children % 2 == 0
        }

        /// Counts a scalar or an alias into its parent and the whole.
        private mutating func add(size: Int, _ refuse: (String) -> Refusal) -> Refusal? {
            total += size
            guard total <= maxNodes else { return refuse(Self.tooLarge(maxNodes)) }
            if !open.isEmpty {
                open[open.count - 1].children += 1
                open[open.count - 1].size += size
            }
            return nil
        }

        static func tooLarge(_ maxNodes: Int) -> String {
            "more than \(maxNodes) values once aliases are expanded"
        }

        static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            guard let pointer else { return nil }
            return String(cString: pointer)
        }
    }
}
