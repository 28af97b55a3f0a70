public import OrderedJSON
import CoreSightModel
import DriverSimulation

/// A session as a Chrome trace event file (what ui.perfetto.dev and chrome://tracing open):
/// one track (thread) per CPU plus the external debugger; idle periods, IPI handlers and
/// driver flows as complete slices (`ph: "X"`); mode changes, claims and violations as
/// instant events (`ph: "i"`); each IPI as an arrow from its sender to its handler (`ph: "s"/"f"`). Simulated sessions put step N at N µs; live ones use their
/// monotonic timestamps.
public enum PerfettoExport {
    /// Microseconds per simulated step.
    public static let stepMicroseconds = 1

    public static func trace(of session: LoadedSession) throws(SessionError) -> JSON {
        var trace = TraceBuilder(topology: session.header.topology)
        let title: String
        if session.header.source == .simulation {
            let simulation = try SessionReplay.simulation(of: session)
            title = "csx \(simulation.scenario.name) (\(session.header.variant?.rawValue ?? ""))"
            trace.addSimulated(simulation.records.flatMap(\.events))
        } else {
            title = "csx live \(session.header.topology.name)"
            trace.addLive(session.changes)
        }
        return .object([
            ("traceEvents", .array(trace.metadata(title: title) + trace.events)),
            ("displayTimeUnit", .string("ns")),
            ("otherData", .object([("csx", .string(session.header.csxVersion)), ("source", .string(session.header.source.rawValue))])),
        ])
    }
}

/// Collects trace events, keeping per CPU what slice is open.
struct TraceBuilder {
    let topology: Topology
    let describer: EventDescriber
    var events: [JSON] = []
    static let pid = 1

    init(topology: Topology) {
        self.topology = topology
        describer = EventDescriber(topology: topology)
    }

    var externalTrack: Int { topology.cpuCount + 1 }
    var devicesTrack: Int { topology.cpuCount + 2 }
    func track(_ actor: Actor) -> Int { actor.cpu.map { $0 + 1 } ?? externalTrack }

    func metadata(title: String) -> [JSON] {
        var tracks = (0..<topology.cpuCount).map { (tid: $0 + 1, name: "cpu\($0)") }
        tracks.append((externalTrack, "external debugger"))
        if events.contains(where: { $0["tid"] == .int(devicesTrack) }) { tracks.append((devicesTrack, "devices")) }
        return [Self.meta("process_name", tid: 0, args: [("name", .string(title))])]
            + tracks.flatMap { track in
                [Self.meta("thread_name", tid: track.tid, args: [("name", .string(track.name))]),
                 Self.meta("thread_sort_index", tid: track.tid, args: [("sort_index", .int(track.tid))])]
            }
    }

    static func meta(_ name: String, tid: Int, args: [(String, JSON)]) -> JSON {
        .object([("name", .string(name)), ("ph", .string("M")), ("pid", .int(pid)), ("tid", .int(tid)), ("args", .object(args))])
    }

    mutating func slice(_ name: String, category: String, tid: Int, start: Double, end: Double, args: [(String, JSON)] = []) {
        events.append(.object([
            ("name", .string(name)), ("cat", .string(category)), ("ph", .string("X")), ("ts", Self.time(start)),
            ("dur", Self.time(max(end - start, 0))), ("pid", .int(Self.pid)), ("tid", .int(tid)), ("args", .object(args)),
        ]))
    }

    /// One end of an arrow from an IPI's sender to the handler that took it (`ph` "s" / "f").
    mutating func flow(_ phase: String, id: Int, tid: Int, at time: Double) {
        var fields: [(String, JSON)] = [
            ("name", .string("IPI")), ("cat", .string("ipi")), ("ph", .string(phase)), ("id", .int(id)),
            ("ts", Self.time(time)), ("pid", .int(Self.pid)), ("tid", .int(tid)),
        ]
        if phase == "f" { fields.append(("bp", .string("e"))) }  // bind to the handler slice it starts
        events.append(.object(fields))
    }

    mutating func instant(_ name: String, category: String, tid: Int, at time: Double, args: [(String, JSON)] = []) {
        events.append(.object([
            ("name", .string(name)), ("cat", .string(category)), ("ph", .string("i")), ("s", .string("t")),
            ("ts", Self.time(time)), ("pid", .int(Self.pid)), ("tid", .int(tid)), ("args", .object(args)),
        ]))
    }

    /// Whole microseconds as integers, fractions as doubles.
    static func time(_ microseconds: Double) -> JSON {
        microseconds == microseconds.rounded() && abs(microseconds) < 1e15 ? .int(Int(microseconds)) : .double(microseconds)
    }

    // MARK: simulated

    /// What is open on one CPU: when it began and its name.
    struct Open {
        var idle: (Double, String)?
        var handler: (Double, String)?
        var flow: (Double, String)?
        var queued: [String] = []
        var queueHead = 0
    }

    mutating func addSimulated(_ all: [Event]) {
        let step = Double(PerfettoExport.stepMicroseconds)
        var open = [Open](repeating: Open(), count: topology.cpuCount)
        var now = 0.0
        // IPIs sent and not yet taken, per (caller, target), oldest first: their arrow ids.
        var inFlight: [Int: [Int]] = [:]
        var nextFlowID = 1
        for event in all {
            if event.step > 0 { now = Double(event.step) * step }
            let tid = track(event.actor)
            let text = describer.describe(event.kind)
            let args: [(String, JSON)] = [("step", .int(event.step)), ("text", .string(text))]
            if let violation = event.violation {
                instant(violation.invariant.rawValue, category: "violation", tid: tid, at: now,
                        args: args + [("message", .string(describer.explain(violation, actor: event.actor)))])
                continue
            }
            if let category = Self.instantCategory(event.kind) {
                instant(text, category: category, tid: tid, at: now, args: args)
            }
            guard let cpu = event.actor.cpu, open.indices.contains(cpu) else { continue }
            let end = now + step
            switch event.kind {
            case .queued(let op):
                open[cpu].queued.append(describer.describe(op))
            case .idleEntered:
                open[cpu].idle = (now, "idle")
            case .idleExited:
                if let (start, name) = open[cpu].idle { slice(name, category: "idle", tid: tid, start: start, end: end) }
                open[cpu].idle = nil
            case .callSent(let target, _, _):
                inFlight[cpu * 65_536 + target, default: []].append(nextFlowID)
                flow("s", id: nextFlowID, tid: tid, at: now)
                nextFlowID += 1
            case .ipiTaken(let from, let kind, let tracer):
                if var ids = inFlight[from * 65_536 + cpu], !ids.isEmpty {
                    flow("f", id: ids.removeFirst(), tid: tid, at: now)
                    inFlight[from * 65_536 + cpu] = ids
                }
                let call = kind == .enableTracer ? "enable" : "disable"
                open[cpu].handler = (now, "IPI from cpu\(from): \(call) \(topology.components[tracer].name)")
            case .callCompleted:
                if let (start, name) = open[cpu].handler { slice(name, category: "ipi", tid: tid, start: start, end: end) }
                open[cpu].handler = nil
            case .returned:
                if let (start, name) = open[cpu].flow { slice(name, category: "flow", tid: tid, start: start, end: end) }
                open[cpu].flow = nil
                if open[cpu].queueHead < open[cpu].queued.count { open[cpu].queueHead += 1 }
            default:
                // The first thread step of a queued operation opens its flow slice.
                if open[cpu].flow == nil, open[cpu].handler == nil, open[cpu].idle == nil, !Self.isIdleKind(event.kind),
                    open[cpu].queueHead < open[cpu].queued.count
                {
                    open[cpu].flow = (now, open[cpu].queued[open[cpu].queueHead])
                }
            }
        }
        // Slices still open at the end run to the last step.
        for cpu in open.indices {
            for (what, category) in [(open[cpu].flow, "flow"), (open[cpu].handler, "ipi"), (open[cpu].idle, "idle")] {
                if let (start, name) = what { slice(name, category: category, tid: cpu + 1, start: start, end: now + step) }
            }
        }
    }

    static func instantCategory(_ kind: EventKind) -> String? {
        switch kind {
        case .modeTaken, .modeTakeFailed, .modeSet: "mode"
        case .claimed, .claimFailed, .disclaimed, .disclaimRefused, .extClaimed, .extClaimRefused, .extReleased: "claim"
        default: nil
        }
    }

    static func isIdleKind(_ kind: EventKind) -> Bool {
        switch kind {
        case .idleEntered, .pmEnterRead, .contextSaved, .saveSkipped, .lowPower, .woke, .contextRestored,
            .restoreSkipped, .idleExited: true
        default: false
        }
    }

    // MARK: live

    mutating func addLive(_ changes: [TimedLiveChange]) {
        let origin = changes.first?.monotonicNanoseconds ?? 0
        for timed in changes {
            let now = Double(timed.monotonicNanoseconds &- origin) / 1000
            let text = LiveTimeline.describe(timed.change)
            switch timed.change {
            case .idle(let cpu, let state, _, let time):
                slice("idle state \(state)", category: "idle", tid: cpu + 1, start: now - Double(time), end: now,
                      args: [("text", .string(text))])
            case .online(let cpu, _):
                instant(text, category: "hotplug", tid: cpu + 1, at: now)
            case .enabled(let device, _, _):
                let cpu = topology.id(named: device).flatMap { topology.components[$0].cpu }
                instant(text, category: "enable", tid: cpu.map { $0 + 1 } ?? devicesTrack, at: now)
            case .connection:
                instant(text, category: "connection", tid: devicesTrack, at: now)
            }
        }
    }
}
