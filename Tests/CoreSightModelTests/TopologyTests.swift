import CoreSightModel
import OrderedJSON
import Testing

@Suite struct BoardTests {
    @Test(arguments: Board.fixed)
    func builtinBoardsAreValidWithOneTracerPerCPUReachingASink(board: Board) throws {
        let topology = try board.topology()
        #expect(topology.cpuCount == board.cpuCount)
        for cpu in 0..<topology.cpuCount {
            let tracer = try #require(topology.tracerOfCPU[cpu], "cpu\(cpu) has no tracer")
            // The ETMv4 driver names a trace unit by its CPU: `ete<N>` for an ETE, else `etm<N>`.
            let prefix = topology[tracer].subtype == .ete ? "ete" : "etm"
            #expect(topology[tracer].name == "\(prefix)\(cpu)")
            let sink = try #require(topology.defaultSink(from: tracer), "\(prefix)\(cpu) reaches no sink")
            #expect(topology.buildPath(from: tracer, to: sink) != nil)
        }
        #expect(board.about.count <= 80)
    }

    @Test func junoR2PathFromETM1ToTheETRFollowsTheDeviceTree() throws {
        let juno = try Board.junoR2.topology()
        let path = try #require(juno.buildPath(from: juno.id(named: "etm1")!, to: juno.id(named: "tmc_etr0")!))
        #expect(path.hops.map { juno[$0.component].name } == [
            "etm1", "funnel1", "funnel0", "tmc_etf0", "funnel4", "replicator0", "tmc_etr0",
        ])
        #expect(path.hops.map(\.inport) == [nil, 0, 0, 0, 0, 0, 0])
        #expect(path.hops.map(\.outport) == [0, 0, 0, 0, 0, 1, nil])
        // The A53 cluster goes through funnel2 and reaches funnel0 on in-port 1.
        let etm3 = try #require(juno.buildPath(from: juno.id(named: "etm3")!, to: juno.id(named: "tmc_etf0")!))
        #expect(etm3.hops.map { juno[$0.component].name } == ["etm3", "funnel2", "funnel0", "tmc_etf0"])
        #expect(etm3.hops[1].inport == 1 && etm3.hops[2].inport == 1)
    }

    @Test func theFirstActivatedSinkOnTheDepthFirstWalkWins() throws {
        let juno = try Board.junoR2.topology()
        let etm1 = juno.id(named: "etm1")!
        let etf = juno.id(named: "tmc_etf0")!
        let etr = juno.id(named: "tmc_etr0")!
        #expect(juno.findActivatedSink(from: etm1) { $0 == etr } == etr)
        #expect(juno.findActivatedSink(from: etm1) { $0 == etr || $0 == etf } == etf)
        #expect(juno.findActivatedSink(from: etm1) { _ in false } == nil)
        // perf's default sink prefers system memory (ETR) over the nearer ETF.
        #expect(juno.defaultSink(from: etm1) == etr)
    }

    @Test(arguments: [1, 2, 8, 9, 64, 256])
    func gridBoardsScale(cpus: Int) throws {
        let board = try #require(Board.named("grid-\(cpus)"))
        let topology = try board.topology()
        let clusters = (cpus + 7) / 8
        #expect(topology.cpuCount == cpus)
        #expect(topology.components.count == cpus + clusters + 1 + 4)
        let last = topology.tracerOfCPU[cpus - 1]!
        let path = try #require(topology.buildPath(from: last, to: topology.id(named: "tmc_etr0")!))
        #expect(path.hops.map { topology[$0.component].name } == [
            "etm\(cpus - 1)", "funnel\((cpus - 1) / 8)", "funnel\(clusters)", "tmc_etf0", "replicator0", "tmc_etr0",
        ])
        #expect(path.hops[1].inport == (cpus - 1) % 8)
    }

    @Test(arguments: ["grid-0", "grid-257", "grid-08", "grid-", "grid-x", "juno", "JUNO-R2", ""])
    func unknownBoardNamesAreNil(name: String) {
        #expect(Board.named(name) == nil)
    }
}

@Suite struct TopologyValidationTests {
    static let etm = Component(name: "etm0", subtype: .etm4, cpu: 0)
    static let sink = Component(name: "tmc_etr0", subtype: .etr, address: 0x2007_0000)

    @Test func rejectsBrokenGraphsWithAMessage() {
        #expect(throws: TopologyError.duplicateName("etm0")) {
            try Topology(name: "t", cpuCount: 1, components: [Self.etm, Self.etm], connections: [])
        }
        #expect(throws: TopologyError.unknownComponent("funnel9", in: "connection etm0:0 -> funnel9:0")) {
            try Topology(name: "t", cpuCount: 1, components: [Self.etm], connections: [Connection(from: "etm0", outport: 0, to: "funnel9", inport: 0)])
        }
        #expect(throws: TopologyError.badCPUCount(0)) {
            try Topology(name: "t", cpuCount: 0, components: [Self.etm], connections: [])
        }
        #expect(throws: TopologyError.twoTracersOnOneCPU(cpu: 0, first: "etm0", second: "ete0")) {
            try Topology(name: "t", cpuCount: 1, components: [Self.etm, Component(name: "ete0", subtype: .ete, cpu: 0)], connections: [])
        }
        #expect(throws: TopologyError.tracerWithoutCPU("etm0")) {
            try Topology(name: "t", cpuCount: 1, components: [Component(name: "etm0", subtype: .etm4)], connections: [])
        }
        let twice = [Connection(from: "etm0", outport: 0, to: "tmc_etr0", inport: 0), Connection(from: "etm0", outport: 0, to: "tmc_etr0", inport: 1)]
        #expect(throws: TopologyError.duplicatePort(component: "etm0", port: 0, direction: "output")) {
            try Topology(name: "t", cpuCount: 1, components: [Self.etm, Self.sink], connections: twice)
        }
    }

    @Test func cyclesDoNotHangPathSearches() throws {
        let components = [Self.etm, Component(name: "funnel0", subtype: .funnel), Component(name: "funnel1", subtype: .funnel), Self.sink]
        let connections = [
            Connection(from: "etm0", outport: 0, to: "funnel0", inport: 0),
            Connection(from: "funnel0", outport: 0, to: "funnel1", inport: 0),
            Connection(from: "funnel1", outport: 0, to: "funnel0", inport: 1),
        ]
        let topology = try Topology(name: "cycle", cpuCount: 1, components: components, connections: connections)
        #expect(topology.buildPath(from: 0, to: 3) == nil)
        #expect(topology.findActivatedSink(from: 0) { _ in true } == nil)
        #expect(topology.defaultSink(from: 0) == nil)
    }

    @Test func topologyJSONHasExactlyTheIssuesShape() throws {
        let topology = try Topology(
            name: "tiny", cpuCount: 1, components: [Self.etm, Self.sink],
            connections: [Connection(from: "etm0", outport: 0, to: "tmc_etr0", inport: 0)])
        #expect(topology.json().rendered(indent: nil) == """
            {"components":[{"name":"etm0","type":"source","subtype":"etm4","cpu":0},\
            {"name":"tmc_etr0","type":"sink","subtype":"etr","address":"0x20070000"}],\
            "connections":[{"from":"etm0","outport":0,"to":"tmc_etr0","inport":0}]}
            """)
    }
}
