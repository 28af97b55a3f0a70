@testable import CoreSightModel
import Testing

/// The path and sink searches enter each component at most once, whatever the graph's shape:
/// checked by counting the components they enter, not by timing them.
@Suite struct GraphWalkBoundTests {
    /// `levels` diamonds: each replicator feeds both inputs of a funnel, which feeds the next
    /// replicator. The kernel's recursion walks 2^levels paths to the end of it.
    static func diamondChain(levels: Int, sinkAtTheEnd: Bool) throws -> Topology {
        var components = [Component(name: "etm0", subtype: .etm4, cpu: 0)]
        var connections: [Connection] = []
        var previous = "etm0"
        for level in 0..<levels {
            let replicator = "replicator\(level)"
            let funnel = "funnel\(level)"
            components.append(Component(name: replicator, subtype: .replicator))
            components.append(Component(name: funnel, subtype: .funnel))
            connections.append(Connection(from: previous, outport: 0, to: replicator, inport: 0))
            connections.append(Connection(from: replicator, outport: 0, to: funnel, inport: 0))
            connections.append(Connection(from: replicator, outport: 1, to: funnel, inport: 1))
            previous = funnel
        }
        components.append(Component(name: "tmc_etf0", subtype: .etf))
        components.append(Component(name: "tmc_etr0", subtype: .etr))
        if sinkAtTheEnd {
            connections.append(Connection(from: previous, outport: 0, to: "tmc_etf0", inport: 0))
            connections.append(Connection(from: "tmc_etf0", outport: 0, to: "tmc_etr0", inport: 0))
        }
        return try Topology(name: "diamonds", cpuCount: 1, components: components, connections: connections)
    }

    @Test func sixtyDiamondsAreSearchedOncePerComponent() throws {
        let topology = try Self.diamondChain(levels: 60, sinkAtTheEnd: true)
        let etm = try #require(topology.id(named: "etm0"))
        let etr = try #require(topology.id(named: "tmc_etr0"))
        var visits = 0
        #expect(topology.defaultSink(from: etm, visits: &visits) == etr)
        #expect(visits <= topology.components.count)
        visits = 0
        let path = try #require(topology.buildPath(from: etm, to: etr, visits: &visits))
        #expect(path.hops.count == 1 + 2 * 60 + 2)
        #expect(path.hops.dropFirst().allSatisfy { $0.inport == 0 })
        #expect(visits <= topology.components.count)
        visits = 0
        #expect(topology.findActivatedSink(from: etm, visits: &visits) { $0 == etr } == topology.id(named: "tmc_etr0"))
        #expect(visits <= topology.components.count)
    }

    @Test func anUnreachableSinkBehindSixtyDiamondsFailsAfterOneVisitEach() throws {
        let topology = try Self.diamondChain(levels: 60, sinkAtTheEnd: false)
        let etm = try #require(topology.id(named: "etm0"))
        var visits = 0
        #expect(topology.buildPath(from: etm, to: try #require(topology.id(named: "tmc_etr0")), visits: &visits) == nil)
        #expect(visits <= topology.components.count)
        visits = 0
        #expect(topology.defaultSink(from: etm, visits: &visits) == nil)
        #expect(visits <= topology.components.count)
        visits = 0
        #expect(topology.findActivatedSink(from: etm, visits: &visits) { _ in true } == nil)
        #expect(visits <= topology.components.count)
    }

    /// Many tracers into one funnel in front of sixty diamonds: one shared search for all of them.
    @Test func theDefaultSinksOfManyTracersTakeOneWalk() throws {
        let cpus = TopologyLimits.maxPort + 1
        let chain = try Self.diamondChain(levels: 60, sinkAtTheEnd: true)
        var components = (0..<cpus).map { Component(name: "etm\($0)", subtype: .etm4, cpu: $0) }
        components.append(Component(name: "funnel_main", subtype: .funnel))
        components += chain.components.dropFirst()
        var connections = (0..<cpus).map { Connection(from: "etm\($0)", outport: 0, to: "funnel_main", inport: $0) }
        connections += chain.connections.map { connection in
            var rewired = connection
            if rewired.from == "etm0" { rewired.from = "funnel_main" }
            return rewired
        }
        let topology = try Topology(name: "many", cpuCount: cpus, components: components, connections: connections)
        var search = DefaultSinkSearch(topology: topology)
        let etr = topology.id(named: "tmc_etr0")
        for cpu in 0..<cpus { #expect(search.sink(from: try #require(topology.tracerOfCPU[cpu])) == etr) }
        #expect(search.visits <= topology.components.count)
        #expect(topology.defaultSinks(from: topology.tracerOfCPU.compactMap { $0 }) == Array(repeating: etr, count: cpus))
    }

    /// As many components as a topology may have, in one line: the searches keep their own
    /// stacks, so the length of a path cannot exhaust a thread's stack.
    @Test func theLongestChainDoesNotExhaustTheStack() throws {
        let length = TopologyLimits.maxComponents - 2
        var components = [Component(name: "etm0", subtype: .etm4, cpu: 0)]
        var connections: [Connection] = []
        for n in 0..<length {
            components.append(Component(name: "funnel\(n)", subtype: .funnel))
            connections.append(Connection(from: n == 0 ? "etm0" : "funnel\(n - 1)", outport: 0, to: "funnel\(n)", inport: 0))
        }
        components.append(Component(name: "tmc_etr0", subtype: .etr))
        connections.append(Connection(from: "funnel\(length - 1)", outport: 0, to: "tmc_etr0", inport: 0))
        let topology = try Topology(name: "line", cpuCount: 1, components: components, connections: connections)
        let etr = topology.components.count - 1
        #expect(topology.defaultSink(from: 0) == etr)
        #expect(topology.buildPath(from: 0, to: etr)?.hops.count == topology.components.count)
        #expect(topology.findActivatedSink(from: 0) { $0 == etr } == etr)
    }

    @Test func aCycleBehindTheSourceIsCutAndTheSinkBeyondItStillFound() throws {
        let components = [
            Component(name: "etm0", subtype: .etm4, cpu: 0), Component(name: "funnel0", subtype: .funnel),
            Component(name: "replicator0", subtype: .replicator), Component(name: "tmc_etr0", subtype: .etr),
        ]
        let connections = [
            Connection(from: "etm0", outport: 0, to: "funnel0", inport: 0),
            Connection(from: "funnel0", outport: 0, to: "replicator0", inport: 0),
            Connection(from: "replicator0", outport: 0, to: "funnel0", inport: 1),
            Connection(from: "replicator0", outport: 1, to: "tmc_etr0", inport: 0),
        ]
        let topology = try Topology(name: "loop", cpuCount: 1, components: components, connections: connections)
        #expect(topology.defaultSink(from: 0) == 3)
        #expect(topology.buildPath(from: 0, to: 3)?.hops.map(\.component) == [0, 1, 2, 3])
        #expect(topology.findActivatedSink(from: 0) { $0 == 3 } == 3)
    }
}
