import ArgumentParser
import DriverSimulation
import Foundation
import SafeText
import Sessions
import TerminalUI

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay a recorded session (csx run --record, the TUI's R, csx explore --out, csx live --record).",
        discussion: """
            --headless prints the steps exactly as csx run prints them for the same actions \
            (--json: as csx run --json). --verify re-simulates a simulated session and names the \
            first line whose events differ (exit 1), or says all match (exit 0). A torn last line \
            (the recording was cut off) is skipped with a warning; a malformed line is bad input \
            (exit 2, FILE:LINE: what is wrong). The format: docs/sessions.md.
            """
    )

    @Argument(help: "A session file (JSON Lines).")
    var file: String

    @Flag(help: "Print the steps (a live session: its changes) instead of opening the terminal UI.")
    var headless = false

    @Flag(help: "Do not report mouse clicks (keeps the terminal's own text selection).")
    var noMouse = false

    @Flag(help: "Re-simulate and compare every line's events with the recording.")
    var verify = false

    @Flag(help: "With --headless: one JSON document, as csx run --json prints it.")
    var json = false

    @OptionGroup(title: "Driver (replays the recorded actions on another kernel; the session's own by default)")
    var driver: DriverOptions

    func validate() throws {
        if verify && json { throw ValidationError("--json goes with --headless, not --verify") }
        if verify && (driver.kernel != nil || driver.variant != nil || driver.pmSave != nil) {
            throw ValidationError("--verify checks the recording against its own kernel; --kernel, --variant and --pm-save go with --headless or the terminal UI")
        }
    }

    /// The profile to replay on: `--kernel` or `--variant`'s, else the recorded one (nil).
    private func overrideProfile() throws -> DriverProfile? {
        if let variant = driver.variant { return try Loading.kernel(variant.rawValue) }
        return try driver.profile()
    }

    func run() throws {
        let session = try SessionFiles.load(file)
        if verify { return try runVerify(session) }
        if headless { return try runHeadless(session) }
        if session.header.source == .live { return try runLiveInterface(session) }
        try runInterface(session)
    }

    /// A recorded live session: the live view, read-only, stepping through its polls.
    private func runLiveInterface(_ session: LoadedSession) throws {
        let name = URL(fileURLWithPath: file).lastPathComponent
        let readings = LiveSessionReadings.readings(of: session)
        guard !readings.isEmpty else { throw BadInput("\(Echo.escaped(file)): a live session with no changes recorded") }
        var status = LiveStatus(root: name, intervalMilliseconds: 0, writesAllowed: false) { _, _ in "" }
        status.isReplay = true
        var state: AppState
        do { state = try AppState(live: status, topology: session.header.topology) } catch { throw BadInput(error.message) }
        state.playback = Playback(readings: readings, title: name)
        state.observe(readings[0])
        state.notice = Notice("\(name): \(readings.count) polls with changes · Space plays, . steps, , back, :N goes to poll N")
        var loop = InteractiveLoop(state: state, mouse: !noMouse)
        loop.badges = { ["replay \(name)"] }
        try loop.run()
    }

    /// The terminal UI at the scenario start, the recorded actions ready to play.
    private func runInterface(_ session: LoadedSession) throws {
        guard let input = session.replayInput else { return }
        let simulation: Simulation
        let profile = try overrideProfile()
        do { simulation = try SessionReplay.start(of: session, profile: profile, pmSave: driver.pmSave) } catch {
            throw BadInput(error.description)
        }
        let name = URL(fileURLWithPath: file).lastPathComponent
        var state = AppState(simulation: simulation, playback: Playback(actions: input.actions, title: name))
        state.scheduleFinder = ExplorerScheduleFinder()
        state.notice = Notice("\(name): \(input.actions.count) actions · Space plays, . steps, :N jumps to step N, n next violation")
        var loop = InteractiveLoop(state: state, mouse: !noMouse)
        loop.badges = { ["replay \(name)"] }
        try loop.run()
    }

    private func runHeadless(_ session: LoadedSession) throws {
        guard session.header.source == .simulation else {
            let timeline = LiveTimeline(session: session)
            emit(json ? timeline.json().rendered() + "\n" : timeline.text())
            return
        }
        let simulation: Simulation
        let profile = try overrideProfile()
        do { simulation = try SessionReplay.simulation(of: session, profile: profile, pmSave: driver.pmSave) } catch {
            throw BadInput(error.description)
        }
        let report = RunReport(simulation: simulation)
        emit(json ? report.json().rendered() + "\n" : report.text())
        if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
    }

    private func runVerify(_ session: LoadedSession) throws {
        let outcome: SessionVerifier.Outcome
        do { outcome = try SessionVerifier.verify(session) } catch { throw BadInput(error.description) }
        switch outcome {
        case .matches(let lines):
            emit("\(Echo.escaped(file)): all \(lines) action line\(lines == 1 ? "" : "s") match the simulation\n")
        case .differs(let line, let action, let detail):
            emit("\(Echo.escaped(file)):\(line): \(Echo.escaped(action)): \(Echo.escaped(detail, tokenLimit: 1000))\n")
            throw ExitCode(ExitStatus.violation)
        }
    }
}
