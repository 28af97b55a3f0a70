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

    /// A long chain with edges from its head across every layer: unbounded, the layout would
    /// route hundreds of millions of pass-through slots. It draws every node and as many edges
    /// as its budget allows, and says so.
    @Test func aHostileChainIsDrawnAbridged() throws {
        let length = 2000
        var components = [Component(name: "etm0", subtype: .etm4, cpu: 0)]
        components += (0..<length).map { Component(name: "f\($0)", subtype: .funnel) }
        var connections = [Connection(from: "etm0", outport: 0, to: "f0", inport: 0)]
        for i in 1..<length {
            connections.append(Connection(from: "f\(i - 1)", outport: 0, to: "f\(i)", inport: 0))
        }
        // A replicator-like fan from every early funnel to the far end of the chain.
        for i in 0..<200 {
            connections.append(Connection(from: "f\(i)", outport: 1 + i % 255, to: "f\(length - 1 - i % 255)", inport: 1 + i % 255))
        }
        let topology = try Topology(name: "chain", cpuCount: 1, components: components, connections: connections)
        let layout = TopologyLayout(topology: topology)
        #expect(layout.abridged)
        #expect(layout.nodes.count == components.count)
        #expect(layout.lines.count <= TopologyLayout.maxLineCells + layout.width + layout.height)
        let simulation = try Simulation(engine: Engine(topology: topology), scenario: .bare(board: "chain"))
        var state = AppState(simulation: simulation)
        state.screenSize = Size(width: 160, height: 48)
        let screen = AppView(state: state).render(state)
        #expect(screen.text().contains("some not drawn"))
    }

    @Test func theBuiltInBoardsAreDrawnWhole() throws {
        for board in Board.fixed + [Board.grid(cpus: 256)] {
            #expect(!TopologyLayout(topology: try board.topology()).abridged, "\(board.name)")
        }
    }
}
