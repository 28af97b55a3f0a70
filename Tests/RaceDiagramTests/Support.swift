import DriverSimulation
import Exploration
import Foundation
import RaceDiagram
import Scenarios
import Testing

/// Simulations to draw: scenario runs, explored counterexamples, shipped profiles.
enum Fixtures {
    /// The seed race's actions (issue 18): cpu0 to its IPI, cpu1's handler, cpu1 idles and
    /// reads the mode, cpu0 rolls back.
    static let seedActions = "run cpu0; run cpu1; idle cpu1; run cpu1; run cpu0"

    /// The profile no release shipped that breaks idle-before-take (docs/driver-model.md §7).
    static let callerWithExitPM = DriverProfile(
        name: "caller-with-exit-pm", knobs: DriverKnobs(modePlacement: .caller, pmCode: .v3))

    static func profile(_ name: String) throws -> DriverProfile { try KernelCatalogue.load(name) }

    static func run(
        _ scenario: String, kernel: DriverProfile? = nil, pmSave: PMSave? = nil, actions: String
    ) throws -> Simulation {
        var simulation = try ScenarioCatalogue.simulation(of: try ScenarioCatalogue.load(scenario), kernel: kernel, pmSave: pmSave)
        for action in try ActionParser.parse(actions) { try simulation.perform(action) }
        return simulation
    }

    /// The scenario's shortest counterexample under `kernel`, played; nil when none breaks.
    static func counterexample(_ scenario: Scenario, kernel: DriverProfile) throws -> Simulation? {
        var simulation = try ScenarioCatalogue.simulation(of: scenario, kernel: kernel)
        // seed-N's counterexample is the shortest (ReductionTests check it against the
        // unreduced search up to seed-5): past that, no confirming search in a debug build.
        let large = scenario.name.hasPrefix("seed-") && simulation.world.cpus.count > 5
        let options = ExplorationOptions(maxConfirmingStates: large ? 0 : ExplorationOptions.defaultMaxConfirmingStates)
        let result = try Explorer(simulation: simulation, options: options).explore(simulation)
        guard result.verdict == .violation else { return nil }
        for action in result.counterexample { try simulation.perform(action) }
        return simulation
    }

    static func draw(_ simulation: Simulation, width: Int = DiagramOptions.defaultWidth, full: Bool = false) -> String {
        RaceDiagram.draw(DiagramInput(simulation: simulation), options: DiagramOptions(width: width, full: full))
    }
}

/// Reading a drawn diagram back: its lines, its column positions, where a text is.
struct DrawnDiagram {
    let lines: [String]
    /// The line with the column titles.
    let titleLine: Int

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        titleLine = lines.firstIndex { $0.hasPrefix(" CPU") } ?? 0
    }

    /// Where a column's title starts (`CPU1`), nil when it has no column.
    func columnX(_ title: String) -> Int? {
        lines[titleLine].range(of: title).map { lines[titleLine].distance(from: lines[titleLine].startIndex, to: $0.lowerBound) }
    }

    /// The first line after `line` holding `text`, and where on it.
    func find(_ text: String, after line: Int) -> (line: Int, x: Int)? {
        for index in (line + 1)..<lines.count {
            if let range = lines[index].range(of: text) {
                return (index, lines[index].distance(from: lines[index].startIndex, to: range.lowerBound))
            }
        }
        return nil
    }

    /// The lines of the diagram itself (titles to the first blank line).
    var body: ArraySlice<String> {
        let end = lines[titleLine...].firstIndex(where: \.isEmpty) ?? lines.count
        return lines[titleLine..<end]
    }
}

/// Text files kept next to the tests (Golden/NAME.txt). A missing file is written and the test
/// fails, so a new one is looked at before it is trusted; CSX_RECORD_SNAPSHOTS=1 rewrites them.
enum GoldenFile {
    static func directory(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    static func assertMatches(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory().appendingPathComponent(name + ".txt")
        let recording = ProcessInfo.processInfo.environment["CSX_RECORD_SNAPSHOTS"] == "1"
        guard !recording, let expected = try? String(contentsOf: url, encoding: .utf8) else {
            try? FileManager.default.createDirectory(at: directory(), withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded \(name).txt; check it and run again", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            Issue.record("\(name) differs:\n--- expected\n\(expected)--- actual\n\(actual)", sourceLocation: sourceLocation)
        }
    }
}

/// Plain printable ASCII within `width` columns: what pastes into a mail as it is.
func checkPastable(_ text: String, width: Int = DiagramOptions.defaultWidth, sourceLocation: SourceLocation = #_sourceLocation) {
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        #expect(line.count <= width, "line \(number + 1) is \(line.count) columns: \(line)", sourceLocation: sourceLocation)
        #expect(line.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) }, "line \(number + 1) is not plain ASCII: \(line)",
                sourceLocation: sourceLocation)
    }
}
