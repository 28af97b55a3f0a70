#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import LiveSysfs
import SysfsFixtures
import Testing

/// Polling a copy of a fixture while the test changes its files the way the kernel would.
@Suite struct PollerTests {
    @Test func theBaselineIsTheFixture() throws {
        let tree = try FixtureTree("juno-r2")
        let poller = SysfsPoller(discovery: try SysfsDiscovery.discover(root: tree.root))
        let state = poller.state
        #expect(state.device(named: "etm0") == SysfsState.Device(name: "etm0", enableSource: true))
        #expect(state.device(named: "tmc_etr0") == SysfsState.Device(name: "tmc_etr0", enableSink: true))
        #expect(state.device(named: "tmc_etf0") == SysfsState.Device(name: "tmc_etf0", enableSink: false))
        #expect(state.device(named: "funnel0") == nil)
        #expect(state.devices.count == 7 + 4)
        #expect(state.cpus.allSatisfy { $0.online == true })
        #expect(state.idleCounters(ofCPU: 1).map(\.usage) == [1037, 1248, 1459])
        #expect(state.idleCounters(ofCPU: 1).map(\.timeMicroseconds) == [41480, 424320, 933760])
        #expect(state.problems == [])
    }

    @Test func aQuietPollChangesNothingAndCostsOnePreadPerFile() throws {
        let tree = try FixtureTree("juno-r2")
        var poller = SysfsPoller(discovery: try SysfsDiscovery.discover(root: tree.root))
        let result = poller.poll()
        #expect(result.changes == [])
        // online list + 7 enable_source + 4 enable_sink + 6 CPUs x 3 idle states (usage only).
        #expect(result.syscalls == 1 + 7 + 4 + 18)
        #expect(result.needsRediscovery == false)
    }

    @Test func enableFilesRewrittenShowAsChanges() throws {
        let tree = try FixtureTree("juno-r2")
        var poller = SysfsPoller(discovery: try SysfsDiscovery.discover(root: tree.root))
        try tree.write(tree.device("etm0") + "/enable_source", "0\n")
        try tree.write(tree.device("etm3") + "/enable_source", "1\n")
        try tree.write(tree.device("tmc_etf1") + "/enable_sink", "1\n")
        let result = poller.poll()
        #expect(result.changes == [
            .enabledChanged(device: "etm0", kind: .source, enabled: false),
            .enabledChanged(device: "etm3", kind: .source, enabled: true),
            .enabledChanged(device: "tmc_etf1", kind: .sink, enabled: true),
        ])
        #expect(poller.state.device(named: "etm3")?.enableSource == true)
        #expect(poller.poll().changes == [])
    }

    /// `echo 0 > enable_source` truncates before it writes: a poll can catch the file empty.
    @Test func oneThenEmptyThenZeroIsAFaultThenAChange() throws {
        let tree = try FixtureTree("juno-r2")
        var poller = SysfsPoller(discovery: try SysfsDiscovery.discover(root: tree.root))
        let file = tree.device("etm0") + "/enable_source"
        try tree.write(file, "")
        let empty = poller.poll()
        #expect(empty.changes == [])
        // The last value read stays, with what was read instead.
        #expect(empty.state.device(named: "etm0") == SysfsState.Device(name: "etm0", enableSource: true, sourceFault: .empty))
        #expect(empty.state.problems.map(\.description) == ["etm0: enable_source: empty"])
        try tree.write(file, "0\n")
        let zero = poller.poll()
        #expect(zero.changes == [.enabledChanged(device: "etm0", kind: .source, enabled: false)])
        #expect(zero.state.device(named: "etm0") == SysfsState.Device(name: "etm0", enableSource: false))
        #expect(zero.state.problems == [])
    }

    @Test func oneThenEmptyThenOneIsNoChange() throws {
        let tree = try FixtureTree("juno-r2")
        var poller = SysfsPoller(discovery: try SysfsDiscovery.discover(root: tree.root))
        let file = tree.device("etm0") + "/enable_source"
        try tree.write(file, "")
        #expect(poller.poll().changes == [])
        try tree.write(file, "1\n")
        let again = poller.poll()
        #expect(again.changes == [])
        #expect(again.state.device(named: "etm0") == SysfsState.Device(name: "etm0", enableSource: true))
    }

    @Test func unreadableThenOneIsAFaultThenAChange() throws {
        let tree = try FixtureTree("juno-r2")
        let file = tree.device("etm0") + "/enable_source"
        // A directory where the file should be: EISDIR, for root too; never kept open.
        try FileManager.default.removeItem(atPath: file)
        try FileManager.default.createDirectory(atPath: file, withIntermediateDirectories: false)
        var poller = SysfsPoller(discovery: try SysfsDiscovery.discover(root: tree.root))
        #expect(poller.state.device(named: "etm0") == SysfsState.Device(name: "etm0", sourceFault: .unreadable("EISDIR")))
        #expect(poller.poll().changes == [])
        try FileManager.default.removeItem(atPath: file)
        try tree.write(file, "1\n")
        let again = poller.poll()
        #expect(again.changes == [.enabledChanged(device: "etm0", kind: .source, enabled: true)])
        #expect(again.state.device(named: "etm0") == SysfsState.Device(name: "etm0", enableSource: true))
    }

    @Test func faultsSayWhatWasRead() {
        #expect(SysfsFault.empty.description == "empty")
        #expect(SysfsFault.garbage("\"x\"").description == "garbage \"x\"")
        #expect(SysfsFault.unreadable("EACCES").description == "unreadable (EACCES)")
        #expect(SysfsFault.unreadable("a FIFO, not a file").description == "unreadable (a FIFO, not a file)")
        #expect(SysfsFault.missing.description == "missing")
    }

    @Test func idleCountersGiveEntriesAndTime() throws {
        let tree = try FixtureTree("juno-r2")
        var poller = SysfsPoller(discovery: try SysfsDiscovery.discover(root: tree.root))
        let state1 = "sys/devices/system/cpu/cpu1/cpuidle/state1/"
        try tree.write(state1 + "usage", "1253\n")
        try tree.write(state1 + "time", "425320\n")
        let result = poller.poll()
        #expect(result.changes == [.idleEntries(cpu: 1, state: 1, count: 5, timeMicroseconds: 1000)])
        #expect(result.syscalls == 1 + 7 + 4 + 18 + 1)  // time is read only where usage moved
    }

    @Test func offlineCPUsAreSkippedAndReported() throws {
        let tree = try FixtureTree("juno-r2")
        var poller = SysfsPoller(discovery: try SysfsDiscovery.discover(root: tree.root))
        try tree.write("sys/devices/system/cpu/online", "0-4\n")
        try tree.write("sys/devices/system/cpu/cpu5/cpuidle/state0/usage", "9999\n")
        let result = poller.poll()
        #expect(result.changes == [.onlineChanged(cpu: 5, online: false)])
        #expect(result.syscalls == 1 + 7 + 4 + 15)
        try tree.write("sys/devices/system/cpu/online", "0-5\n")
        // Back online: the entries made meanwhile show up (its `time` was left unchanged here).
        #expect(poller.poll().changes == [
            .onlineChanged(cpu: 5, online: true),
            .idleEntries(cpu: 5, state: 0, count: 9999 - 1185, timeMicroseconds: 0),
        ])
    }

    @Test func garbageInTheOnlineListIsAProblemNotAChange() throws {
        let tree = try FixtureTree("db410c")
        var poller = SysfsPoller(discovery: try SysfsDiscovery.discover(root: tree.root))
        try tree.write("sys/devices/system/cpu/online", "0-x\n")
        let result = poller.poll()
        #expect(result.changes == [])
        #expect(result.state.problems.map(\.description) == ["devices/system/cpu: online: garbage \"0-x\""])
        #expect(result.state.cpus.allSatisfy { $0.online == nil })
    }

    @Test func aNewPollerGoesOnFromThePreviousState() throws {
        let tree = try FixtureTree("db410c")
        let discovery = try SysfsDiscovery.discover(root: tree.root)
        let first = SysfsPoller(discovery: discovery)
        try tree.write(tree.device("etm2") + "/enable_source", "1\n")
        var second = SysfsPoller(discovery: discovery, previous: first.state)
        #expect(second.poll().changes == [.enabledChanged(device: "etm2", kind: .source, enabled: true)])
    }

    @Test func copiesShareFilesButNotState() throws {
        let tree = try FixtureTree("db410c")
        var original = SysfsPoller(discovery: try SysfsDiscovery.discover(root: tree.root))
        var copy = original
        try tree.write(tree.device("stm0") + "/enable_source", "1\n")
        #expect(copy.poll().changes.count == 1)
        #expect(original.poll().changes.count == 1)
    }
}

@Suite struct DeviceListTests {
    @Test func aDeviceComingOrGoingIsNoticed() throws {
        let tree = try FixtureTree("db410c")
        let poller = SysfsPoller(discovery: try SysfsDiscovery.discover(root: tree.root))
        #expect(!poller.deviceListChanged())
        try FileManager.default.removeItem(atPath: tree.device("stm0"))
        #expect(poller.deviceListChanged())
    }

    @Test func anEntryThatIsNoDeviceNameIsNotAChangeEveryTime() throws {
        let tree = try FixtureTree("db410c")
        try FileManager.default.createSymbolicLink(atPath: tree.path("sys/bus/coresight/devices/etm\u{1B}[9"), withDestinationPath: "etm0")
        let poller = SysfsPoller(discovery: try SysfsDiscovery.discover(root: tree.root))
        #expect(!poller.deviceListChanged())
    }
}
