#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file operations discovery needs, as results rather than throws so that every failure can
/// become a per-device problem. A sysfs tree may be a copy anyone made, so nothing here can
/// block or read without bound:
/// - only regular files are opened: `lstat` first (a FIFO would block `open(2)`, a device node
///   can act on being opened), then `open` with `O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC` and
///   `fstat` (the file could have been swapped in between);
/// - files and directories are reached only through real directories (no symlink on the way),
///   so the only links followed are the ones the layout defines, by `resolveLink`, which stays
///   inside the root and stops after `linkStepLimit` steps;
/// - reads stop at `attributeLimit` bytes, listings at `entryLimit` entries.
/// One-shot reads; the poller keeps its own files (`KeptFiles`), opened the same way.
enum FileAccess {
    /// Bytes read from one attribute: sysfs attributes fit in one page.
    static let attributeLimit = 4096
    /// Entries read from one directory (a device, a CPU, a device-tree node); more is refused.
    static let entryLimit = 4096
    /// Symlinks followed while resolving one link of the layout (the kernel's MAXSYMLINKS).
    static let linkStepLimit = 40

    /// The first `limit` bytes of a regular file (sysfs and device-tree values).
    /// `inListedDirectory`: the caller just listed the file's directory, which checked it.
    static func readBytes(_ path: String, limit: Int = attributeLimit, inListedDirectory: Bool = false) -> Result<[UInt8], SystemError> {
        let descriptor: Int32
        switch openRegularFile(path, directoryChecked: inListedDirectory) {
        case .success(let opened): descriptor = opened
        case .failure(let error): return .failure(error)
        }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: max(0, limit))
        while true {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count >= 0 {
                bytes.removeSubrange(count...)
                return .success(bytes)
            }
            if errno != EINTR { return .failure(.current) }
        }
    }

    /// A file's text with trailing newlines, spaces and NULs removed (sysfs and DT strings).
    static func readText(_ path: String, limit: Int = attributeLimit, inListedDirectory: Bool = false) -> Result<String, SystemError> {
        readBytes(path, limit: limit, inListedDirectory: inListedDirectory).map { SysfsValue.text($0) }
    }

    /// Opens a regular file for reading (or `flags`), refusing anything else before it is
    /// opened, and a symlink as its last component or on the way to it.
    static func openRegularFile(_ path: String, flags: Int32 = O_RDONLY, directoryChecked: Bool = false) -> Result<Int32, SystemError> {
        if !directoryChecked, case .failure(let error) = checkRealDirectory(PathText.parent(path)) { return .failure(error) }
        var status = stat()
        guard lstat(path, &status) == 0 else { return .failure(.current) }
        if let refusal = SystemError.notRegularFile(status.st_mode) { return .failure(refusal) }
        let descriptor = open(path, flags | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(.current) }
        guard fstat(descriptor, &status) == 0 else {
            let error = SystemError.current
            close(descriptor)
            return .failure(error)
        }
        if let refusal = SystemError.notRegularFile(status.st_mode) {
            close(descriptor)
            return .failure(refusal)
        }
        return .success(descriptor)
    }

    /// Entry names of a real directory, without `.` and `..`; more than `limit` is refused.
    static func list(_ path: String, limit: Int = entryLimit) -> Result<[String], SystemError> {
        if case .failure(let error) = checkRealDirectory(path) { return .failure(error) }
        // opendir opens with O_DIRECTORY: anything but a directory fails (ENOTDIR) before it
        // could block.
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
            guard name != "." && name != ".." else { continue }
            guard names.count < limit else { return .failure(.tooManyEntries(limit)) }
            names.append(name)
        }
        return .success(names)
    }

    /// Whether `path` is a directory reached without a symlink (its real path is itself).
    static func checkRealDirectory(_ path: String) -> Result<Void, SystemError> {
        switch realPath(path) {
        case .success(let real) where real == path:
            return .success(())
        case .success:
            return .failure(.throughSymlink)
        case .failure(let error):
            return .failure(error)
        }
    }

    /// Follows a link the layout defines (a bus entry, a `connections/` link, `of_node`) to the
    /// real directory it leads to, which must lie inside `root` (itself a real path) and be
    /// reached without other symlinks on the way. ENOENT = dangling, ELOOP = a cycle or more
    /// than `linkStepLimit` links in a row.
    static func resolveLink(_ path: String, within root: String) -> Result<String, SystemError> {
        var current = path
        for _ in 0...linkStepLimit {
            guard let target = linkTarget(current) else {
                guard exists(current) else { return .failure(SystemError(code: ENOENT)) }
                guard PathText.isInside(current, root) else { return .failure(.outsideRoot) }
                return checkRealDirectory(current).map { current }
            }
            // The kernel's links are relative and lead through real directories only, so
            // `..` can be taken away by the text.
            current = PathText.normalized(target.hasPrefix("/") ? target : PathText.join(PathText.parent(current), target))
        }
        return .failure(SystemError(code: ELOOP))
    }

    /// The canonical path: every symlink followed (the C library stops at its own bound and
    /// says ELOOP). ENOENT = dangling.
    static func realPath(_ path: String) -> Result<String, SystemError> {
        guard let resolved = realpath(path, nil) else { return .failure(.current) }
        defer { free(resolved) }
        return .success(String(cString: resolved))
    }

    /// A symlink's target as stored (relative, as the kernel writes them); nil when `path` is
    /// not a symlink.
    static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBufferPointer { readlink(path, $0.baseAddress!, 4095) }
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether something is at `path` (not following a symlink there).
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
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

    /// `/a/b/../c/./d` → `/a/c/d`, by the text alone.
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Whether `path` is `root` or below it (both normalized, absolute).
    static func isInside(_ path: String, _ root: String) -> Bool {
        path == root || root == "/" || path.hasPrefix(root + "/")
    }

    /// `path` relative to `root` when inside it, for shorter messages.
    static func relative(_ path: String, to root: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
