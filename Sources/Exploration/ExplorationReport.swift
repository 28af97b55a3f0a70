public import DriverSimulation
public import OrderedJSON

/// How `csx explore` prints a result: a readable summary, or one JSON document with the keys
/// of issue 4 in order.
public struct ExplorationReport: Sendable {
    public var scenarioName: String
    /// What `csx run` takes to load the scenario again: its file when it came from one (a
    /// scenario's `name:` is no file name), else the built-in name.
    public var scenarioArgument: String
    /// The nearest variant name (kept for old readers of the JSON).
    public var variant: Variant
    /// The kernel profile explored: its name, and what `--kernel` takes to run it again (the
    /// file a user's profile came from, else the name).
    public var kernel: String
    public var kernelArgument: String
    /// `pm_save_enable` as it resolved on the scenario's board: never or self-hosted.
    public var pmSave: PMSave
    public var result: ExplorationResult

    public init(scenarioName: String, scenarioArgument: String? = nil, simulation: Simulation, result: ExplorationResult) {
        self.scenarioName = scenarioName
        self.scenarioArgument = scenarioArgument ?? scenarioName
        self.variant = simulation.variant
        self.kernel = simulation.profile.name
        self.kernelArgument = simulation.profile.file ?? simulation.profile.name
        self.pmSave = simulation.resolvedPMSave
        self.result = result
    }

    /// A word a POSIX shell reads back as it is: single-quoted unless it is plainly safe.
    static func shellWord(_ text: String) -> String {
        let safe = text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./:@+,".contains($0)) }
        return safe && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// 0 ok (within the bounds), 1 violation.
    public var exitStatus: Int32 { result.verdict == .violation ? 1 : 0 }

    public func text() -> String {
        let r = result
        var out = "explored \(scenarioName), kernel \(kernel), pm-save \(pmSave)\n"
        switch r.verdict {
        case .violation:
            out += "violation: \(r.invariant?.rawValue ?? "?") after \(r.counterexample.count) moves (\(r.lengthClaim))\n"
            for (number, action) in r.counterexample.enumerated() {
                out += "  \(String(number + 1).leftPadded(3)). \(action)\n"
            }
            out += "replay: csx run \(Self.shellWord(scenarioArgument)) --kernel \(kernelArgument) --pm-save \(pmSave) --actions \"\(r.counterexample.joinedActions)\"\n"
        case .ok:
            out += "ok: no schedule breaks an invariant (explored completely)\n"
        case .bounded:
            let why = r.bound == .maxMemory ? "--max-memory" : "--max-depth"
            out += "ok within \(why): no schedule of at most \(r.maxDepth) moves breaks an invariant (deeper ones were not explored)\n"
        }
        out += "\(r.states) states, \(r.transitions) transitions, depth \(r.maxDepth), "
        out += "\(formatSeconds(r.seconds)), peak \(formatBytes(r.peakMemoryBytes))\n"
        if let c = r.confirmation { out += Self.confirmationLine(c) + "\n" }
        return out
    }

    /// What the confirming search did (its time is in the line above, its states are not).
    static func confirmationLine(_ c: ExplorationResult.Confirmation) -> String {
        let what = switch c.outcome {
        case .noShorter: "none shorter than \(c.reducedLength) moves"
        case .foundShorter: "a shorter one than the reduced search's \(c.reducedLength) moves"
        case .outOfMemory: "ran out of memory before deciding whether one is shorter than \(c.reducedLength) moves"
        case .outOfStates:
            "reached its budget of \(c.stateBudget.grouped) states (--confirm-states) before deciding whether one is shorter "
                + "than \(c.reducedLength) moves"
        }
        return "(then confirming without partial-order reduction: \(c.states) states, \(c.transitions) transitions, "
            + "\(formatSeconds(c.seconds)), peak \(formatBytes(c.peakMemoryBytes)); \(what))"
    }

    public func json() -> JSON {
        let r = result
        var fields: [(String, JSON)] = [
            ("scenario", .string(scenarioName)),
            ("variant", .string(variant.rawValue)),
            ("kernel", .string(kernel)),
            ("pm-save", .string(pmSave.rawValue)),
            // Two values, as the interface says: a depth-bounded search that found nothing is
            // "ok" within its bounds (the text summary says which bound).
            ("verdict", .string(r.verdict == .violation ? "violation" : "ok")),
        ]
        if let invariant = r.invariant { fields.append(("invariant", .string(invariant.rawValue))) }
        fields += [
            ("shortest", r.shortest.map(JSON.int) ?? .null),
            ("counterexample", .array(r.counterexample.map { .string($0.description) })),
            ("states", .int(r.states)),
            ("transitions", .int(r.transitions)),
            ("max_depth", .int(r.maxDepth)),
            ("seconds", .double(r.seconds)),
            ("peak_memory_bytes", .int(r.peakMemoryBytes)),
        ]
        // Added after the keys of issue 4, which stay as they were.
        fields.append(("shortest_confirmed", r.shortestConfirmed.map(JSON.bool) ?? .null))
        return .object(fields)
    }
}

public func formatSeconds(_ seconds: Double) -> String {
    seconds < 1 ? "\(Int((seconds * 1000).rounded())) ms" : "\((seconds * 100).rounded() / 100) s"
}

public func formatBytes(_ bytes: Int) -> String {
    let mib = Double(bytes) / 1_048_576
    if mib >= 1 { return "\((mib * 10).rounded() / 10) MiB" }
    // Below a KiB (a --max-memory of a few bytes) the bytes themselves, not "1 KiB".
    return bytes >= 1024 ? "\(bytes / 1024) KiB" : formatCount(bytes, "byte")
}

/// `count` and `noun`, plural unless one: "1 state", "2 states".
public func formatCount(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}

extension ExplorationResult {
    /// How the summary qualifies a counterexample's length.
    public var lengthClaim: String {
        guard shortestConfirmed == false else { return "a shortest schedule" }
        return "a counterexample; not confirmed shortest: " + (unconfirmedReason ?? "")
    }

    /// Why a counterexample is not confirmed shortest (nil when it is, or without one).
    public var unconfirmedReason: String? {
        guard shortestConfirmed == false else { return nil }
        switch confirmation?.outcome {
        case .outOfMemory: return "the confirming search ran out of memory"
        case .outOfStates:
            return "the confirming search reached its budget of \(confirmation!.stateBudget.grouped) states (raise --confirm-states)"
        case nil, .noShorter, .foundShorter: return "no confirming search (--confirm-states 0)"
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

extension Int {
    /// With thousands separated by commas, as the README's tables write counts (200,000).
    public var grouped: String {
        let digits = String(magnitude)
        var out = ""
        for (n, digit) in digits.enumerated() {
            if n > 0, (digits.count - n) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return self < 0 ? "-" + out : out
    }
}
