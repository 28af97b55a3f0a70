public import DriverSimulation
import SafeText
import Yams

/// Reads the scenario YAML format (the README's "Scenarios" section).
///
/// A file is bounded before it is composed: its size, then its nesting, its size with aliases
/// expanded and its keys (`YAMLShapeCheck`); then every list, count and text it carries
/// (`ScenarioLimits`) as it is read.
public enum ScenarioFile {
    static let topLevelKeys = ["name", "about", "board", "kernel", "variant", "pm-save", "sink", "setup", "threads", "environment"]
    /// Bytes in one scenario file.
    public static let maxFileBytes = 1 << 20
    /// Lists and mappings nested in one another.
    public static let maxDepth = 32
    /// Values (scalars, lists, mappings) once aliases are expanded.
    public static let maxValues = 100_000

    /// Parses scenario YAML; `file` names it in error messages.
    public static func parse(_ yaml: String, file: String) throws(ScenarioError) -> Scenario {
        guard let root = try compose(yaml, file: file) else {
            throw ScenarioError(file: file, message: "empty file: a scenario needs at least `board:`")
        }
        let reader = Reader(file: file)
        return try reader.scenario(root)
    }

    /// The YAML tree of a scenario or kernel profile file (nil for an empty one), bounded before
    /// Yams composes it: size, nesting, size with aliases expanded, scalar keys.
    static func compose(_ yaml: String, file: String) throws(ScenarioError) -> Node? {
        guard yaml.utf8.count <= maxFileBytes else {
            throw ScenarioError(file: file, message: "the file is \(yaml.utf8.count) bytes; at most \(maxFileBytes) are read")
        }
        if let refusal = YAMLShapeCheck.refusal(of: yaml, maxDepth: maxDepth, maxNodes: maxValues) {
            throw ScenarioError(file: file, line: refusal.line, column: refusal.column, message: "refused YAML: \(refusal.message)")
        }
        do {
            return try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw yamlError(error, file: file, yaml: yaml)
        } catch {
            throw ScenarioError(file: file, message: "not YAML")
        }
    }

    /// One line: the problem and its place, without the context lines Yams adds.
    static func yamlError(_ error: YamlError, file: String, yaml: String) -> ScenarioError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ScenarioError(file: file, line: mark.line, column: mark.column, message: "malformed YAML: \(problem)")
        case .reader(let problem, let offset, _, _):
            let place = offset.map { position(ofCharacter: $0, in: yaml) }
            return ScenarioError(file: file, line: place?.line, column: place?.column, message: "malformed YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ScenarioError(
                file: file, line: context.mark.line, column: context.mark.column,
                message: "duplicate key \(duplicates.joined(separator: ", "))")
        default:
            let firstLine = "\(error)".split(whereSeparator: \.isNewline).first.map(String.init) ?? "unreadable"
            return ScenarioError(file: file, message: "malformed YAML: \(firstLine)")
        }
    }

    /// The 1-based line and column of the character at `offset`.
    static func position(ofCharacter offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}

/// Walks the composed YAML tree, keeping marks for messages.
struct Reader {
    let file: String

    func fail(_ node: Node?, _ message: String) -> ScenarioError {
        ScenarioError(file: file, line: node?.mark?.line, column: node?.mark?.column, message: message)
    }

    func scenario(_ root: Node) throws(ScenarioError) -> Scenario {
        guard let mapping = root.mapping else { throw fail(root, "expected a mapping with name, board, threads, ...") }
        var values: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { throw fail(key, "expected a key name") }
            guard values[name] == nil else { throw fail(key, "duplicate key \(name)") }
            guard ScenarioFile.topLevelKeys.contains(name) else {
                throw fail(key, "unknown key \"\(name)\" (expected one of: \(ScenarioFile.topLevelKeys.joined(separator: ", ")))")
            }
            values[name] = value
        }
        guard let boardNode = values["board"] else { throw fail(root, "missing key \"board\"") }
        let fallbackName = file.split(separator: "/").last.map { String($0.split(separator: ".").first ?? $0) } ?? file
        var scenario = Scenario(
            name: try values["name"].map { (n) throws(ScenarioError) in try name(n, "a scenario name") } ?? Echo.escaped(fallbackName.prefix(ScenarioLimits.maxNameLength)),
            board: try board(boardNode))
        scenario.about = try values["about"].map { (n) throws(ScenarioError) in try string(n, "a one-line description") } ?? ""
        if let node = values["variant"] {
            let text = try name(node, "legacy or fixed")
            guard let variant = Variant(rawValue: text) else { throw fail(node, "expected legacy or fixed, found \"\(text)\"") }
            scenario.variant = variant
        }
        if let node = values["kernel"] {
            // A shipped profile's name, or a profile file (next to the scenario file).
            scenario.kernel = try string(node, "a kernel profile (v6.19, or a profile .yaml file)", maxLength: 1024)
            if values["variant"] != nil { throw fail(node, "kernel and variant name the driver twice; keep kernel") }
        }
        if let node = values["pm-save"] {
            let text = try name(node, "firmware, never or self-hosted")
            guard let pmSave = PMSave(rawValue: text) else {
                throw fail(node, "expected firmware, never or self-hosted, found \"\(Echo.escaped(text))\"")
            }
            scenario.pmSave = pmSave
        }
        scenario.sink = try values["sink"].map { (n) throws(ScenarioError) in try name(n, "a sink name") }
        if let node = values["setup"] {
            scenario.setup = try list(node, "a list of actions", atMost: ScenarioLimits.maxSetupActions)
                .map { (item) throws(ScenarioError) in try action(item) }
        }
        if let node = values["threads"] { scenario.threads = try threads(node) }
        if let node = values["environment"] { scenario.environment = try environment(node) }
        return scenario
    }

    /// A scalar of at most `maxLength` characters (a description or path unless told), with
    /// nothing a terminal would act on: every text is shown somewhere.
    func string(_ node: Node, _ what: String, maxLength: Int = ScenarioLimits.maxTextLength) throws(ScenarioError) -> String {
        guard case .scalar(let scalar) = node else { throw fail(node, "expected \(what)") }
        guard scalar.string.utf8.count <= maxLength * 4, scalar.string.count <= maxLength else {
            throw fail(node, "expected \(what) of at most \(maxLength) characters")
        }
        guard Echo.isInert(scalar.string) else {
            throw fail(node, "expected \(what) without control characters, found \"\(Echo.escaped(scalar.string))\"")
        }
        return scalar.string
    }

    func name(_ node: Node, _ what: String) throws(ScenarioError) -> String {
        try string(node, what, maxLength: ScenarioLimits.maxNameLength)
    }

    func list(_ node: Node, _ what: String, atMost limit: Int) throws(ScenarioError) -> [Node] {
        switch node {
        case .sequence(let sequence):
            guard sequence.count <= limit else { throw fail(node, "expected at most \(limit) items in \(what), found \(sequence.count)") }
            return Array(sequence)
        case .scalar(let scalar) where scalar.string.isEmpty: return []
        default: throw fail(node, "expected \(what) in [ ]")
        }
    }

    func pairs(_ node: Node, _ what: String, atMost limit: Int) throws(ScenarioError) -> [(Node, Node)] {
        switch node {
        case .mapping(let mapping):
            guard mapping.count <= limit else { throw fail(node, "expected at most \(limit) entries in \(what), found \(mapping.count)") }
            return mapping.map { ($0.key, $0.value) }
        case .scalar(let scalar) where scalar.string.isEmpty: return []
        default: throw fail(node, "expected \(what)")
        }
    }

    /// `juno-r2`, `{dts: path}`, `{dts: path, boot-cpu: cpu@100}` or `{sysfs: root}`.
    func board(_ node: Node) throws(ScenarioError) -> BoardSource {
        let forms = "a board name, {dts: path}, {dts: path, boot-cpu: cpu@100} or {sysfs: path}"
        if case .scalar = node { return .builtin(try name(node, "a board name")) }
        var values: [String: String] = [:]
        for (key, value) in try pairs(node, forms, atMost: ScenarioFile.maxValues) {
            guard let name = key.string, ["dts", "sysfs", "builtin", "name", "boot-cpu"].contains(name) else {
                throw fail(key, "expected dts, sysfs or boot-cpu, found \"\(key.string ?? "?")\"")
            }
            values[name] = try string(
                value, name == "boot-cpu" ? "a cpu node (name, label or path)" : "a path",
                maxLength: name == "boot-cpu" || name == "builtin" || name == "name" ? ScenarioLimits.maxNameLength : ScenarioLimits.maxTextLength)
        }
        let sources = ["dts", "sysfs", "builtin", "name"].filter { values[$0] != nil }
        guard sources.count == 1 else { throw fail(node, "expected \(forms)") }
        if values["boot-cpu"] != nil && sources[0] != "dts" {
            // Only a device tree leaves the boot CPU open; sysfs already numbers the CPUs.
            throw fail(node, "boot-cpu goes with dts only")
        }
        let value = values[sources[0]]!
        switch sources[0] {
        case "dts": return .dts(value, bootCPU: values["boot-cpu"])
        case "sysfs": return .sysfs(value)
        default: return .builtin(value)
        }
    }

    /// Converts a parse error inside a scalar to a file position (line and column are
    /// offsets from the scalar's own mark for single-line plain scalars).
    func parseFailure(_ error: ParseError, in node: Node) -> ScenarioError {
        guard let mark = node.mark else { return fail(node, error.message) }
        let quoted = if case .scalar(let s) = node, s.style != .plain { 1 } else { 0 }
        return ScenarioError(
            file: file, line: mark.line + error.line - 1,
            column: error.line == 1 ? mark.column + quoted + error.column - 1 : error.column,
            message: error.message)
    }

    func action(_ node: Node) throws(ScenarioError) -> Action {
        let text = try string(node, "an action like \"ext-claim etm1\"")
        do {
            return try ActionParser.parseOne(text)
        } catch {
            throw parseFailure(error, in: node)
        }
    }

    func cpu(_ node: Node) throws(ScenarioError) -> Int {
        let text = try name(node, "a CPU like cpu1")
        guard let cpu = ActionParser.cpuNumber(Substring(text)) else { throw fail(node, "expected a CPU like cpu1, found \"\(text)\"") }
        return cpu
    }

    func threads(_ node: Node) throws(ScenarioError) -> [ThreadScript] {
        var result: [ThreadScript] = []
        for (key, value) in try pairs(node, "a mapping of CPUs to operation lists", atMost: ScenarioLimits.maxThreads) {
            let cpu = try cpu(key)
            var ops: [ActionOperation] = []
            let items = try list(
                value, "a list of operations like [enable etm1, disable etm1]", atMost: ScenarioLimits.maxOperationsPerThread)
            for item in items {
                let text = try string(item, "an operation like \"enable etm1\"")
                do {
                    ops.append(try ActionParser.parseOperation(text))
                } catch {
                    throw parseFailure(error, in: item)
                }
            }
            result.append(ThreadScript(cpu: cpu, operations: ops))
        }
        return result
    }

    /// A count the explorer branches on: 0 to `ScenarioLimits.maxEnvironmentCount`.
    func count(_ node: Node) throws(ScenarioError) -> Int {
        let limit = ScenarioLimits.maxEnvironmentCount
        guard let text = node.string, text.utf8.count <= 20, let n = Int(text), (0...limit).contains(n) else {
            throw fail(node, "expected a count from 0 to \(limit)")
        }
        return n
    }

    func environment(_ node: Node) throws(ScenarioError) -> Environment {
        var env = Environment()
        let entries = ScenarioLimits.maxEnvironmentEntries
        for (key, value) in try pairs(node, "a mapping with idle, ext-claim and hotplug", atMost: ScenarioFile.maxValues) {
            switch key.string {
            case "idle":
                for (cpuNode, countNode) in try pairs(value, "a mapping like {cpu1: 2}", atMost: entries) {
                    env.idle.append((try cpu(cpuNode), try count(countNode)))
                }
            case "hotplug":
                for (cpuNode, countNode) in try pairs(value, "a mapping like {cpu1: 1}", atMost: entries) {
                    env.hotplug.append((try cpu(cpuNode), try count(countNode)))
                }
            case "ext-claim":
                for (nameNode, countNode) in try pairs(value, "a mapping like {etm1: 1}", atMost: entries) {
                    env.extClaim.append((try name(nameNode, "a component name"), try count(countNode)))
                }
            default:
                throw fail(key, "unknown environment key \"\(key.string ?? "?")\" (expected idle, ext-claim, hotplug)")
            }
        }
        return env
    }
}
