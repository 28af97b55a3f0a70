import CoreSightModel
import DriverSimulation
import Foundation
import SafeText
import FuzzSupport
import Scenarios
import Sessions
import Testing

/// The session reader's fuzz target: mutations of sessions recorded here (simulated and live),
/// the checked-in hostile corpus (Tests/HostileCorpus/sessions/) and huge inputs made on the
/// spot. Whatever the bytes, reading returns a session or a `SessionError`, never crashes, and
/// every message it produces is one clean line; what loads goes on through verify, replay and
/// the Perfetto export under the same rule.
@Suite struct SessionFuzzTests {
    /// Sessions recorded by this csx: every built-in scenario with a schedule that switches the
    /// variant, and a live session with every kind of change.
    static func seeds() throws -> [[UInt8]] {
        let directory = try TemporaryDirectory()
        var seeds: [[UInt8]] = []
        for (index, scenario) in builtinScenarios.prefix(6).enumerated() {
            // 97 switches the variant (the schedule helper's convention), so each seed restarts once.
            let codes = Array(fixedCodes(count: 10, seed: index).prefix(5)) + [97] + fixedCodes(count: 5, seed: index + 100)
            let played = try schedule(scenario, variant: .legacy, codes: codes)
            seeds.append(try bytes(of: try record(scenario, variant: .legacy, actions: played.actions, in: directory,
                                                  name: "seed\(index).jsonl")))
        }
        let live = directory.path("live.jsonl")
        let juno = try ScenarioCatalogue.topology(for: Scenario.bare(board: "juno-r2"))
        let recorder = try SessionRecorder(path: live, header: .live(topology: juno, csxVersion: "test"))
        let changes: [LiveChange] = [
            .enabled(device: "tmc_etr0", kind: "sink", enabled: true), .enabled(device: "etm1", kind: "source", enabled: true),
            .online(cpu: 1, online: false), .idle(cpu: 1, state: 0, count: 3, timeMicroseconds: 1200),
            .online(cpu: 1, online: true), .enabled(device: "etm1", kind: "source", enabled: false),
        ]
        for (index, change) in changes.enumerated() {
            try recorder.append(TimedLiveChange(monotonicNanoseconds: UInt64(1_000_000 * (index + 1)), change: change))
        }
        try recorder.close()
        seeds.append(try bytes(of: live))
        return seeds
    }

    /// Pieces that find limits when spliced in: nesting, huge numbers, escapes, line kinds.
    static let dictionary: [[UInt8]] = [
        "[[[[[[[[[[[[[[[[", "{\"a\":{\"a\":{\"a\":", "9223372036854775807", "-9223372036854775808", "1e999",
        "\\u001b[2J", "\\u0000", "\\u202e", "\\ud800", "\\\"", "\"type\":\"change\"", "\"type\":\"action\"",
        "\"setup\":true", "\"events\":[", "\"action\":\"variant fixed\"", "variant legacy", "cpu16777215", "run cpu0",
        "{\"step\":1,\"cpu\":null,\"kind\":\"k\",\"text\":\"t\"}", "\n", "\r\n", "\u{1B}", "\u{0}",
    ].map { Array($0.utf8) }

    /// Reads `bytes` and everything a loaded session leads to; every message must be clean.
    static func exercise(_ bytes: [UInt8], _ what: String) {
        let session: LoadedSession
        do {
            session = try SessionLoader.load(bytes: bytes, name: "fuzz.jsonl")
        } catch {
            #expect(Fuzzing.isCleanMessage(error.description), "\(what): \(error.description.prefix(2000))")
            return
        }
        for warning in session.warnings {
            #expect(Fuzzing.isCleanMessage(Echo.line(warning)) && !warning.contains("\n"), "\(what): \(warning.prefix(2000))")
        }
        if session.header.source == .simulation {
            do { _ = try SessionVerifier.verify(session) } catch {
                #expect(Fuzzing.isCleanMessage(error.description), "\(what): \(error.description.prefix(2000))")
            }
            do { _ = try SessionReplay.simulation(of: session) } catch {
                #expect(Fuzzing.isCleanMessage(error.description), "\(what): \(error.description.prefix(2000))")
            }
        }
        do { _ = try PerfettoExport.trace(of: session) } catch {
            #expect(Fuzzing.isCleanMessage(error.description), "\(what): \(error.description.prefix(2000))")
        }
    }

    @Test func mutationsOfRecordedSessions() throws {
        let seeds = try Self.seeds()
        try #require(seeds.count >= 2)
        Fuzzing.run(minimum: 200) { generator, iteration in
            let seed = seeds[iteration % seeds.count]
            let mutated = Fuzzing.mutate(seed, using: &generator, dictionary: Self.dictionary)
            Self.exercise(mutated, "mutation \(iteration) of seed \(iteration % seeds.count) (CSX_FUZZ_SEED=\(Fuzzing.seed))")
        }
    }

    /// Whole lines repeated, dropped and swapped: floods, setup lines out of place, live lines
    /// in a simulated session.
    @Test func lineShuffles() throws {
        let seeds = try Self.seeds()
        let allLines = seeds.flatMap { $0.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init) }
        Fuzzing.run(minimum: 100) { generator, iteration in
            var lines = seeds[iteration % seeds.count].split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                let position = Int(generator.next() % UInt64(lines.count))
                switch generator.next() % 3 {
                case 0: lines.insert(contentsOf: Array(repeating: lines[position], count: 1 + Int(generator.next() % 500)), at: position)
                case 1 where lines.count > 1: lines.remove(at: position)
                default: lines.insert(allLines[Int(generator.next() % UInt64(allLines.count))], at: position)
                }
            }
            Self.exercise(Array(lines.joined(separator: [0x0A])), "line shuffle \(iteration)")
        }
    }

    @Test(arguments: Fuzzing.corpus("sessions"))
    func hostileCorpus(file: URL) throws {
        let bytes = [UInt8](try Data(contentsOf: file))
        Self.exercise(bytes, file.lastPathComponent)
        // The streaming reader (its window, its torn-line handling) must agree with the in-memory one.
        let fromMemory = Result { () throws(SessionError) in try SessionLoader.load(bytes: bytes, name: "x") }
        let fromDisk = Result { () throws(SessionError) in try SessionLoader.load(path: file.path) }
        switch (fromMemory, fromDisk) {
        case (.success(let memory), .success(let disk)):
            #expect(memory.steps.count == disk.steps.count && memory.changes == disk.changes, "\(file.lastPathComponent)")
        case (.failure(let memory), .failure(let disk)):
            #expect(memory.line == disk.line && memory.message == disk.message, "\(file.lastPathComponent): \(memory) / \(disk)")
            #expect(Fuzzing.isCleanMessage(disk.description), "\(file.lastPathComponent): \(disk.description.prefix(2000))")
        default:
            Issue.record("\(file.lastPathComponent): memory \(fromMemory), disk \(fromDisk)")
        }
        if file.lastPathComponent.hasPrefix("deep-nesting") {
            if case .success = fromDisk { Issue.record("\(file.lastPathComponent) loaded") }
        }
    }

    @Test func theCorpusIsThere() {
        #expect(Fuzzing.corpus("sessions").count >= 20)
    }

    /// Nesting a million deep in every place the reader recurses: refused at the scanner's
    /// depth bound, never a stack overflow.
    @Test func aMillionOpenBracketsAnywhere() throws {
        let header = try RobustReadingTests.seedRecording().split(separator: 0x0A).first.map(Array.init) ?? []
        let deep = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        let places: [[UInt8]] = [
            deep,
            Array("{\"format\":".utf8) + deep,
            header + [0x0A] + Array("{\"type\":\"action\",\"action\":\"step cpu0\",\"events\":".utf8) + deep,
            header + [0x0A] + Array("{\"type\":\"action\",\"unknown\":".utf8) + deep,
            header + [0x0A] + Array("{\"type\":\"change\",\"t\":".utf8) + deep,
        ]
        for (index, place) in places.enumerated() {
            let error = #expect(throws: SessionError.self, "place \(index)") { try SessionLoader.load(bytes: place + [0x0A], name: "deep") }
            #expect(error.map { Fuzzing.isCleanMessage($0.description) } == true)
            // Where any value may stand, the scanner's depth bound is what stops it.
            if index != 2 { #expect(error?.message.contains("nested too deeply") == true, "place \(index): \(String(describing: error))") }
        }
    }

    /// Megabyte tokens where strings go: refused or read, in bounded memory, with clean messages.
    @Test func megabyteTokens() throws {
        let header = try RobustReadingTests.seedRecording().split(separator: 0x0A).first.map(Array.init) ?? []
        let token = String(repeating: "\u{1B}x", count: 1 << 19)
        let lines = [
            "{\"type\":\"action\",\"setup\":false,\"action\":\"\(token)\",\"events\":[]}",
            "{\"type\":\"action\",\"setup\":false,\"action\":\"step cpu0\",\"events\":[{\"step\":1,\"cpu\":0,\"kind\":\"\(token)\",\"text\":\"t\"}]}",
            "{\"type\":\"\(token)\"}",
            "{\"\(token)\":0,\"type\":\"action\",\"action\":\"step cpu0\",\"events\":[]}",
            "{\"type\":\"change\",\"t\":1,\"change\":\"enabled\",\"device\":\"\(token)\",\"kind\":\"source\",\"enabled\":true}",
            String(repeating: "9", count: 1 << 20),
        ]
        for line in lines { Self.exercise(header + [0x0A] + Array(line.utf8) + [0x0A], "megabyte token") }
    }

    /// A flood of variant lines on a scenario with a start to replay: read, verified (they
    /// differ: no events), replayed and exported, each line a bounded restart.
    @Test func aVariantFlood() throws {
        let header = try RobustReadingTests.seedRecording().split(separator: 0x0A).first.map(Array.init) ?? []
        var bytes = header + [0x0A]
        let count = 50_000
        for index in 0..<count {
            let variant = index % 2 == 0 ? "fixed" : "legacy"
            bytes += Array("{\"type\":\"action\",\"setup\":false,\"action\":\"variant \(variant)\",\"events\":[]}\n".utf8)
        }
        let session = try SessionLoader.load(bytes: bytes, name: "flood")
        #expect(session.steps.count == count)
        #expect(session.steps.residentBytes <= 20 * count + 3 * 4096, "\(session.steps.residentBytes) bytes held")
        if case .differs(let line, _, _) = try SessionVerifier.verify(session) {
            #expect(line == 2)  // the first variant line: its restart has events, the line none
        } else {
            Issue.record("a flood without the restart's events verified")
        }
        let simulation = try SessionReplay.simulation(of: session)
        #expect(simulation.records.count == session.steps.count + simulation.scenario.startActions.count)
    }
}
