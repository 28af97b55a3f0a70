import CoreSightModel
import DriverSimulation
import Scenarios

/// A scenario and the file it was read from: errors about what a scenario file says name the
/// file (`race.yaml: scenario myrace: ...`), since the file is what the user can open, not its `name:`.
struct NamedScenario {
    var scenario: Scenario
    /// The path it was read from; nil for a built-in, seed or generated scenario.
    var file: String?

    /// `file: ` before a message about the scenario, or nothing when it is not a file.
    var filePrefix: String { file.map { "\($0): " } ?? "" }
}

extension Loading {
    /// A built-in scenario by name or a scenario file by path, with a user-facing error.
    static func scenario(_ nameOrPath: String) throws -> NamedScenario {
        do {
            let scenario = try ScenarioCatalogue.load(nameOrPath)
            return NamedScenario(scenario: scenario, file: KernelCatalogue.isPath(nameOrPath) ? nameOrPath : nil)
        } catch {
            throw BadInput(error.description)
        }
    }

    /// The board a scenario runs on (`override`, else its own); a board its file names that
    /// cannot be read is that file's error.
    static func board(for named: NamedScenario, override: BoardSource? = nil, includeDirectories: [String] = []) throws -> LoadedBoard {
        do {
            return try loadBoard(override ?? named.scenario.board, includeDirectories: includeDirectories)
        } catch {
            guard override == nil else { throw error }
            throw BadInput(named.filePrefix + error.message)
        }
    }

    /// A ready simulation of `named` on `topology`; what its file says wrong names the file.
    static func simulation(
        of named: NamedScenario, on topology: CoreSightModel.Topology, variant: Variant?, kernel: DriverProfile?, pmSave: PMSave?
    ) throws -> Simulation {
        var kernel = kernel
        if kernel == nil, variant == nil, named.file != nil {
            // The file's own `kernel:` (or `variant:`): read here so a bad one names the file.
            do { kernel = try KernelCatalogue.load(named.scenario.kernelName) } catch {
                throw BadInput(named.filePrefix + error.description)
            }
        }
        do {
            return try ScenarioCatalogue.simulation(of: named.scenario, on: topology, variant: variant, kernel: kernel, pmSave: pmSave)
        } catch {
            throw BadInput(described(error, for: named))
        }
    }

    /// `error` about `named` said once: of its file, or of its name alone (not `name: scenario name: ...`).
    static func described(_ error: ScenarioError, for named: NamedScenario) -> String {
        guard error.file == named.scenario.name, error.line == nil else { return error.description }
        if let file = named.file { return file + ": " + error.message }
        return error.message.hasPrefix("scenario \(named.scenario.name)") ? error.message : error.description
    }
}
