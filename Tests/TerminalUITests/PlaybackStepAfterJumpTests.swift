import DriverSimulation
import Scenarios
import Testing
@testable import TerminalUI

/// After `:N` lands inside a multi-step action, `.` and `,` move one atomic step, not a whole
/// action: the header, the panels and the timeline cursor follow step by step.
@Suite("Playback steps one step after a jump")
struct PlaybackStepAfterJumpTests {
    /// The default scenario run one atomic step at a time on cpu0 up to `step`: what playback must show.
    static func reference(atStep step: Int) throws -> World {
        var reference = try ScenarioCatalogue.simulation(of: ScenarioCatalogue.load(ScenarioCatalogue.defaultName), variant: .legacy)
        while reference.nextStep - 1 < step { try reference.perform(.step(cpu: 0)) }
        return reference.world
    }

    static func press(_ key: Character, _ state: inout AppState) {
        for command in KeyMap.commands(for: .character(key), in: state) { state.handle(command) }
    }

    @Test func dotStepsOneAtomicStepUntilTheActionEnds() throws {
        var state = try PlaybackTests.replay()
        state.jump(toStep: 3)
        let actionEnd = state.simulation.nextStep - 1  // `run cpu0` goes on past step 3
        #expect(actionEnd > 5)
        for step in 4..<actionEnd {
            Self.press(".", &state)
            #expect(state.shownStep == step)
            #expect(state.world == (try Self.reference(atStep: step)))
            #expect(state.timelineCursor.map { state.timeline.columns[$0].step } == step)
            #expect(state.playbackPosition == 1)  // still inside the first recorded action
        }
        Self.press(".", &state)  // the action's last step: the run as it is, the hold over
        #expect(state.shownStep == actionEnd)
        #expect(state.world == state.simulation.world)
        #expect(state.playbackPosition == 1)
        Self.press(".", &state)  // past the action, `.` plays the next recorded action whole
        #expect(state.playbackPosition == 2)
        #expect(state.shownStep == state.simulation.nextStep - 1)
    }

    @Test func commaStepsOneAtomicStepBackThenLeavesTheAction() throws {
        var state = try PlaybackTests.replay()
        state.jump(toStep: 5)
        Self.press(",", &state)
        #expect(state.shownStep == 4)
        #expect(state.world == (try Self.reference(atStep: 4)))
        Self.press(",", &state)
        #expect(state.shownStep == 3)
        #expect(state.playbackPosition == 1)
        Self.press(",", &state)  // step 3 was the action's first: undoing it shows step 2
        #expect(state.playbackPosition == 0)
        #expect(state.shownStep == 2)
        #expect(state.world == (try Self.reference(atStep: 2)))
    }
}
