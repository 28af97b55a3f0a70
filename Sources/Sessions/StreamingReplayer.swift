import CoreSightModel
import DriverSimulation

/// Re-simulates a session without keeping its history (a `Simulation` keeps every record, too
/// much for a million steps): the world, the step counter and one reused event buffer. Mirrors
/// `Simulation.perform`, including a `variant` action's restart; the round-trip tests hold the
/// two equal.
struct StreamingReplayer {
    let engine: Engine
    let scenario: Scenario
    private(set) var world: World
    private var nextStep = 1
    private var log = EventLog()

    /// A fresh world under `variant`, before the scenario start.
    init(topology: Topology, scenario: Scenario, variant: Variant) {
        engine = Engine(topology: topology)
        self.scenario = scenario
        world = engine.initialWorld(variant: variant)
    }

    var startActions: [Action] { scenario.startActions }

    /// One of the scenario's start actions; its events until the next call.
    mutating func performStart(_ action: Action) throws(ActionError) -> [Event] {
        log.clear()
        try apply(action, context: "scenario \(scenario.name)")
        return log.events
    }

    /// One action after the start; its events until the next call.
    mutating func perform(_ action: Action) throws(ActionError) -> [Event] {
        log.clear()
        if case .variant(let variant) = action {
            world = engine.initialWorld(variant: variant)
            for start in scenario.startActions { try apply(start, context: "scenario \(scenario.name)") }
        } else {
            try apply(action, context: nil)
        }
        return log.events
    }

    private mutating func apply(_ action: Action, context: String?) throws(ActionError) {
        do {
            let resolved = try engine.resolve(action)
            log.nextStep = nextStep
            try engine.apply(resolved, to: &world, log: &log)
            nextStep = log.nextStep
        } catch {
            guard let context else { throw error }
            throw ActionError("\(context): \(action): \(error.message)")
        }
    }
}
