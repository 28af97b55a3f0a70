import ArgumentParser
import NcursesTerminal
import RaceDiagram
import TerminalUI

/// The TUI's key loop: draw the app state, read a key, turn it into commands, repeat. Thin on
/// purpose: what a key means lives in `KeyMap` / `AppState`, what the screen shows in `AppView`.
struct InteractiveLoop {
    var state: AppState
    var mouse = true
    /// Words for the header besides the state's own ("REC", "live ...").
    var badges: () -> [String] = { [] }
    /// Set to record from the start (`--record FILE`); `R` toggles it later.
    var recordPath: String?
    var recorder = TUIRecorder()
    /// The live view's sysfs feed (`csx live`): polled between keys.
    var live: LiveFeed?

    /// Runs until `q`, Ctrl-C, a signal or the terminal going away; the terminal is restored on
    /// every path out (here, in `Terminal.deinit`, and by the C guard on fatal signals).
    func run() throws {
        var loop = self  // the loop's own copy: run owns the session from here
        try TerminalSession.run(mouse: mouse, unusable: " (csx run gives the same simulation without a terminal)") { terminal in
            loop.interact(with: terminal)
        }
    }

    /// Writes what changed to the session file, and starts or stops it on `R`. A write error
    /// stops recording and says why; it never ends the session.
    private mutating func keepRecording() {
        if state.recordingToggleRequested {
            state.recordingToggleRequested = false
            if state.live != nil { return toggleLiveRecording() }
            if recorder.isRecording {
                state.notice = Notice(recorder.stop(actions: state.userActionCount))
            } else {
                startRecording(TUIRecorder.defaultPath(scenario: state.simulation.scenario.name))
            }
            return
        }
        do {
            try recorder.sync(with: state)
        } catch {
            _ = recorder.stop(actions: state.userActionCount)
            state.notice = Notice("recording stopped: \(error.description)", isError: true)
        }
    }

    /// `R` in the live view records the board's changes (a live session), not a simulation.
    private mutating func toggleLiveRecording() {
        guard live != nil, state.live?.isReplay != true else {
            state.notice = Notice("this is a recording already", isError: true)
            return
        }
        if live!.recordPath != nil {
            state.notice = Notice(live!.stopRecording())
            return
        }
        let path = TUIRecorder.defaultPath(scenario: "live-" + state.topology.name)
        do {
            try live!.startRecording(path)
            state.notice = Notice("recording the board to \(path); R stops")
        } catch {
            state.notice = Notice(error.description, isError: true)
        }
    }

    /// `D`: the run on screen drawn as a race diagram, written to a new file in the current
    /// directory; the notice says where (or why not).
    private mutating func writeDiagram() {
        state.diagramRequested = false
        let path = DiagramFile.defaultPath(scenario: state.simulation.scenario.name)
        do {
            try DiagramFile.write(DiagramInput(simulation: state.simulation), to: path)
            state.notice = Notice("race diagram written to \(path) (\(DiagramOptions.defaultWidth) columns; csx diagram --help)")
        } catch {
            state.notice = Notice("no diagram written: \(error.description)", isError: true)
        }
    }

    private mutating func startRecording(_ path: String) {
        do {
            try recorder.start(path, state: state)
            state.notice = Notice("recording to \(path); R stops")
        } catch {
            state.notice = Notice(error.description, isError: true)
        }
    }

    static func milliseconds(until instant: ContinuousClock.Instant, on clock: ContinuousClock) -> Int {
        let left = clock.now.duration(to: instant).components
        return Int(left.seconds) * 1000 + Int(left.attoseconds / 1_000_000_000_000_000)
    }

    /// Returns the key that ended the session, or nil after `q`.
    private mutating func interact(with terminal: Terminal) -> Key? {
        state.screenSize = terminal.size
        if let recordPath { startRecording(recordPath) }
        defer {
            if recorder.isRecording { _ = recorder.stop(actions: state.userActionCount) }
            if live?.recordPath != nil { _ = live?.stopRecording() }
        }
        let view = AppView(state: state)
        var buffer = ScreenBuffer(size: state.screenSize)
        var nextPoll = ContinuousClock.now.advanced(by: .milliseconds(live?.intervalMilliseconds ?? 0))
        while !state.wantsQuit {
            if buffer.size != state.screenSize { buffer = ScreenBuffer(size: state.screenSize) }
            let recording = recorder.path ?? live?.recordPath
            view.render(state, into: &buffer, badges: badges() + (recording.map { ["● REC \($0)"] } ?? []))
            terminal.present(buffer)
            if state.explorationRequested {
                state.runRequestedExploration()  // after "exploring…" is on screen
                continue
            }
            let playing = state.playback?.isPlaying == true
            let clock = ContinuousClock()
            if live != nil, clock.now >= nextPoll {
                live!.poll(into: &state)
                nextPoll = clock.now.advanced(by: .milliseconds(live!.intervalMilliseconds))
                continue
            }
            let timeout = live != nil ? max(1, Self.milliseconds(until: nextPoll, on: clock))
                : playing ? state.playback!.tickMilliseconds : -1
            guard let key = terminal.readKey(timeoutMilliseconds: timeout) else {
                if playing { state.handle(.tick) }
                continue
            }
            if key.endsSession { return key }
            switch key {
            case .resize:
                state.screenSize = terminal.size
            case .control("l"):
                terminal.forceFullRepaint()
            case .mouseClick(let x, let y):
                for command in view.command(forClickAt: Point(x: x, y: y), in: state) { state.handle(command) }
            default:
                if state.layout.isTooSmall {
                    if key == .character("q") || key == .control("c") { state.handle(.quit) }
                    continue
                }
                for command in KeyMap.commands(for: key, in: state) { state.handle(command) }
            }
            keepRecording()
            if state.diagramRequested { writeDiagram() }
            if let write = state.takeRequestedWrite(), live != nil {
                live!.perform(write, into: &state)
                nextPoll = ContinuousClock.now  // show what the write did at once
            }
        }
        return nil
    }
}
