public import DriverSimulation

/// A recorded list of actions the UI plays back (`csx replay`, an explorer's counterexample):
/// the simulation starts at the scenario's setup and advances one recorded action at a time.
/// Where it stands is the app's own action count, so step back (`u`) keeps them in step.
public struct Playback: Sendable {
    /// What is played: simulated actions, or a recorded live session's readings (one per poll
    /// that saw a change, the first the baseline), observed in turn.
    public enum Content: Sendable {
        case actions([Action])
        case readings([LiveReading])
    }

    public let content: Content
    /// What is played, for the header ("seed.jsonl", "counterexample").
    public let title: String
    public var isPlaying = false
    /// Index into `speeds`.
    public var speedIndex = 2
    /// User actions already taken when playback began (a found schedule starts mid-run).
    public let startsAfter: Int

    public static let speeds = [1, 2, 4, 8, 16, 32, 64, 128]

    public init(actions: [Action], title: String, startsAfter: Int = 0) {
        self.content = .actions(actions)
        self.title = title
        self.startsAfter = startsAfter
    }

    /// A live session's playback, on an app state opened with `init(live:topology:)`.
    public init(readings: [LiveReading], title: String) {
        self.content = .readings(readings)
        self.title = title
        self.startsAfter = 0
    }

    public var isLive: Bool { if case .readings = content { true } else { false } }
    /// How many things there are to play.
    public var length: Int {
        switch content {
        case .actions(let actions): actions.count
        case .readings(let readings): readings.count
        }
    }
    /// What one of them is called on screen.
    public var unit: String { isLive ? "poll" : "action" }

    public var actionsPerSecond: Int { Self.speeds[speedIndex] }
    /// How long the key loop waits for a key before playing the next action.
    public var tickMilliseconds: Int { 1000 / actionsPerSecond }
}

extension AppState {
    /// Where playback stands: the number of recorded actions applied.
    public var playbackPosition: Int {
        if playback?.isLive == true { return live?.polls ?? 0 }
        return max(0, userActionCount - (playback?.startsAfter ?? 0))
    }

    /// Plays the next recorded action; false at the end (or when it cannot apply, e.g. after the
    /// user changed the run by hand).
    @discardableResult
    mutating func playNextAction() -> Bool {
        guard let playback, playbackPosition < playback.length else {
            self.playback?.isPlaying = false
            if let playback { notice = Notice("end of \(playback.title): \(playback.length) \(playback.unit)s played") }
            return false
        }
        let action: Action
        switch playback.content {
        case .readings(let readings):
            observe(readings[playbackPosition])
            return true
        case .actions(let actions):
            action = actions[playbackPosition]
        }
        guard perform(action) else {
            self.playback?.isPlaying = false
            return false
        }
        return true
    }

    mutating func handlePlayback(_ command: AppCommand) {
        switch command {
        case .leavePlayback:
            guard let title = playback?.title else { return }
            playback = nil
            notice = Notice("left \(title): keys act on the run by hand again")
        case .playPause:
            guard playback != nil else { return }
            if playbackPosition >= playback!.length {
                notice = Notice("at the end: u steps back, :0 goes to the start")
                return
            }
            playback!.isPlaying.toggle()
        case .tick:
            guard playback?.isPlaying == true else { return }
            let violationsBefore = timeline.violationCount
            playNextAction()
            // Stop where it broke, as a debugger stops at a breakpoint.
            if timeline.violationCount > violationsBefore { playback?.isPlaying = false }
        case .changeSpeed(let delta):
            guard playback != nil else { return }
            playback!.speedIndex = min(max(0, playback!.speedIndex + delta), Playback.speeds.count - 1)
            notice = Notice("playback speed \(playback!.actionsPerSecond) actions/s")
        default:
            break
        }
    }

    /// Playback's `n`: the next violation on the timeline, else play on until one happens.
    mutating func playToNextViolation() {
        let start = (timelineCursor ?? timeline.columns.count - 1) + 1
        if let found = timeline.columns[min(start, timeline.columns.count)...].firstIndex(where: \.hasViolation) {
            timelineCursor = found
            return
        }
        playback?.isPlaying = false
        let before = timeline.violationCount
        while timeline.violationCount == before, playNextAction() {}
        if timeline.violationCount == before { notice = Notice("no violation until the end of \(playback?.title ?? "the session")") }
    }

    /// Playback's `:N`: go to atomic step N, forward by playing, back by stepping back.
    mutating func jump(toStep step: Int) {
        playback?.isPlaying = false
        if playback?.isLive == true {
            if step < playbackPosition { rewindReadings(to: max(1, step)) }
            while playbackPosition < step, playNextAction() {}
            notice = Notice("poll \(playbackPosition) of \(playback?.length ?? 0)")
            return
        }
        while simulation.nextStep - 1 < step, playNextAction() {}
        let floor = playback?.startsAfter ?? 0
        while userActionCount > floor, let first = lastActionFirstStep, first > step, stepBack() {}
        timelineCursor = timeline.column(ofStep: step) ?? (step <= 0 ? nil : timelineCursor)
        holdWorld(atStep: step)
        notice = Notice("step \(step): action \(playbackPosition) of \(playback?.length ?? 0)")
    }

    /// Playback's `.`: one atomic step while `:N` holds the world inside an action (until that
    /// action's last step, where the hold ends), else the next recorded action.
    mutating func stepPlayback() {
        guard let held = heldStep else {
            playNextAction()
            return
        }
        let next = held.step + 1
        if next >= simulation.nextStep - 1 {
            heldStepView = nil
            timelineCursor = nil
        } else {
            holdWorld(atStep: next)
            timelineCursor = timeline.column(ofStep: next) ?? timelineCursor
        }
    }

    /// Playback's `,` while held: one atomic step back inside the action; from its first step,
    /// undoing the action lands on the step before it.
    mutating func stepHeldBack() {
        guard let held = heldStep else { return }
        if let first = lastActionFirstStep, held.step - 1 >= first {
            holdWorld(atStep: held.step - 1)
            timelineCursor = timeline.column(ofStep: held.step - 1) ?? timelineCursor
        } else {
            heldStepView = nil
            stepBack()
        }
    }

    /// When step N falls inside the last action (a `run` takes many steps), replays that action
    /// one atomic step at a time on a copy up to N, so the panels and the header show step N
    /// rather than the action's end. `run cpuN` is `step cpuN` repeated, so the copy's steps are
    /// the recorded ones.
    mutating func holdWorld(atStep step: Int) {
        heldStepView = nil
        guard simulation.nextStep - 1 > step, let first = lastActionFirstStep, first <= step,
              let last = simulation.records.last, case .run(let cpu) = last.action else { return }
        guard let before = undo.points.last, before.recordCount == simulation.records.count - 1, let saved = before.saved else { return }
        var copy = simulation
        copy.restore(saved.simulation)
        while copy.nextStep - 1 < step, (try? copy.perform(.step(cpu: cpu))) != nil {}
        guard copy.nextStep - 1 == step else { return }
        heldStepView = HeldStep(step: step, world: copy.world, recordCount: simulation.records.count, nextStep: simulation.nextStep,
                                profile: simulation.profile.name)
    }

    /// The step the header and panels show: the held step while it applies, else the latest.
    public var shownStep: Int { heldStep?.step ?? max(0, simulation.nextStep - 1) }

    /// The held world, only while the run is where it was held (any action or step back ends it).
    var heldStep: HeldStep? {
        guard let held = heldStepView, held.recordCount == simulation.records.count, held.nextStep == simulation.nextStep,
              held.profile == simulation.profile.name else { return nil }
        return held
    }

    /// The first atomic step of the last action, if it made any.
    var lastActionFirstStep: Int? {
        simulation.records.last?.events.first { $0.step > 0 }?.step
    }
}

extension AppState {
    /// A live playback's step back: the view as it was after the first `count` readings.
    mutating func rewindReadings(to count: Int) {
        guard case .readings(let readings)? = playback?.content, var status = live else { return }
        status.polls = 0
        status.idleTotals = [:]
        live = status
        lastReading = nil
        observedWorld = nil
        timeline = TimelineModel(cpuCount: topology.cpuCount)
        timelineCursor = nil
        for reading in readings.prefix(max(0, count)) { observe(reading) }
    }
}

/// The world part-way through an action, for playback's `:N`.
struct HeldStep: Sendable {
    var step: Int
    var world: World
    /// Where the run stood when it was held: it applies only while the run is still there.
    var recordCount: Int
    var nextStep: Int
    var profile: String
}
