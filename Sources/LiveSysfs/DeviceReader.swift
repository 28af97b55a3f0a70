#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoreSightModel

/// Reads one `bus/coresight/devices/<name>` entry: where it leads, its DEVTYPE, subtype,
/// CPU, address and which enable files it has. Never fails; what cannot be read becomes a
/// problem. Follows only the bus link itself (never `subsystem`, `driver` or `of_node`).
enum DeviceReader {
    /// Entries of one device directory read at most (an ETMv4 has about a hundred).
    static let entryLimit = 1024

    static func read(name: String, busDirectory: String, root: String) -> (DiscoveredDevice, [SysfsProblem]) {
        let path = PathText.join(busDirectory, name)
        var problems: [SysfsProblem] = []
        func note(_ message: String) { problems.append(SysfsProblem(subject: name, message: message)) }

        guard SysfsName.isPlain(name) else {
            note("not a device name (blank, control characters, or longer than \(TopologyLimits.maxNameLength)); left out")
            return (DiscoveredDevice(name: SysfsName.display(name), path: path, directory: nil, kind: .unreadable), problems)
        }
        let directory: String
        switch FileAccess.resolveLink(path, within: root) {
        case .success(let resolved): directory = resolved
        case .failure(let error):
            if error.code == ELOOP && error.reason == nil {
                note("link cycle")
            } else if error.code == ENOENT {
                note("dangling link" + (FileAccess.linkTarget(path).map { " to \($0)" } ?? ""))
            } else {
                note("unreadable (\(error.name))")
            }
            return (DiscoveredDevice(name: name, path: path, directory: nil, kind: .unreadable), problems)
        }
        let files: Set<String>
        switch FileAccess.list(directory, limit: entryLimit) {
        case .success(let names): files = Set(names)
        case .failure(let error):
            note("unreadable (\(error.name))")
            return (DiscoveredDevice(name: name, path: path, directory: directory, kind: .unreadable), problems)
        }

        let devtype = readDevtype(directory: directory, files: files, subject: name, problems: &problems)
        let parentDirectory = PathText.parent(directory)
        let verdict = DeviceClassifier.classify(name: name, devtype: devtype, files: files) {
            FileAccess.linkTarget(PathText.join(parentDirectory, "driver")).map(PathText.lastComponent)
        }
        problems += verdict.problems.map { SysfsProblem(subject: name, message: $0) }
        let parentName = PathText.lastComponent(parentDirectory)
        var device = DiscoveredDevice(
            name: name, path: path, directory: directory, kind: verdict.kind, devtype: devtype,
            address: SysfsValue.address(fromParentName: parentName), parentName: parentName,
            hasEnableSource: files.contains("enable_source"), hasEnableSink: files.contains("enable_sink"),
            hasConnections: files.contains("connections"))
        device.cpu = readCPU(device: device, files: files, problems: &problems)
        checkEnableFiles(device: device, problems: &problems)
        return (device, problems)
    }

    private static func readDevtype(
        directory: String, files: Set<String>, subject: String, problems: inout [SysfsProblem]
    ) -> String? {
        guard files.contains("uevent") else {
            problems.append(SysfsProblem(subject: subject, message: "uevent: missing"))
            return nil
        }
        switch FileAccess.readText(PathText.join(directory, "uevent"), inListedDirectory: true) {
        case .success(let text):
            let line = text.split(separator: "\n").first { $0.hasPrefix("DEVTYPE=") }
            guard let line else {
                problems.append(SysfsProblem(subject: subject, message: "uevent: no DEVTYPE"))
                return nil
            }
            return SysfsName.display(String(line.dropFirst("DEVTYPE=".count)))
        case .failure(let error):
            problems.append(.unreadable(subject, "uevent", error))
            return nil
        }
    }

    /// Per-CPU devices: the `cpu` file, else N of the name (`etm<N>`, `trbe<N>`, `cti_cpu<N>`).
    private static func readCPU(device: DiscoveredDevice, files: Set<String>, problems: inout [SysfsProblem]) -> Int? {
        let perCPU = device.subtype.map { $0.isTracer || $0 == .trbe } ?? false
        let nameIndex = DeviceClassifier.splitIndex(device.name)
        if !perCPU {
            return nameIndex?.prefix == "cti_cpu" ? nameIndex?.index : nil
        }
        let fromName = DeviceClassifier.preGenericName(device.name) == nil ? nameIndex?.index : nil
        let fallback = fromName.map { "; using \($0) from the name" } ?? "; CPU unknown"
        func note(_ message: String) { problems.append(SysfsProblem(subject: device.name, message: message)) }
        guard files.contains("cpu"), let directory = device.directory else {
            // TRBE has no `cpu` file: its name is the only source.
            if device.subtype != .trbe { note("cpu: missing" + fallback) }
            return fromName
        }
        switch FileAccess.readBytes(PathText.join(directory, "cpu"), inListedDirectory: true) {
        case .success(let bytes):
            guard let cpu = SysfsValue.cpuNumber(bytes) else {
                note("cpu: garbage \(SysfsValue.quoted(bytes))" + fallback)
                return fromName
            }
            if let fromName, fromName != cpu { note("cpu: says \(cpu), but the name says \(fromName); using \(cpu)") }
            return cpu
        case .failure(let error):
            problems.append(.unreadable(device.name, "cpu", error))
            problems[problems.count - 1].message += fallback
            return fromName
        }
    }

    /// Reads each enable file once, so that broken ones show up at discovery, and reports the
    /// ones a source or sink should have but lacks. (No IPI: these files are pure software.)
    private static func checkEnableFiles(device: DiscoveredDevice, problems: inout [SysfsProblem]) {
        guard let subtype = device.subtype, let directory = device.directory else { return }
        let expectsSource = subtype.type == .source
        let expectsSink = subtype.type == .sink
        for (file, present, expected) in [
            ("enable_source", device.hasEnableSource, expectsSource),
            ("enable_sink", device.hasEnableSink, expectsSink),
        ] {
            if !present {
                if expected { problems.append(SysfsProblem(subject: device.name, message: "\(file): missing")) }
                continue
            }
            switch FileAccess.readBytes(PathText.join(directory, file), inListedDirectory: true) {
            case .success(let bytes):
                if SysfsValue.flag(bytes) == nil { problems.append(.garbage(device.name, file, bytes)) }
            case .failure(let error):
                problems.append(.unreadable(device.name, file, error))
            }
        }
    }
}
