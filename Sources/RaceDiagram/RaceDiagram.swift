import CoreSightModel
import DriverSimulation

/// A run drawn as kernel developers draw races by hand: a column per CPU, each CPU's call chains
/// with the kernel's function names for the profile, arrows for IPIs and their completion, CPU PM
/// calls for idle, and `^^^` under the step that broke an invariant. Pure and deterministic:
/// the same input and options give the same bytes. Plain ASCII, at most `options.width` columns.
public enum RaceDiagram {
    /// Violations and notes listed under the diagram; more are counted.
    public static let maxFootnotes = 10

    public static func draw(_ input: DiagramInput, options: DiagramOptions = DiagramOptions()) -> String {
        let width = options.width
        let describer = EventDescriber(topology: input.topology)
        // A `kernel` or `variant` action restarts the run: what came before it is setup.
        let restart = input.records.lastIndex { record in
            switch record.action {
            case .kernel, .variant: true
            default: false
            }
        }
        func isSetup(_ index: Int) -> Bool { input.records[index].isSetup || (restart.map { index <= $0 } ?? false) }

        // Pass one: what matters (violations, who acts on whose tracer).
        var involvement = Involvement()
        var footnotes: [String] = []
        var violationCount = 0
        var noteCount = 0
        var builder = EntryBuilder(topology: input.topology, knobs: input.profile.knobs, full: options.full)
        let events = EventWalk(records: input.records, isSetup: isSetup)
        let cut = events.forEach { event, setup in
            let entries = builder.map(event)
            guard !setup else { return }
            for entry in entries { involvement.observe(entry) }
            if let violation = event.violation {
                violationCount += 1
                let subject = violation.subject
                involvement.observeViolationSubject(
                    cpu: input.topology.components.indices.contains(subject) ? input.topology.components[subject].cpu : nil)
                if footnotes.count < maxFootnotes {
                    footnotes.append("^^^ step \(event.step) (\(event.actor)): \(violation.invariant.rawValue): "
                        + describer.explain(violation, actor: event.actor))
                }
            } else if let note = event.note {
                noteCount += 1
                if footnotes.count < maxFootnotes {
                    footnotes.append("note: step \(event.step) (\(event.actor)): \(note.name): \(describer.explain(note))")
                }
            }
        }
        violationCount += cut?.violations ?? 0
        involvement.decide(full: options.full, columnLimit: options.columnLimit)

        // Pass two: the rows, bounded.
        var rows = RowBuilder(columns: involvement.columns)
        builder = EntryBuilder(topology: input.topology, knobs: input.profile.knobs, full: options.full)
        var drawn = 0
        var folded = 0
        var entriesCut: Int?  // the step where the entry bound stopped the drawing
        _ = events.forEach { event, setup in
            guard entriesCut == nil else { return }
            for entry in builder.map(event) {
                if !setup, involvement.isDrawn(entry) {
                    guard drawn < DiagramOptions.maxEntries else {
                        entriesCut = event.step
                        return
                    }
                    rows.add(entry)
                    drawn += 1
                } else {
                    if !setup { folded += 1 }
                    rows.skip(entry)
                }
            }
        }
        let stoppedAt = entriesCut ?? cut?.step

        var out: [String] = []
        out += ASCIIText.wrap(header(input), width: width)
        if let setup = setupLine(input, isSetup: isSetup) { out += ASCIIText.wrap(setup, width: width) }
        out.append("")
        if involvement.columns.isEmpty {
            out.append("nothing happened after the setup")
        } else {
            var layout = Layout(width: width, columns: involvement.columns, rows: rows.rows)
            out += layout.draw(rows.rows)
        }
        out.append("")
        for footnote in footnotes { out += ASCIIText.wrap(ASCIIText.clean(footnote), width: width) }
        let listed = footnotes.count
        if violationCount + noteCount > listed {
            out.append("(\(violationCount + noteCount - listed) more violations and notes not listed)")
        }
        if violationCount == 0 { out.append("no invariant broke") }
        if let stoppedAt {
            let last = input.records.last(where: { !$0.events.isEmpty })?.events.last?.step ?? stoppedAt
            out += ASCIIText.wrap(
                "cut short at step \(stoppedAt) of \(last): a diagram reads at most \(DiagramOptions.maxEvents) events "
                    + "and draws at most \(DiagramOptions.maxEntries) entries (csx run prints every step)",
                width: width)
        }
        if involvement.foldedColumns > 0 {
            out += ASCIIText.wrap(
                "\(involvement.foldedColumns) more CPU\(involvement.foldedColumns == 1 ? "" : "s") not drawn: at most \(options.columnLimit) columns fit \(width) characters",
                width: width)
        }
        if folded > 0, !options.full {
            out += ASCIIText.wrap(
                "folded: \(folded) events (path building, the mutex, uninvolved CPUs, successful returns); --full draws them",
                width: width)
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func header(_ input: DiagramInput) -> String {
        let knobs = input.profile.knobs
        return "\(ASCIIText.name(input.scenarioName)) on \(ASCIIText.name(input.topology.name)), kernel "
            + "\(ASCIIText.name(input.profile.name)) (mode-placement \(knobs.modePlacement), pm-code \(knobs.pmCode)"
            + (knobs.pmCode == .core ? ", path-pointer \(knobs.pathPointer)" : "") + "), "
            + "pm-save \(input.pmSave)"
    }

    /// The setup's actions, the first few of them.
    static func setupLine(_ input: DiagramInput, isSetup: (Int) -> Bool) -> String? {
        let actions = input.records.indices.filter(isSetup).map { input.records[$0].action }
        guard !actions.isEmpty else { return nil }
        let listed = actions.prefix(DiagramOptions.maxSetupActionsListed).map { ASCIIText.clean($0.description) }
        let more = actions.count - listed.count
        return "setup: " + listed.joined(separator: "; ") + (more > 0 ? " (and \(more) more)" : "")
    }
}
