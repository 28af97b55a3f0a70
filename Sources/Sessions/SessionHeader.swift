public import CoreSightModel
public import DriverSimulation
import OrderedJSON
import SafeText

/// Line 1 of a session: what was recorded, on which board, from which scenario and variant.
public struct SessionHeader: Sendable {
    public enum Source: String, Sendable, Hashable {
        /// Actions applied to the simulated driver; replayable and verifiable.
        case simulation
        /// Changes observed on a real machine's sysfs; replayable as a timeline only.
        case live
    }

    public var source: Source
    /// The csx that wrote the file.
    public var csxVersion: String
    /// The format version the file declares (`SessionFormat.version` when written by this csx).
    public var formatVersion: String
    public var topology: Topology
    /// Whether `topology` is a built-in board (then the header names it instead of spelling it out).
    public var boardIsBuiltin: Bool
    /// The scenario played (simulation sessions).
    public var scenario: Scenario?
    /// The kernel profile the session starts on (simulation sessions).
    public var profile: DriverProfile?
    /// `pm_save_enable` as it was set for the run (simulation sessions).
    public var pmSave: PMSave?

    /// The variant name nearest to the profile (the header's `variant` key, for older readers).
    public var variant: Variant? { profile?.nearestVariant }

    public init(
        source: Source, csxVersion: String, topology: Topology, scenario: Scenario?, profile: DriverProfile?,
        pmSave: PMSave?, boardIsBuiltin: Bool? = nil
    ) {
        self.source = source
        self.csxVersion = csxVersion
        self.formatVersion = SessionFormat.version
        self.topology = topology
        self.scenario = scenario
        self.profile = profile
        self.pmSave = pmSave
        self.boardIsBuiltin = boardIsBuiltin ?? Self.isBuiltin(topology)
    }

    /// A header for a variant's knobs (benchmarks and tests).
    public init(
        source: Source, csxVersion: String, topology: Topology, scenario: Scenario?, variant: Variant?,
        boardIsBuiltin: Bool? = nil
    ) {
        self.init(
            source: source, csxVersion: csxVersion, topology: topology, scenario: scenario,
            profile: variant.map(DriverProfile.bare), pmSave: variant == nil ? nil : scenario?.pmSave ?? .firmware,
            boardIsBuiltin: boardIsBuiltin)
    }

    /// The header for recording `simulation` from its scenario start: the profile it started
    /// on (the current one, unless a `kernel` or `variant` action switched it, in which case the
    /// history is replayed to find it) and `pm_save_enable` as set.
    public static func simulation(_ simulation: Simulation, csxVersion: String, startProfile: DriverProfile? = nil) -> SessionHeader {
        SessionHeader(
            source: .simulation, csxVersion: csxVersion, topology: simulation.topology, scenario: simulation.scenario,
            profile: startProfile ?? inferStartProfile(of: simulation), pmSave: simulation.pmSave)
    }

    /// The header for a live session on `topology` (read from sysfs).
    public static func live(topology: Topology, csxVersion: String) -> SessionHeader {
        SessionHeader(source: .live, csxVersion: csxVersion, topology: topology, scenario: nil, profile: nil, pmSave: nil)
    }

    /// A `kernel` or `variant` action restarts the scenario, so the simulation's current profile
    /// may not be the one it started under: the one whose replay gives the same records is.
    static func inferStartProfile(of simulation: Simulation) -> DriverProfile {
        let switched = simulation.records.contains {
            switch $0.action {
            case .variant, .kernel: true
            default: false
            }
        }
        guard switched else { return simulation.profile }
        for candidate in [simulation.profile] + simulation.profiles + Variant.allCases.map(DriverProfile.bare) {
            guard var replay = try? Simulation(
                engine: simulation.engine, scenario: simulation.scenario, profile: candidate, pmSave: simulation.pmSave,
                profiles: simulation.profiles)
            else { continue }
            for record in simulation.records where !record.isSetup { _ = try? replay.perform(record.action) }
            if replay.records == simulation.records { return candidate }
        }
        return simulation.profile
    }

    static func isBuiltin(_ topology: Topology) -> Bool {
        guard let board = Board.named(topology.name), let builtin = try? board.topology() else { return false }
        return builtin == topology
    }

    func json() -> JSON {
        var members: [(String, JSON)] = [
            ("format", .string(SessionFormat.name)),
            ("version", .string(formatVersion)),
            ("csx", .string(csxVersion)),
            ("source", .string(source.rawValue)),
            ("board", .string(topology.name)),
        ]
        if !boardIsBuiltin { members.append(("topology", TopologyJSON.encode(topology))) }
        members.append(("scenario", scenario.map(ScenarioJSON.encode) ?? .null))
        members.append(("variant", variant.map { .string($0.rawValue) } ?? .null))
        if let profile { members.append(("kernel", ProfileJSON.encode(profile))) }
        if let pmSave {
            members.append(("pm-save", .string(pmSave.rawValue)))
            members.append(("pm-save-resolved", .string(pmSave.resolved(losesContextWithCPU: topology.savesContextOverIdle).rawValue)))
        }
        return .object(members)
    }

    /// Reads a header; refuses other formats and newer major versions by name.
    static func decode(_ json: JSON) throws(FormatProblem) -> SessionHeader {
        guard json.members != nil else { throw FormatProblem("not a csx session: line 1 is not a JSON object") }
        guard case .string(let format)? = json["format"] else {
            throw FormatProblem("not a csx session: line 1 has no \"format\"")
        }
        guard format == SessionFormat.name else {
            throw FormatProblem("not a csx session: format \"\(format)\" (expected \"\(SessionFormat.name)\")")
        }
        let versionText = try json.string("version")
        guard let version = SessionFormat.parseVersion(versionText) else {
            throw FormatProblem("format version \"\(versionText)\" is not MAJOR.MINOR")
        }
        guard version.major <= SessionFormat.major else {
            throw FormatProblem(
                "\(SessionFormat.name) format \(version.major).x is newer than this csx reads (\(SessionFormat.major).x)")
        }
        guard version.major == SessionFormat.major else {
            throw FormatProblem("\(SessionFormat.name) format \(version.major).x is older than this csx reads (\(SessionFormat.major).x)")
        }
        let sourceName = try json.string("source")
        guard let source = Source(rawValue: sourceName) else {
            throw FormatProblem("source \"\(sourceName)\" is not simulation or live")
        }
        let topology: Topology
        let builtin: Bool
        if let spelled = json["topology"], spelled != .null {
            topology = try TopologyJSON.decode(spelled)
            builtin = false
        } else {
            let name = try json.string("board")
            guard let board = Board.named(name) else {
                throw FormatProblem("unknown board \(name) (built-in: \(Board.catalogue.map(\.name).joined(separator: ", ")))")
            }
            do { topology = try board.topology() } catch { throw FormatProblem("board \(name): \(error)") }
            builtin = true
        }
        var scenario: Scenario?
        if let scenarioJSON = json["scenario"], scenarioJSON != .null { scenario = try ScenarioJSON.decode(scenarioJSON) }
        var variant: Variant?
        if let name = try json.optionalString("variant") {
            guard let parsed = Variant(rawValue: name) else { throw FormatProblem("variant \"\(name)\" is not legacy or fixed") }
            variant = parsed
        }
        if source == .simulation, scenario == nil || variant == nil {
            throw FormatProblem("a simulation session needs \"scenario\" and \"variant\"")
        }
        var profile: DriverProfile?
        if let kernel = json["kernel"], kernel != .null {
            profile = try ProfileJSON.decode(kernel)
        } else if let variant {
            // Format 1.0 (csx 0.1): both variants ran the v1 CPU PM code.
            profile = DriverProfile(
                name: "\(variant.rawValue) (csx 0.1)", aliases: [variant.rawValue],
                knobs: DriverKnobs(modePlacement: variant == .legacy ? .caller : .target, pmCode: .v1))
        }
        var pmSave: PMSave?
        if let name = try json.optionalString("pm-save") {
            guard let parsed = PMSave(rawValue: name) else {
                throw FormatProblem("pm-save \"\(Echo.escaped(name))\" is not firmware, never or self-hosted")
            }
            pmSave = parsed
        } else if source == .simulation {
            // Format 1.0 (csx 0.1) saved context on every built-in board.
            pmSave = builtin || topology.savesContextOverIdle ? .selfHosted : .never
        }
        var header = SessionHeader(
            source: source, csxVersion: try json.optionalString("csx") ?? "unknown", topology: topology,
            scenario: scenario, profile: profile, pmSave: pmSave, boardIsBuiltin: builtin)
        header.formatVersion = versionText
        return header
    }
}
