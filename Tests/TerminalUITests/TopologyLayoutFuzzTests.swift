import CoreSightModel
import DriverSimulation
import Testing
@testable import TerminalUI

/// Any graph a DTS or a broken sysfs tree can produce lays out and draws without a crash:
/// cycles, self-links, links back to sources, islands, fan-in and fan-out.
@Suite("Topology layout on random graphs")
struct TopologyLayoutFuzzTests {
    static let subtypes: [ComponentSubtype] = [.funnel, .replicator, .etf, .etr, .tpiu, .etb]

    static func randomTopology(using generator: inout SeededGenerator) throws -> Topology {
        let cpus = Int.random(in: 1...6, using: &generator)
        var components = (0..<cpus).map { Component(name: "etm\($0)", subtype: .etm4, cpu: $0) }
        for index in 0..<Int.random(in: 0...8, using: &generator) {
            components.append(Component(name: "part\(index)", subtype: subtypes.randomElement(using: &generator)!))
        }
        var connections: [Connection] = []
        for _ in 0..<Int.random(in: 0...(components.count * 2), using: &generator) {
            let from = components.randomElement(using: &generator)!.name
            let to = components.randomElement(using: &generator)!.name
            connections.append(Connection(from: from, outport: Int.random(in: 0...2, using: &generator),
                                          to: to, inport: Int.random(in: 0...2, using: &generator)))
        }
        return try Topology(name: "random", cpuCount: cpus, components: components, connections: connections)
    }

    @Test func randomGraphsLayOutAndDraw() throws {
        var generator = SeededGenerator(seed: 2026_11_25)
        var drawn = 0
        for _ in 0..<400 {
            guard let topology = try? Self.randomTopology(using: &generator) else { continue }
            let layout = TopologyLayout(topology: topology)
            #expect(layout.nodes.count == topology.components.count)
            for node in layout.nodes { #expect(node.x >= 0 && node.y >= 0) }
            let simulation = try Simulation(engine: Engine(topology: topology), scenario: .bare(board: "random"))
            var state = AppState(simulation: simulation)
            state.screenSize = Size(width: 100, height: 30)
            _ = AppView(state: state).render(state)
            drawn += 1
        }
        #expect(drawn > 100)
    }
}
