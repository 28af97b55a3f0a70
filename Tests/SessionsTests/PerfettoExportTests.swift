import DriverSimulation
import Foundation
import OrderedJSON
import Scenarios
import Sessions
import Testing

/// The export of the seed race is a Chrome trace: valid JSON, the fields each phase needs,
/// named tracks, and the race's idle, handler, flow, claims, modes and violation in it.
@Suite struct PerfettoExportTests {
    static func seedTrace() throws -> [[String: Any]] {
        let scenario = try ScenarioCatalogue.load("claim-failure-vs-idle")
        let directory = try TemporaryDirectory()
        let actions = try ActionParser.parse("run cpu0; run cpu1; idle cpu1; run cpu1; run cpu0; wake cpu1; run cpu1")
        let path = try record(scenario, variant: .legacy, actions: actions, in: directory)
        let text = try PerfettoExport.trace(of: try SessionLoader.load(path: path)).rendered(indent: nil)
        // Parsed by Foundation, independently of csx's own JSON reader.
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        return try #require(document["traceEvents"] as? [[String: Any]])
    }

    @Test func theSeedRaceIsAChromeTrace() throws {
        let events = try Self.seedTrace()
        #expect(!events.isEmpty)
        for event in events {
            let phase = try #require(event["ph"] as? String)
            #expect(["M", "X", "i", "s", "f"].contains(phase))
            #expect(event["name"] is String)
            #expect(event["pid"] as? Int == 1)
            #expect(event["tid"] is Int)
            if phase == "X" {
                #expect((event["ts"] as? Int).map { $0 >= 0 } == true)
                #expect((event["dur"] as? Int).map { $0 >= 0 } == true)
            }
            if phase == "i" {
                #expect(event["ts"] is Int)
                #expect(event["s"] as? String == "t")
            }
        }
        let names = Dictionary(
            events.filter { $0["ph"] as? String == "M" && $0["name"] as? String == "thread_name" }
                .map { ($0["tid"] as! Int, ($0["args"] as! [String: Any])["name"] as! String) },
            uniquingKeysWith: { first, _ in first })
        #expect((0..<6).allSatisfy { names[$0 + 1] == "cpu\($0)" })
        #expect(names[7] == "external debugger")

        func having(_ phase: String, _ category: String) -> [[String: Any]] {
            events.filter { $0["ph"] as? String == phase && $0["cat"] as? String == category }
        }
        #expect(having("X", "idle").contains { $0["tid"] as? Int == 2 })
        #expect(having("X", "ipi").contains { $0["tid"] as? Int == 2 })
        #expect(having("X", "flow").contains { $0["tid"] as? Int == 1 && $0["name"] as? String == "enable etm1" })
        #expect(having("i", "claim").contains { $0["tid"] as? Int == 7 })
        #expect(!having("i", "mode").isEmpty)
        // The IPI: an arrow from cpu0 (tid 1) to cpu1's handler (tid 2), the same id at both ends.
        let starts = having("s", "ipi"), finishes = having("f", "ipi")
        #expect(starts.count == 1 && finishes.count == 1)
        #expect(starts.first?["tid"] as? Int == 1 && finishes.first?["tid"] as? Int == 2)
        #expect(starts.first?["id"] as? Int == finishes.first?["id"] as? Int)
        #expect((starts.first?["ts"] as? Int ?? .max) <= (finishes.first?["ts"] as? Int ?? 0))
        #expect(finishes.first?["bp"] as? String == "e")
        let violations = having("i", "violation")
        #expect(violations.contains { $0["name"] as? String == "pm-reads-stale-mode" && $0["tid"] as? Int == 2 })
    }

    @Test func slicesOnATrackNest() throws {
        let slices = try Self.seedTrace().filter { $0["ph"] as? String == "X" }
        for tid in Set(slices.map { $0["tid"] as! Int }) {
            let spans = slices.filter { $0["tid"] as? Int == tid }.map { ($0["ts"] as! Int, ($0["ts"] as! Int) + ($0["dur"] as! Int)) }
            for a in spans {
                for b in spans where a != b {
                    let disjoint = a.1 <= b.0 || b.1 <= a.0
                    let nested = (a.0 <= b.0 && b.1 <= a.1) || (b.0 <= a.0 && a.1 <= b.1)
                    #expect(disjoint || nested, "track \(tid): \(a) and \(b) overlap")
                }
            }
        }
    }

    @Test func liveSessionsUseTheirTimestamps() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("live.csxs")
        let juno = try ScenarioCatalogue.topology(for: Scenario.bare(board: "juno-r2"))
        let recorder = try SessionRecorder(path: path, header: .live(topology: juno, csxVersion: "test"))
        try recorder.append(TimedLiveChange(monotonicNanoseconds: 5_000_000, change: .enabled(device: "etm1", kind: "source", enabled: true)))
        try recorder.append(TimedLiveChange(monotonicNanoseconds: 7_000_000, change: .idle(cpu: 1, state: 0, count: 2, timeMicroseconds: 1500)))
        try recorder.append(TimedLiveChange(monotonicNanoseconds: 9_000_000, change: .online(cpu: 3, online: false)))
        try recorder.close()
        let loaded = try SessionLoader.load(path: path)
        #expect(loaded.changes.count == 3)
        #expect(loaded.header.source == .live)
        let events = try PerfettoExport.trace(of: loaded)
        guard case .array(let items)? = events["traceEvents"] else { Issue.record("no traceEvents"); return }
        let idle = try #require(items.first { $0["cat"] == .string("idle") })
        #expect(idle["ts"] == .int(500) && idle["dur"] == .int(1500) && idle["tid"] == .int(2))
        let enable = try #require(items.first { $0["cat"] == .string("enable") })
        #expect(enable["ts"] == .int(0) && enable["tid"] == .int(2))
        #expect(throws: SessionError.self) { try SessionVerifier.verify(loaded) }
    }
}
