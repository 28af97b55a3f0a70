import DriverSimulation
import Foundation
import Scenarios
import Sessions

/// A directory under the system's temporary directory, removed on deinit.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("csx-sessions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// A schedule of legal moves chosen by `codes` (LegalMoves, shared with the engine's tests);
/// a code divisible by 97 switches the variant instead, to exercise the restart.
func schedule(_ scenario: Scenario, variant: Variant, codes: [Int]) throws -> (actions: [Action], simulation: Simulation) {
    var simulation = try ScenarioCatalogue.simulation(of: scenario, variant: variant)
    var actions: [Action] = []
    for code in codes {
        let action: Action
        if code % 97 == 0 {
            action = .variant(simulation.variant == .legacy ? .fixed : .legacy)
        } else {
            guard let move = LegalMoves.pick(code, in: simulation) else { break }
            action = move
        }
        try simulation.perform(action)
        actions.append(action)
    }
    return (actions, simulation)
}

/// Records `actions` on `scenario` to a file in `directory` and returns the file's path.
func record(_ scenario: Scenario, variant: Variant, actions: [Action], in directory: TemporaryDirectory,
            name: String = "session.csxs") throws -> String {
    let path = directory.path(name)
    try SessionRecorder.record(scenario: scenario, variant: variant, actions: actions, to: path, csxVersion: "test")
    return path
}

func bytes(of path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

let builtinScenarios: [Scenario] = (try? ScenarioCatalogue.builtins()) ?? []

/// A few deterministic codes for a scenario schedule (no randomness: stable across runs).
func fixedCodes(count: Int, seed: Int) -> [Int] {
    var state = UInt64(truncatingIfNeeded: seed) &+ 0x9E37_79B9_7F4A_7C15
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int(truncatingIfNeeded: state >> 33) % 1_000_000 + 1  // never 0, so no variant switch unless % 97
    }
}

import OrderedJSON

extension JSON {
    /// The first member named `key` of an object.
    subscript(key: String) -> JSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }
}
