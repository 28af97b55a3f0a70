import DriverSimulation
import Scenarios
import Testing
@testable import TerminalUI

/// Every panel of the seed race at its violation step, under both variants, as text.
@Suite("Panel snapshots")
struct PanelSnapshotTests {
    static let panels: [(String, any KeyPath<AppLayout, Rect> & Sendable)] = [
        ("header", \.header), ("cpus", \.cpus), ("topology", \.topology), ("inspector", \.inspector),
        ("timeline", \.timeline), ("narration", \.narration), ("footer", \.footer),
    ]

    @Test(arguments: Variant.allCases)
    func seedRaceAtTheViolationStep(variant: Variant) throws {
        let state = try AppFixtures.state(variant: variant, actions: AppFixtures.seedRaceActions)
        let buffer = AppFixtures.render(state)
        for (name, rect) in Self.panels {
            GoldenText.assertMatches(buffer.text(in: state.layout[keyPath: rect]), named: "seed-\(variant)-\(name)")
        }
    }

    @Test func legacyShowsTheViolationWhereItHappened() throws {
        let state = try AppFixtures.state(variant: .legacy, actions: AppFixtures.seedRaceActions)
        let buffer = AppFixtures.render(state)
        let layout = state.layout
        let narration = buffer.text(in: layout.narration)
        #expect(narration.contains("step 15: cpu1 read mode SYSFS while etm1 is not enabled: it will save context of a tracer it does not own"))
        #expect(buffer.text(in: layout.header).contains("1 VIOLATION"))
        #expect(buffer.text(in: layout.cpus).contains("✗ VIOLATION"))
        #expect(buffer.text(in: layout.inspector).contains("pm-reads-stale-mode"))
        let timeline = buffer.text(in: layout.timeline)
        #expect(timeline.contains("!") && timeline.contains("▲"))
        // The violation cell on the timeline is red.
        let column = state.timeline.columns.firstIndex(where: \.hasViolation)
        #expect(state.timelineCursor == column)
    }

    @Test func fixedAtTheSamePointIsClean() throws {
        let state = try AppFixtures.state(variant: .fixed, actions: AppFixtures.seedRaceActions)
        let buffer = AppFixtures.render(state)
        let text = buffer.text()
        #expect(text.contains("no violation"))
        #expect(!text.contains("VIOLATION"))
        #expect(!buffer.text(in: state.layout.narration).contains("✗"))
    }

    /// Juno's own firmware default: pm_save_enable never. The stale read is there, and decides
    /// nothing: a note in the timeline, the inspector and the narration, no violation.
    @Test func seedRaceWithPMSaveNeverShowsTheStaleReadAsANote() throws {
        var state = try AppFixtures.state(
            kernel: KernelCatalogue.load("v6.18"), pmSave: .never, actions: AppFixtures.seedRaceActions)
        #expect(state.simulation.violations.isEmpty)
        let column = try #require(state.timeline.columns.firstIndex { state.timeline.events(in: $0).contains { $0.note != nil } })
        state.handle(.selectColumn(column))
        let buffer = AppFixtures.render(state)
        let layout = state.layout
        #expect(buffer.text(in: layout.header).contains("v6.18 · pm-save never · "))
        #expect(buffer.text(in: layout.header).contains("no violation"))
        #expect(buffer.text(in: layout.narration).contains("step 15: note, not a violation: cpu1 read mode SYSFS while etm1 is not enabled, but pm-save is never here"))
        #expect(buffer.text(in: layout.inspector).contains("n stale-read-decides-nothing"))
        #expect(buffer.text(in: layout.timeline).contains("n"))
        for name in ["header", "inspector", "timeline", "narration"] {
            let rect = try #require(Self.panels.first { $0.0 == name }).1
            GoldenText.assertMatches(buffer.text(in: layout[keyPath: rect]), named: "seed-v6.18-never-\(name)")
        }
    }

    /// A legend entry that overflows its column runs into the next one's text.
    @Test func everyLegendEntryFitsItsColumn() {
        for mark in TimelineMark.allCases {
            #expect(1 + 1 + DisplayWidth.of(mark.meaning) < TimelineView.legendEntryWidth, "\(mark.meaning)")
        }
    }

    @Test func helpScreen() throws {
        var state = try AppFixtures.state()
        state.handle(.toggleHelp)
        GoldenText.assertMatches(AppFixtures.render(state).text(), named: "help-160x48")
    }

    @Test func helpScrollsOnAShortTerminal() throws {
        var state = try AppFixtures.state(size: Size(width: 100, height: 30))
        state.handle(.toggleHelp)
        let top = AppFixtures.render(state).text()
        #expect(top.contains("j ↓ more"))
        #expect(!top.contains("! violation."))
        for command in KeyMap.commands(for: .pageDown, in: state) { state.handle(command) }
        for command in KeyMap.commands(for: .pageDown, in: state) { state.handle(command) }
        let bottom = AppFixtures.render(state).text()
        #expect(state.showHelp)
        #expect(bottom.contains("! violation."))
        #expect(bottom.contains("k ↑"))
        for command in KeyMap.commands(for: .character("x"), in: state) { state.handle(command) }
        #expect(!state.showHelp)
    }

    @Test func smallTerminal() throws {
        let state = try AppFixtures.state(variant: .legacy, actions: AppFixtures.seedRaceActions, size: Size(width: 100, height: 30))
        GoldenText.assertMatches(AppFixtures.render(state).text(), named: "seed-legacy-100x30")
    }

    @Test func belowTheMinimumSizeSaysSo() throws {
        let state = try AppFixtures.state(size: Size(width: 60, height: 15))
        let text = AppFixtures.render(state).text()
        #expect(text.contains("terminal too small: 60x15"))
        #expect(text.contains("csx needs at least 80x24"))
    }

    @Test(arguments: ["juno-r2", "hikey960", "db410c", "fvp-base-revc"])
    func topologyOfEveryRealBoardFits(board: String) throws {
        let state = try AppFixtures.board(board)
        let buffer = AppFixtures.render(state)
        let topology = buffer.text(in: state.layout.topology)
        GoldenText.assertMatches(topology, named: "topology-\(board)")
        #expect(!topology.contains("wider than the panel"))
        for component in state.topology.components {
            #expect(topology.contains(component.name), "\(component.name) not drawn on \(board)")
        }
    }

    @Test func onABigBoardTheTimelineKeepsTheLanesThatActed() throws {
        var state = try AppFixtures.board("grid-256")
        for action in try ActionParser.parse("cpu0 enable-sink tmc_etr0; cpu0 enable etm200; run cpu0; run cpu200; run cpu0") {
            let performed = state.perform(action)
            #expect(performed)
        }
        state.handle(.selectCPU(200))
        let timeline = AppFixtures.render(state).text(in: state.layout.timeline)
        let lanes = timeline.split(separator: "\n").compactMap { $0.dropFirst().split(separator: " ").first }
        #expect(lanes.contains("cpu0"))  // the issuer did most of it
        #expect(lanes.contains("cpu200"))
        #expect(lanes.contains("ext"))
    }

    @Test func grid256UsesCompactCellsAndScrolls() throws {
        var state = try AppFixtures.board("grid-256")
        state.handle(.selectCPU(200))
        let buffer = AppFixtures.render(state)
        let cpus = buffer.text(in: state.layout.cpus)
        #expect(state.layout.cpuGrid.cellHeight == 1)
        #expect(cpus.contains("cpu200"))
        #expect(cpus.contains("of"))  // "rows a-b of n": more rows than fit
        GoldenText.assertMatches(buffer.text(), named: "grid-256-cpu200")
    }
}
