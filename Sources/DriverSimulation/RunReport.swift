import CoreSightModel
public import OrderedJSON

/// How `csx run` (and `csx replay --headless`) print a played scenario: readable lines, or one
/// JSON document `{"scenario", "variant", "kernel", "pm-save", "steps": [{"action", "events"}],
/// "violations": [...]}`; notes are events of kind "note".
public struct RunReport: Sendable {
    public var scenarioName: String
    public var boardName: String
    /// The nearest variant name (kept for old readers of the JSON).
    public var variant: Variant
    /// The kernel profile's name, and `pm_save_enable` as it resolved on the board.
    public var kernel: String
    public var pmSave: PMSave
    public var records: [StepRecord]
    let describer: EventDescriber

    public init(simulation: Simulation) {
        scenarioName = simulation.scenario.name
        boardName = simulation.topology.name
        variant = simulation.variant
        kernel = simulation.profile.name
        pmSave = simulation.resolvedPMSave
        records = simulation.records
        describer = EventDescriber(topology: simulation.topology)
    }

    public var violations: [(step: Int, actor: Actor, violation: Violation)] {
        records.flatMap { record in
            record.events.compactMap { event in event.violation.map { (event.step, event.actor, $0) } }
        }
    }

    /// Stale reads that decided nothing: worth a line, never an exit status.
    public var notes: [(step: Int, actor: Actor, note: Note)] {
        records.flatMap { record in
            record.events.compactMap { event in event.note.map { (event.step, event.actor, $0) } }
        }
    }

    /// The exit status `csx run` uses: 1 when an invariant broke, else 0.
    public var exitStatus: Int32 { violations.isEmpty ? 0 : 1 }

    public func message(_ violation: Violation, actor: Actor) -> String {
        describer.explain(violation, actor: actor)
    }

    // MARK: text

    public func text() -> String {
        var out = "scenario \(scenarioName) on \(boardName), kernel \(kernel), pm-save \(pmSave)\n"
        var inSetup: Bool? = nil
        for record in records {
            if inSetup != record.isSetup {
                out += record.isSetup ? "setup\n" : "actions\n"
                inSetup = record.isSetup
            }
            out += "  \(record.action)\n"
            for event in record.events {
                out += line(for: event)
            }
        }
        let remarks = notes
        if !remarks.isEmpty {
            out += "\n\(remarks.count) note\(remarks.count == 1 ? "" : "s"):\n"
            for (step, actor, note) in remarks {
                out += "  step \(step) (\(actor)): \(note.name): \(describer.explain(note))\n"
            }
        }
        let found = violations
        if found.isEmpty {
            out += "\nno invariant broke\n"
        } else {
            out += "\n\(found.count) violation\(found.count == 1 ? "" : "s"):\n"
            for (step, actor, violation) in found {
                out += "  step \(step) (\(actor)): \(violation.invariant.rawValue): \(message(violation, actor: actor))\n"
            }
        }
        return out
    }

    func line(for event: Event) -> String {
        let stamp = event.step == 0 ? "" : "#\(event.step)"
        let actor = event.actor.description
        let what: String
        if let violation = event.violation {
            what = "!! \(violation.invariant.rawValue): \(message(violation, actor: event.actor))"
        } else {
            what = describer.describe(event.kind)
        }
        return "    " + stamp.padding(5) + " " + actor.padding(5) + " " + what + "\n"
    }

    // MARK: JSON

    public func json() -> JSON {
        .object([
            ("scenario", .string(scenarioName)),
            ("variant", .string(variant.rawValue)),
            ("kernel", .string(kernel)),
            ("pm-save", .string(pmSave.rawValue)),
            ("steps", .array(records.map { record in
                .object([
                    ("action", .string(record.action.description)),
                    ("events", .array(record.events.map(eventJSON))),
                ])
            })),
            ("violations", .array(violations.map { step, actor, violation in
                .object([
                    ("invariant", .string(violation.invariant.rawValue)),
                    ("step", .int(step)),
                    ("cpu", actor.cpu.map(JSON.int) ?? .null),
                    ("message", .string(message(violation, actor: actor))),
                ])
            })),
        ])
    }

    public func eventJSON(_ event: Event) -> JSON {
        let text: String = event.violation.map { "\($0.invariant.rawValue): \(message($0, actor: event.actor))" }
            ?? describer.describe(event.kind)
        return .object([
            ("step", .int(event.step)),
            ("cpu", event.actor.cpu.map(JSON.int) ?? .null),
            ("kind", .string(EventDescriber.kindName(event.kind))),
            ("text", .string(text)),
        ])
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
