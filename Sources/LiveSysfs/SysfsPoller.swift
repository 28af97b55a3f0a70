#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the live state cheaply, again and again: the caller decides when (no threads, no
/// timers here). Files are opened once; one poll costs, in system calls:
///
///     1                                   devices/system/cpu/online (all CPUs at once)
///   + sources + sinks                     enable_source / enable_sink
///   + idle states of online CPUs          cpuN/cpuidle/stateK/usage
///   + idle states whose usage moved       .../time (it changes only together with usage)
///
/// each a single `pread`; a file that could not be kept open costs five (lstat, open, fstat,
/// pread, close). Files are opened as discovery opens them (`FileAccess.openRegularFile`):
/// only regular files, never blocking, never through a symlink. grid-256 (256 ETMs, 3 sinks, 2 idle states per CPU): 772 preads when idle
/// counters stand still, 1284 when every one moved. Offline CPUs are skipped: their
/// counters are frozen. Nothing under `mgmt/` or `trcidr/` is read (that would wake CPUs).
///
/// A value type: copies share the open files (closed with the last copy) and keep their own
/// previous state. Discover again when `deviceListChanged()` (check it every second or so) or
/// `needsRediscovery` says so, and pass the last state to the new poller so the diff goes on.
public struct SysfsPoller: Sendable {
    public let root: String
    private let resolvedRoot: String
    /// The bus entries discovery saw, to notice devices coming and going.
    private let deviceNames: Set<String>
    /// The last poll's state (the baseline right after `init`).
    public private(set) var state: SysfsState
    /// Where the bytes come from: kept-open files, or the values a remote board sent.
    private var files: any PollFiles
    private let plan: PollPlan
    /// Benchmarks read `time` every poll: the cost when every CPU went idle in between.
    private let readsIdleTimeEveryPoll: Bool

    /// Opens the files and, without `previous`, reads the baseline state (so that the first
    /// `poll()` reports what changed since now). With `previous`, no read happens: the first
    /// poll diffs against it (devices and CPUs matched by name and number).
    public init(discovery: SysfsDiscoveryResult, previous: SysfsState? = nil) {
        self.init(discovery: discovery, previous: previous, readsIdleTimeEveryPoll: false)
    }

    /// A poller fed by a remote board (`RemoteBoard`): each `poll(values:)` brings the values
    /// of `pollPaths(discovery)`, in that order. Nothing is read here: without `previous`, the
    /// first poll's changes are against nothing known (the caller takes it as the baseline).
    public init(discovery: SysfsDiscoveryResult, values: RemoteValues, previous: SysfsState? = nil) {
        self.init(discovery: discovery, previous: previous, readsIdleTimeEveryPoll: false, readsBaseline: false) { _ in values }
    }

    /// The files a poller reads for `discovery`, in the order `RemoteValues` holds them, each
    /// marked when it needs reading only after the file before it changed (a cpuidle `time`
    /// after its `usage`, as `poll()` reads them).
    public static func pollPaths(_ discovery: SysfsDiscoveryResult) -> [(path: String, afterChangeOnly: Bool)] {
        let (plan, paths, _) = PollPlan.make(discovery: discovery)
        let timeFiles = Set(plan.time)
        return paths.enumerated().map { ($0.element, timeFiles.contains($0.offset)) }
    }

    init(discovery: SysfsDiscoveryResult, previous: SysfsState?, readsIdleTimeEveryPoll: Bool, readsBaseline: Bool = true,
         files makeFiles: ([String]) -> any PollFiles = { KeptFiles(paths: $0) }) {
        let (plan, paths, initial) = PollPlan.make(discovery: discovery)
        self.root = discovery.root
        self.resolvedRoot = discovery.resolvedRoot
        self.deviceNames = Set(discovery.devices.map(\.name))
        self.plan = plan
        self.files = makeFiles(paths)
        self.readsIdleTimeEveryPoll = readsIdleTimeEveryPoll
        self.state = initial
        if let previous {
            state.carryValues(from: previous)
        } else if readsBaseline {
            _ = poll()
        }
    }

    /// Whether `bus/coresight/devices` lists other devices than at discovery (module load or
    /// unload, a late ETM probe): a few system calls, cheaper than discovering again (grid-256
    /// discovery takes tens of milliseconds). CPU hotplug shows in `online` instead.
    public func deviceListChanged() -> Bool {
        let bus = PathText.join(resolvedRoot, "bus/coresight/devices")
        guard case .success(let names) = FileAccess.list(bus, limit: SysfsDiscovery.busEntryLimit) else { return true }
        // Discovery keeps names that are not device names escaped: compare them the same way.
        return Set(names.map { SysfsName.isPlain($0) ? $0 : SysfsName.display($0) }) != deviceNames
    }

    /// The number of files polled (devices' enable files, CPU and idle files).
    public var fileCount: Int { plan.labels.count }

    /// Takes a remote board's next reading (see `init(discovery:values:previous:)`).
    public mutating func poll(values: RemoteValues) -> SysfsPollResult {
        files = values
        return poll()
    }

    /// Reads everything once and returns the new state with its differences from the last.
    public mutating func poll() -> SysfsPollResult {
        var pass = Pass(cpuCount: state.cpus.count)
        withUnsafeTemporaryAllocation(byteCount: 4096, alignment: 16) { buffer in
            pollOnline(buffer, &pass)
            pollEnableFiles(buffer, &pass)
            pollIdleCounters(buffer, &pass)
        }
        state.problems = pass.problems
        return SysfsPollResult(state: state, changes: pass.changes, syscalls: pass.syscalls, needsRediscovery: pass.vanished)
    }

    private struct Pass {
        var changes: [SysfsChange] = []
        var problems: [SysfsProblem] = []
        var syscalls = 0
        var vanished = false
        var marks: [Bool]

        init(cpuCount: Int) { marks = [Bool](repeating: false, count: cpuCount) }
    }

    /// One file's bytes, or nil with the problem noted.
    private func read(_ file: Int, _ buffer: UnsafeMutableRawBufferPointer, _ pass: inout Pass) -> UnsafeRawBufferPointer? {
        switch files.read(file, into: buffer, syscalls: &pass.syscalls) {
        case .bytes(let count):
            return UnsafeRawBufferPointer(rebasing: buffer[..<count])
        case .failed(let error):
            noteFailure(file, error, &pass)
            return nil
        }
    }

    private func noteFailure(_ file: Int, _ error: SystemError, _ pass: inout Pass) {
        // A removed sysfs file reads ENODEV through a kept descriptor.
        if error.code == ENODEV || error.code == ENOENT { pass.vanished = true }
        let label = plan.labels[file]
        pass.problems.append(.unreadable(label.subject, label.file, error))
    }

    private func noteGarbage(_ file: Int, _ bytes: UnsafeRawBufferPointer, _ pass: inout Pass) {
        let label = plan.labels[file]
        pass.problems.append(.garbage(label.subject, label.file, bytes))
    }

    private mutating func pollOnline(_ buffer: UnsafeMutableRawBufferPointer, _ pass: inout Pass) {
        if let list = plan.onlineList {
            var known = false
            if let bytes = read(list, buffer, &pass) {
                known = SysfsValue.markCPUs(bytes, in: &pass.marks)
                if !known { noteGarbage(list, bytes, &pass) }
            }
            for cpu in state.cpus.indices { setOnline(cpu, known ? pass.marks[cpu] : nil, &pass) }
            return
        }
        for cpu in state.cpus.indices {
            guard let file = plan.cpuOnline[cpu] else {
                setOnline(cpu, true, &pass)  // no `online` file: cannot be unplugged
                continue
            }
            var online: Bool?
            if let bytes = read(file, buffer, &pass) {
                online = SysfsValue.flag(bytes)
                if online == nil { noteGarbage(file, bytes, &pass) }
            }
            setOnline(cpu, online, &pass)
        }
    }

    private mutating func setOnline(_ cpu: Int, _ online: Bool?, _ pass: inout Pass) {
        if let online, online != state.cpus[cpu].online {
            pass.changes.append(.onlineChanged(cpu: state.cpus[cpu].cpu, online: online))
        }
        state.cpus[cpu].online = online
    }

    private mutating func pollEnableFiles(_ buffer: UnsafeMutableRawBufferPointer, _ pass: inout Pass) {
        for index in state.devices.indices {
            if let file = plan.enableSource[index] {
                let (value, fault) = readFlag(file, buffer, &pass)
                if let value, value != state.devices[index].enableSource {
                    pass.changes.append(.enabledChanged(device: state.devices[index].name, kind: .source, enabled: value))
                }
                // A read that gives no value keeps the last one: `1 → empty → 1` is no change.
                if let value { state.devices[index].enableSource = value }
                state.devices[index].sourceFault = fault
            }
            if let file = plan.enableSink[index] {
                let (value, fault) = readFlag(file, buffer, &pass)
                if let value, value != state.devices[index].enableSink {
                    pass.changes.append(.enabledChanged(device: state.devices[index].name, kind: .sink, enabled: value))
                }
                if let value { state.devices[index].enableSink = value }
                state.devices[index].sinkFault = fault
            }
        }
    }

    /// An enable file's flag, or what was read instead (noted as a problem too).
    private func readFlag(_ file: Int, _ buffer: UnsafeMutableRawBufferPointer, _ pass: inout Pass) -> (Bool?, SysfsFault?) {
        switch files.read(file, into: buffer, syscalls: &pass.syscalls) {
        case .bytes(let count):
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[..<count])
            if let value = SysfsValue.flag(bytes) { return (value, nil) }
            let fault = SysfsFault.of(bytes)
            let label = plan.labels[file]
            pass.problems.append(SysfsProblem(subject: label.subject, message: "\(label.file): \(fault)"))
            return (nil, fault)
        case .failed(let error):
            noteFailure(file, error, &pass)
            return (nil, .of(error))
        }
    }

    private mutating func pollIdleCounters(_ buffer: UnsafeMutableRawBufferPointer, _ pass: inout Pass) {
        for cpu in state.cpus.indices where state.cpus[cpu].online != false {
            for index in state.cpus[cpu].idleCounterRange {
                guard let bytes = read(plan.usage[index], buffer, &pass) else { continue }
                guard let usage = SysfsValue.decimal(bytes) else {
                    noteGarbage(plan.usage[index], bytes, &pass)
                    continue
                }
                let old = state.idleCounters[index]
                var time = old.timeMicroseconds
                if usage != old.usage || time == nil || readsIdleTimeEveryPoll, let bytes = read(plan.time[index], buffer, &pass) {
                    if let value = SysfsValue.decimal(bytes) { time = value } else { noteGarbage(plan.time[index], bytes, &pass) }
                }
                if let oldUsage = old.usage, usage > oldUsage {
                    var spent: UInt64 = 0
                    if let oldTime = old.timeMicroseconds, let time, time >= oldTime { spent = time - oldTime }
                    pass.changes.append(.idleEntries(cpu: old.cpu, state: old.state, count: usage - oldUsage, timeMicroseconds: spent))
                }
                // A smaller usage is a reset (counters recreated): it becomes the new baseline.
                state.idleCounters[index].usage = usage
                state.idleCounters[index].timeMicroseconds = time
            }
        }
    }
}

extension SysfsState {
    /// Takes the values of `previous` for the same devices, CPUs and idle states.
    mutating func carryValues(from previous: SysfsState) {
        let oldDevices = Dictionary(previous.devices.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for index in devices.indices {
            guard let old = oldDevices[devices[index].name] else { continue }
            devices[index].enableSource = old.enableSource
            devices[index].enableSink = old.enableSink
            devices[index].sourceFault = old.sourceFault
            devices[index].sinkFault = old.sinkFault
        }
        for index in cpus.indices where previous.cpus.indices.contains(cpus[index].cpu) {
            cpus[index].online = previous.cpus[cpus[index].cpu].online
        }
        for index in idleCounters.indices {
            let counters = idleCounters[index]
            guard let old = previous.idleCounters(ofCPU: counters.cpu).first(where: { $0.state == counters.state }) else { continue }
            idleCounters[index].usage = old.usage
            idleCounters[index].timeMicroseconds = old.timeMicroseconds
        }
    }
}
