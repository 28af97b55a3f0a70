import DriverSimulation
import OrderedJSON

/// `csx replay --verify`: re-simulates a simulated session and compares every action line's
/// events with the simulation's, streaming (digests, no history), so it scales to millions of
/// lines. On the first difference it re-reads that line to say what differs.
public enum SessionVerifier {
    public enum Outcome: Sendable, Hashable {
        /// Every line matched: this many action lines (setup included) and events.
        case matches(lines: Int)
        /// The first line whose events (or action) differ from the simulation's; `action` names
        /// it as `action N (text)` (N counts actions after the scenario start) or `setup action N (text)`.
        case differs(line: Int, action: String, detail: String)
    }

    public static func verify(_ session: LoadedSession) throws(SessionError) -> Outcome {
        guard let input = session.replayInput else {
            throw SessionError(file: session.path, message: "a live session cannot be verified: it has no simulation to compare with")
        }
        let steps = session.steps
        var replayer = StreamingReplayer(
            topology: session.header.topology, scenario: input.scenario, profile: input.profile, pmSave: input.pmSave,
            profiles: SessionReplay.shippedProfiles)
        let words = EventWords(describer: EventDescriber(topology: session.header.topology))
        let start = replayer.startActions
        var index = 0
        // A file that ends inside the scenario start (cut off) matches as far as it goes.
        for expected in start where index < steps.count {
            guard steps.isSetup(at: index) else {
                return .differs(line: steps.line(at: index), action: label(index, in: steps),
                                detail: "the scenario start has setup action \"\(expected)\" here")
            }
            let recorded = steps.action(at: index)
            guard recorded == expected else {
                return .differs(line: steps.line(at: index), action: label(index, in: steps),
                                detail: "the scenario start's setup action here is \"\(expected)\"")
            }
            let events: [Event]
            do { events = try replayer.performStart(expected) } catch {
                throw SessionError(file: session.path, line: steps.line(at: index), message: error.message)
            }
            if let difference = compare(events, at: index, in: session, words: words) { return difference }
            index += 1
        }
        while index < steps.count {
            let action = steps.action(at: index)
            guard !steps.isSetup(at: index) else {
                return .differs(line: steps.line(at: index), action: label(index, in: steps),
                                detail: "a setup line after the scenario start")
            }
            let events: [Event]
            do { events = try replayer.perform(action) } catch {
                return .differs(line: steps.line(at: index), action: label(index, in: steps),
                                detail: "the simulation cannot do this action now: \(error.message)")
            }
            if let difference = compare(events, at: index, in: session, words: words) { return difference }
            index += 1
        }
        return .matches(lines: steps.count)
    }

    private static func compare(_ events: [Event], at index: Int, in session: LoadedSession, words: EventWords) -> Outcome? {
        guard EventDigest.of(events, words: words) != session.steps.digest(at: index) else { return nil }
        let line = session.steps.line(at: index)
        let simulated = events.map { words.json($0).rendered(indent: nil) }
        let recorded = (try? SessionLineLookup.events(onLine: line, of: session.path)) ?? nil
        return .differs(line: line, action: label(index, in: session.steps),
                        detail: describeDifference(recorded: recorded, simulated: simulated))
    }

    /// The first differing event, as both sides spell it.
    static func describeDifference(recorded: [String]?, simulated: [String]) -> String {
        guard let recorded else { return "events differ from the simulation's" }
        for position in 0..<max(recorded.count, simulated.count) {
            let left = position < recorded.count ? recorded[position] : nil
            let right = position < simulated.count ? simulated[position] : nil
            if left != right {
                return "event \(position + 1) differs: recorded \(left ?? "nothing"), simulated \(right ?? "nothing")"
            }
        }
        return "events differ from the simulation's (\(recorded.count) recorded, \(simulated.count) simulated)"
    }

    /// `action 4 (idle cpu1)` or `setup action 2 (step cpu0)`.
    static func label(_ index: Int, in steps: SessionSteps) -> String {
        let setup = steps.isSetup(at: index)
        let number = (0...index).filter { steps.isSetup(at: $0) == setup }.count
        return "\(setup ? "setup action" : "action") \(number) (\(steps.action(at: index)))"
    }
}
