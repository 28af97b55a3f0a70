import DriverSimulation
import OrderedJSON

/// An event as a session line holds it: exactly `csx run --json`'s event object
/// (`{"step", "cpu", "kind", "text"}`); a test holds the two equal for every built-in scenario.
struct EventWords {
    let describer: EventDescriber

    func text(_ event: Event) -> String {
        if let violation = event.violation {
            return "\(violation.invariant.rawValue): \(describer.explain(violation, actor: event.actor))"
        }
        return describer.describe(event.kind)
    }

    func json(_ event: Event) -> JSON {
        .object([
            ("step", .int(event.step)),
            ("cpu", event.actor.cpu.map(JSON.int) ?? .null),
            ("kind", .string(EventDescriber.kindName(event.kind))),
            ("text", .string(text(event))),
        ])
    }
}
