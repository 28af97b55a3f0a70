/// Figures for `csx bench`: the cost of one poll of a sysfs root.
public enum SysfsBenchmark {
    public struct Result: Sendable, Hashable {
        public var devicesPolled: Int
        public var cpus: Int
        public var idleStates: Int
        public var filesKeptOpen: Int
        public var polls: Int
        /// When no idle counter moved between polls (a quiet system; any static fixture).
        public var medianSeconds: Double
        public var fastestSeconds: Double
        public var syscallsPerPoll: Int
        /// When every idle counter moved: `time` is read too.
        public var busyMedianSeconds: Double
        public var busySyscallsPerPoll: Int
    }

    /// Discovers `root` once, then times `polls` polls of each kind (not counting discovery).
    public static func run(root: String, polls: Int = 200) throws(SysfsDiscoveryError) -> Result {
        let discovery = try SysfsDiscovery.discover(root: root)
        let quiet = measure(SysfsPoller(discovery: discovery, previous: nil, readsIdleTimeEveryPoll: false), polls: polls)
        let busy = measure(SysfsPoller(discovery: discovery, previous: nil, readsIdleTimeEveryPoll: true), polls: polls)
        let poller = SysfsPoller(discovery: discovery)
        return Result(
            devicesPolled: poller.state.devices.count, cpus: poller.state.cpus.count,
            idleStates: poller.state.idleCounters.count, filesKeptOpen: poller.fileCount, polls: max(polls, 1),
            medianSeconds: quiet.median, fastestSeconds: quiet.fastest, syscallsPerPoll: quiet.syscalls,
            busyMedianSeconds: busy.median, busySyscallsPerPoll: busy.syscalls)
    }

    /// One poll after discovery and a baseline: its duration and system calls.
    public static func pollOnce(root: String) throws(SysfsDiscoveryError) -> (seconds: Double, syscalls: Int) {
        let result = measure(SysfsPoller(discovery: try SysfsDiscovery.discover(root: root)), polls: 1)
        return (result.median, result.syscalls)
    }

    private static func measure(_ poller: SysfsPoller, polls: Int) -> (median: Double, fastest: Double, syscalls: Int) {
        var poller = poller
        let clock = ContinuousClock()
        var times: [Double] = []
        var syscalls = 0
        for _ in 0..<max(polls, 1) {
            var result: SysfsPollResult?
            let elapsed = clock.measure { result = poller.poll() }
            syscalls = result?.syscalls ?? 0
            times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        times.sort()
        return (times[times.count / 2], times[0], syscalls)
    }
}
