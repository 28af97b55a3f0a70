import DriverSimulation
import Scenarios
import Testing
@testable import TerminalUI

/// Playing recorded actions back: step, back, play until a violation, jump to a step.
@Suite("Playback")
struct PlaybackTests {
    static func replay() throws -> AppState {
        let simulation = try ScenarioCatalogue.simulation(of: ScenarioCatalogue.load(ScenarioCatalogue.defaultName), variant: .legacy)
        let actions = try ActionParser.parse(AppFixtures.seedRaceActions + "; run cpu0; wake cpu1; run cpu1")
        var state = AppState(simulation: simulation, playback: Playback(actions: actions, title: "seed"))
        state.screenSize = Size(width: 160, height: 48)
        return state
    }

    @Test func stepAndStepBackFollowTheRecording() throws {
        var state = try Self.replay()
        for key in [".", ".", "."] { for command in KeyMap.commands(for: .character(Character(key)), in: state) { state.handle(command) } }
        #expect(state.playbackPosition == 3)
        state.handle(.stepBack)
        #expect(state.playbackPosition == 2)
        state.handle(.step)
        #expect(state.simulation.records.last?.action == .idle(cpu: 1))
    }

    @Test func playingStopsAtTheViolationThenRunsToTheEnd() throws {
        var state = try Self.replay()
        state.handle(.playPause)
        #expect(state.playback?.isPlaying == true)
        for _ in 0..<20 { state.handle(.tick) }
        #expect(state.playback?.isPlaying == false)
        #expect(state.playbackPosition == 4)  // the fourth action broke the invariant
        #expect(state.timeline.violationCount > 0)
        // Each later violation (the restore on wake) stops it again; Space goes on.
        for _ in 0..<5 where state.playbackPosition < 7 {
            state.handle(.playPause)
            for _ in 0..<20 where state.playback?.isPlaying == true { state.handle(.tick) }
        }
        #expect(state.playbackPosition == 7)
        state.handle(.playPause)
        #expect(state.notice?.text.contains("at the end") == true)
    }

    @Test func nextViolationPlaysUntilOne() throws {
        var state = try Self.replay()
        state.handle(.jumpToNextViolation)
        let cursor = try #require(state.timelineCursor)
        #expect(state.timeline.columns[cursor].hasViolation)
        #expect(state.playbackPosition == 4)
    }

    @Test func colonNumberJumpsToThatStepBothWays() throws {
        var state = try Self.replay()
        state.handle(.openCommandLine)
        for character in "15" { state.handle(.commandInput(character)) }
        state.handle(.commandSubmit)
        #expect(state.simulation.nextStep - 1 >= 15)
        #expect(state.timelineCursor.map { state.timeline.columns[$0].step } == 15)
        state.handle(.openCommandLine)
        for character in "3" { state.handle(.commandInput(character)) }
        state.handle(.commandSubmit)
        #expect(state.playbackPosition == 0 || (state.lastActionFirstStep ?? 0) <= 3)
        #expect(state.simulation.nextStep - 1 < 15)
    }

    @Test func jumpingBackAfterAVariantSwitchEnds() throws {
        var state = try Self.replay()
        for _ in 0..<3 { state.handle(.step) }
        state.handle(.cycleKernel)
        state.handle(.openCommandLine)
        state.handle(.commandInput("1"))
        state.handle(.commandSubmit)  // used to spin for ever: nothing left to undo
        #expect(state.playbackPosition <= 1)
    }

    @Test func escapeLeavesPlaybackEvenWithANoticeShowing() throws {
        var state = try Self.replay()
        state.notice = Notice("something")
        for command in KeyMap.commands(for: .escape, in: state) { state.handle(command) }
        #expect(state.playback == nil)
    }

    @Test func actionsByHandAreRefusedWithAHint() throws {
        var state = try Self.replay()
        state.handle(.run)
        #expect(state.playbackPosition == 0)
        #expect(state.notice?.text.hasPrefix("replay:") == true)
        state.handle(.changeSpeed(1))
        #expect(state.playback?.actionsPerSecond == 8)
    }

    @Test func footerShowsWhereThePlaybackIs() throws {
        var state = try Self.replay()
        state.handle(.step)
        let footer = AppView(state: state).render(state).text(in: state.layout.footer)
        #expect(footer.contains("⏸ paused"))
        #expect(footer.contains("action 1/7"))
    }
}

/// `:N` inside a multi-step action shows that step, not the action's end.
@Suite("Playback jumps into a run")
struct PlaybackJumpTests {
    @Test func jumpingIntoARunShowsTheWorldAtThatStep() throws {
        var state = try PlaybackTests.replay()
        state.jump(toStep: 3)
        #expect(state.simulation.nextStep - 1 > 3)  // the run went on past step 3
        #expect(state.shownStep == 3)
        // The reference: the same run taken one atomic step at a time up to step 3.
        var reference = try ScenarioCatalogue.simulation(of: ScenarioCatalogue.load(ScenarioCatalogue.defaultName), variant: .legacy)
        while reference.nextStep - 1 < 3 { try reference.perform(.step(cpu: 0)) }
        #expect(state.world == reference.world)
        #expect(state.world != state.simulation.world)
        // `.` moves one atomic step inside the action (PlaybackStepAfterJumpTests); jumping to
        // the action's end leaves the held step: the latest again.
        state.handle(.step)
        #expect(state.shownStep == 4)
        state.jump(toStep: state.simulation.nextStep - 1)
        #expect(state.shownStep == state.simulation.nextStep - 1)
        #expect(state.world == state.simulation.world)
    }
}
