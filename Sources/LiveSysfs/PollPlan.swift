/// Which kept file holds which value: built once per poller, so a poll only indexes.
struct PollPlan: Sendable {
    /// `devices/system/cpu/online` (one read for every CPU), when it exists.
    var onlineList: Int?
    /// Per CPU, `cpuN/online`, used only without the list; nil = cannot be unplugged.
    var cpuOnline: [Int?]
    /// Per `SysfsState.devices` entry.
    var enableSource: [Int?]
    var enableSink: [Int?]
    /// Per `SysfsState.idleCounters` entry.
    var usage: [Int]
    var time: [Int]
    /// For problem messages, per file: the subject and the file's name.
    var labels: [(subject: String, file: String)]
}

extension PollPlan {
    /// The files to keep open for a discovery result, and the state they fill.
    static func make(discovery: SysfsDiscoveryResult) -> (PollPlan, paths: [String], SysfsState) {
        var paths: [String] = []
        var labels: [(subject: String, file: String)] = []
        func add(_ path: String, subject: String, file: String) -> Int {
            paths.append(path)
            labels.append((subject, file))
            return paths.count - 1
        }
        let cpuBase = CPUReader.cpuDirectory(root: discovery.resolvedRoot)
        let listPath = PathText.join(cpuBase, "online")
        let onlineList = FileAccess.exists(listPath)
            ? add(listPath, subject: "devices/system/cpu", file: "online") : nil

        var devices: [SysfsState.Device] = []
        var enableSource: [Int?] = []
        var enableSink: [Int?] = []
        for device in discovery.devices where device.hasEnableSource || device.hasEnableSink {
            guard let directory = device.directory else { continue }
            devices.append(SysfsState.Device(name: device.name))
            enableSource.append(device.hasEnableSource
                ? add(PathText.join(directory, "enable_source"), subject: device.name, file: "enable_source") : nil)
            enableSink.append(device.hasEnableSink
                ? add(PathText.join(directory, "enable_sink"), subject: device.name, file: "enable_sink") : nil)
        }

        var cpus: [SysfsState.CPU] = []
        var counters: [SysfsState.IdleCounters] = []
        var cpuOnline: [Int?] = []
        var usage: [Int] = []
        var time: [Int] = []
        for cpu in discovery.cpus {
            let directory = PathText.join(cpuBase, "cpu\(cpu.cpu)")
            let subject = "cpu\(cpu.cpu)"
            cpuOnline.append(onlineList == nil && cpu.hasOnlineFile
                ? add(PathText.join(directory, "online"), subject: subject, file: "online") : nil)
            let first = counters.count
            for state in cpu.idleStates {
                let stateDirectory = PathText.join(directory, "cpuidle/state\(state.index)")
                let file = "cpuidle/state\(state.index)"
                usage.append(add(PathText.join(stateDirectory, "usage"), subject: subject, file: file + "/usage"))
                time.append(add(PathText.join(stateDirectory, "time"), subject: subject, file: file + "/time"))
                counters.append(SysfsState.IdleCounters(cpu: cpu.cpu, state: state.index))
            }
            cpus.append(SysfsState.CPU(cpu: cpu.cpu, online: nil, idleCounterRange: first..<counters.count))
        }
        let plan = PollPlan(
            onlineList: onlineList, cpuOnline: cpuOnline, enableSource: enableSource, enableSink: enableSink,
            usage: usage, time: time, labels: labels)
        return (plan, paths, SysfsState(devices: devices, cpus: cpus, idleCounters: counters))
    }
}
