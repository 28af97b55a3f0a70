import Foundation
import Sessions
import TerminalUI

/// `R` in the TUI and `csx tui --record FILE`: keeps a session file equal to the run on screen.
/// New actions are appended (one flushed line each); a step back or a variant switch rewrites
/// the file from the scenario start, so it always replays to what the screen shows.
struct TUIRecorder {
    private(set) var path: String?
    private var recorder: SessionRecorder?
    private var written = 0
    private var rewinds = 0

    var isRecording: Bool { recorder != nil }

    /// Starts writing `path` with everything so far.
    mutating func start(_ path: String, state: AppState) throws(SessionError) {
        recorder = try SessionRecorder.start(path, simulation: state.simulation, csxVersion: CSXVersion.string)
        self.path = path
        written = state.simulation.records.count
        rewinds = state.rewinds
    }

    /// Brings the file up to date with `state`.
    mutating func sync(with state: AppState) throws(SessionError) {
        guard let recorder, let path else { return }
        if state.rewinds != rewinds {
            try recorder.close()
            try start(path, state: state)
            return
        }
        let records = state.simulation.records
        while written < records.count {
            try recorder.append(records[written])
            written += 1
        }
    }

    /// Closes the file; returns what was saved, for the status line.
    mutating func stop(actions: Int) -> String {
        defer {
            recorder = nil
            path = nil
        }
        guard let recorder, let path else { return "not recording" }
        do { try recorder.close() } catch { return error.description }
        return "saved \(actions) action\(actions == 1 ? "" : "s") to \(path) (csx replay '\(path)')"
    }

    /// A new file name in the current directory: scenario and local time.
    /// Names are made shell-friendly: a board called "ARM Juno development board (r2)" gives
    /// `csx-live-ARM-Juno-development-board-r2-20261125-101500.jsonl`.
    static func defaultPath(scenario: String, now: Date = Date()) -> String {
        let format = DateFormatter()
        format.dateFormat = "yyyyMMdd-HHmmss"
        let words = scenario.split { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".")) }
        return "csx-\(words.joined(separator: "-"))-\(format.string(from: now)).jsonl"
    }
}
