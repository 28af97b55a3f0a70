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

    /// pm_save_enable as the run resolved it, and what a `kernel`/`variant` line switches to.
    let resolvedPMSave: PMSave
    private(set) var profile: DriverProfile
    let profiles: [DriverProfile]

    /// A fresh world on `profile`, before the scenario start.
    init(topology: Topology, scenario: Scenario, profile: DriverProfile, pmSave: PMSave, profiles: [DriverProfile]) {
        engine = Engine(topology: topology)
        self.scenario = scenario
        self.profile = profile
        self.profiles = profiles
        resolvedPMSave = pmSave.resolved(losesContextWithCPU: topology.savesContextOverIdle)
        world = engine.initialWorld(driver: profile.driver(pmSave: resolvedPMSave))
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
        // As `Simulation.perform`: a switch restarts from the scenario start on the new profile.
        if let switchedTo = try DriverProfile.switchTarget(of: action, among: [profile] + profiles) {
            profile = switchedTo
            world = engine.initialWorld(driver: switchedTo.driver(pmSave: resolvedPMSave))
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
