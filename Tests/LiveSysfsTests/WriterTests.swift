#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LiveSysfs
import SysfsFixtures
import Testing

/// Writes go into temporary copies of fixtures; errno mapping is checked for every case.
@Suite struct WriterTests {
    @Test func describeTargetNamesTheFileWritten() {
        #expect(SysfsWriter.describeTarget(device: "etm0", kind: .source, root: "/sys")
            == "/sys/bus/coresight/devices/etm0/enable_source")
        #expect(SysfsWriter.describeTarget(device: "tmc_etr0", kind: .sink, root: "/sys/")
            == "/sys/bus/coresight/devices/tmc_etr0/enable_sink")
    }

    @Test func writesOneOrZeroAndThePollerSeesIt() throws {
        let tree = try FixtureTree("db410c")
        var poller = SysfsPoller(discovery: try SysfsDiscovery.discover(root: tree.root))
        let result = SysfsWriter.write(enable: true, device: "tmc_etr0", kind: .sink, root: tree.root)
        #expect(throws: Never.self) { try result.get() }
        #expect(try tree.read(tree.device("tmc_etr0") + "/enable_sink") == "1\n")
        #expect(poller.poll().changes == [.enabledChanged(device: "tmc_etr0", kind: .sink, enabled: true)])
        _ = SysfsWriter.write(enable: false, device: "tmc_etr0", kind: .sink, root: tree.root)
        #expect(try tree.read(tree.device("tmc_etr0") + "/enable_sink") == "0\n")
    }

    @Test func aMissingFileIsNeverCreated() throws {
        let tree = try FixtureTree("broken")
        let error = try #require(failure(SysfsWriter.write(enable: true, device: "tmc_etr0", kind: .sink, root: tree.root)))
        #expect(error.reason == .noSuchFile)
        #expect(error.description == "no such file — the device is gone? (ENOENT)")
        #expect(access(tree.device("tmc_etr0") + "/enable_sink", F_OK) != 0)
    }

    @Test func aDirectoryInPlaceOfTheFileGivesTheKernelText() throws {
        let tree = try FixtureTree("broken")
        let error = try #require(failure(SysfsWriter.write(enable: true, device: "etm3", kind: .source, root: tree.root)))
        #expect(error.reason == .other)
        #expect(error.errnoName == "EISDIR")
        #expect(error.description == "Is a directory (EISDIR)")
    }

    @Test(arguments: ["", ".", "..", "../etm0", "etm0/../etm1"])
    func onlyPlainDeviceNamesAreWritten(name: String) throws {
        let tree = try FixtureTree("db410c")
        let error = try #require(failure(SysfsWriter.write(enable: true, device: name, kind: .source, root: tree.root)))
        #expect(error.reason == .invalidDevice)
        #expect(error.errno == 0)
    }

    @Test(.enabled(if: geteuid() != 0, "root may write files of mode 0444"))
    func aReadOnlyFileNeedsRoot() throws {
        let tree = try FixtureTree("db410c")
        #expect(chmod(tree.device("etm0") + "/enable_source", 0o444) == 0)
        let error = try #require(failure(SysfsWriter.write(enable: true, device: "etm0", kind: .source, root: tree.root)))
        #expect(error.description == "needs root (EACCES)")
    }

    @Test func errnoMapping() {
        func text(_ code: Int32, _ kind: SysfsEnableKind = .source) -> String {
            SysfsWriteError(errno: code, kind: kind, path: "/sys/bus/coresight/devices/etm0/enable_source").description
        }
        #expect(text(EACCES) == "needs root (EACCES)")
        #expect(text(EPERM) == "needs root (EPERM)")
        #expect(text(EROFS) == "sysfs is read-only here (a container?) (EROFS)")
        #expect(text(EBUSY) == "in use — perf or an external debugger? (EBUSY)")
        #expect(text(EINVAL) == "no sink activated? (EINVAL)")
        #expect(text(EINVAL, .sink) == "Invalid argument (EINVAL)")
        #expect(text(ENODEV) == "its CPU is offline (ENODEV)")
        #expect(text(ENXIO) == "its CPU is offline (ENXIO)")
        #expect(text(ENOMEM) == "Cannot allocate memory (ENOMEM)")
        #expect(text(ENOENT) == "no such file — the device is gone? (ENOENT)")
    }

    private func failure(_ result: Result<Void, SysfsWriteError>) -> SysfsWriteError? {
        if case .failure(let error) = result { return error }
        return nil
    }
}
