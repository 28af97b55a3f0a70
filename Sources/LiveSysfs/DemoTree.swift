#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import CoreSightModel

/// A sysfs tree for a built-in board, laid out as the kernel lays it out (and as
/// Tests/LiveSysfsTests/Fixtures/make-fixtures.py writes its connections-only trees), so
/// `csx live --sysfs-root DIR/sys` works without a board. Only what csx reads: the bus links,
/// each device's `uevent`, `cpu`, `enable_source`/`enable_sink`, `connections/`, the CPUs'
/// online and idle files and `pm_save_enable`.
public enum DemoTree {
    /// One entry of the tree, paths relative to the destination.
    public enum Entry: Hashable, Sendable {
        case directory(String)
        case file(String, contents: String)
        /// A symlink whose relative target stays inside the tree, as the kernel's do.
        case link(String, target: String)
    }

    /// The file that marks a directory as a tree this command wrote (and may rewrite).
    public static let markerName = ".csx-demo-tree"

    /// Every entry of `topology`'s tree, parents before children.
    /// `release`: written as `proc/sys/kernel/osrelease` beside `sys`, where the live reader
    /// looks for the board's kernel (nil: no such file, the kernel is unknown).
    public static func entries(of topology: Topology, release: String? = nil) -> [Entry] {
        var entries: [Entry] = [.file(markerName, contents: "csx demo-tree \(topology.name)\n")]
        var directories: Set<String> = []
        func directory(_ path: String) {
            var prefix = ""
            for part in path.split(separator: "/") {
                prefix += prefix.isEmpty ? String(part) : "/" + part
                if directories.insert(prefix).inserted { entries.append(.directory(prefix)) }
            }
        }
        func file(_ path: String, _ contents: String) {
            directory(parent(of: path))
            entries.append(.file(path, contents: contents))
        }
        func link(_ path: String, to target: String) {
            directory(parent(of: path))
            entries.append(.link(path, target: target))
        }
        if let release { file(BoardFacts.releaseFile, release + "\n") }
        directory("sys/bus/coresight/devices")
        for component in topology.components {
            let device = deviceDirectory(component)
            link("sys/bus/coresight/devices/\(component.name)", to: "../../../" + device.dropFirst(4))
            let path = device
            file(path + "/uevent", "DEVTYPE=\(devtype(component.subtype))\n")
            if component.type == .source { file(path + "/enable_source", "0\n") }
            if component.type == .sink { file(path + "/enable_sink", "0\n") }
            if component.subtype.isTracer, let cpu = component.cpu { file(path + "/cpu", "\(cpu)\n") }
            if component.subtype == .etm4 || component.subtype == .ete { file(path + "/trcidr/trcidr0", "0x28000ea1\n") }
            if component.subtype == .trbe {
                file(path + "/align", "800\n")
                file(path + "/flag", "1\n")
            }
        }
        var links: [[(entry: String, peer: Int)]] = Array(repeating: [], count: topology.components.count)
        for connection in topology.connections {
            guard let from = topology.id(named: connection.from), let to = topology.id(named: connection.to) else { continue }
            links[from].append(("out:\(connection.outport)", to))
            links[to].append(("in:\(connection.inport)", from))
        }
        for (index, component) in topology.components.enumerated() {
            let connections = deviceDirectory(component) + "/connections"
            directory(connections)
            for (entry, peer) in links[index].sorted(by: { $0.entry < $1.entry }) {
                // connections/ is three levels below sys/devices/platform.
                link(connections + "/" + entry, to: "../../../" + deviceDirectory(topology.components[peer]).dropFirst("sys/devices/platform/".count))
            }
            file(connections + "/nr_links", "\(links[index].count)\n")
        }
        let cpus = "0" + (topology.cpuCount > 1 ? "-\(topology.cpuCount - 1)" : "") + "\n"
        file("sys/devices/system/cpu/possible", cpus)
        file("sys/devices/system/cpu/online", cpus)
        for cpu in 0..<topology.cpuCount {
            let base = "sys/devices/system/cpu/cpu\(cpu)"
            file(base + "/online", "1\n")
            for (k, state) in ["WFI", "cpu-sleep"].enumerated() {
                file(base + "/cpuidle/state\(k)/name", state + "\n")
                file(base + "/cpuidle/state\(k)/usage", "0\n")
                file(base + "/cpuidle/state\(k)/time", "0\n")
            }
        }
        // The kernel's pm_save_enable: 1 never saves, 2 saves context over idle.
        file("sys/module/coresight_etm4x/parameters/pm_save_enable", topology.savesContextOverIdle ? "2\n" : "1\n")
        return entries
    }

    /// `sys/devices/platform/<hex>.<node>/<name>` as of_device_make_bus_id() names a device
    /// with a register base; a device without one gets its own name as the parent.
    static func deviceDirectory(_ component: Component) -> String {
        let parent = component.address.map { String($0, radix: 16) + "." + nodeName(component.subtype) } ?? component.name
        return "sys/devices/platform/\(parent)/\(component.name)"
    }

    static func nodeName(_ subtype: ComponentSubtype) -> String {
        switch subtype {
        case .etm3, .etm4: "etm"
        default: subtype.rawValue
        }
    }

    static func devtype(_ subtype: ComponentSubtype) -> String {
        switch subtype {
        case .etm3, .etm4, .ete, .stm: "source"
        case .funnel, .replicator: "link"
        case .etf: "linksink"
        case .etb, .etr, .tpiu, .trbe: "sink"
        }
    }

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}

/// Why a demo tree was not written, in one line.
public struct DemoTreeError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

extension DemoTree {
    /// Entries removed at most when rewriting a previous demo tree (grid-256's has about 5,000):
    /// past it the directory is not taken for one.
    public static let maxRemovedEntries = 50_000

    /// Writes `topology`'s tree under `destination`: a missing or empty directory, or one
    /// holding only a previous demo tree (the marker file with its first line, and `sys`),
    /// which is removed first. Nothing is written through a symlink: every file and directory
    /// is created new (`O_EXCL | O_NOFOLLOW`, `mkdir`), and removal unlinks links, never follows them.
    public static func write(_ topology: Topology, release: String? = nil, to destination: String) throws(DemoTreeError) {
        // No trailing slash: lstat("link/") would follow the link.
        var root = destination
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        try prepare(root)
        for entry in entries(of: topology, release: release) {
            switch entry {
            case .directory(let path):
                guard mkdir(root + "/" + path, 0o755) == 0 else { throw failure("cannot create", root + "/" + path) }
            case .file(let path, let contents):
                let fd = open(root + "/" + path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644)
                guard fd >= 0 else { throw failure("cannot create", root + "/" + path) }
                let bytes = Array(contents.utf8)
                let written = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
                close(fd)
                guard written == bytes.count else { throw failure("cannot write", root + "/" + path) }
            case .link(let path, let target):
                guard symlink(target, root + "/" + path) == 0 else { throw failure("cannot create", root + "/" + path) }
            }
        }
    }

    /// Makes `destination` ready: created when missing, emptied of a previous demo tree,
    /// refused when it is a symlink, not a directory, or holds anything else.
    static func prepare(_ destination: String) throws(DemoTreeError) {
        var status = stat()
        if lstat(destination, &status) != 0 {
            guard errno == ENOENT, mkdir(destination, 0o755) == 0 else { throw failure("cannot create", destination) }
            return
        }
        guard status.st_mode & S_IFMT != S_IFLNK else { throw DemoTreeError(description: "\(destination) is a symlink; give a directory") }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw DemoTreeError(description: "\(destination) is not a directory") }
        let names = try listing(destination)
        if names.isEmpty { return }
        let marker = destination + "/" + markerName
        guard Set(names).isSubset(of: [markerName, "sys", "proc"]), isMarker(marker) else {
            throw DemoTreeError(description: "\(destination) is not empty and holds no previous demo tree (no \(markerName) file, or other files beside sys and proc); give an empty or new directory")
        }
        var budget = maxRemovedEntries
        for name in ["sys", "proc"] where names.contains(name) { try remove(destination + "/" + name, budget: &budget) }
        guard unlink(marker) == 0 else { throw failure("cannot remove", marker) }
    }

    /// True when `path` is a regular file (not a link) that starts as this command writes it.
    private static func isMarker(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_NOFOLLOW)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return false }
        var buffer = [UInt8](repeating: 0, count: 14)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        return count == 14 && String(decoding: buffer, as: UTF8.self) == "csx demo-tree "
    }

    /// Removes `path` and what is under it; links are unlinked, not followed.
    private static func remove(_ path: String, budget: inout Int) throws(DemoTreeError) {
        budget -= 1
        guard budget >= 0 else {
            throw DemoTreeError(description: "\(path): more than \(maxRemovedEntries) entries; not a demo tree, left as it is")
        }
        var status = stat()
        guard lstat(path, &status) == 0 else { throw failure("cannot read", path) }
        if status.st_mode & S_IFMT == S_IFDIR {
            for name in try listing(path) { try remove(path + "/" + name, budget: &budget) }
            guard rmdir(path) == 0 else { throw failure("cannot remove", path) }
        } else {
            guard unlink(path) == 0 else { throw failure("cannot remove", path) }
        }
    }

    private static func listing(_ path: String) throws(DemoTreeError) -> [String] {
        guard let handle = opendir(path) else { throw failure("cannot list", path) }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    private static func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, bytes, count)
        #else
        Darwin.write(fd, bytes, count)
        #endif
    }

    private static func failure(_ what: String, _ path: String) -> DemoTreeError {
        DemoTreeError(description: "\(what) \(path): \(String(cString: strerror(errno)))")
    }
}
