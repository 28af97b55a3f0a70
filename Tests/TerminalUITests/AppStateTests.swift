import DriverSimulation
import FuzzSupport
import Testing
@testable import TerminalUI

/// What keys do to the app state, without a terminal.
@Suite("App state")
struct AppStateTests {
    @Test func stepBackReturnsToEveryEarlierStateEvenPastThinnedCheckpoints() throws {
        var state = try AppFixtures.state()
        var reference = state.simulation
        var worlds = [state.world]
        let count = UndoHistory.recentKept * 2 + 300  // enough for the history to thin its oldest points
        for index in 0..<count {
            let action: Action = index % 2 == 0 ? .extRelease("etm1") : .extClaim("etm1")
            let performed = state.perform(action)
            #expect(performed)
            try reference.perform(action)
            worlds.append(reference.world)
        }
        #expect(state.world == worlds[count])
        for back in stride(from: count - 1, through: 0, by: -1) {
            state.handle(.stepBack)
            #expect(state.world == worlds[back], "after stepping back to \(back) actions")
            if back % 97 == 0 {  // the timeline too matches one built afresh from the records
                var fresh = TimelineModel(cpuCount: state.topology.cpuCount)
                for record in state.simulation.records { fresh.append(record.events) }
                #expect(state.timeline.columns == fresh.columns)
            }
            if state.world != worlds[back] { break }
        }
        state.handle(.stepBack)
        #expect(state.notice?.text.contains("nothing to step back") == true)
    }

    @Test func vCyclesTheShippedKernelsReplayingTheActionsAndMarkingTheDivergence() throws {
        var state = try AppFixtures.state(variant: .legacy, actions: AppFixtures.seedRaceActions)
        let shipped = state.simulation.profiles.map(\.name)
        #expect(shipped == ["v6.18", "v6.18.2", "v6.19", "v7.0", "v7.1", "v7.2"])
        #expect(state.kernelCycle.map(\.name) == shipped)  // legacy is v6.18: not added again
        #expect(state.simulation.profile.name == "v6.18")
        #expect(!state.simulation.violations.isEmpty)
        state.handle(.cycleKernel)
        #expect(state.simulation.profile.name == "v6.18.2")
        #expect(state.simulation.violations.isEmpty)
        #expect(state.userActionCount == 4)
        #expect(state.simulation.pmSave == .selfHosted)  // pm-save as set stays
        let divergence = try #require(state.divergence)
        #expect(divergence.kernel == "v6.18")
        #expect(state.notice?.text.hasPrefix("kernel v6.18.2 (mode-placement target, pm-code v2, hotplug driver): replayed 4 actions") == true)
        #expect(state.notice?.text.contains("diverges from v6.18 at step \(divergence.step)") == true)
        for name in shipped.dropFirst(2) {
            state.handle(.cycleKernel)
            #expect(state.simulation.profile.name == name)
            #expect(state.userActionCount == 4)
        }
        state.handle(.cycleKernel)  // past the last release: back to the first
        #expect(state.simulation.profile.name == "v6.18")
        #expect(!state.simulation.violations.isEmpty)
        #expect(state.divergence?.kernel == "v7.2")
    }

    @Test func afterAKernelSwitchStepBackStillWalksBackThroughEveryAction() throws {
        var state = try AppFixtures.state(variant: .legacy, actions: AppFixtures.seedRaceActions)
        state.handle(.cycleKernel)
        #expect(state.userActionCount == 4)
        for remaining in (0..<4).reversed() {
            state.handle(.stepBack)
            #expect(state.userActionCount == remaining)
            #expect(state.notice == nil)
        }
        #expect(state.simulation.profile.name == "v6.18.2")
        state.handle(.stepBack)
        #expect(state.notice?.text.contains("nothing to step back") == true)
    }

    @Test func aUsersOwnProfileIsCycledAfterTheShippedOnes() throws {
        let patch = DriverProfile(
            name: "my-patch", knobs: DriverKnobs(modePlacement: .caller, pmCode: .v3), file: "my-patch.yaml")
        var state = try AppFixtures.state(kernel: patch, actions: AppFixtures.seedRaceActions)
        #expect(state.kernelCycle.map(\.name) == ["v6.18", "v6.18.2", "v6.19", "v7.0", "v7.1", "v7.2", "my-patch"])
        state.handle(.cycleKernel)  // the user's is last: next is the first shipped
        #expect(state.simulation.profile.name == "v6.18")
        let notice = try #require(state.notice?.text)
        #expect(notice.hasPrefix("kernel v6.18 (mode-placement caller, pm-code v1, hotplug driver): replayed 4 actions"))
        #expect(notice.hasSuffix("same events as my-patch"))  // v3 differs from v1 only after CPU_PM_ENTER
        for _ in 0..<6 { state.handle(.cycleKernel) }
        #expect(state.simulation.profile == patch)
        #expect(state.userActionCount == 4)
    }

    @Test func aProfileFileThatIsAShippedOneIsNotCycledTwice() throws {
        var shipped = try #require(try AppFixtures.state().simulation.profiles.first { $0.name == "v6.19" })
        shipped.file = "copy-of-v6.19.yaml"
        let state = try AppFixtures.state(kernel: shipped)
        #expect(state.kernelCycle.map(\.name) == ["v6.18", "v6.18.2", "v6.19", "v7.0", "v7.1", "v7.2"])
    }

    @Test func theKernelActionSwitchesByReplayingAndAnUnknownOneIsRefused() throws {
        var state = try AppFixtures.state(variant: .legacy, actions: AppFixtures.seedRaceActions)
        let switched = state.perform(.kernel("fixed"))
        #expect(switched)
        #expect(state.simulation.profile.name == "v6.19")
        #expect(state.userActionCount == 4)  // replayed, not recorded as an action
        #expect(state.divergence?.kernel == "v6.18")
        let unknown = state.perform(.kernel("v9.9\u{1b}[2J"))
        #expect(!unknown)
        let notice = try #require(state.notice)
        #expect(notice.isError)
        #expect(notice.text.hasPrefix("no kernel v9.9"))
        #expect(Fuzzing.isCleanMessage(notice.text))
        #expect(state.simulation.profile.name == "v6.19")
    }

    @Test func aProfileWithNothingToCycleToSaysSo() throws {
        let simulation = try Simulation(engine: Engine(topology: try AppFixtures.state().topology), scenario: .bare(board: "juno-r2"))
        var state = AppState(simulation: simulation)
        state.handle(.cycleKernel)
        #expect(state.notice?.isError == true)
        #expect(state.notice?.text.contains("no other kernel") == true)
    }

    @Test func aFoundScheduleStepsBackOnlyToWhereItStarted() throws {
        var state = try AppFixtures.state(actions: "run cpu0; run cpu1")
        state.playback = Playback(actions: try ActionParser.parse("idle cpu1; run cpu1"), title: "found schedule", startsAfter: 2)
        state.handle(.step)
        #expect(state.playbackPosition == 1)
        state.handle(.stepBack)
        state.handle(.stepBack)
        #expect(state.userActionCount == 2)  // the user's own actions stay
        #expect(state.notice?.text.contains("at the start of found schedule") == true)
        state.handle(.openCommandLine)
        state.handle(.commandInput("0"))
        state.handle(.commandSubmit)
        #expect(state.userActionCount == 2)
    }

    @Test func aDigitOrAMoveInTheCPUGridDropsTheComponentSelection() throws {
        var state = try AppFixtures.state()
        state.handle(.focusNext)
        state.handle(.move(dx: 0, dy: 1))
        #expect(state.selectedComponent != nil)
        state.handle(.selectDigit(4))
        #expect(state.selectedComponent == nil)
        state.handle(.move(dx: 0, dy: 1))
        #expect(state.selectedComponent != nil)
        state.handle(.focusPrevious)
        state.handle(.move(dx: 1, dy: 0))
        #expect(state.selectedComponent == nil)
    }

    @Test func digitsSelectCPUsAndRefuseOnesTheBoardLacks() throws {
        var state = try AppFixtures.board("grid-64")
        state.handle(.selectDigit(1))
        state.handle(.selectDigit(2))
        #expect(state.selectedCPU == 12)
        var juno = try AppFixtures.state()
        juno.handle(.selectDigit(7))
        #expect(juno.notice?.isError == true)
        #expect(juno.selectedCPU == 1)
    }

    @Test func commandLineRunsActionsKeepsHistoryAndReportsErrors() throws {
        var state = try AppFixtures.state()
        state.handle(.openCommandLine)
        for character in "run cpu0; run cpu1" { state.handle(.commandInput(character)) }
        state.handle(.commandSubmit)
        #expect(state.commandLine == nil)
        #expect(state.userActionCount == 2)
        state.handle(.openCommandLine)
        for character in "idle cpu9" { state.handle(.commandInput(character)) }
        state.handle(.commandSubmit)
        #expect(state.notice?.isError == true)
        #expect(state.userActionCount == 2)
        state.handle(.openCommandLine)
        state.handle(.commandHistory(-1))
        #expect(state.commandLine == "idle cpu9")
        state.handle(.commandHistory(-1))
        #expect(state.commandLine == "run cpu0; run cpu1")
        state.handle(.commandCancel)
        #expect(state.commandLine == nil)
    }

    /// What the `:` line echoes back in an error is escaped and cut: typed (or pasted) escape
    /// sequences, U+202E and a huge token never reach the terminal raw.
    @Test func commandLineErrorsAreOneCleanLine() throws {
        for typed in ["\u{1B}[2J\u{1B}]0;pwned\u{07}", "cpu0 enable \u{202E}etm1", String(repeating: "x", count: 100_000),
                      "ext-claim etm1\u{0}\nrun cpu0"] {
            var state = try AppFixtures.state()
            state.handle(.openCommandLine)
            for character in typed { state.handle(.commandInput(character)) }
            state.handle(.commandSubmit)
            let notice = try #require(state.notice)
            #expect(notice.isError)
            #expect(Fuzzing.isCleanMessage(notice.text), "\(notice.text.prefix(300))")
        }
        // Any notice, whoever makes it.
        #expect(Fuzzing.isCleanMessage(Notice("a\u{1B}[31mb\nc\u{202E}").text))
    }

    @Test func externalClaimKeyTogglesAndEnableUsesTheIssuingCPU() throws {
        var state = try AppFixtures.state()  // the seed scenario already claimed etm1 externally
        state.handle(.selectCPU(1))
        state.handle(.toggleExternalClaim)
        #expect(!state.world.parts[try #require(state.topology.id(named: "etm1"))].claim.contains(.external))
        state.handle(.selectCPU(2))
        state.handle(.makeIssuer)
        #expect(state.issuingCPU == 2)
        state.handle(.enableTracer)
        #expect(state.simulation.records.last?.action == .operation(cpu: 2, .enable("etm2")))
    }

    @Test func topologyPanelSelectsComponentsForTheInspector() throws {
        var state = try AppFixtures.state(variant: .legacy, actions: AppFixtures.seedRaceActions)
        state.handle(.focusNext)
        #expect(state.focus == .topology)
        state.handle(.move(dx: 0, dy: 1))
        let first = try #require(state.selectedComponent)
        state.handle(.move(dx: 0, dy: 1))
        #expect(state.selectedComponent != first)
        // Walk to funnel1, on etm1's path: the inspector shows it enabled with its refcount.
        for _ in 0..<20 where state.selectedComponent.map({ state.topology[$0].name }) != "funnel1" { state.handle(.move(dx: 0, dy: 1)) }
        let inspector = AppFixtures.render(state).text(in: state.layout.inspector)
        #expect(inspector.contains("funnel1 (funnel)"))
        #expect(inspector.contains("enabled, refcount 1"))
        state.handle(.selectCPU(2))
        #expect(state.selectedComponent == nil)
    }

    @Test func aRunThatPassesAViolationStopsTheCursorOnIt() throws {
        let state = try AppFixtures.state(variant: .legacy, actions: AppFixtures.seedRaceActions)
        let cursor = try #require(state.timelineCursor)
        #expect(state.timeline.columns[cursor].hasViolation)
        #expect(state.narration.contains("will save context of a tracer it does not own"))
    }
}
