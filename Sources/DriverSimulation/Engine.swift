public import CoreSightModel

/// The driver model: applies actions to worlds. Pure and deterministic; holds only the topology.
public struct Engine: Sendable {
    public let topology: Topology
    /// Upper bound on the steps one `run` takes (a flow never needs near this many).
    static let runLimit = 100_000

    /// The world before anything happened, built once: a `variant` action restarts from it, and
    /// building one allocates per component (a session of variant lines on a big board would
    /// otherwise cost a board's worth of allocations per line).
    private let blankWorld: World

    public init(topology: Topology) {
        self.topology = topology
        blankWorld = World(topology: topology, driver: Driver(knobs: Variant.legacy.knobs, savesSelfHosted: false))
    }

    public func initialWorld(driver: Driver) -> World {
        var world = blankWorld  // shares its arrays until written
        world.driver = driver
        return world
    }

    /// A named variant on this board: `pm_save_enable` left at firmware.
    public func initialWorld(variant: Variant) -> World {
        initialWorld(driver: Driver(
            knobs: variant.knobs,
            savesSelfHosted: PMSave.firmware.resolved(losesContextWithCPU: topology.savesContextOverIdle) == .selfHosted))
    }

    /// `apply(action, world) -> (world', events)`, numbering steps from 1.
    public func apply(_ action: EngineAction, to world: World) throws(ActionError) -> (World, [Event]) {
        var next = world
        var log = EventLog()
        try apply(action, to: &next, log: &log)
        return (next, log.events)
    }

    /// Applies an action in place, appending its events to `log`.
    /// Throws (leaving `world` unchanged) when the action is impossible now.
    public func apply(_ action: EngineAction, to world: inout World, log: inout EventLog) throws(ActionError) {
        switch action {
        case .queue(let cpu, let op):
            try checkCPU(cpu, in: world)
            world.cpus[cpu].queue.append(op)
            log.note(.cpu(cpu), .queued(op))
        case .step(let cpu):
            try checkCPU(cpu, in: world)
            let why = stepability(of: cpu, in: world)
            guard why == .ready else { throw ActionError(explain(why, cpu: cpu)) }
            step(cpu, in: &world, log: &log)
        case .run(let cpu):
            try checkCPU(cpu, in: world)
            var steps = 0
            while steps < Self.runLimit, stepability(of: cpu, in: world) == .ready {
                step(cpu, in: &world, log: &log)
                steps += 1
            }
        case .idle(let cpu):
            try checkCPU(cpu, in: world)
            try beginIdle(cpu, in: &world, log: &log)
        case .wake(let cpu):
            try checkCPU(cpu, in: world)
            guard world.cpus[cpu].idle == .wfi else {
                throw ActionError("cpu\(cpu) is not in WFI (\(describeIdle(world.cpus[cpu].idle)))")
            }
            world.cpus[cpu].idle = .waking
            log.emit(.cpu(cpu), .woke(.interrupt))
            log.nextStep += 1
        case .offline(let cpu):
            try checkCPU(cpu, in: world)
            try beginOffline(cpu, in: &world, log: &log)
        case .online(let cpu):
            try checkCPU(cpu, in: world)
            try beginOnline(cpu, in: &world, log: &log)
        case .extClaim(let id):
            try externalClaim(id, in: &world, log: &log)
        case .extRelease(let id):
            try externalRelease(id, in: &world, log: &log)
        case .extProgram(let id):
            try externalProgram(id, in: &world, log: &log)
        }
    }

    /// Whether `cpu` can take an atomic step now.
    public func stepability(of cpu: Int, in world: World) -> Stepability {
        world.withCPU(cpu) { state in
            if state.pointee.hotplug != nil { return .ready }
            guard state.pointee.online else { return .offline }
            switch state.pointee.idle {
            case .running: break
            case .wfi: return .inWFI
            default: return .ready
            }
            if state.pointee.handler?.pc != nil { return .ready }
            if CPUState.irqsEnabled(state), !state.pointee.pendingCalls.isEmpty { return .ready }
            if let writer = world.hotplugWriter, nextStepTakesHotplugLock(state.pointee, world.driver) {
                return .waitingForHotplug(cpu: writer)
            }
            if let pc = state.pointee.thread?.pc {
                guard pc == .afterCall, state.pointee.thread?.callCompleted == false else { return .ready }
                return .waitingForCall(target: callTarget(of: state.pointee.thread!, on: cpu))
            }
            guard let next = state.pointee.queue.first else { return .nothingToDo }
            if next.needsMutex, let holder = world.mutexHolder, holder != cpu {
                return .waitingForMutex(holder: holder)
            }
            return .ready
        }
    }

    /// One atomic step of a ready CPU, then the invariant checks it calls for.
    public func step(_ cpu: Int, in world: inout World, log: inout EventLog) {
        var touched = Touched()
        switch world.withCPU(cpu, StepKind.init) {
        case .hotplug: hotplugStep(cpu, in: &world, log: &log, touched: &touched)
        case .idle: idleStep(cpu, in: &world, log: &log, touched: &touched)
        case .handler: handlerStep(cpu, in: &world, log: &log, touched: &touched)
        case .ipi: takeIPI(cpu, in: &world, log: &log, touched: &touched)
        case .thread: threadStep(cpu, in: &world, log: &log, touched: &touched)
        case .queued:
            let op = world.cpus[cpu].queue.removeFirst()
            world.cpus[cpu].thread = ThreadFlow(op: op, pc: op.firstPC)
            threadStep(cpu, in: &world, log: &log, touched: &touched)
        }
        checkAfterStep(touched, actor: .cpu(cpu), in: world, log: &log)
        log.nextStep += 1
    }

    /// What a CPU's next step does, in the order `step` asks (read in place: copying the CPU's
    /// state to ask costs a retain and a release of each of its arrays, on every step).
    private enum StepKind {
        case hotplug, idle, handler, ipi, thread, queued

        init(_ state: UnsafePointer<CPUState>) {
            if state.pointee.hotplug != nil {
                self = .hotplug
            } else if state.pointee.idle != .running {
                self = .idle
            } else if state.pointee.handler != nil {
                self = .handler
            } else if CPUState.irqsEnabled(state), !state.pointee.pendingCalls.isEmpty {
                self = .ipi
            } else if state.pointee.thread?.pc != nil {  // a field, not the flow: no copy of its path
                self = .thread
            } else {
                self = .queued
            }
        }
    }

    // MARK: - helpers shared by the flows

    func checkCPU(_ cpu: Int, in world: World) throws(ActionError) {
        guard world.cpus.indices.contains(cpu) else {
            throw ActionError("no cpu\(cpu): \(topology.name) has cpu0..cpu\(world.cpus.count - 1)")
        }
    }

    func tracerID(ofCPU cpu: Int) -> Topology.ComponentID {
        // Resolution guarantees every CPU an operation names has a tracer.
        topology.tracerOfCPU[cpu]!
    }

    func cpu(ofTracer id: Topology.ComponentID) -> Int { topology.components[id].cpu! }

    func callTarget(of thread: ThreadFlow, on cpu: Int) -> Int {
        switch thread.op {
        case .enableSource(let t), .disableSource(let t): self.cpu(ofTracer: t)
        default: cpu
        }
    }

    /// Owned: `TRCPRGCTLR.EN` set and the claim tags exactly SELF_HOSTED (docs/driver-model.md §6).
    func owned(_ tracerCPU: Int, in world: World) -> Bool {
        world.tracers[tracerCPU].unit.enabled
            && world.parts[tracerID(ofCPU: tracerCPU)].claim == .selfHosted
    }

    func explain(_ why: Stepability, cpu: Int) -> String {
        switch why {
        case .ready: "cpu\(cpu) is ready"
        case .waitingForMutex(let holder): "cpu\(cpu) waits for coresight_mutex, held by cpu\(holder)"
        case .waitingForCall(let target):
            "cpu\(cpu) waits for cpu\(target) to complete its cross-call (step or run cpu\(target))"
        case .inWFI: "cpu\(cpu) sleeps in WFI (wake it first)"
        case .nothingToDo: "cpu\(cpu) has nothing to do"
        case .offline: "cpu\(cpu) is offline (online cpu\(cpu) brings it back)"
        case .waitingForHotplug(let writer):
            "cpu\(cpu) waits for the CPU hotplug lock, held by cpu\(writer)'s hotplug transition (step or run cpu\(writer))"
        }
    }

    func describeIdle(_ phase: IdlePhase) -> String {
        switch phase {
        case .running: "running"
        case .entering: "entering idle"
        case .pmSaving: "in CPU PM enter (saving the path)"
        case .pmEntered: "in CPU PM enter"
        case .wfi: "in WFI"
        case .waking: "leaving low power"
        case .pmRestoring: "in CPU PM exit (restoring the path)"
        case .pmExited: "leaving idle"
        }
    }
}

extension Operation {
    /// The tracer a sysfs source write names.
    var sourceTracer: Topology.ComponentID? {
        switch self {
        case .enableSource(let t), .disableSource(let t): t
        default: nil
        }
    }

    /// sysfs enable/disable of a source serialise on `coresight_mutex`.
    public var needsMutex: Bool {
        switch self {
        case .enableSource, .disableSource: true
        default: false
        }
    }

    public var firstPC: ThreadPC {
        switch self {
        case .enableSource, .disableSource: .lockAndCheck
        case .perfStart: .perfBuildPath
        case .perfStop: .perfDisableHW
        case .enableSink, .disableSink: .setActivated
        }
    }
}

/// What a step changed, so only those invariants are re-checked.
struct Touched {
    /// The CPU whose tracer's state (or in-flight status) changed.
    var tracerCPU: Int?
    /// A link or sink whose refcount changed, and the port.
    var part: (id: Topology.ComponentID, port: Int)?
}
