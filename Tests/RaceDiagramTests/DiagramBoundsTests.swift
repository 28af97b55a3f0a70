import CoreSightModel
@testable import DriverSimulation
@testable import RaceDiagram
import Scenarios
import Testing

/// Hostile and huge input: the work is bounded by construction (events read, entries drawn,
/// columns), and what is left out is said; text from a board stays plain ASCII.
@Suite struct DiagramBoundsTests {
    /// A run of well over a million events draws at most `maxEntries` entries and says where it
    /// stopped.
    @Test func aHugeRunIsCutShortAndSaysSo() throws {
        let seed = try Fixtures.run("claim-failure-vs-idle", actions: Fixtures.seedActions)
        let setup = seed.records.filter(\.isSetup)
        let cycle = seed.records.filter { !$0.isSetup }
        let repeats = 30_000
        var records = setup
        records.reserveCapacity(setup.count + cycle.count * repeats)
        for _ in 0..<repeats { records += cycle }
        let events = records.reduce(0) { $0 + $1.events.count }
        #expect(events > 1_000_000)
        var input = DiagramInput(simulation: seed)
        input.records = records
        let text = RaceDiagram.draw(input)
        let lines = text.split(separator: "\n").count
        #expect(lines < DiagramOptions.maxEntries * 3 + 50, "\(lines) lines")
        #expect(text.contains("cut short at step"))
        checkPastable(text)
    }

    /// More active CPUs than columns fit: the rest are folded and counted.
    @Test func columnsAreBoundedAndTheRestCounted() throws {
        var simulation = try ScenarioCatalogue.simulation(of: .bare(board: "grid-16"), pmSave: .selfHosted)
        for cpu in 0..<16 { for action in try ActionParser.parse("idle cpu\(cpu); run cpu\(cpu)") { try simulation.perform(action) } }
        let text = Fixtures.draw(simulation)
        checkPastable(text)
        let titles = DrawnDiagram(text).lines[DrawnDiagram(text).titleLine]
        #expect(titles.split(separator: " ").count == DiagramOptions(width: 75).columnLimit)
        #expect(text.contains("more CPUs not drawn"))
    }

    @Test(arguments: [40, 52, 75, 100, 240])
    func everyWidthIsKept(width: Int) throws {
        let simulation = try Fixtures.run("claim-failure-vs-idle", actions: Fixtures.seedActions + "; wake cpu1; run cpu1")
        for full in [false, true] { checkPastable(Fixtures.draw(simulation, width: width, full: full), width: width) }
    }

    @Test func outOfRangeWidthsAreClamped() {
        #expect(DiagramOptions(width: 5).width == DiagramOptions.widthRange.lowerBound)
        #expect(DiagramOptions(width: 100_000).width == DiagramOptions.widthRange.upperBound)
    }

    /// An event the diagram does not know (here the live view's attribute reading) is one
    /// generic line, never a failure.
    @Test func anUnknownEventIsAGenericLine() throws {
        let seed = try Fixtures.run("claim-failure-vs-idle", actions: "run cpu0")
        let etm1 = try #require(seed.topology.id(named: "etm1"))
        var input = DiagramInput(simulation: seed)
        input.records.append(StepRecord(
            action: .run(cpu: 1),
            events: [Event(step: 99, actor: .cpu(1), kind: .attributeRead(etm1, file: "enable_source", reading: "unreadable (EACCES)"))],
            isSetup: false))
        let text = RaceDiagram.draw(input)
        #expect(text.contains("etm1 enable_source: unreadable") && text.contains("(EACCES)"))
        checkPastable(text)
    }

    @Test func boardTextIsMadePlainASCII() {
        #expect(ASCIIText.clean("etm\u{202e}1\u{1b}[2J\u{e9}") == "etm?1?[2J?")
        let long = ASCIIText.name(String(repeating: "f", count: 200))
        #expect(long.count == ASCIIText.maxNameLength && long.hasSuffix("~"))
        #expect(ASCIIText.wrap(String(repeating: "x", count: 300), width: 40).allSatisfy { $0.count <= 40 })
    }
}
