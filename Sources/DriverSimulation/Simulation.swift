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
    /// The kernel profile the world runs.
    public private(set) var profile: DriverProfile
    /// `pm_save_enable` as set (by the command line, the scenario, or the board's firmware).
    public let pmSave: PMSave
    /// Profiles a `kernel` or `variant` action can switch to (the shipped ones, usually).
    public let profiles: [DriverProfile]
    /// The driver code the world runs.
    public var driver: Driver { world.driver }
    public private(set) var world: World
    /// The number the next atomic step gets.
    public private(set) var nextStep = 1
    public private(set) var records: [StepRecord] = []

    public var topology: Topology { engine.topology }

    /// What `pm_save_enable` resolved to on this board: never or self-hosted.
    public var resolvedPMSave: PMSave { pmSave.resolved(losesContextWithCPU: topology.savesContextOverIdle) }

    /// The variant name nearest to the profile (legacy: the caller placement).
    public var variant: Variant { profile.nearestVariant }

    /// Starts the scenario on `profile`, with `pm_save_enable` as given, else as the scenario
    /// sets it, else the board's firmware default.
    public init(
        engine: Engine, scenario: Scenario, profile: DriverProfile, pmSave: PMSave? = nil, profiles: [DriverProfile] = []
    ) throws(ActionError) {
        self.engine = engine
        self.scenario = scenario
        self.profile = profile
        let pmSave = pmSave ?? scenario.pmSave ?? .firmware
        self.pmSave = pmSave
        self.profiles = profiles
        world = engine.initialWorld(
            driver: profile.driver(pmSave: pmSave.resolved(losesContextWithCPU: engine.topology.savesContextOverIdle)))
        for action in scenario.startActions {
            let events = try apply(action, context: "scenario \(scenario.name)")
            records.append(StepRecord(action: action, events: events, isSetup: true))
        }
    }

    /// Starts the scenario under `variant` (the scenario's own when nil), as a profile of its
    /// knobs alone (front ends pass the shipped profile instead).
    public init(engine: Engine, scenario: Scenario, variant: Variant? = nil) throws(ActionError) {
        let chosen = variant ?? scenario.variant
        try self.init(engine: engine, scenario: scenario, profile: DriverProfile.bare(chosen))
    }

    /// Starts the scenario on any knobs with `pm_save_enable` fixed to self-hosted or never.
    public init(engine: Engine, scenario: Scenario, driver: Driver) throws(ActionError) {
        try self.init(
            engine: engine, scenario: scenario,
            profile: DriverProfile(name: "custom", about: driver.knobs.description, knobs: driver.knobs),
            pmSave: driver.savesSelfHosted ? .selfHosted : .never)
    }

    /// Applies one action; a `kernel` or `variant` action restarts the scenario on that profile.
    @discardableResult
    public mutating func perform(_ action: Action) throws(ActionError) -> StepRecord {
        let events: [Event]
        if let target = try DriverProfile.switchTarget(of: action, among: [profile] + profiles) {
            events = try restart(on: target)
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
        let profile: DriverProfile
        let nextStep: Int
        let recordCount: Int
    }

    public func checkpoint() -> Checkpoint {
        Checkpoint(world: world, profile: profile, nextStep: nextStep, recordCount: records.count)
    }

    /// Returns to a checkpoint taken earlier from this simulation.
    public mutating func restore(_ checkpoint: Checkpoint) {
        world = checkpoint.world
        profile = checkpoint.profile
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

    /// A profile this simulation knows by name or alias (its own included).
    public func knownProfile(_ name: String) -> DriverProfile? {
        ([profile] + profiles).first { $0.answers(to: name) }
    }

    private mutating func restart(on newProfile: DriverProfile) throws(ActionError) -> [Event] {
        profile = newProfile
        world = engine.initialWorld(driver: newProfile.driver(pmSave: resolvedPMSave))
        var events: [Event] = []
        for action in scenario.startActions {
            events += try apply(action, context: "scenario \(scenario.name)")
        }
        return events
    }
}
