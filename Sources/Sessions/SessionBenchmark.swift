import CoreSightModel
import DriverSimulation
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `csx bench --sessions`: writes an N-action session of the seed race's shape on juno-r2, then
/// times loading it, replaying it (re-simulation without history) and verifying it, and
/// measures what the loaded session keeps resident.
public enum SessionBenchmark {
    public struct Result: Sendable {
        public var lines: Int
        public var fileBytes: Int
        public var loadSeconds: Double
        public var replaySeconds: Double
        public var verifySeconds: Double
        /// Growth of the process's resident set across the load, per action line (/proc/self/statm).
        public var residentBytesPerLine: Double
        /// What the loaded session's arrays allocate, per action line (capacity × size).
        public var heldBytesPerLine: Double
        public var verified: Bool
        /// The variant-line workload: this many `variant` lines on grid-256 (each restarts the
        /// scenario), loaded then verified.
        public var variantLines: Int
        public var variantLoadSeconds: Double
        public var variantVerifySeconds: Double
        public var variantVerified: Bool
    }

    /// The scenario the benchmark session plays: the bare board with the sink activated.
    static let scenario = Scenario(name: "session-benchmark", about: "cpu0 enables and disables etm1 while cpu1 idles",
                                   board: .builtin("juno-r2"), sink: "tmc_etr0")

    public static func run(lines target: Int, path: String) throws -> Result {
        let fileBytes = try write(lines: target, to: path)
        trimHeap()
        let residentBefore = residentBytes()
        let clock = ContinuousClock()
        var started = clock.now
        let session = try SessionLoader.load(path: path)
        let loadSeconds = seconds(clock.now - started)
        trimHeap()
        let residentAfter = residentBytes()

        started = clock.now
        var replayer = StreamingReplayer(topology: session.header.topology, scenario: scenario, profile: .bare(.legacy), pmSave: .selfHosted, profiles: [])
        var events = 0
        for index in 0..<session.steps.count {
            let action = session.steps.action(at: index)
            events += session.steps.isSetup(at: index)
                ? try replayer.performStart(action).count : try replayer.perform(action).count
        }
        let replaySeconds = seconds(clock.now - started)

        started = clock.now
        let outcome = try SessionVerifier.verify(session)
        let verifySeconds = seconds(clock.now - started)
        let lines = session.steps.count
        withExtendedLifetime(session) {}

        let variantTarget = max(1, target / 10)
        _ = try writeVariantLines(variantTarget, to: path)
        started = clock.now
        let variantSession = try SessionLoader.load(path: path)
        let variantLoadSeconds = seconds(clock.now - started)
        started = clock.now
        let variantOutcome = try SessionVerifier.verify(variantSession)
        let variantVerifySeconds = seconds(clock.now - started)
        return Result(
            lines: lines, fileBytes: fileBytes, loadSeconds: loadSeconds, replaySeconds: replaySeconds,
            verifySeconds: verifySeconds,
            residentBytesPerLine: Double(max(residentAfter - residentBefore, 0)) / Double(max(lines, 1)),
            heldBytesPerLine: Double(session.steps.residentBytes) / Double(max(lines, 1)),
            verified: outcome == .matches(lines: lines) && events > 0,
            variantLines: variantSession.steps.count, variantLoadSeconds: variantLoadSeconds,
            variantVerifySeconds: variantVerifySeconds,
            variantVerified: variantOutcome == .matches(lines: variantTarget))
    }

    /// The bare grid-256 board, where a restart is dearest: its world has the most parts.
    static let variantScenario = Scenario.bare(board: "grid-256")

    /// `count` lines switching the variant back and forth (each one restarts the scenario).
    public static func writeVariantLines(_ count: Int, to path: String) throws -> Int {
        let topology = try Board.grid(cpus: 256).topology()
        var replayer = StreamingReplayer(topology: topology, scenario: variantScenario, profile: .bare(.legacy), pmSave: .selfHosted, profiles: [])
        let header = SessionHeader(source: .simulation, csxVersion: "bench", topology: topology, scenario: variantScenario,
                                   variant: .legacy)
        let words = EventWords(describer: EventDescriber(topology: topology))
        var chunk = SessionLines.header(header)
        for index in 0..<count {
            let action = Action.variant(index % 2 == 0 ? .fixed : .legacy)
            chunk += SessionLines.action(action, isSetup: false, events: try replayer.perform(action), words: words)
        }
        try OutputTarget.write(chunk, to: path)
        return chunk.count
    }

    /// Plays random legal moves (LegalMoves, from a fixed seed), queueing an enable or disable
    /// of etm1 on cpu0 whenever cpu0 has nothing left to do; writes in large chunks (the
    /// recorder's line-per-write is for safety, not for generating a benchmark file).
    static func write(lines target: Int, to path: String) throws -> Int {
        let topology = try Board.junoR2.topology()
        var replayer = StreamingReplayer(topology: topology, scenario: scenario, profile: .bare(.legacy), pmSave: .selfHosted, profiles: [])
        let header = SessionHeader(source: .simulation, csxVersion: "bench", topology: topology, scenario: scenario, variant: .legacy)
        let words = EventWords(describer: EventDescriber(topology: topology))
        let descriptor = try OutputTarget.openForRecording(path)
        defer { _ = POSIXFile.closeFile(descriptor) }
        var chunk = SessionLines.header(header)
        var total = 0
        func flush() throws {
            let failure = chunk.withUnsafeBytes { POSIXFile.writeAll(descriptor, $0) }
            if failure != 0 { throw SessionError(file: path, message: "cannot write: \(POSIXFile.message(failure))") }
            total += chunk.count
            chunk.removeAll(keepingCapacity: true)
        }
        var written = 0
        for action in scenario.startActions where written < target {
            chunk += SessionLines.action(action, isSetup: true, events: try replayer.performStart(action), words: words)
            written += 1
        }
        var seed: UInt64 = 0x2545_F491_4F6C_DD1D
        var enable = true
        while written < target {
            let world = replayer.world
            let action: Action
            if world.cpus[0].thread == nil, world.cpus[0].queue.isEmpty {
                action = .operation(cpu: 0, enable ? .enable("etm1") : .disable("etm1"))
                enable.toggle()
            } else {
                seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17
                let moves = LegalMoves.all(engine: replayer.engine, world: world)
                guard !moves.isEmpty else { break }
                action = replayer.engine.action(for: moves[Int(seed % UInt64(moves.count))])
            }
            chunk += SessionLines.action(action, isSetup: false, events: try replayer.perform(action), words: words)
            written += 1
            if chunk.count > 1 << 20 { try flush() }
        }
        try flush()
        return total
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Resident set size from /proc/self/statm (Linux), in bytes; 0 elsewhere.
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Hands freed heap back to the system, so the resident figure counts what is held.
    /// (glibc's `malloc_trim`, looked up at run time: Swift's Glibc module does not export it.)
    static func trimHeap() {
        #if canImport(Glibc)
        typealias Trim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
            _ = unsafeBitCast(symbol, to: Trim.self)(0)
        }
        #endif
    }
}
