import CoreSightModel
import LiveSysfs
import SysfsFixtures
import Testing

/// Each board fixture, discovered, is the built-in board: same components (name, subtype,
/// CPU, address) and the same connections, whether the graph comes from `connections/` or
/// from the device-tree fallback.
@Suite struct BoardFixtureTests {
    static let cases: [(fixture: String, board: String, source: SysfsDiscoveryResult.GraphSource)] = [
        ("juno-r2", "juno-r2", .connections),
        ("juno-r2-noconn", "juno-r2", .deviceTree),
        ("hikey960", "hikey960", .connections),
        ("db410c", "db410c", .connections),
        ("db410c-noconn", "db410c", .deviceTree),
        ("grid-256", "grid-256", .connections),
        ("fvp-base-revc", "fvp-base-revc", .connections),
    ]

    @Test(arguments: cases)
    func discoveryEqualsTheBuiltInBoard(fixture: String, board: String, source: SysfsDiscoveryResult.GraphSource) throws {
        let tree = try FixtureTree(fixture)
        let result = try SysfsDiscovery.discover(root: tree.root)
        let expected = try #require(Board.named(board)).topology()
        let topology = try #require(result.topology)

        #expect(Set(topology.components) == Set(expected.components))
        // Sources, links, sinks in natural name order: the built-in boards' order too.
        #expect(topology.components == expected.components)
        #expect(Set(topology.connections) == Set(expected.connections))
        #expect(topology.components.count == expected.components.count)
        #expect(topology.connections.count == expected.connections.count)
        #expect(topology.cpuCount == expected.cpuCount)
        #expect(result.problems == [])
        #expect(result.graphSource == source)
        #expect(result.cpus.count == expected.cpuCount)
    }

    @Test func componentsComeSourcesFirstInNaturalOrder() throws {
        let tree = try FixtureTree("grid-256")
        let topology = try #require(try SysfsDiscovery.discover(root: tree.root).topology)
        let names = topology.components.map(\.name)
        #expect(names.prefix(3) == ["etm0", "etm1", "etm2"])
        #expect(names[9] == "etm9" && names[10] == "etm10")
        #expect(names.suffix(3) == ["tmc_etf0", "tmc_etr0", "tpiu0"])
    }

    @Test func junoKeepsTheCTIsAsHelpersOutsideTheTopology() throws {
        let tree = try FixtureTree("juno-r2")
        let result = try SysfsDiscovery.discover(root: tree.root)
        let cti = try #require(result.device(named: "cti_cpu1"))
        #expect(cti.kind == .other(devtype: "helper"))
        #expect(cti.cpu == 1)
        #expect(cti.address == 0x2202_0000)
        #expect(result.device(named: "etm1")?.helpers == ["cti_cpu1"])
        #expect(result.device(named: "tmc_etf1")?.helpers == ["cti_sys2"])
        #expect(result.topology?.id(named: "cti_cpu1") == nil)
        #expect(result.devices.count == 17 + 7)
    }

    /// The FVP's ETEs are platform devices named after their nodes (`ete-N`, no address); its
    /// TRBE is one platform device holding a sink per CPU, whose CPU only its name gives.
    @Test func theFVPsETEsAndTRBEsAreReadAsTheKernelLaysThemOut() throws {
        let tree = try FixtureTree("fvp-base-revc")
        let result = try SysfsDiscovery.discover(root: tree.root)
        let ete3 = try #require(result.device(named: "ete3"))
        #expect(ete3.kind == .component(.ete) && ete3.cpu == 3 && ete3.parentName == "ete-3" && ete3.address == nil)
        #expect(ete3.hasEnableSource && ete3.hasConnections)
        let trbe5 = try #require(result.device(named: "trbe5"))
        #expect(trbe5.kind == .component(.trbe) && trbe5.cpu == 5 && trbe5.parentName == "trbe" && trbe5.address == nil)
        #expect(trbe5.hasEnableSink && !trbe5.hasEnableSource)
        #expect(result.problems == [])
        #expect(result.topology?.connections.isEmpty == true)
        #expect(result.topology?.savesContextOverIdle == false)
        #expect(result.cpus[7].idleStates.map(\.name) == ["WFI", "cpu-sleep-0", "cluster-sleep-0"])
    }

    @Test func boardFactsBeyondTheGraph() throws {
        let juno = try FixtureTree("juno-r2")
        let result = try SysfsDiscovery.discover(root: juno.root)
        #expect(result.topology?.name == "ARM Juno development board (r2)")
        // pm_save_enable = 1: the ETM driver never saves context over idle on Juno.
        #expect(result.topology?.savesContextOverIdle == false)
        #expect(result.cpus[0].idleStates.map(\.name) == ["WFI", "cpu-sleep-0", "cluster-sleep-0"])
        #expect(result.cpus.allSatisfy { $0.hasOnlineFile })
        let tpiu = try #require(result.device(named: "tpiu0"))
        #expect(tpiu.parentName == "20030000.tpiu")
        #expect(tpiu.hasEnableSink && !tpiu.hasEnableSource)

        let db410c = try FixtureTree("db410c")
        #expect(try SysfsDiscovery.discover(root: db410c.root).topology?.savesContextOverIdle == true)

        let hikey = try FixtureTree("hikey960")
        let staticFunnel = try #require(try SysfsDiscovery.discover(root: hikey.root).device(named: "funnel3"))
        #expect(staticFunnel.parentName == "soc:funnel")
        #expect(staticFunnel.address == nil)
    }
}
