import LiveSysfs
import SysfsFixtures
import Testing

/// The grid-256 poll, measured without asserting on time (figures are printed; a debug build
/// is slower than `csx bench` in release). The system-call count is structural and checked.
@Suite struct BenchmarkTests {
    @Test func pollOfGrid256() throws {
        let tree = try FixtureTree("grid-256")
        let result = try SysfsBenchmark.run(root: tree.root, polls: 50)
        // online + 256 enable_source + 3 enable_sink + 256 CPUs x 2 idle states (usage).
        #expect(result.syscallsPerPoll == 1 + 256 + 3 + 512)
        #expect(result.busySyscallsPerPoll == 1 + 256 + 3 + 1024)
        #expect(result.filesKeptOpen == 1 + 259 + 1024)
        print(String(
            format: "sysfs poll grid-256: median %.3f ms (fastest %.3f ms), %d preads; all idle counters moving: %.3f ms, %d preads",
            result.medianSeconds * 1e3, result.fastestSeconds * 1e3, result.syscallsPerPoll,
            result.busyMedianSeconds * 1e3, result.busySyscallsPerPoll))
    }
}
