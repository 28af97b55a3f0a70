import CoreSightModel
import DriverSimulation
import Foundation
import Scenarios
@testable import Sessions
import Testing

/// A session line cannot make csx hold more than `SessionLimits` allows, and a `variant` line
/// costs about what any other action line costs.
@Suite struct SessionLimitsTests {
    static func header() throws -> String {
        let bytes = try RobustReadingTests.seedRecording()
        return String(decoding: bytes[..<bytes.firstIndex(of: 0x0A)!], as: UTF8.self)
    }

    static func actionLine(_ action: String) -> String {
        "{\"type\":\"action\",\"setup\":false,\"action\":\"\(action)\",\"events\":[]}"
    }

    @Test func aLineLongerThanTheLimitIsRefusedInMemoryAndOnDisk() throws {
        let long = Self.actionLine("ext-claim etm1") + String(repeating: " ", count: SessionLimits.maxLineBytes)
        let text = try Self.header() + "\n" + long + "\n" + Self.actionLine("step cpu0") + "\n"
        let error = #expect(throws: SessionError.self) { try SessionLoader.load(bytes: Array(text.utf8), name: "long") }
        #expect(error?.line == 2)
        #expect(error?.message.contains("longer than 16 MiB") == true, "\(String(describing: error))")

        let directory = try TemporaryDirectory()
        let path = directory.path("long.jsonl")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let fromDisk = #expect(throws: SessionError.self) { try SessionLoader.load(path: path) }
        #expect(fromDisk?.line == 2)
        // Without its newline, at the end: refused as too long, not skipped as torn.
        let unterminated = try Self.header() + "\n" + long
        #expect(throws: SessionError.self) { try SessionLoader.load(bytes: Array(unterminated.utf8), name: "long") }
    }

    @Test func aLineJustUnderTheLimitIsRead() throws {
        let line = Self.actionLine("wake cpu1")
        let padded = line + String(repeating: " ", count: SessionLimits.maxLineBytes - line.utf8.count)
        let text = try Self.header() + "\n" + padded + "\n"
        let directory = try TemporaryDirectory()
        let path = directory.path("padded.jsonl")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect(try SessionLoader.load(path: path).steps.count == 1)
    }

    @Test func anActionTextPastItsLimitIsRefusedBeforeAnythingIsKept() throws {
        let name = String(repeating: "n", count: SessionLimits.maxActionBytes)
        let text = try Self.header() + "\n" + Self.actionLine("ext-claim \(name)") + "\n"
        let error = #expect(throws: SessionError.self) { try SessionLoader.load(bytes: Array(text.utf8), name: "s") }
        #expect(error?.message.contains("an action longer than \(SessionLimits.maxActionBytes) bytes") == true)
    }

    @Test func moreDistinctNamesThanATopologyHoldsAreRefused() throws {
        var text = try Self.header() + "\n"
        for index in 0...SessionLimits.maxNames { text += Self.actionLine("ext-claim n\(index)") + "\n" }
        let error = #expect(throws: SessionError.self) { try SessionLoader.load(bytes: Array(text.utf8), name: "s") }
        #expect(error?.line == SessionLimits.maxNames + 2)
        #expect(error?.message.contains("distinct component names") == true)
    }

    @Test func actionAndChangeLineCountsAreBounded() throws {
        var text = try Self.header() + "\n"
        for _ in 0..<11 { text += Self.actionLine("step cpu0") + "\n" }
        var parser = LineParser(path: "s")
        parser.maxActionLines = 10
        let error = #expect(throws: SessionError.self) { try SessionLoader.load(bytes: Array(text.utf8), name: "s", parser: parser) }
        #expect(error?.line == 12)
        #expect(error?.message.contains("more than 10 action lines") == true)

        var live = "{\"format\":\"csx-session\",\"version\":\"1.0\",\"csx\":\"t\",\"source\":\"live\",\"board\":\"juno-r2\"}\n"
        for index in 0..<4 { live += "{\"type\":\"change\",\"t\":\(index),\"change\":\"online\",\"cpu\":1,\"online\":true}\n" }
        var liveParser = LineParser(path: "live")
        liveParser.maxChangeLines = 3
        let liveError = #expect(throws: SessionError.self) {
            try SessionLoader.load(bytes: Array(live.utf8), name: "live", parser: liveParser)
        }
        #expect(liveError?.message.contains("more than 3 change lines") == true, "\(String(describing: liveError))")
    }

    @Test func aChangeNamingADeviceLongerThanANameMayBeIsRefused() throws {
        let device = String(repeating: "d", count: TopologyLimits.maxNameLength + 1)
        let live = "{\"format\":\"csx-session\",\"version\":\"1.0\",\"csx\":\"t\",\"source\":\"live\",\"board\":\"juno-r2\"}\n"
            + "{\"type\":\"change\",\"t\":1,\"change\":\"enabled\",\"device\":\"\(device)\",\"kind\":\"source\",\"enabled\":true}\n"
        let error = #expect(throws: SessionError.self) { try SessionLoader.load(bytes: Array(live.utf8), name: "live") }
        #expect(error?.message.contains("a device name longer than") == true, "\(String(describing: error))")
    }

    /// The restart a `variant` line asks for starts from the engine's one blank world: no board's
    /// worth of allocation per line, whatever the board.
    @Test func aRestartSharesTheBlankWorld() throws {
        let engine = Engine(topology: try Board.grid(cpus: 256).topology())
        let first = engine.initialWorld(variant: .legacy)
        let second = engine.initialWorld(variant: .fixed)
        #expect(second.driver.knobs == Variant.fixed.knobs)
        #expect(first.parts.withUnsafeBufferPointer(\.baseAddress) == second.parts.withUnsafeBufferPointer(\.baseAddress))
        #expect(first.cpus.withUnsafeBufferPointer(\.baseAddress) == second.cpus.withUnsafeBufferPointer(\.baseAddress))
        // And equal to one built from scratch.
        #expect(second == World(topology: engine.topology, driver: second.driver))
    }

    /// 100k variant lines on the board where a restart is dearest: loaded compactly, verified,
    /// replayed; the work per line bounded by construction (shared blank world), the memory
    /// measured.
    @Test func aHundredThousandVariantLinesCostWhatActionLinesCost() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("variants.jsonl")
        let count = 100_000
        _ = try SessionBenchmark.writeVariantLines(count, to: path)
        SessionBenchmark.trimHeap()
        let before = SessionBenchmark.residentBytes()
        let session = try SessionLoader.load(path: path)
        #expect(session.steps.count == count)
        // Kept per line: a packed action, a digest, a line number (20 bytes), as for any action;
        // the loader gives back what growth by doubling over-allocated (at most a page an array
        // is left to the allocator's rounding), whatever the heap's history.
        #expect(session.steps.residentBytes <= 20 * count + 3 * 4096, "\(session.steps.residentBytes) bytes held")
        #expect(try SessionVerifier.verify(session) == .matches(lines: count))
        let simulation = try SessionReplay.simulation(of: session)
        #expect(simulation.records.count == count)
        #expect(simulation.records.allSatisfy { $0.events.isEmpty })  // the bare board's restart does nothing
        SessionBenchmark.trimHeap()
        let growth = SessionBenchmark.residentBytes() - before
        // The records and steps need ~10 MB; the bound is generous, as other suites allocate
        // beside this one.
        #expect(growth < 256 << 20, "resident set grew \(growth >> 20) MiB")
        withExtendedLifetime(simulation) {}
    }
}
