public import CoreSightModel

/// One applied action and the events it produced.
public struct StepRecord: Sendable, Hashable {
    public var action: Action
    public var events: [Event]
    /// Part of bringing the world to the scenario's start.
    public var isSetup: Bool

    public var violations: [Violation] { events.compactMap(\.violation) }
}

/// A scenario being played: the world, the step counter and the history of applied actions.
/// Front ends drive this; it knows nothing of terminals or files.
public struct Simulation: Sendable {
    public let engine: Engine
    public let scenario: Scenario
    public private(set) var variant: Variant
    /// The driver code the world runs (what `variant` stands for, or any knob combination).
    public var driver: Driver { world.driver }
    public private(set) var world: World
    /// The number the next atomic step gets.
    public private(set) var nextStep = 1
    public private(set) var records: [StepRecord] = []

    public var topology: Topology { engine.topology }

    /// Starts the scenario under `variant` (the scenario's own when nil).
    public init(engine: Engine, scenario: Scenario, variant: Variant? = nil) throws(ActionError) {
        let chosen = variant ?? scenario.variant
        try self.init(engine: engine, scenario: scenario, world: engine.initialWorld(variant: chosen), variant: chosen)
    }

    /// Starts the scenario on any driver: a release's knobs and the board's resolved pm_save.
    public init(engine: Engine, scenario: Scenario, driver: Driver) throws(ActionError) {
        let nearest: Variant = driver.modePlacement == .caller ? .legacy : .fixed
        try self.init(engine: engine, scenario: scenario, world: engine.initialWorld(driver: driver), variant: nearest)
    }

    private init(engine: Engine, scenario: Scenario, world: World, variant: Variant) throws(ActionError) {
        self.engine = engine
        self.scenario = scenario
        self.variant = variant
        self.world = world
        for action in scenario.startActions {
            let events = try apply(action, context: "scenario \(scenario.name)")
            records.append(StepRecord(action: action, events: events, isSetup: true))
        }
    }

    /// Applies one action; a `variant` action restarts the scenario under that variant.
    @discardableResult
    public mutating func perform(_ action: Action) throws(ActionError) -> StepRecord {
        let events: [Event]
        if case .variant(let newVariant) = action {
            events = try restart(as: newVariant)
        } else {
            events = try apply(action, context: nil)
        }
        let record = StepRecord(action: action, events: events, isSetup: false)
        records.append(record)
        return record
    }

    /// Enough to put the simulation back where it was (the TUI's instant step back).
    public struct Checkpoint: Sendable {
        let world: World
        let variant: Variant
        let nextStep: Int
        let recordCount: Int
    }

    public func checkpoint() -> Checkpoint {
        Checkpoint(world: world, variant: variant, nextStep: nextStep, recordCount: records.count)
    }

    /// Returns to a checkpoint taken earlier from this simulation.
    public mutating func restore(_ checkpoint: Checkpoint) {
        world = checkpoint.world
        variant = checkpoint.variant
        nextStep = checkpoint.nextStep
        records.removeSubrange(min(checkpoint.recordCount, records.count)...)
    }

    public var violations: [(step: Int, actor: Actor, violation: Violation)] {
        records.flatMap { record in
            record.events.compactMap { event in event.violation.map { (event.step, event.actor, $0) } }
        }
    }

    private mutating func apply(_ action: Action, context: String?) throws(ActionError) -> [Event] {
        do {
            let resolved = try engine.resolve(action)
            var log = EventLog(nextStep: nextStep)
            try engine.apply(resolved, to: &world, log: &log)
            nextStep = log.nextStep
            return log.events
        } catch {
            guard let context else { throw error }
            throw ActionError("\(context): \(action): \(error.message)")
        }
    }

    private mutating func restart(as newVariant: Variant) throws(ActionError) -> [Event] {
        variant = newVariant
        world = engine.initialWorld(variant: newVariant)
        var events: [Event] = []
        for action in scenario.startActions {
            events += try apply(action, context: "scenario \(scenario.name)")
        }
        return events
    }
}
