import CoreSightModel
import OrderedJSON
import Testing

/// A tracer and its CPU's TRBE: paired by CPU, not by a connection, as the CoreSight core pairs
/// them (`coresight_set_percpu_sink()`): perf's default sink and its path go straight to the
/// TRBE; the sysfs sink search, which walks connections, never finds it.
@Suite struct PerCPUSinkTests {

    @Test func everyETEOnTheFVPHasItsOwnTRBEAndNoConnection() throws {
        let fvp = try Board.fvpBaseRevC.topology()
        #expect(fvp.connections.isEmpty)
        #expect(fvp.perCPUPairs.map { "\(fvp[$0.source].name)>\(fvp[$0.sink].name)" } == (0..<8).map { "ete\($0)>trbe\($0)" })
        for cpu in 0..<8 {
            let ete = try #require(fvp.tracerOfCPU[cpu])
            let trbe = try #require(fvp.id(named: "trbe\(cpu)"))
            #expect(fvp.perCPUSink(of: ete) == trbe)
            #expect(fvp.perCPUSinkOfCPU[cpu] == trbe)
            // Perf: the per-CPU sink is the default, and the path is the pair, with no ports.
            #expect(fvp.defaultSink(from: ete) == trbe)
            let path = try #require(fvp.buildPath(from: ete, to: trbe))
            #expect(path.hops == [PathHop(component: ete, inport: nil, outport: nil), PathHop(component: trbe, inport: nil, outport: nil)])
            #expect(path.enableOrder.map(\.component) == [trbe])
            // Sysfs: even with every TRBE activated, no sink is found from an ETE.
            #expect(fvp.findActivatedSink(from: ete) { _ in true } == nil)
            // Another CPU's TRBE is out of reach.
            #expect(fvp.buildPath(from: ete, to: try #require(fvp.id(named: "trbe\((cpu + 1) % 8)"))) == nil)
        }
        let tracers = fvp.tracerOfCPU.compactMap { $0 }
        #expect(fvp.defaultSinks(from: tracers) == tracers.map { fvp.defaultSink(from: $0) })
    }

    /// With a TRBE and an ETR behind a funnel, perf still takes the TRBE first
    /// (`coresight_find_default_sink()` asks for the per-CPU sink before walking), while a path
    /// to the ETR, and the sysfs search, go through the connections.
    @Test func thePerCPUSinkComesBeforeAnyConnectedSink() throws {
        let topology = try Topology(
            name: "ete-with-etr", cpuCount: 2,
            components: [
                Component(name: "ete0", subtype: .ete, cpu: 0), Component(name: "ete1", subtype: .ete, cpu: 1),
                Component(name: "funnel0", subtype: .funnel), Component(name: "tmc_etr0", subtype: .etr),
                Component(name: "trbe0", subtype: .trbe, cpu: 0),
            ],
            connections: [
                Connection(from: "ete0", outport: 0, to: "funnel0", inport: 0),
                Connection(from: "ete1", outport: 0, to: "funnel0", inport: 1),
                Connection(from: "funnel0", outport: 0, to: "tmc_etr0", inport: 0),
            ])
        let (ete0, ete1) = (topology.id(named: "ete0")!, topology.id(named: "ete1")!)
        let (etr, trbe0) = (topology.id(named: "tmc_etr0")!, topology.id(named: "trbe0")!)
        #expect(topology.defaultSink(from: ete0) == trbe0)
        #expect(topology.defaultSink(from: ete1) == etr)  // cpu1 has no TRBE
        #expect(topology.defaultSinks(from: [ete0, ete1]) == [trbe0, etr])
        #expect(topology.buildPath(from: ete0, to: etr)?.hops.map { topology[$0.component].name } == ["ete0", "funnel0", "tmc_etr0"])
        #expect(topology.findActivatedSink(from: ete0) { _ in true } == etr)
        #expect(topology.perCPUSink(of: ete1) == nil)
        #expect(topology.perCPUSink(of: topology.id(named: "funnel0")!) == nil)
    }

    @Test func theFirstTRBEOfACPUIsItsSinkAndATRBEWithoutATracerPairsWithNothing() throws {
        let topology = try Topology(
            name: "odd", cpuCount: 3,
            components: [
                Component(name: "ete0", subtype: .ete, cpu: 0),
                Component(name: "trbe0", subtype: .trbe, cpu: 0), Component(name: "trbe00", subtype: .trbe, cpu: 0),
                Component(name: "trbe2", subtype: .trbe, cpu: 2), Component(name: "trbe", subtype: .trbe),
            ],
            connections: [])
        #expect(topology.perCPUSink(of: 0) == topology.id(named: "trbe0"))
        #expect(topology.perCPUSinkOfCPU == [topology.id(named: "trbe0"), nil, topology.id(named: "trbe2")])
        #expect(topology.perCPUPairs.count == 1)
        #expect(topology.perCPUSink(of: 99) == nil)
    }

    @Test func theExportsShowThePairs() throws {
        let fvp = try Board.fvpBaseRevC.topology()
        guard case .object(let members) = fvp.json(), case .array(let components)? = members.first(where: { $0.0 == "components" })?.1 else {
            Issue.record("no components in \(fvp.json().rendered())")
            return
        }
        // `cpu` on the TRBEs too: the only place the pairs show in JSON.
        #expect(components.allSatisfy { if case .object(let fields) = $0 { fields.contains { $0.0 == "cpu" } } else { false } })
        #expect(fvp.text().contains("per-CPU sinks (paired by CPU by the kernel, not connected; perf only):\n  ete0 -> trbe0\n"))
        #expect(fvp.text().contains("connections (from:outport -> to:inport):\n  none\n"))
        #expect(fvp.dot().contains("\"ete7\" -> \"trbe7\" [style=dashed, label=\"per-CPU\"];"))
        let juno = try Board.junoR2.topology()
        #expect(juno.perCPUPairs.isEmpty && !juno.text().contains("per-CPU") && !juno.dot().contains("dashed"))
    }
}
