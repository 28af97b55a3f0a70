#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoreSightModel
import Foundation
import LiveSysfs
import SysfsFixtures
import Testing

/// The `broken` fixture (db410c with one fault of each kind, listed in broken.sysfs): every
/// fault is a problem on its device, and the rest of the topology is still there.
@Suite struct BrokenTreeTests {
    @Test func everyFaultIsAProblemOnItsDevice() throws {
        let tree = try FixtureTree("broken")
        let result = try SysfsDiscovery.discover(root: tree.root)
        let shown = Set(result.problems.map(\.description))
        let expected: [String] = [
            // missing files
            "etm1: cpu: missing; using 1 from the name",
            "tmc_etr0: enable_sink: missing",
            "etm2: uevent: missing",
            // unreadable
            "etm3: enable_source: unreadable (EISDIR)",
            // garbage
            "stm0: enable_source: garbage \"banana\"",
            "etm0: cpu: garbage \"zero\"; using 0 from the name",
            "tmc_etf0: uevent: unknown DEVTYPE \"gizmo\"",
            "cpu2: cpuidle/state1/usage: garbage \"-5\"",
            // dangling links
            "etb0: dangling link to ../../../devices/platform/soc@0/a00000.etb/etb0",
            "replicator0: connections/out:1: dangling link to ../../../820000.tpiu/tpiu9",
            "tpiu0: connections/in:0: replicator0 has no out: link to it",
            // link cycles
            "loop0: link cycle",
            "loop1: link cycle",
            "funnel0: connections/out:1: link cycle",
            "funnel0: connections/nr_links: says 3, but the directory holds 4 links",
            "funnel2: trace links form a cycle: funnel2 → funnel3 → funnel2",
        ]
        for problem in expected {
            #expect(shown.contains(problem), "missing: \(problem)")
        }
        #expect(result.problems.count == expected.count, "\(result.problems.map(\.description))")
    }

    @Test func theRestOfTheTopologyIsStillShown() throws {
        let tree = try FixtureTree("broken")
        let result = try SysfsDiscovery.discover(root: tree.root)
        let topology = try #require(result.topology)
        let board = try Board.db410c.topology()
        #expect(Set(topology.components) == Set(board.components).union([
            Component(name: "funnel2", subtype: .funnel, address: 0x90_0000),
            Component(name: "funnel3", subtype: .funnel, address: 0x90_1000),
        ]))
        let lost = Connection(from: "replicator0", outport: 1, to: "tpiu0", inport: 0)
        #expect(Set(topology.connections) == Set(board.connections).subtracting([lost]).union([
            Connection(from: "funnel2", outport: 0, to: "funnel3", inport: 0),
            Connection(from: "funnel3", outport: 0, to: "funnel2", inport: 0),
        ]))
        for name in ["etb0", "loop0", "loop1"] {
            #expect(result.device(named: name)?.kind == .unreadable)
        }
        // Unreadable entries come last; a path search over the cycle still ends.
        #expect(result.devices.suffix(3).map(\.name) == ["etb0", "loop0", "loop1"])
        #expect(topology.buildPath(from: topology.id(named: "funnel2")!, to: topology.id(named: "tpiu0")!) == nil)
    }

    @Test func pollingShowsTheFaultsAndKeepsGoing() throws {
        let tree = try FixtureTree("broken")
        var poller = SysfsPoller(discovery: try SysfsDiscovery.discover(root: tree.root))
        let result = poller.poll()
        let shown = Set(result.state.problems.map(\.description))
        #expect(shown.contains("etm3: enable_source: unreadable (EISDIR)"))
        #expect(shown.contains("stm0: enable_source: garbage \"banana\""))
        #expect(shown.contains("cpu2: cpuidle/state1/usage: garbage \"-5\""))
        #expect(result.state.device(named: "etm3")?.enableSource == nil)
        #expect(result.state.device(named: "etm0")?.enableSource == false)
        #expect(result.state.cpus[3].online == false)
        #expect(result.changes == [])
    }

    @Test(.enabled(if: geteuid() != 0, "root reads files of mode 000; the EISDIR case covers root"))
    func anUnreadableFileIsAProblem() throws {
        let tree = try FixtureTree("db410c")
        #expect(chmod(tree.device("etm1") + "/enable_source", 0) == 0)
        let result = try SysfsDiscovery.discover(root: tree.root)
        #expect(result.problems.map(\.description) == ["etm1: enable_source: unreadable (EACCES)"])
    }

    @Test func noBusIsFatal() throws {
        let tree = try FixtureTree(empty: "nobus")
        #expect(throws: SysfsDiscoveryError.noCoreSightBus(path: tree.path("bus/coresight/devices"))) {
            try SysfsDiscovery.discover(root: tree.directory.path)
        }
        #expect(throws: SysfsDiscoveryError.rootUnreadable(path: tree.path("nothing"), errno: "ENOENT")) {
            try SysfsDiscovery.discover(root: tree.path("nothing"))
        }
    }

    @Test func anEmptyBusIsAnEmptyTopology() throws {
        let tree = try FixtureTree(empty: "emptybus")
        try FileManager.default.createDirectory(atPath: tree.path("sys/bus/coresight/devices"), withIntermediateDirectories: true)
        let result = try SysfsDiscovery.discover(root: tree.root)
        #expect(result.topology?.components == [])
        #expect(result.problems.map(\.description) == [
            "bus/coresight/devices: no CoreSight devices registered (drivers not loaded?)",
            "devices/system/cpu: possible: missing",
        ])
    }

    @Test func nothingReadableMeansNoTopology() throws {
        let tree = try FixtureTree(empty: "allbroken")
        let bus = tree.path("sys/bus/coresight/devices")
        try FileManager.default.createDirectory(atPath: bus, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: bus + "/etm0", withDestinationPath: "../../../devices/gone/etm0")
        let result = try SysfsDiscovery.discover(root: tree.root)
        #expect(result.topology == nil)
        #expect(result.devices.map(\.kind) == [.unreadable])
    }

    @Test func aDeviceWithoutConnectionsFallsBackToTheDeviceTree() throws {
        let tree = try FixtureTree("db410c")
        try FileManager.default.removeItem(atPath: tree.device("funnel1") + "/connections")
        let result = try SysfsDiscovery.discover(root: tree.root)
        #expect(result.graphSource == .mixed)
        #expect(result.problems.map(\.description).contains("funnel1: connections/: missing; trace links read from the device tree"))
        // funnel1's output comes back from the device tree; its inputs from the ETMs' out: links.
        #expect(Set(try #require(result.topology).connections) == Set(Board.db410c.connections))
    }

    @Test func withoutConnectionsOrDeviceTreeNoLinkIsInvented() throws {
        let tree = try FixtureTree("juno-r2-noconn")
        try FileManager.default.removeItem(atPath: tree.path("sys/firmware"))
        let result = try SysfsDiscovery.discover(root: tree.root)
        #expect(result.graphSource == .none)
        #expect(result.topology?.connections == [])
        #expect(result.topology?.components.count == 17)
        #expect(result.problems.map(\.description) == [
            "topology: no trace links could be read: no connections/ (kernel before v5.7?) and no device-tree nodes (ACPI?)"
        ])
    }
}
