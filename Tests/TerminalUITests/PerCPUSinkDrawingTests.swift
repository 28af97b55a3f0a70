import CoreSightModel
import DriverSimulation
import Testing
@testable import TerminalUI

/// A tracer and its per-CPU sink have no connection, but the topology panel draws them as a
/// pair, and lights the pair when perf's path runs along it.
@Suite struct PerCPUSinkDrawingTests {
    @Test func eachETEIsDrawnBesideItsTRBE() throws {
        let fvp = try Board.fvpBaseRevC.topology()
        let layout = TopologyLayout(topology: fvp)
        #expect(!layout.abridged)
        for (k, pair) in fvp.perCPUPairs.enumerated() {
            let source = layout.nodes[layout.nodeOfComponent[pair.source]]
            let sink = layout.nodes[layout.nodeOfComponent[pair.sink]]
            #expect(source.layer == 0 && sink.layer == 1)
            #expect(source.y == sink.y && source.y == k)
            // The pair's edge is numbered after the (here no) connections.
            #expect(layout.edge(from: pair.source, to: pair.sink) == fvp.connections.count + k)
            #expect(layout.arrows.contains { $0.edge == fvp.connections.count + k && $0.y == k })
        }
    }

    /// As many pairs as a topology may have CPUs: every pair drawn, none routed through another.
    @Test func theMostPairsATopologyAllowsAreAllDrawn() throws {
        let cpus = TopologyLimits.maxCPUs
        let components = (0..<cpus).map { Component(name: "ete\($0)", subtype: .ete, cpu: $0) }
            + (0..<cpus).map { Component(name: "trbe\($0)", subtype: .trbe, cpu: $0) }
        let topology = try Topology(name: "many", cpuCount: cpus, components: components, connections: [])
        let layout = TopologyLayout(topology: topology)
        #expect(!layout.abridged)
        #expect(layout.arrows.count == cpus)
        #expect(layout.height == cpus)
        #expect(layout.nodes.allSatisfy { $0.y == topology[$0.component].cpu })
    }

    @Test func perfLightsItsCPUsPairOnly() throws {
        var state = try AppFixtures.board("fvp-base-revc")
        for action in try ActionParser.parse("cpu1 perf-start; run cpu1") {
            let performed = state.perform(action)
            #expect(performed)
        }
        let graph = TopologyLayout(topology: state.topology)
        let view = TopologyView(state: state, layout: state.layout, graph: graph)
        let (ete1, trbe1) = (state.topology.id(named: "ete1")!, state.topology.id(named: "trbe1")!)
        #expect(view.activeEdges() == [try #require(graph.edge(from: ete1, to: trbe1))])
        let panel = AppFixtures.render(state).text(in: state.layout.topology)
        #expect(panel.contains("ete1 P ──▸trbe1 P1"), "\(panel)")
        #expect(panel.contains("ete2 - ──▸trbe2"), "\(panel)")
    }
}
