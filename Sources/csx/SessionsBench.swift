import Foundation
import Sessions

/// `csx bench --sessions`: the session benchmark's figures, one line each.
enum SessionsBench {
    static func run(lines: Int) throws {
        guard lines > 0 else { throw BadInput("--session-lines must be positive") }
        #if DEBUG
        emit("note: debug build; use `swift run -c release csx bench --sessions` for representative figures\n")
        #endif
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("csx-bench-\(getpid()).csxs").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result: SessionBenchmark.Result
        do { result = try SessionBenchmark.run(lines: lines, path: path) } catch { throw BadInput("\(error)") }
        let n = Double(result.lines)
        emit(String(format: "sessions  %d action lines, %.1f MB file (%.0f bytes/line)\n",
                    result.lines, Double(result.fileBytes) / 1e6, Double(result.fileBytes) / n))
        emit(String(format: "sessions  load    %.3f s = %6.2f M lines/s\n", result.loadSeconds, n / result.loadSeconds / 1e6))
        emit(String(format: "sessions  replay  %.3f s = %6.2f M lines/s (re-simulation, no history)\n",
                    result.replaySeconds, n / result.replaySeconds / 1e6))
        let both = result.loadSeconds + result.replaySeconds
        emit(String(format: "sessions  load + replay %.3f s = %6.2f M lines/s\n", both, n / both / 1e6))
        emit(String(format: "sessions  verify  %.3f s = %6.2f M lines/s (%@)\n",
                    result.verifySeconds, n / result.verifySeconds / 1e6, result.verified ? "all match" : "MISMATCH"))
        let variants = Double(max(result.variantLines, 1))
        emit(String(format: "sessions  variant lines (%d on grid-256, each a restart): load %.2f µs/line, verify %.2f µs/line (%@); action lines: load %.2f µs/line, verify %.2f µs/line\n",
                    result.variantLines, result.variantLoadSeconds / variants * 1e6, result.variantVerifySeconds / variants * 1e6,
                    result.variantVerified ? "all match" : "MISMATCH", result.loadSeconds / n * 1e6, result.verifySeconds / n * 1e6))
        emit(String(format: "sessions  resident %.1f bytes/line (RSS growth over the load); arrays hold %.1f bytes/line\n",
                    result.residentBytesPerLine, result.heldBytesPerLine))
    }
}
