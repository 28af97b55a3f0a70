#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The board's tree as the script described it, written into a private temporary directory
/// so that the same discovery that reads `/sys` reads it (the same checks, the same
/// problems); removed as soon as discovery and the poll plan are done. Nothing in it is
/// ever shown: discovery names the root as the board's (`host:/sys`).
struct RemoteMirror {
    let directory: String
    /// Where the tree's root is inside `directory`.
    var root: String { directory + "/root" }

    init() throws(SystemError) {
        let base = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base + "/csx-remote-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard created != nil else { throw .current }
        let made = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // Discovery wants a root reached without links (TMPDIR may be one).
        directory = (realpath(made, nil)).map { resolved in defer { free(resolved) }; return String(cString: resolved) } ?? made
        guard mkdir(directory + "/root", 0o700) == 0 else {
            let error = SystemError.current
            Self.remove(directory)
            throw error
        }
    }

    /// A path relative to the root, checked: no `.`/`..`/empty component, not absolute, within
    /// `RemoteLimits`. Nil when it is not one.
    static func checked(_ relative: String) -> [Substring]? {
        guard !relative.isEmpty, relative.utf8.count <= RemoteLimits.pathLength, !relative.hasPrefix("/"),
              !relative.utf8.contains(0) else { return nil }
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= RemoteLimits.pathComponents, parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { return nil }
        return parts
    }

    private func makeParents(_ parts: [Substring]) -> String {
        var path = root
        for part in parts.dropLast() {
            path += "/" + part
            _ = mkdir(path, 0o700)
        }
        return path + "/" + parts.last!
    }

    func directory(_ relative: String) {
        guard let parts = Self.checked(relative) else { return }
        _ = mkdir(makeParents(parts), 0o700)
    }

    func link(_ relative: String, target: String) {
        guard let parts = Self.checked(relative) else { return }
        // The kernel's links are relative; an absolute one would lead out of the copy.
        let safe = target.hasPrefix("/") || target.isEmpty || target.utf8.contains(0) ? "csx-refused-absolute-link" : target
        _ = symlink(safe, makeParents(parts))
    }

    /// A regular file holding `bytes` (empty for names discovery only lists); `readable: false`
    /// for a file the board could not read.
    func file(_ relative: String, bytes: [UInt8], readable: Bool = true) {
        guard let parts = Self.checked(relative) else { return }
        let path = makeParents(parts)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, readable ? 0o600 : 0)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            written += count
        }
    }

    /// Neither file, directory nor link on the board: a FIFO here, which discovery refuses the
    /// same way (without opening it).
    func other(_ relative: String) {
        guard let parts = Self.checked(relative) else { return }
        _ = mkfifo(makeParents(parts), 0o600)
    }

    func remove() { Self.remove(directory) }

    /// Entry names of a directory we made (no checks: it is ours).
    private static func entries(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes a tree without following a link; depth is bounded by `RemoteLimits.pathComponents`.
    static func remove(_ path: String, depth: Int = 0) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        if status.st_mode & S_IFMT == S_IFDIR, depth <= RemoteLimits.pathComponents + 2 {
            for name in entries(path) { remove(path + "/" + name, depth: depth + 1) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
