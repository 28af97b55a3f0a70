/// Reads `devices/system/cpu`: how many CPUs, which have an `online` file, and their cpuidle
/// states. Counters are read once here only to report broken files at discovery.
enum CPUReader {
    static func cpuDirectory(root: String) -> String { PathText.join(root, "devices/system/cpu") }

    /// The CPU count: `possible`, else the highest `cpuN` directory, else nil.
    static func cpuCount(root: String, problems: inout [SysfsProblem]) -> Int? {
        let base = cpuDirectory(root: root)
        switch FileAccess.readBytes(PathText.join(base, "possible")) {
        case .success(let bytes):
            if let cpus = SysfsValue.cpuList(bytes), let last = cpus.max() { return last + 1 }
            problems.append(.garbage("devices/system/cpu", "possible", bytes))
        case .failure(let error):
            problems.append(.unreadable("devices/system/cpu", "possible", error))
        }
        guard case .success(let names) = FileAccess.list(base) else { return nil }
        let numbers = names.compactMap { name -> Int? in
            guard name.hasPrefix("cpu") else { return nil }
            return SysfsValue.cpuNumber(Array(name.dropFirst(3).utf8))
        }
        return numbers.max().map { $0 + 1 }
    }

    static func read(root: String, cpuCount: Int, problems: inout [SysfsProblem]) -> [DiscoveredCPU] {
        (0..<cpuCount).map { cpu in readCPU(cpu, root: root, problems: &problems) }
    }

    private static func readCPU(_ cpu: Int, root: String, problems: inout [SysfsProblem]) -> DiscoveredCPU {
        let subject = "cpu\(cpu)"
        let directory = PathText.join(cpuDirectory(root: root), subject)
        guard case .success(let files) = FileAccess.list(directory) else {
            problems.append(SysfsProblem(subject: subject, message: "devices/system/cpu/\(subject): missing"))
            return DiscoveredCPU(cpu: cpu, hasOnlineFile: false, idleStates: [])
        }
        var states: [DiscoveredCPU.IdleState] = []
        let idleDirectory = PathText.join(directory, "cpuidle")
        if files.contains("cpuidle") {
            switch FileAccess.list(idleDirectory) {
            case .success(let names):
                let indices = names.compactMap { name -> Int? in
                    name.hasPrefix("state") ? SysfsValue.cpuNumber(Array(name.dropFirst(5).utf8)) : nil
                }
                for index in indices.sorted() {
                    let stateDirectory = PathText.join(idleDirectory, "state\(index)")
                    let file = "cpuidle/state\(index)"
                    let name: String
                    switch FileAccess.readText(PathText.join(stateDirectory, "name")) {
                    case .success(let text): name = text
                    case .failure(let error):
                        problems.append(.unreadable(subject, file + "/name", error))
                        name = "state\(index)"
                    }
                    for counter in ["usage", "time"] {
                        switch FileAccess.readBytes(PathText.join(stateDirectory, counter)) {
                        case .success(let bytes):
                            if SysfsValue.decimal(bytes) == nil { problems.append(.garbage(subject, "\(file)/\(counter)", bytes)) }
                        case .failure(let error):
                            problems.append(.unreadable(subject, "\(file)/\(counter)", error))
                        }
                    }
                    states.append(DiscoveredCPU.IdleState(index: index, name: name))
                }
            case .failure(let error):
                problems.append(.unreadable(subject, "cpuidle", error))
            }
        }
        return DiscoveredCPU(cpu: cpu, hasOnlineFile: files.contains("online"), idleStates: states)
    }
}
