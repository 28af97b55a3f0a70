import DriverSimulation
import OrderedJSON
import SafeText

/// A scenario as the session header embeds it, whole, so a replay needs neither the catalogue
/// nor the YAML file it came from: the same keys as the scenario YAML (docs/sessions.md).
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
        if let kernel = scenario.kernel { members.append(("kernel", .string(kernel))) }
        if let pmSave = scenario.pmSave { members.append(("pm-save", .string(pmSave.rawValue))) }
        members.append(("sink", scenario.sink.map(JSON.string) ?? .null))
        members.append(("setup", .array(scenario.setup.map { .string($0.description) })))
        members.append(("threads", .object(scenario.threads.map { thread in
            ("cpu\(thread.cpu)", .array(thread.operations.map { .string($0.description) }))
        })))
        var environment: [(String, JSON)] = [
            ("idle", .object(scenario.environment.idle.map { ("cpu\($0.cpu)", .int($0.times)) })),
            ("ext-claim", .object(scenario.environment.extClaim.map { ($0.component, .int($0.times)) })),
        ]
        // Only when set, so sessions of scenarios without hotplug read as they always did.
        if !scenario.environment.hotplug.isEmpty {
            environment.append(("hotplug", .object(scenario.environment.hotplug.map { ("cpu\($0.cpu)", .int($0.times)) })))
        }
        members.append(("environment", .object(environment)))
        return .object(members)
    }

    /// Every list, count and text is held to `ScenarioLimits`, as the YAML reader holds them.
    static func decode(_ json: JSON) throws(FormatProblem) -> Scenario {
        guard json.members != nil else { throw FormatProblem("expected \"scenario\" to be an object") }
        let board: BoardSource
        if let dts = try text(json, "dts", maxLength: ScenarioLimits.maxTextLength) {
            board = .dts(dts, bootCPU: try text(json, "boot-cpu", maxLength: ScenarioLimits.maxNameLength))
        } else if let root = try text(json, "sysfs", maxLength: ScenarioLimits.maxTextLength) {
            board = .sysfs(root)
        } else {
            board = .builtin(try required(json, "board", maxLength: ScenarioLimits.maxNameLength))
        }
        let variantName = try json.string("variant")
        guard let variant = Variant(rawValue: variantName) else {
            throw FormatProblem("scenario variant \"\(Echo.escaped(variantName))\" is not legacy or fixed")
        }
        let setupTexts = try json.strings("setup")
        try check(setupTexts.count, atMost: ScenarioLimits.maxSetupActions, "scenario setup actions")
        var setup: [Action] = []
        for text in setupTexts { setup.append(try action(text, in: "scenario setup")) }
        let threadMembers = try json.object("threads")
        try check(threadMembers.count, atMost: ScenarioLimits.maxThreads, "scenario threads")
        var threads: [ThreadScript] = []
        for (name, value) in threadMembers {
            let cpu = try cpuNumber(name, in: "scenario threads")
            guard case .array(let items) = value else { throw FormatProblem("expected thread cpu\(cpu) to be an array") }
            try check(items.count, atMost: ScenarioLimits.maxOperationsPerThread, "operations in thread cpu\(cpu)")
            var operations: [ActionOperation] = []
            for item in items {
                guard case .string(let text) = item else { throw FormatProblem("expected thread cpu\(cpu) to hold strings") }
                do {
                    operations.append(try ActionParser.parseOperation(text))
                } catch {
                    throw FormatProblem("scenario thread cpu\(cpu): \"\(Echo.escaped(text))\": \(error.message)")
                }
            }
            threads.append(ThreadScript(cpu: cpu, operations: operations))
        }
        let environmentJSON = json["environment"] ?? .object([])
        let idleMembers = try environmentJSON.object("idle")
        try check(idleMembers.count, atMost: ScenarioLimits.maxEnvironmentEntries, "environment idle entries")
        var idle: [(cpu: Int, times: Int)] = []
        for (name, value) in idleMembers {
            idle.append((try cpuNumber(name, in: "environment idle"), try count(value, in: "environment idle")))
        }
        let hotplugMembers = try environmentJSON.object("hotplug")
        try check(hotplugMembers.count, atMost: ScenarioLimits.maxEnvironmentEntries, "environment hotplug entries")
        var hotplug: [(cpu: Int, times: Int)] = []
        for (name, value) in hotplugMembers {
            hotplug.append((try cpuNumber(name, in: "environment hotplug"), try count(value, in: "environment hotplug")))
        }
        let claimMembers = try environmentJSON.object("ext-claim")
        try check(claimMembers.count, atMost: ScenarioLimits.maxEnvironmentEntries, "environment ext-claim entries")
        var extClaim: [(component: String, times: Int)] = []
        for (name, value) in claimMembers {
            guard name.count <= ScenarioLimits.maxNameLength, Echo.isInert(name) else {
                throw FormatProblem(
                    "environment ext-claim: \"\(Echo.escaped(name))\" is not a component name (at most \(ScenarioLimits.maxNameLength) characters, no control characters)")
            }
            extClaim.append((name, try count(value, in: "environment ext-claim")))
        }
        var scenario = Scenario(
            name: try required(json, "name", maxLength: ScenarioLimits.maxNameLength),
            about: try text(json, "about", maxLength: ScenarioLimits.maxTextLength) ?? "", board: board,
            variant: variant, sink: try text(json, "sink", maxLength: ScenarioLimits.maxNameLength), setup: setup,
            threads: threads, environment: Environment(idle: idle, extClaim: extClaim, hotplug: hotplug))
        scenario.kernel = try text(json, "kernel", maxLength: ScenarioLimits.maxTextLength)
        if let name = try text(json, "pm-save", maxLength: ScenarioLimits.maxNameLength) {
            guard let pmSave = PMSave(rawValue: name) else {
                throw FormatProblem("scenario pm-save \"\(Echo.escaped(name))\" is not firmware, never or self-hosted")
            }
            scenario.pmSave = pmSave
        }
        return scenario
    }

    static func action(_ text: String, in context: String) throws(FormatProblem) -> Action {
        do {
            return try ActionParser.parseOne(text)
        } catch {
            throw FormatProblem("\(context): \"\(Echo.escaped(text))\": \(error.message)")
        }
    }

    static func cpuNumber(_ name: String, in context: String) throws(FormatProblem) -> Int {
        guard let cpu = ActionParser.cpuNumber(Substring(name)) else {
            throw FormatProblem("\(context): expected a CPU like cpu1, found \"\(Echo.escaped(name))\"")
        }
        return cpu
    }

    /// A count the explorer branches on: 0 to `ScenarioLimits.maxEnvironmentCount`.
    static func count(_ value: JSON, in context: String) throws(FormatProblem) -> Int {
        guard case .int(let times) = value, (0...ScenarioLimits.maxEnvironmentCount).contains(times) else {
            throw FormatProblem("expected \(context) counts to be integers from 0 to \(ScenarioLimits.maxEnvironmentCount)")
        }
        return times
    }

    static func check(_ count: Int, atMost limit: Int, _ what: String) throws(FormatProblem) {
        guard count <= limit else { throw FormatProblem("\(count) \(what); at most \(limit) are read") }
    }

    /// An optional string member of at most `maxLength` characters.
    static func text(_ json: JSON, _ key: String, maxLength: Int) throws(FormatProblem) -> String? {
        guard let value = try json.optionalString(key) else { return nil }
        guard value.utf8.count <= maxLength * 4, value.count <= maxLength else {
            throw FormatProblem("expected \"\(key)\" to be at most \(maxLength) characters")
        }
        guard Echo.isInert(value) else {
            throw FormatProblem("expected \"\(key)\" without control characters, found \"\(Echo.escaped(value))\"")
        }
        return value
    }

    static func required(_ json: JSON, _ key: String, maxLength: Int) throws(FormatProblem) -> String {
        guard let value = try text(json, key, maxLength: maxLength) else { throw FormatProblem("expected \"\(key)\" to be a string") }
        return value
    }
}
