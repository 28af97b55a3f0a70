import Foundation
import RaceDiagram

/// The TUI's `D`: a diagram file named after the scenario and the time, in the current directory.
enum DiagramFile {
    /// `csx-diagram-SCENARIO-YYYYMMDD-HHMMSS.txt`, shell-friendly as the recorder's names are.
    static func defaultPath(scenario: String, now: Date = Date()) -> String {
        let recording = TUIRecorder.defaultPath(scenario: "diagram-" + scenario, now: now)
        return String(recording.dropLast(".jsonl".count)) + ".txt"
    }

    static func write(_ input: DiagramInput, to path: String) throws(BadInput) {
        try OutputFile.write(RaceDiagram.draw(input), to: path)
    }
}
