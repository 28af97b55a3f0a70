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

/// Trees built to hang or crash a reader: special files where attributes should be, links that
/// loop or leave the root, port numbers that would size huge arrays. Each becomes a problem on
/// its device (or one error for the root), and discovery and polling return.
@Suite struct HostileTreeTests {
    struct Hung: Error {}

    /// Discovers, opens a poller and polls twice: none of it may block (a hang fails the test
    /// after `SysfsFuzzTests.deadlineSeconds` instead of stopping the run).
    static func readAll(_ tree: borrowing FixtureTree) throws -> (SysfsDiscoveryResult, SysfsPollResult) {
        let root = tree.root
        let outcome = SysfsFuzzTests.withinDeadline { () -> Result<(SysfsDiscoveryResult, SysfsPollResult), SysfsDiscoveryError> in
            Result { () throws(SysfsDiscoveryError) in
                let discovery = try SysfsDiscovery.discover(root: root)
                var poller = SysfsPoller(discovery: discovery)
                _ = poller.poll()
                return (discovery, poller.poll())
            }
        }
        guard let outcome else {
            Issue.record("discovery and two polls of \(root) did not finish")
            throw Hung()
        }
        return try outcome.get()
    }

    static func replace(_ path: String, with make: (String) throws -> Void) throws {
        try FileManager.default.removeItem(atPath: path)
        try make(path)
    }

    static func fifo(_ path: String) throws {
        guard mkfifo(path, 0o644) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    static func socketFile(_ path: String) throws {
        guard FixtureTree.makeSocket(at: path) else { throw POSIXError(.EIO) }
    }

    @Test func aFIFOAsAnAttributeIsAProblemNotAHang() throws {
        let tree = try FixtureTree("db410c")
        try Self.replace(tree.device("etm0") + "/enable_source", with: Self.fifo)
        try Self.replace(tree.device("etm1") + "/uevent", with: Self.fifo)
        try Self.replace(tree.path("sys/devices/system/cpu/possible"), with: Self.fifo)
        let (discovery, poll) = try Self.readAll(tree)
        let shown = discovery.problems.map(\.description)
        #expect(shown.contains("etm0: enable_source: unreadable (a FIFO, not a file)"))
        #expect(shown.contains("etm1: uevent: unreadable (a FIFO, not a file)"))
        #expect(shown.contains("devices/system/cpu: possible: unreadable (a FIFO, not a file)"))
        #expect(poll.state.device(named: "etm0")?.sourceFault == .unreadable("a FIFO, not a file"))
        #expect(discovery.topology?.components.count == Board.db410c.components.count)
    }

    @Test func aSocketAsAnAttributeIsAProblem() throws {
        let tree = try FixtureTree("db410c")
        try Self.replace(tree.device("tmc_etr0") + "/enable_sink", with: Self.socketFile)
        let (discovery, poll) = try Self.readAll(tree)
        #expect(discovery.problems.map(\.description) == ["tmc_etr0: enable_sink: unreadable (a socket, not a file)"])
        #expect(poll.state.device(named: "tmc_etr0")?.sinkFault == .unreadable("a socket, not a file"))
    }

    @Test(.enabled(if: geteuid() == 0, "only root makes device nodes"))
    func aCharacterDeviceIsNeverOpened() throws {
        let tree = try FixtureTree("db410c")
        // /dev/null's numbers: harmless even if it were opened, which it must not be.
        try Self.replace(tree.device("etm2") + "/enable_source") { path in
            guard mknod(path, S_IFCHR | 0o600, dev_t(1 << 8 | 3)) == 0 else { throw POSIXError(.EPERM) }
        }
        let (discovery, poll) = try Self.readAll(tree)
        #expect(discovery.problems.map(\.description) == ["etm2: enable_source: unreadable (a character device, not a file)"])
        #expect(poll.state.device(named: "etm2")?.sourceFault == .unreadable("a character device, not a file"))
    }

    @Test func symlinksWhereTheLayoutHasNoneAreNotFollowed() throws {
        let tree = try FixtureTree("db410c")
        // An attribute that loops to itself, one that points at a real file elsewhere.
        try Self.replace(tree.device("etm0") + "/enable_source") { try FileManager.default.createSymbolicLink(atPath: $0, withDestinationPath: "enable_source") }
        try Self.replace(tree.device("etm1") + "/enable_source") { try FileManager.default.createSymbolicLink(atPath: $0, withDestinationPath: "/etc/hostname") }
        let (discovery, _) = try Self.readAll(tree)
        let shown = discovery.problems.map(\.description)
        #expect(shown.contains("etm0: enable_source: unreadable (a symlink, not a file)"))
        #expect(shown.contains("etm1: enable_source: unreadable (a symlink, not a file)"))
    }

    @Test func aDirectoryOnTheWayThatIsASymlinkIsRefused() throws {
        let tree = try FixtureTree("db410c")
        let cpu = tree.path("sys/devices/system/cpu")
        try FileManager.default.moveItem(atPath: cpu, toPath: tree.path("sys/cpu-elsewhere"))
        try FileManager.default.createSymbolicLink(atPath: cpu, withDestinationPath: "../../cpu-elsewhere")
        let (discovery, _) = try Self.readAll(tree)
        #expect(discovery.problems.map(\.description).contains("devices/system/cpu: possible: unreadable (reached through a symlink)"))
    }

    @Test func busLinksThatLoopOrLeaveTheRootAreProblems() throws {
        let tree = try FixtureTree("db410c")
        let bus = tree.path("sys/bus/coresight/devices")
        try FileManager.default.createSymbolicLink(atPath: bus + "/away", withDestinationPath: "/dev")
        try FileManager.default.createSymbolicLink(atPath: bus + "/spin", withDestinationPath: "spin")
        try Self.fifo(bus + "/pipe0")
        let (discovery, _) = try Self.readAll(tree)
        let shown = Set(discovery.problems.map(\.description))
        #expect(shown.contains("away: unreadable (links outside the sysfs root)"))
        #expect(shown.contains("spin: link cycle"))
        #expect(shown.contains("pipe0: unreadable (ENOTDIR)"))
    }

    @Test func aRootThatIsAFIFOIsOneError() throws {
        let tree = try FixtureTree(empty: "fiforoot")
        try Self.fifo(tree.path("sys"))
        #expect(throws: SysfsDiscoveryError.noCoreSightBus(path: tree.path("sys") + "/bus/coresight/devices")) {
            try SysfsDiscovery.discover(root: tree.path("sys"))
        }
    }

    @Test func aHugeAttributeIsReadOnlyAsFarAsAPage() throws {
        let tree = try FixtureTree("db410c")
        try Data(repeating: UInt8(ascii: "1"), count: 10 << 20).write(to: URL(fileURLWithPath: tree.device("etm0") + "/enable_source"))
        let (discovery, poll) = try Self.readAll(tree)
        #expect(discovery.problems.map(\.description) == ["etm0: enable_source: garbage \"11111111111111111111111111111111…\""])
        #expect(poll.state.device(named: "etm0")?.sourceFault == .garbage("\"11111111111111111111111111111111…\""))
    }

    @Test func controlCharactersInNamesAndValuesAreEscaped() throws {
        let tree = try FixtureTree("db410c")
        try tree.write(tree.device("etm0") + "/enable_source", "\u{1B}[2J\u{202E}\n")
        let bus = tree.path("sys/bus/coresight/devices")
        try FileManager.default.createSymbolicLink(atPath: bus + "/etm\u{1B}]0;x\u{07}", withDestinationPath: "etm0")
        let (discovery, _) = try Self.readAll(tree)
        let shown = discovery.problems.map(\.description)
        #expect(shown.contains("etm0: enable_source: garbage \"\\x1b[2J\\u{202e}\""))
        #expect(shown.contains { $0.hasPrefix("etm\\x1b]0;x\\x07: not a device name") })
        #expect(shown.allSatisfy { !$0.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{202E}" } })
    }

    // MARK: - the device tree before v5.7

    static let funnelPorts = "sys/firmware/devicetree/base/funnel@20040000/in-ports"

    @Test func aPortNumberNearIntMaxIsRefusedWhereItIsRead() throws {
        let tree = try FixtureTree("juno-r2-noconn")
        let port = tree.path(Self.funnelPorts + "/port@1")
        try FileManager.default.removeItem(atPath: port + "/reg")
        try FileManager.default.moveItem(atPath: port, toPath: tree.path(Self.funnelPorts + "/port@7fffffffffffffff"))
        let (discovery, _) = try Self.readAll(tree)
        #expect(discovery.problems.map(\.description).contains(
            "funnel0: device tree: in-ports/port@7fffffffffffffff: port number above 255; port left out"))
        let topology = try #require(discovery.topology)
        #expect(topology.connections.allSatisfy { $0.inport <= TopologyLimits.maxPort && $0.outport <= TopologyLimits.maxPort })
        #expect(topology.components.indices.allSatisfy { topology.portCount(of: $0) <= TopologyLimits.maxPort + 1 })
    }

    @Test func aRegOfAllOnesIsRefused() throws {
        let tree = try FixtureTree("juno-r2-noconn")
        try Data([0xFF, 0xFF, 0xFF, 0xFF]).write(to: URL(fileURLWithPath: tree.path(Self.funnelPorts + "/port@1/reg")))
        let (discovery, _) = try Self.readAll(tree)
        #expect(discovery.problems.map(\.description).contains(
            "funnel0: device tree: in-ports/port@1: port number above 255; port left out"))
        #expect(try #require(discovery.topology).connections.allSatisfy { $0.inport <= TopologyLimits.maxPort })
    }

    @Test func connectionPortsPastTheLimitAreRefused() throws {
        let tree = try FixtureTree("db410c")
        let connections = tree.device("etm0") + "/connections"
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: connections + "/out:0")
        try FileManager.default.createSymbolicLink(atPath: connections + "/out:256", withDestinationPath: target)
        try FileManager.default.createSymbolicLink(atPath: connections + "/out:99999999999999999999", withDestinationPath: target)
        let (discovery, _) = try Self.readAll(tree)
        let shown = discovery.problems.map(\.description)
        #expect(shown.contains("etm0: connections/out:256: not a port number from 0 to 255; link left out"))
        #expect(shown.contains("etm0: connections/out:99999999999999999999: not a port number from 0 to 255; link left out"))
    }

    @Test func tooManyIdleStatesAreCut() throws {
        let tree = try FixtureTree("db410c")
        let idle = tree.path("sys/devices/system/cpu/cpu0/cpuidle")
        for index in 2..<40 {
            try FileManager.default.createDirectory(atPath: idle + "/state\(index)", withIntermediateDirectories: true)
            for (file, text) in [("name", "S\(index)\n"), ("usage", "0\n"), ("time", "0\n")] {
                try tree.write(idle + "/state\(index)/" + file, text)
            }
        }
        let (discovery, _) = try Self.readAll(tree)
        #expect(discovery.problems.map(\.description) == ["cpu0: cpuidle: more than 16 idle states; the rest left out"])
        #expect(discovery.cpus[0].idleStates.count == 16)
    }
}
