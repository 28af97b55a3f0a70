import Foundation
import Testing

/// Text snapshots kept as files next to the tests (Snapshots/NAME.txt). A missing file is
/// written and the test fails, so a new snapshot is looked at before it is trusted; set
/// CSX_RECORD_SNAPSHOTS=1 to rewrite them all after an intended change.
enum GoldenText {
    static func directory(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    }

    static func assertMatches(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory().appendingPathComponent(name + ".txt")
        let recording = ProcessInfo.processInfo.environment["CSX_RECORD_SNAPSHOTS"] == "1"
        guard !recording, let expected = try? String(contentsOf: url, encoding: .utf8) else {
            try? FileManager.default.createDirectory(at: directory(), withIntermediateDirectories: true)
            try? (actual + "\n").write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded snapshot \(name).txt; check it and run again", sourceLocation: sourceLocation)
            return
        }
        let trimmed = expected.hasSuffix("\n") ? String(expected.dropLast()) : expected
        if trimmed != actual {
            Issue.record("snapshot \(name) differs:\n--- expected\n\(trimmed)\n--- actual\n\(actual)", sourceLocation: sourceLocation)
        }
    }
}
