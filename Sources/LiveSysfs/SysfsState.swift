/// What one poll saw: enable flags, CPUs online, idle counters. A value; arrays are flat so
/// that keeping a copy while the poller goes on costs a few allocations, not one per CPU.
public struct SysfsState: Sendable, Hashable {
    public struct Device: Sendable, Hashable {
        public var name: String
        /// `enable_source`: true only while a sysfs session holds the source (perf reads 0).
        /// The last value read: a poll that reads none (see `sourceFault`) keeps it. Nil when
        /// the device has no such file or no value was ever read from it.
        public var enableSource: Bool?
        /// `enable_sink`: the "activated" flag, not "capturing". As above.
        public var enableSink: Bool?
        /// What this poll read from `enable_source` instead of a value (nil when it read one,
        /// or the device has no such file).
        public var sourceFault: SysfsFault?
        /// The same for `enable_sink`.
        public var sinkFault: SysfsFault?

        public init(
            name: String, enableSource: Bool? = nil, enableSink: Bool? = nil,
            sourceFault: SysfsFault? = nil, sinkFault: SysfsFault? = nil
        ) {
            self.name = name
            self.enableSource = enableSource
            self.enableSink = enableSink
            self.sourceFault = sourceFault
            self.sinkFault = sinkFault
        }
    }

    public struct CPU: Sendable, Hashable {
        public var cpu: Int
        /// Nil when it could not be read.
        public var online: Bool?
        /// This CPU's entries in `idleCounters`.
        public var idleCounterRange: Range<Int>

        public init(cpu: Int, online: Bool?, idleCounterRange: Range<Int>) {
            self.cpu = cpu
            self.online = online
            self.idleCounterRange = idleCounterRange
        }
    }

    /// `cpuN/cpuidle/stateK/usage` and `time`. They grow when the CPU *leaves* the state, and
    /// freeze while it is offline. `time` is re-read only when `usage` moved (both change
    /// together), so it is the value as of the last exit.
    public struct IdleCounters: Sendable, Hashable {
        public var cpu: Int
        /// K of `stateK`.
        public var state: Int
        /// Entries (exits) so far; nil until read.
        public var usage: UInt64?
        /// Microseconds spent in the state so far; nil until read.
        public var timeMicroseconds: UInt64?

        public init(cpu: Int, state: Int, usage: UInt64? = nil, timeMicroseconds: UInt64? = nil) {
            self.cpu = cpu
            self.state = state
            self.usage = usage
            self.timeMicroseconds = timeMicroseconds
        }
    }

    /// Devices with an enable file, in discovery order.
    public var devices: [Device]
    /// Every CPU, by number (`cpus[n].cpu == n`).
    public var cpus: [CPU]
    public var idleCounters: [IdleCounters]
    /// What could not be read in this poll (`etm3: enable_source: unreadable (EISDIR)`).
    public var problems: [SysfsProblem]

    public init(devices: [Device], cpus: [CPU], idleCounters: [IdleCounters], problems: [SysfsProblem] = []) {
        self.devices = devices
        self.cpus = cpus
        self.idleCounters = idleCounters
        self.problems = problems
    }

    public func device(named name: String) -> Device? {
        devices.first { $0.name == name }
    }

    public func idleCounters(ofCPU cpu: Int) -> ArraySlice<IdleCounters> {
        guard cpus.indices.contains(cpu) else { return [] }
        return idleCounters[cpus[cpu].idleCounterRange]
    }
}

/// A difference between two polls.
public enum SysfsChange: Sendable, Hashable {
    /// An enable file now reads `enabled`, other than the last value read from it (polls that
    /// read no value in between, `SysfsState.Device.sourceFault`, do not count).
    case enabledChanged(device: String, kind: SysfsEnableKind, enabled: Bool)
    case onlineChanged(cpu: Int, online: Bool)
    /// `cpu` left idle state `state` `count` times since the last poll, spending
    /// `timeMicroseconds` in it: draw as idle entries on the timeline.
    case idleEntries(cpu: Int, state: Int, count: UInt64, timeMicroseconds: UInt64)
}

/// One poll's outcome.
public struct SysfsPollResult: Sendable, Hashable {
    public var state: SysfsState
    /// Against the previous poll; empty for the baseline.
    public var changes: [SysfsChange]
    /// System calls made: one `pread` per file read, three (open, pread, close) for a file
    /// that could not be kept open.
    public var syscalls: Int
    /// A kept file vanished (ENODEV/ENOENT): devices or CPUs came or went. Discover again and
    /// make a new poller from this state.
    public var needsRediscovery: Bool

    public init(state: SysfsState, changes: [SysfsChange], syscalls: Int, needsRediscovery: Bool) {
        self.state = state
        self.changes = changes
        self.syscalls = syscalls
        self.needsRediscovery = needsRediscovery
    }
}
