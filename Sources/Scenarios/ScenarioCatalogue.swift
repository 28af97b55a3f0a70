import BuiltinResources
import DeviceTree
public import CoreSightModel
public import DriverSimulation
import Foundation

/// The built-in scenarios and loading a scenario by name or path, with its topology.
public enum ScenarioCatalogue {
    /// The scenario `csx` opens on: race A, the seed race.
    public static let defaultName = "claim-failure-vs-idle"

    /// Every built-in scenario, sorted by name. A built-in that does not parse is a bug, so it
    /// is reported rather than skipped.
    public static func builtins() throws(ScenarioError) -> [Scenario] {
        var result: [Scenario] = []
        for file in BuiltinResources.scenarioFiles() {
            result.append(try ScenarioFile.parse(file.text, file: "builtin:\(file.name).yaml"))
        }
        return result + seeds  // seed-2 … seed-8 are generated (SeedScenarios.swift)
    }

    /// A built-in scenario by name, or a scenario file by path (anything with a `/` or ending
    /// in `.yaml`/`.yml`).
    public static func load(_ nameOrPath: String) throws(ScenarioError) -> Scenario {
        if KernelCatalogue.isPath(nameOrPath) {
            let text = try readTextFile(nameOrPath)
            var scenario = try ScenarioFile.parse(text, file: nameOrPath)
            // `board: {dts: my.dts}` means next to the scenario file, wherever csx runs from.
            scenario.board = scenario.board.resolvingPaths(relativeTo: directory(of: nameOrPath))
            if let kernel = scenario.kernel, KernelCatalogue.isPath(kernel), !kernel.hasPrefix("/"), directory(of: nameOrPath) != "." {
                scenario.kernel = directory(of: nameOrPath) + "/" + kernel
            }
            return scenario
        }
        if let seed = seed(named: nameOrPath) { return seed }
        if let ring = ring(named: nameOrPath) { return ring }  // ring-2 … ring-8 (RingScenarios.swift)
        let all = try listed()
        guard let found = all.first(where: { $0.name == nameOrPath }) else {
            throw ScenarioError(
                file: nameOrPath,
                message: "no such scenario (built-in: \(all.map(\.name).joined(separator: ", ")); or give a path to a .yaml file)")
        }
        return found
    }

    /// The board a scenario runs on, read from wherever it comes from; `file` names the scenario
    /// in messages about boards that cannot be loaded.
    public static func board(for scenario: Scenario, file: String? = nil) throws(ScenarioError) -> LoadedBoard {
        do {
            return try BoardLoader.load(scenario.board)
        } catch {
            throw ScenarioError(file: file ?? scenario.name, message: error.description)
        }
    }

    /// The topology a scenario runs on.
    public static func topology(for scenario: Scenario, file: String? = nil) throws(ScenarioError) -> Topology {
        try board(for: scenario, file: file).topology
    }

    /// A ready simulation of a scenario: resolves names and applies its start actions.
    public static func simulation(
        of scenario: Scenario, variant: Variant? = nil, kernel: DriverProfile? = nil, pmSave: PMSave? = nil
    ) throws(ScenarioError) -> Simulation {
        try simulation(of: scenario, on: try topology(for: scenario), variant: variant, kernel: kernel, pmSave: pmSave)
    }

    /// The same on a topology already loaded: a DTS or sysfs board is read once, and a
    /// scenario can be played on another board than its own (names must resolve there).
    /// The profile is `kernel`, else `variant`'s, else the scenario's own (`kernel:` or
    /// `variant:`); `pmSave` overrides the scenario's `pm-save:`, which overrides the board's.
    public static func simulation(
        of scenario: Scenario, on topology: Topology, variant: Variant? = nil, kernel: DriverProfile? = nil,
        pmSave: PMSave? = nil
    ) throws(ScenarioError) -> Simulation {
        let shipped = try KernelCatalogue.shipped()
        let profile: DriverProfile
        if let kernel {
            profile = kernel
        } else {
            profile = try KernelCatalogue.load(variant?.rawValue ?? scenario.kernelName)
        }
        do {
            return try Simulation(
                engine: Engine(topology: topology), scenario: scenario, profile: profile, pmSave: pmSave, profiles: shipped)
        } catch {
            throw ScenarioError(file: scenario.name, message: error.message)
        }
    }

    /// A scenario or profile file's text.
    /// Only a regular file is read, and at most `ScenarioFile.maxFileBytes` of it.
    static func readTextFile(_ path: String) throws(ScenarioError) -> String {
        let bytes: [UInt8]
        switch RegularFileReader.bytes(of: path, maxBytes: ScenarioFile.maxFileBytes) {
        case .bytes(let read): bytes = read
        case .missing: throw ScenarioError(file: path, message: "cannot read the file (missing or unreadable)")
        case .refused(let reason): throw ScenarioError(file: path, message: "cannot read the file: it \(reason)")
        }
        guard let text = String(data: Data(bytes), encoding: .utf8) else {
            throw ScenarioError(file: path, message: "not UTF-8 text")
        }
        return text
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

extension BoardSource {
    /// Relative DTS and sysfs paths taken from `directory`; absolute ones and built-ins unchanged.
    func resolvingPaths(relativeTo directory: String) -> BoardSource {
        func resolve(_ path: String) -> String {
            if path.hasPrefix("/") || directory == "." { return path }
            return directory.hasSuffix("/") ? directory + path : directory + "/" + path
        }
        switch self {
        case .builtin: return self
        case .dts(let path, let bootCPU): return .dts(resolve(path), bootCPU: bootCPU)
        case .sysfs(let root): return .sysfs(resolve(root))
        }
    }
}
