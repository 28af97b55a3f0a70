#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoreSightModel

/// Reads `devices/system/cpu`: how many CPUs, which have an `online` file, and their cpuidle
/// states. Counters are read once here only to report broken files at discovery.
enum CPUReader {
    static func cpuDirectory(root: String) -> String { PathText.join(root, "devices/system/cpu") }

    /// Entries of `devices/system/cpu` read at most: every CPU and the files beside them.
    static let cpuDirectoryEntryLimit = TopologyLimits.maxCPUs + 256
    /// Idle states polled per CPU (the kernel's CPUIDLE_STATE_MAX is 10).
    static let idleStateLimit = 16
    /// The highest `stateK` read (as a live session takes them).
    static let maxIdleState = 63

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
        let names: [String]
        switch FileAccess.list(base, limit: cpuDirectoryEntryLimit) {
        case .success(let listed): names = listed
        case .failure(let error):
            if error.code != ENOENT { problems.append(SysfsProblem(subject: "devices/system/cpu", message: "unreadable (\(error.name))")) }
            return nil
        }
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
                var indices = names.compactMap { name -> Int? in
                    name.hasPrefix("state") ? SysfsValue.cpuNumber(Array(name.dropFirst(5).utf8)) : nil
                }.sorted()
                if let past = indices.first(where: { $0 > maxIdleState }) {
                    problems.append(SysfsProblem(
                        subject: subject, message: "cpuidle/state\(past): state number above \(maxIdleState); left out"))
                    indices.removeAll { $0 > maxIdleState }
                }
                if indices.count > idleStateLimit {
                    problems.append(SysfsProblem(
                        subject: subject, message: "cpuidle: more than \(idleStateLimit) idle states; the rest left out"))
                    indices.removeSubrange(idleStateLimit...)
                }
                for index in indices {
                    let stateDirectory = PathText.join(idleDirectory, "state\(index)")
                    let file = "cpuidle/state\(index)"
                    if case .failure(let error) = FileAccess.checkRealDirectory(stateDirectory) {
                        problems.append(.unreadable(subject, file, error))
                        continue
                    }
                    let name: String
                    switch FileAccess.readText(PathText.join(stateDirectory, "name"), inListedDirectory: true) {
                    case .success(let text): name = SysfsName.display(text)
                    case .failure(let error):
                        problems.append(.unreadable(subject, file + "/name", error))
                        name = "state\(index)"
                    }
                    for counter in ["usage", "time"] {
                        switch FileAccess.readBytes(PathText.join(stateDirectory, counter), inListedDirectory: true) {
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
