import CoreSightModel
import DriverSimulation
import RaceDiagram
import Testing
@testable import TerminalUI

/// The TUI's `D`: asks the front end for the run's diagram (the front end writes the file and
/// says where); the live view, which has no schedule, refuses it; help lists it.
@Suite struct DiagramKeyTests {
    @Test func dAsksForTheDiagramOfTheRunOnScreen() throws {
        var state = AppState(simulation: try Fixtures.run("claim-failure-vs-idle", actions: Fixtures.seedActions))
        #expect(KeyMap.commands(for: .character("D"), in: state) == [.writeDiagram])
        #expect(!state.diagramRequested)
        state.handle(.writeDiagram)
        #expect(state.diagramRequested)
        // What the front end draws from the state: the run on screen, violation marked.
        #expect(RaceDiagram.draw(DiagramInput(simulation: state.simulation)).contains("^^^"))
    }

    @Test func playbackAllowsItAndTheCommandLineTakesTheKeyAsText() throws {
        var state = AppState(simulation: try Fixtures.run("claim-failure-vs-idle", actions: ""), playback: Playback(actions: [], title: "t"))
        state.handle(.writeDiagram)
        #expect(state.diagramRequested)
        state.handle(.openCommandLine)
        #expect(KeyMap.commands(for: .character("D"), in: state) == [.commandInput("D")])
    }

    @Test func theLiveViewRefusesIt() throws {
        let topology = try #require(Board.named("juno-r2")).topology()
        let status = LiveStatus(root: "/sys", intervalMilliseconds: 200, writesAllowed: false) { device, target in
            "/sys/bus/coresight/devices/\(device)/enable_\(target.rawValue)"
        }
        var state = try AppState(live: status, topology: topology)
        state.handle(.writeDiagram)
        #expect(!state.diagramRequested)
        #expect(state.notice?.isError == true)
    }

    @Test func helpListsTheKey() {
        #expect(HelpView.keys.contains { $0.0 == "D" })
    }
}
