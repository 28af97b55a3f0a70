import BuiltinResources
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
        return result
    }

    /// A built-in scenario by name, or a scenario file by path (anything with a `/` or ending
    /// in `.yaml`/`.yml`).
    public static func load(_ nameOrPath: String) throws(ScenarioError) -> Scenario {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") {
            guard let data = FileManager.default.contents(atPath: nameOrPath) else {
                throw ScenarioError(file: nameOrPath, message: "cannot read the file (missing or unreadable)")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw ScenarioError(file: nameOrPath, message: "not UTF-8 text")
            }
            return try ScenarioFile.parse(text, file: nameOrPath)
        }
        let all = try builtins()
        guard let found = all.first(where: { $0.name == nameOrPath }) else {
            throw ScenarioError(
                file: nameOrPath,
                message: "no such scenario (built-in: \(all.map(\.name).joined(separator: ", ")); or give a path to a .yaml file)")
        }
        return found
    }

    /// The topology a scenario runs on.
    public static func topology(for scenario: Scenario, file: String? = nil) throws(ScenarioError) -> Topology {
        switch scenario.board {
        case .builtin(let name):
            guard let board = Board.named(name) else {
                throw ScenarioError(
                    file: file ?? scenario.name,
                    message: "unknown board \(name) (built-in: \(Board.catalogue.map(\.name).joined(separator: ", ")))")
            }
            do {
                return try board.topology()
            } catch {
                throw ScenarioError(file: file ?? scenario.name, message: "board \(name): \(error)")
            }
        case .dts(let path):
            throw ScenarioError(file: file ?? scenario.name, message: "board from a device tree (\(path)) is not supported yet")
        case .sysfs(let path):
            throw ScenarioError(file: file ?? scenario.name, message: "board from a sysfs tree (\(path)) is not supported yet")
        }
    }

    /// A ready simulation of a scenario: resolves names and applies its start actions.
    public static func simulation(of scenario: Scenario, variant: Variant? = nil) throws(ScenarioError) -> Simulation {
        let topology = try topology(for: scenario)
        do {
            return try Simulation(engine: Engine(topology: topology), scenario: scenario, variant: variant)
        } catch {
            throw ScenarioError(file: scenario.name, message: error.message)
        }
    }
}
