import DriverSimulation
import OrderedJSON

/// A scenario as the session header embeds it, whole, so a replay needs neither the catalogue
/// nor the YAML file it came from: the same keys as the scenario YAML (design.md §5).
enum ScenarioJSON {
    static func encode(_ scenario: Scenario) -> JSON {
        var members: [(String, JSON)] = [("name", .string(scenario.name)), ("about", .string(scenario.about))]
        switch scenario.board {
        case .builtin(let name): members.append(("board", .string(name)))
        case .dts(let path, let bootCPU):
            members.append(("dts", .string(path)))
            if let bootCPU { members.append(("boot-cpu", .string(bootCPU))) }
        case .sysfs(let root): members.append(("sysfs", .string(root)))
        }
        members.append(("variant", .string(scenario.variant.rawValue)))
        members.append(("sink", scenario.sink.map(JSON.string) ?? .null))
        members.append(("setup", .array(scenario.setup.map { .string($0.description) })))
        members.append(("threads", .object(scenario.threads.map { thread in
            ("cpu\(thread.cpu)", .array(thread.operations.map { .string($0.description) }))
        })))
        members.append(("environment", .object([
            ("idle", .object(scenario.environment.idle.map { ("cpu\($0.cpu)", .int($0.times)) })),
            ("ext-claim", .object(scenario.environment.extClaim.map { ($0.component, .int($0.times)) })),
        ])))
        return .object(members)
    }

    static func decode(_ json: JSON) throws(FormatProblem) -> Scenario {
        guard json.members != nil else { throw FormatProblem("expected \"scenario\" to be an object") }
        let board: BoardSource
        if let dts = try json.optionalString("dts") {
            board = .dts(dts, bootCPU: try json.optionalString("boot-cpu"))
        } else if let root = try json.optionalString("sysfs") {
            board = .sysfs(root)
        } else {
            board = .builtin(try json.string("board"))
        }
        let variantName = try json.string("variant")
        guard let variant = Variant(rawValue: variantName) else {
            throw FormatProblem("scenario variant \"\(variantName)\" is not legacy or fixed")
        }
        var setup: [Action] = []
        for text in try json.strings("setup") { setup.append(try action(text, in: "scenario setup")) }
        var threads: [ThreadScript] = []
        for (name, value) in try json.object("threads") {
            let cpu = try cpuNumber(name, in: "scenario threads")
            guard case .array(let items) = value else { throw FormatProblem("expected thread \(name) to be an array") }
            var operations: [ActionOperation] = []
            for item in items {
                guard case .string(let text) = item else { throw FormatProblem("expected thread \(name) to hold strings") }
                do {
                    operations.append(try ActionParser.parseOperation(text))
                } catch {
                    throw FormatProblem("scenario thread \(name): \"\(text)\": \(error.message)")
                }
            }
            threads.append(ThreadScript(cpu: cpu, operations: operations))
        }
        let environmentJSON = json["environment"] ?? .object([])
        var idle: [(cpu: Int, times: Int)] = []
        for (name, value) in try environmentJSON.object("idle") {
            guard case .int(let times) = value else { throw FormatProblem("expected environment idle counts to be integers") }
            idle.append((try cpuNumber(name, in: "environment idle"), times))
        }
        var extClaim: [(component: String, times: Int)] = []
        for (name, value) in try environmentJSON.object("ext-claim") {
            guard case .int(let times) = value else { throw FormatProblem("expected environment ext-claim counts to be integers") }
            extClaim.append((name, times))
        }
        return Scenario(
            name: try json.string("name"), about: try json.optionalString("about") ?? "", board: board,
            variant: variant, sink: try json.optionalString("sink"), setup: setup, threads: threads,
            environment: Environment(idle: idle, extClaim: extClaim))
    }

    static func action(_ text: String, in context: String) throws(FormatProblem) -> Action {
        do {
            return try ActionParser.parseOne(text)
        } catch {
            throw FormatProblem("\(context): \"\(text)\": \(error.message)")
        }
    }

    static func cpuNumber(_ name: String, in context: String) throws(FormatProblem) -> Int {
        guard let cpu = ActionParser.cpuNumber(Substring(name)) else {
            throw FormatProblem("\(context): expected a CPU like cpu1, found \"\(name)\"")
        }
        return cpu
    }
}
