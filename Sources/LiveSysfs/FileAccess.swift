#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file operations discovery needs, as results rather than throws so that every
/// failure can become a per-device problem. One-shot reads; the poller keeps its own files.
enum FileAccess {
    /// The first `limit` bytes of a file (sysfs attributes fit in one page).
    static func readBytes(_ path: String, limit: Int = 4096) -> Result<[UInt8], SystemError> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(.current) }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: limit)
        let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, limit) }
        guard count >= 0 else { return .failure(.current) }
        bytes.removeSubrange(count...)
        return .success(bytes)
    }

    /// A file's text with trailing newlines, spaces and NULs removed (sysfs and DT strings).
    static func readText(_ path: String) -> Result<String, SystemError> {
        readBytes(path).map { SysfsValue.text($0) }
    }

    /// Entry names of a directory, without `.` and `..`.
    static func list(_ path: String) -> Result<[String], SystemError> {
        guard let directory = opendir(path) else { return .failure(.current) }
        defer { closedir(directory) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(directory) else {
                if errno != 0 { return .failure(.current) }
                break
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return .success(names)
    }

    /// The canonical path: every symlink followed. ENOENT = dangling, ELOOP = link cycle.
    static func realPath(_ path: String) -> Result<String, SystemError> {
        guard let resolved = realpath(path, nil) else { return .failure(.current) }
        defer { free(resolved) }
        return .success(String(cString: resolved))
    }

    /// A symlink's target as stored (relative, as the kernel writes them).
    static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBufferPointer { readlink(path, $0.baseAddress!, 4095) }
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }
}

/// Path text helpers: sysfs paths are plain `/`-separated strings.
enum PathText {
    static func join(_ base: String, _ parts: String...) -> String {
        parts.reduce(base) { path, part in path.hasSuffix("/") ? path + part : path + "/" + part }
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func lastComponent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `path` relative to `root` when inside it, for shorter messages.
    static func relative(_ path: String, to root: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
