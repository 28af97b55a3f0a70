public import CoreSightModel
public import DriverSimulation

/// The live view: the same panels, fed by polls. The world shown is built from what sysfs
/// says (a source's `enable_source` is its mode and its unit; a sink's `enable_sink` its
/// activation); each poll that saw a change is a timeline column.
extension AppState {
    /// Opens the live view on `topology` (read from sysfs); `observe` the baseline next.
    public init(live status: LiveStatus, topology: Topology) throws(ActionError) {
        let simulation = try Simulation(engine: Engine(topology: topology), scenario: .bare(board: topology.name), variant: .fixed)
        self.init(simulation: simulation)
        live = status
    }

    /// Takes one poll: the world from it, and a timeline column for what changed since the last
    /// (a file that gave no value keeps its last value on screen, and is a change itself).
    public mutating func observe(_ reading: LiveReading) {
        guard var status = live else { return }
        status.polls += 1
        for (cpu, count) in reading.idleEntries { status.idleTotals[cpu, default: 0] += count }
        var events: [Event] = []
        var reading = reading
        if let previous = lastReading {
            reading = reading.carryingValues(from: previous)
            events = changeEvents(from: previous, to: reading, poll: status.polls)
        }
        observedWorld = world(from: reading)
        lastReading = reading
        live = status
        if !events.isEmpty {
            timeline.append(events)
            timelineCursor = nil
        }
    }

    /// The world sysfs describes: enabled sources own their tracer (mode SYSFS, unit on, claimed
    /// by the kernel), activated sinks are marked, offline CPUs are offline.
    func world(from reading: LiveReading) -> World {
        var world = simulation.engine.initialWorld(driver: simulation.driver)
        for (cpu, online) in reading.online where world.cpus.indices.contains(cpu) { world.cpus[cpu].online = online }
        for (index, component) in topology.components.enumerated() {
            if component.subtype.isTracer, let cpu = component.cpu, reading.sourceEnabled[component.name] == true {
                world.tracers[cpu].mode = .sysfs
                world.tracers[cpu].unit.enabled = true
                world.tracers[cpu].unit.programmed = true
                world.parts[index].claim = .selfHosted
            }
            if reading.sinkEnabled[component.name] == true { world.parts[index].activated = true }
        }
        // An enabled source traces through the path the kernel built to an activated sink:
        // show that path enabled, each part counting the sources through it.
        let sinks = topology.components.indices.filter { world.parts[$0].activated }
        for cpu in world.tracers.indices where world.tracers[cpu].mode == .sysfs {
            guard let tracer = topology.tracerOfCPU[cpu],
                  let path = sinks.lazy.compactMap({ topology.buildPath(from: tracer, to: $0) }).first else { continue }
            world.tracers[cpu].sysfsPath = path
            for hop in path.hops.dropFirst() {
                world.parts[hop.component].enabled = true
                let port = min(hop.inport ?? 0, max(0, world.parts[hop.component].portRefcounts.count - 1))
                if world.parts[hop.component].portRefcounts.indices.contains(port) {
                    world.parts[hop.component].portRefcounts[port] &+= 1
                }
            }
        }
        return world
    }

    /// The events a change between two polls stands for, stamped with the poll number: every
    /// value that differs from the one shown, whatever was read in between; a file that gives
    /// no value, or gives one again after that.
    func changeEvents(from old: LiveReading, to new: LiveReading, poll: Int) -> [Event] {
        var events: [Event] = []
        for (index, component) in topology.components.enumerated() {
            // Sinks and CPU-less sources have no CPU lane: they go on the last lane ("dev" live).
            let owner: Actor = component.cpu.map { .cpu($0) } ?? .external
            for target in [LiveTarget.source, .sink] {
                let attribute = LiveAttribute(device: component.name, target: target)
                guard let kind = changeKind(of: attribute, component: index, from: old, to: new) else { continue }
                events.append(Event(step: poll, actor: owner, kind: kind))
            }
        }
        for cpu in new.idleEntries.keys.sorted() where new.idleEntries[cpu, default: 0] > 0 {
            // A count, not one entry: the counter moved by this much between two polls.
            if cpu < topology.tracerOfCPU.count, let tracer = topology.tracerOfCPU[cpu] {
                events.append(Event(step: poll, actor: .cpu(cpu), kind: .attributeRead(
                    tracer, file: Self.idleCountFile, reading: Self.idleCountText(new.idleEntries[cpu, default: 0]))))
            }
            events.append(Event(step: poll, actor: .cpu(cpu), kind: .idleEntered))
            events.append(Event(step: poll, actor: .cpu(cpu), kind: .idleExited))
        }
        return events
    }

    /// The `file` of the event that carries a poll's idle count.
    static let idleCountFile = "cpuidle"

    static func idleCountText(_ count: UInt64) -> String {
        "\(count) idle entr\(count == 1 ? "y" : "ies") since the last poll"
    }

    /// The narration of a live poll: idle counters as counts (`cpu2: 1995 idle entries since
    /// the last poll`), anything else as the narrator says it.
    func liveNarration(_ column: TimelineColumn) -> String {
        let events = timeline.events(in: column)
        let idleOnly = events.allSatisfy { event in
            switch event.kind {
            case .idleEntered, .idleExited: true
            case .attributeRead(_, let file, _): file == Self.idleCountFile
            default: false
            }
        }
        guard idleOnly, !events.isEmpty else {
            return narrator.narrate(step: column.step, events: events, world: nil, unit: "poll")
        }
        var parts: [String] = []
        var counted = Set<Int>()
        for event in events {
            guard let cpu = event.actor.cpu else { continue }
            if case .attributeRead(_, _, let reading) = event.kind {
                parts.append("cpu\(cpu): \(reading)")
                counted.insert(cpu)
            }
        }
        for event in events where event.kind == .idleEntered {
            guard let cpu = event.actor.cpu, !counted.contains(cpu) else { continue }
            parts.append("cpu\(cpu): idle entries since the last poll")
            counted.insert(cpu)
        }
        return "poll \(column.step): " + parts.joined(separator: "; ")
    }

    /// What happened to one enable file between two readings (`new` carries the last value
    /// over a file that gave none). A value is compared with the one shown, off when none was
    /// ever read.
    private func changeKind(
        of attribute: LiveAttribute, component: Topology.ComponentID, from old: LiveReading, to new: LiveReading
    ) -> EventKind? {
        let file = attribute.target.fileName
        if let fault = new.unreadable[attribute] {
            guard fault != old.unreadable[attribute] else { return nil }
            let last = new.value(of: attribute).map { " (showing the last value read, \($0 ? 1 : 0))" } ?? ""
            return .attributeRead(component, file: file, reading: fault + last)
        }
        guard let now = new.value(of: attribute) else { return nil }
        let shown = old.value(of: attribute) ?? false
        if now != shown {
            switch attribute.target {
            case .source: return .modeSet(tracer: component, from: shown ? .sysfs : .disabled, to: now ? .sysfs : .disabled)
            case .sink: return .sinkActivated(component, now)
            }
        }
        if old.unreadable[attribute] != nil {
            return .attributeRead(component, file: file, reading: "reads \(now ? 1 : 0) again")
        }
        return nil
    }

    // MARK: - writes

    /// `e` / `d` (and the `:` line) in the live view: ask to confirm a write naming its file.
    mutating func requestWrite(device: String, target: LiveTarget, enable: Bool) {
        guard let live else { return }
        guard !live.isReplay else {
            notice = Notice("this is a recording: nothing to write", isError: true)
            return
        }
        guard live.writesAllowed else {
            notice = Notice("read-only view: start csx live with --allow-writes to enable and disable", isError: true)
            return
        }
        pendingWrite = LiveWrite(device: device, target: target, enable: enable, path: live.targetPath(device, target))
    }

    mutating func confirmWrite(_ confirmed: Bool) {
        guard let write = pendingWrite else { return }
        pendingWrite = nil
        if confirmed {
            requestedWrite = write
            notice = Notice("writing \(write.enable ? 1 : 0) to \(write.path)…")
        } else {
            notice = Notice("cancelled: nothing written")
        }
    }

    /// The confirmed write, for the front end to perform; taken once.
    public mutating func takeRequestedWrite() -> LiveWrite? {
        defer { requestedWrite = nil }
        return requestedWrite
    }

    /// What the write did, as the kernel said it.
    public mutating func finishWrite(_ write: LiveWrite, error: String?) {
        if let error {
            notice = Notice("\(write.path): \(error)", isError: true)
        } else {
            notice = Notice("wrote \(write.enable ? 1 : 0) to \(write.path)")
        }
    }

    /// The `:` line in the live view: enable / disable / enable-sink / disable-sink.
    mutating func submitLiveCommand(_ text: String) {
        let operation: ActionOperation?
        if case .operation(_, let op)? = try? ActionParser.parse(text).first {
            operation = op
        } else {
            operation = try? ActionParser.parse("cpu0 " + text).first.flatMap { if case .operation(_, let op) = $0 { op } else { nil } }
        }
        switch operation {
        case .enable(let name)?: requestWrite(device: name, target: .source, enable: true)
        case .disable(let name)?: requestWrite(device: name, target: .source, enable: false)
        case .enableSink(let name)?: requestWrite(device: name, target: .sink, enable: true)
        case .disableSink(let name)?: requestWrite(device: name, target: .sink, enable: false)
        default:
            notice = Notice("live: the : line takes enable NAME, disable NAME, enable-sink NAME, disable-sink NAME", isError: true)
        }
    }

    /// Commands that drive the simulation, which a live view does not have.
    static func simulatesOnly(_ command: AppCommand) -> Bool {
        switch command {
        case .step, .run, .idle, .wake, .toggleOnline, .toggleExternalClaim, .stepBack, .cycleKernel, .explore, .makeIssuer,
             .writeDiagram: true
        default: false
        }
    }
}

extension AppState {
    /// The connection's state for the header (nil: connected, or local).
    public mutating func setConnection(_ text: String?, lost: Bool) {
        live?.connection = text
        live?.connectionLost = lost
    }

    /// The kernel summary, once its races are explored.
    public mutating func setLiveKernel(_ kernel: LiveKernelSummary) {
        live?.kernel = kernel
    }

    /// The front end took `r`.
    public mutating func clearReconnectRequest() {
        live?.reconnectRequested = false
    }

    /// The front end took `x`; `lines` is what the exploration found.
    public mutating func finishExploration(_ lines: [String], notice text: String, isError: Bool) {
        live?.explorationRequested = false
        live?.kernel.exploration = lines
        notice = Notice(text, isError: isError)
    }
}

extension AppState {
    /// Live-view meanings of commands; true when the command was taken here.
    mutating func handleLive(_ command: AppCommand) -> Bool {
        guard let live else { return false }
        if pendingWrite != nil {
            switch command {
            case .confirmWrite(let yes): confirmWrite(yes)
            default: confirmWrite(false)
            }
            return true
        }
        switch command {
        case .enableTracer, .disableTracer:
            guard let tracer = topology.tracerOfCPU[selectedCPU] else {
                notice = Notice("cpu\(selectedCPU) has no tracer", isError: true)
                return true
            }
            requestWrite(device: topology[tracer].name, target: .source, enable: command == .enableTracer)
            return true
        case .step where playback != nil, .stepBack where playback != nil:
            return false  // a recorded live session: step through its polls
        case .run where live.isRemote && !live.isReplay:
            guard live.connectionLost else {
                notice = Notice(live.connection == nil ? "connected: r reconnects only after the connection drops" : "reconnecting already…")
                return true
            }
            self.live?.reconnectRequested = true
            notice = Notice("reconnecting…")
            return true
        case .explore where !live.isReplay:
            self.live?.explorationRequested = true
            notice = Notice("exploring this board under \(live.kernel.profile ?? "the newest profile")…")
            return true
        case let command where Self.simulatesOnly(command):
            notice = Notice("live view: this board is real; e/d enable or disable the selected CPU's source, : enable-sink NAME", isError: true)
            return true
        default:
            return false
        }
    }
}
