import CoreSightModel
import DriverSimulation
import Scenarios
import Testing

/// Plays actions on a scenario (or a bare board) and returns the simulation. `pmSave` defaults
/// to self-hosted: these tests are about the flows on a board whose ETMs lose context with
/// their CPU (Juno's own default, never, is tested on its own).
func play(
    _ actions: String, scenario: String? = nil, board: String = "juno-r2", variant: Variant = .legacy,
    pmSave: PMSave = .selfHosted, sourceLocation: SourceLocation = #_sourceLocation
) throws -> Simulation {
    let loaded = try scenario.map { try ScenarioCatalogue.load($0) } ?? Scenario.bare(board: board)
    var simulation = try ScenarioCatalogue.simulation(of: loaded, variant: variant, pmSave: pmSave)
    for action in try ActionParser.parse(actions) {
        try simulation.perform(action)
    }
    return simulation
}

/// Events of the non-setup records as `#step actor kind` lines (queueing notes have no step).
func trace(_ simulation: Simulation, includeSetup: Bool = false) -> [String] {
    simulation.records.filter { includeSetup || !$0.isSetup }.flatMap { record in
        record.events.map { event in
            let stamp = event.step == 0 ? "-" : "#\(event.step)"
            return "\(stamp) \(event.actor) \(EventDescriber.kindName(event.kind))"
        }
    }
}

/// Events of the non-setup records, fully described, one per line.
func described(_ simulation: Simulation) -> [String] {
    let describer = EventDescriber(topology: simulation.topology)
    return simulation.records.filter { !$0.isSetup }.flatMap { record in
        record.events.map { "\($0.actor) \(describer.describe($0.kind))" }
    }
}

func invariantNames(_ simulation: Simulation) -> [String] {
    simulation.violations.map(\.violation.invariant.rawValue)
}

let juno: Topology = try! Board.junoR2.topology()
