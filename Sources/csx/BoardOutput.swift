import CoreSightModel
import OrderedJSON
import Scenarios

/// How `csx topology` shows a loaded board.
extension LoadedBoard {
    /// The topology JSON of the engine, unchanged, plus `"problems": [{"device", "error"}]` when
    /// a sysfs tree had any (`device` is the device, CPU or path the problem concerns).
    func json() -> JSON {
        guard !problems.isEmpty, case .object(var members) = topology.json() else { return topology.json() }
        members.append(("problems", .array(problems.map { problem in
            .object([("device", .string(problem.subject)), ("error", .string(problem.message))])
        })))
        return .object(members)
    }

    /// `notes` without the sysfs problems, for output that carries them itself.
    func notes(excludingProblems: Bool) -> [String] {
        excludingProblems ? LoadedBoard(topology: topology, source: source, warnings: warnings, assumptions: assumptions).notes : notes
    }
}
