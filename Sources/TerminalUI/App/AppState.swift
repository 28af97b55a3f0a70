public import CoreSightModel
public import DriverSimulation
import SafeText

/// Everything the TUI shows and remembers. Pure: commands in, state out; views draw it.
public struct AppState: Sendable {
    public internal(set) var simulation: Simulation
    public internal(set) var timeline: TimelineModel
    var undo = UndoHistory()
    public let narrator: Narrator

    public var selectedCPU = 0
    /// The CPU that writes `enable_source` for `e` / `d`.
    public var issuingCPU = 0
    public var focus: Panel = .cpus
    /// The selected timeline column; nil follows the latest step.
    public var timelineCursor: Int?
    public var inspectorScroll = 0
    public var topologyScroll = 0
    /// Columns scrolled right, for graphs wider than the panel.
    public var topologyScrollX = 0
    /// The component the inspector describes (j/k in the topology panel); nil: the selected CPU's.
    public var selectedComponent: Topology.ComponentID?
    /// The topology's drawing, laid out once per board.
    public let graph: TopologyLayout
    /// Components in drawing order (layer, then row), for j/k.
    let componentOrder: [Topology.ComponentID]
    /// The `:` line being typed, when open.
    public var commandLine: String?
    public internal(set) var commandHistory: [String] = []
    var historyIndex: Int?
    public var notice: Notice?
    public var showHelp = false
    /// Help lines scrolled past, on terminals too short for all of it.
    public var helpScroll = 0
    /// Where the previous kernel's run first differs, after `v`.
    public internal(set) var divergence: Divergence?
    /// The kernel profiles `v` cycles through (`kernelCycle(of:)`), fixed at start so a user's
    /// own profile stays in the cycle after switching away from it.
    public let kernelCycle: [DriverProfile]
    public private(set) var wantsQuit = false
    /// Recorded actions being played back, if this is a replay.
    public var playback: Playback?
    /// What `x` searches with; nil where exploring is not offered.
    public var scheduleFinder: (any ScheduleFinder)?
    /// Set by `x`; the loop draws, then calls `runRequestedExploration()`.
    public internal(set) var explorationRequested = false
    /// The live view's settings, when this is one (`csx live`).
    public internal(set) var live: LiveStatus?
    /// What the last poll described (live view only).
    var observedWorld: World?
    var lastReading: LiveReading?
    /// Playback's `:N` inside a multi-step action: the world at step N, shown until the run moves.
    var heldStepView: HeldStep?
    /// A write waiting for its confirmation key, and one confirmed for the front end to do.
    public internal(set) var pendingWrite: LiveWrite?
    var requestedWrite: LiveWrite?
    /// Set by `R`; the front end starts or stops its recorder and clears it.
    public var recordingToggleRequested = false
    /// Set by `D`; the front end writes the diagram, says where, and clears it.
    public var diagramRequested = false
    /// Counts the times records were taken back or replaced (step back, kernel switch), so a
    /// recorder knows to rewrite its file rather than append.
    public internal(set) var rewinds = 0
    /// Digits typed so far for a CPU number.
    private var digits: Int?
    /// The terminal size the views lay out for (the loop sets it on start and resize).
    public var screenSize = Size(width: 160, height: 48)

    public var layout: AppLayout { AppLayout(size: screenSize, cpuCount: topology.cpuCount, inspectorFocused: focus == .inspector) }

    public var topology: Topology { simulation.topology }
    public var world: World { observedWorld ?? heldStep?.world ?? simulation.world }

    /// A replay: `simulation` at its scenario start, `playback` the actions to play.
    public init(simulation: Simulation, playback: Playback) {
        self.init(simulation: simulation)
        self.playback = playback
    }

    public init(simulation: Simulation) {
        self.simulation = simulation
        kernelCycle = Self.kernelCycle(of: simulation)
        narrator = Narrator(topology: simulation.topology)
        graph = TopologyLayout(topology: simulation.topology)
        componentOrder = graph.nodes
            .sorted { ($0.layer, $0.y) < ($1.layer, $1.y) }.map(\.component)
        timeline = TimelineModel(cpuCount: simulation.topology.cpuCount)
        for record in simulation.records { timeline.append(record.events) }
        setupRecordCount = simulation.records.prefix { $0.isSetup }.count
        selectedCPU = Self.initialSelection(simulation)
    }

    /// The first CPU a thread of the scenario targets, or cpu1 when there is one: where the race is.
    static func initialSelection(_ simulation: Simulation) -> Int {
        for thread in simulation.scenario.threads {
            for op in thread.operations {
                if case .enable(let name) = op, let id = simulation.topology.id(named: name), let cpu = simulation.topology[id].cpu {
                    return cpu
                }
            }
        }
        return simulation.topology.cpuCount > 1 ? 1 : 0
    }

    // MARK: - what the views ask

    /// Actions taken after the scenario's setup (setup records come first).
    public var userActionCount: Int { simulation.records.count - setupRecordCount }
    private var setupRecordCount = 0

    /// The column the inspector and the narration describe.
    public var focusedColumn: Int? {
        if let timelineCursor, timeline.columns.indices.contains(timelineCursor) { return timelineCursor }
        return timeline.columns.indices.last
    }

    public var narration: String {
        if let live {
            guard let index = focusedColumn else {
                if live.isReplay { return "recorded live session \(live.root): the board as recording began" }
                return "live: \(topology.name) under \(live.root), polled every \(live.intervalMilliseconds) ms; nothing has changed yet"
            }
            return liveNarration(timeline.columns[index])
        }
        let about = simulation.scenario.about.isEmpty ? "ready" : simulation.scenario.about
        guard let index = focusedColumn else { return "\(simulation.scenario.name): \(about)" }
        if userActionCount == 0, timelineCursor == nil, playback == nil {
            // Nothing done yet: say what the scenario is and how to start, not what setup did.
            let first = simulation.scenario.threads.first.map { "\($0.cpu) r runs cpu\($0.cpu)'s \($0.operations.first.map { "\($0)" } ?? "work")" }
            return "\(simulation.scenario.name): \(about) · " + (first.map { $0 + ", " } ?? "") + "? lists every key"
        }
        let column = timeline.columns[index]
        return narrator.narrate(step: column.step, events: timeline.events(in: column), world: timelineCursor == nil ? world : nil)
    }

    // MARK: - commands

    public mutating func handle(_ command: AppCommand) {
        if case .scrollHelp(let lines) = command {
            helpScroll = max(0, helpScroll + lines)
            return
        }
        if command != .toggleHelp, showHelp {
            showHelp = false
            if command == .quit { return }
        }
        if command != .tick { notice = nil }  // the timer is not the user: their notice stays
        if case .selectDigit = command {} else { digits = nil }
        if live != nil, handleLive(command) { return }
        if playback != nil, Self.changesTheRun(command) {
            notice = Notice("replay: Space plays, . steps, , or u steps back, :N jumps to step N (actions by hand would leave the recording)", isError: true)
            return
        }
        switch command {
        case .selectDigit(let digit):
            let combined = (digits ?? 0) * 10 + digit
            let cpu = digits != nil && combined < topology.cpuCount ? combined : digit
            if cpu < topology.cpuCount {
                selectedCPU = cpu
                selectedComponent = nil
                digits = cpu * 10 < topology.cpuCount ? cpu : nil
            } else {
                notice = Notice("no cpu\(digit) on \(topology.name) (cpu0..cpu\(topology.cpuCount - 1))", isError: true)
                digits = nil
            }
        case .selectColumn(let column):
            if timeline.columns.indices.contains(column) {
                timelineCursor = column == timeline.columns.count - 1 ? nil : column
                focus = .timeline
            }
        case .dismissNotice:
            break
        case .selectCPU(let cpu):
            if cpu < topology.cpuCount {
                selectedCPU = cpu
                selectedComponent = nil
            } else { notice = Notice("no cpu\(cpu) on \(topology.name)", isError: true) }
        case .step where playback != nil: stepPlayback()
        case .stepBack where heldStep != nil: stepHeldBack()
        case .stepBack where playback?.isLive == true:
            if playbackPosition > 1 { rewindReadings(to: playbackPosition - 1) } else { notice = Notice("at the first poll") }
        case .step: perform(.step(cpu: selectedCPU))
        case .run: perform(.run(cpu: selectedCPU))
        case .idle: perform(.idle(cpu: selectedCPU))
        case .wake: perform(.wake(cpu: selectedCPU))
        case .toggleOnline:
            let state = world.cpus[selectedCPU]
            if let phase = state.hotplug {
                notice = Notice("cpu\(selectedCPU) is \(phase.goingDown ? "going offline" : "coming online"): s steps it, r runs it through")
            } else {
                perform(state.online ? .offline(cpu: selectedCPU) : .online(cpu: selectedCPU))
            }
        case .toggleExternalClaim:
            guard let tracer = topology.tracerOfCPU[selectedCPU] else {
                notice = Notice("cpu\(selectedCPU) has no tracer", isError: true)
                return
            }
            let name = topology[tracer].name
            perform(world.parts[tracer].claim.contains(.external) ? .extRelease(name) : .extClaim(name))
        case .enableTracer, .disableTracer:
            guard let tracer = topology.tracerOfCPU[selectedCPU] else {
                notice = Notice("cpu\(selectedCPU) has no tracer", isError: true)
                return
            }
            let name = topology[tracer].name
            perform(.operation(cpu: issuingCPU, command == .enableTracer ? .enable(name) : .disable(name)))
        case .makeIssuer:
            issuingCPU = selectedCPU
            notice = Notice("cpu\(selectedCPU) now writes enable_source for e / d")
        case .stepBack: stepBack()
        case .cycleKernel: cycleKernel()
        case .focusNext: focus = Panel(rawValue: (focus.rawValue + 1) % Panel.allCases.count)!
        case .focusPrevious: focus = Panel(rawValue: (focus.rawValue + Panel.allCases.count - 1) % Panel.allCases.count)!
        case .move(let dx, let dy): move(dx: dx, dy: dy)
        case .page(let pages) where focus == .topology: topologyScroll = max(0, topologyScroll + pages * 10)
        case .page(let pages): move(dx: focus == .timeline ? pages * 20 : 0, dy: focus == .timeline ? 0 : pages * 10)
        case .home:
            if focus == .timeline, !timeline.columns.isEmpty { timelineCursor = 0 } else { inspectorScroll = 0 }
        case .end:
            if focus == .timeline { timelineCursor = nil }
        case .jumpToNextViolation: playback == nil ? jumpToNextViolation() : playToNextViolation()
        case .playPause, .tick, .changeSpeed, .leavePlayback: handlePlayback(command)
        case .explore: requestExploration()
        case .toggleRecording: recordingToggleRequested = true
        case .writeDiagram: diagramRequested = true
        case .confirmWrite: break  // only while a live write waits (handleLive)
        case .toggleHelp:
            showHelp.toggle()
            helpScroll = 0
        case .scrollHelp: break  // taken above
        case .openCommandLine:
            commandLine = ""
            historyIndex = nil
        case .commandInput(let character): commandLine?.append(character)
        case .commandBackspace:
            if commandLine?.isEmpty == false { commandLine?.removeLast() }
        case .commandCancel: commandLine = nil
        case .commandHistory(let delta): recallHistory(delta)
        case .commandSubmit: submitCommandLine()
        case .quit: wantsQuit = true
        }
    }

    /// Commands that act on the run by hand, refused while playing a recording back.
    static func changesTheRun(_ command: AppCommand) -> Bool {
        switch command {
        case .run, .idle, .wake, .toggleOnline, .toggleExternalClaim, .enableTracer, .disableTracer: true
        default: false
        }
    }

    /// Applies an action the way the `:` line and the keys do: checkpoint first, then follow
    /// the latest step.
    @discardableResult
    public mutating func perform(_ action: Action) -> Bool {
        switch action {
        case .variant(let variant):
            let profile = simulation.knownProfile(variant.rawValue) ?? DriverProfile.bare(variant)
            if profile != simulation.profile { switchKernel(to: profile) }
            return true
        case .kernel(let name):
            guard let profile = kernelCycle.first(where: { $0.answers(to: name) }) ?? simulation.knownProfile(name) else {
                notice = Notice("no kernel \(Echo.escaped(name)) (known: \(kernelCycle.map(\.name).joined(separator: ", ")))", isError: true)
                return false
            }
            if profile != simulation.profile { switchKernel(to: profile) }
            return true
        default:
            break
        }
        let checkpoint = (simulation.checkpoint(), timeline.checkpoint(), simulation.records.count)
        do {
            let record = try simulation.perform(action)
            undo.record(recordCount: checkpoint.2, simulation: checkpoint.0, timeline: checkpoint.1)
            let firstNewColumn = timeline.columns.count
            timeline.append(record.events)
            // Stop the eye where it broke: a `run` may go on for steps after the violation.
            timelineCursor = timeline.columns[firstNewColumn...].firstIndex(where: \.hasViolation)
            inspectorScroll = 0
            if record.events.isEmpty {
                notice = Notice("\(action): nothing happened")
            } else if case .run = action, !record.events.contains(where: { $0.step > 0 }) {
                notice = Notice("\(action): \(describeWait())")
            }
            return true
        } catch {
            notice = Notice(error.message, isError: true)
            return false
        }
    }

    func describeWait() -> String {
        switch simulation.engine.stepability(of: selectedCPU, in: world) {
        case .waitingForMutex(let holder): "cpu\(selectedCPU) waits for coresight_mutex (cpu\(holder))"
        case .waitingForCall(let target): "cpu\(selectedCPU) waits for cpu\(target)'s handler"
        case .inWFI: "cpu\(selectedCPU) sleeps in WFI (w wakes it)"
        case .nothingToDo: "cpu\(selectedCPU) has nothing to do"
        case .offline: "cpu\(selectedCPU) is offline (o brings it back)"
        case .waitingForHotplug(let writer): "cpu\(selectedCPU) waits for the CPU hotplug lock (cpu\(writer)'s transition)"
        case .ready: "cpu\(selectedCPU) is ready"
        }
    }

    /// Undoes the last action; false (with a notice) when there is none to undo, or when a
    /// found schedule is playing and its start is reached.
    @discardableResult
    mutating func stepBack() -> Bool {
        if let playback, !playback.isLive, playback.startsAfter > 0, userActionCount <= playback.startsAfter {
            notice = Notice("at the start of \(playback.title): Esc leaves playback, then u steps back further")
            return false
        }
        guard undo.stepBack(simulation: &simulation, timeline: &timeline) else {
            notice = Notice("at the scenario start: nothing to step back")
            return false
        }
        rewinds += 1
        timelineCursor = nil
        divergence = nil
        return true
    }

    mutating func move(dx: Int, dy: Int) {
        switch focus {
        case .cpus:
            selectedComponent = nil
            let count = topology.cpuCount
            selectedCPU = min(max(0, selectedCPU + dx + dy * layout.cpuGrid.columns), count - 1)
        case .timeline:
            guard !timeline.columns.isEmpty else { return }
            let current = timelineCursor ?? timeline.columns.count - 1
            let next = min(max(0, current + dx), timeline.columns.count - 1)
            timelineCursor = next == timeline.columns.count - 1 && dx > 0 ? nil : next
            if dy != 0 { selectedCPU = min(max(0, selectedCPU + dy), topology.cpuCount - 1) }
        case .topology:
            if dy != 0, !componentOrder.isEmpty {
                let current = selectedComponent.flatMap { componentOrder.firstIndex(of: $0) }
                    ?? topology.tracerOfCPU[selectedCPU].flatMap { componentOrder.firstIndex(of: $0) } ?? -1
                selectedComponent = componentOrder[min(max(0, current + dy), componentOrder.count - 1)]
            }
            topologyScrollX = max(0, topologyScrollX + dx * 8)
        case .inspector:
            inspectorScroll = max(0, inspectorScroll + dy)
        }
    }

    mutating func jumpToNextViolation() {
        let start = (timelineCursor ?? -1) + 1
        if let found = timeline.columns[min(start, timeline.columns.count)...].firstIndex(where: \.hasViolation)
            ?? timeline.columns.firstIndex(where: \.hasViolation)
        {
            timelineCursor = found
            focus = .timeline
        } else {
            notice = Notice("no violation on the timeline")
        }
    }
}
