public import DriverSimulation
import Scenarios

/// Playing a loaded simulation session again.
public enum SessionReplay {
    /// What a `kernel` or `variant` line can switch to: the shipped profiles.
    static var shippedProfiles: [DriverProfile] { (try? KernelCatalogue.shipped()) ?? [] }  // parsed once

    /// The simulation the session describes, every action performed: what `csx replay
    /// --headless` prints through `RunReport`, so the output is `csx run`'s for the same actions.
    public static func simulation(
        of session: LoadedSession, profile: DriverProfile? = nil, pmSave: PMSave? = nil
    ) throws(SessionError) -> Simulation {
        var simulation = try start(of: session, profile: profile, pmSave: pmSave)
        var number = 0
        for index in 0..<session.steps.count where !session.steps.isSetup(at: index) {
            number += 1
            let action = session.steps.action(at: index)
            do {
                try simulation.perform(action)
            } catch {
                throw SessionError(
                    file: session.path, line: session.steps.line(at: index),
                    message: "action \(number) (\(action)) is impossible in the simulation: \(error.message)")
            }
        }
        return simulation
    }

    /// The session's simulation at its scenario start, before any recorded action (where the
    /// TUI's replay begins); on the recorded profile and pm-save unless others are given (the
    /// same actions on another kernel).
    public static func start(
        of session: LoadedSession, profile: DriverProfile? = nil, pmSave: PMSave? = nil
    ) throws(SessionError) -> Simulation {
        guard let input = session.replayInput else {
            throw SessionError(file: session.path, message: "a live session has no actions to replay")
        }
        do {
            return try Simulation(
                engine: Engine(topology: session.header.topology), scenario: input.scenario, profile: profile ?? input.profile,
                pmSave: pmSave ?? input.pmSave, profiles: shippedProfiles)
        } catch {
            throw SessionError(file: session.path, line: 1, message: error.message)
        }
    }
}
