import SafeText
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where csx writes a file of its own (an SVG, a PNG, a trace, a session): only a regular file,
/// or `-` for standard output where a command allows it. Anything else that exists at the path
/// (a FIFO, a device, a socket, a directory, a symbolic link) is refused and left untouched:
/// opening a FIFO blocks, writing a device does what the device does, and replacing either (as
/// root, `/dev/full`) breaks the system. Checked with `lstat`, so a link is refused, not followed.
public enum OutputTarget {
    /// What already stands at a path, when it is not a regular file.
    public enum Kind: String, Sendable {
        case fifo = "a FIFO (named pipe)"
        case characterDevice = "a character device"
        case blockDevice = "a block device"
        case socket = "a socket"
        case directory = "a directory"
        case symbolicLink = "a symbolic link"
        case other = "not a regular file"
    }

    /// Why an output could not be written: `cannot write PATH: why`, path escaped.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var path: String
        public var reason: String

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }

        public var description: String { "cannot write \(Echo.escaped(path)): \(reason)" }

        static func refused(_ path: String, _ kind: Kind, standardOutput: Bool) -> Failure {
            let allowed = standardOutput ? "a regular file (or - for standard output)" : "a regular file"
            return Failure(path: path, reason: "it is \(kind.rawValue); csx writes only to \(allowed)")
        }

        static func system(_ path: String, _ code: Int32) -> Failure {
            Failure(path: path, reason: String(cString: strerror(code)))
        }
    }

    /// `-`: standard output.
    public static let standardOutputName = "-"

    /// What stands at `path` if it exists and is not a regular file; nil when it is a regular
    /// file or nothing is there.
    public static func nonRegularKind(at path: String) -> Kind? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return kind(of: status.st_mode)
    }

    /// Throws unless `path` is `-` (where allowed), absent, or a regular file.
    public static func check(_ path: String, allowsStandardOutput: Bool = true) throws(Failure) {
        if path == standardOutputName {
            guard allowsStandardOutput else {
                throw Failure(path: path, reason: "this output must be a file, not standard output")
            }
            return
        }
        if let kind = nonRegularKind(at: path) { throw .refused(path, kind, standardOutput: allowsStandardOutput) }
    }

    /// Writes all of `bytes` to `path` (or standard output for `-`): into a new temporary file
    /// beside it, then renamed over it, so a failed write never leaves half a file where a good
    /// one was.
    public static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        try write(to: path) { (descriptor) throws(Failure) in
            let code = bytes.withUnsafeBytes { POSIXFile.writeAll(descriptor, $0) }
            if code != 0 { throw .system(path, code) }
        }
    }

    /// Lets `fill` write the file through a descriptor (standard output's for `-`), with the
    /// same temporary-then-rename as `write(_:to:)`. `temporaryNames` is for tests.
    public static func write(
        to path: String, temporaryNames: [String]? = nil, _ fill: (Int32) throws(Failure) -> Void
    ) throws(Failure) {
        if path == standardOutputName { return try fill(STDOUT_FILENO) }
        try check(path)
        var existing = stat()
        let mode = lstat(path, &existing) == 0 ? mode_t(existing.st_mode & 0o777) : nil
        let (descriptor, temporary) = try createTemporary(beside: path, mode: mode, names: temporaryNames)
        do {
            try fill(descriptor)
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        guard close(descriptor) == 0 else {
            let failure = Failure.system(path, errno)
            unlink(temporary)
            throw failure
        }
        // Once more just before the rename, which would replace whatever stands there now.
        if let kind = nonRegularKind(at: path) {
            unlink(temporary)
            throw .refused(path, kind, standardOutput: true)
        }
        guard rename(temporary, path) == 0 else {
            let failure = Failure.system(path, errno)
            unlink(temporary)
            throw failure
        }
    }

    /// Opens `path` to write from its start, creating it or emptying a regular file (never `-`):
    /// for files written as they grow (sessions). Opened without following a link and without
    /// blocking, and checked again once open, so what is written to is a regular file.
    public static func openForRecording(_ path: String) throws(Failure) -> Int32 {
        try check(path, allowsStandardOutput: false)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let code = errno
            if let kind = nonRegularKind(at: path) { throw .refused(path, kind, standardOutput: false) }
            throw .system(path, code)
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let failure = Failure.system(path, errno)
            close(descriptor)
            throw failure
        }
        if let kind = kind(of: status.st_mode) {
            close(descriptor)
            throw .refused(path, kind, standardOutput: false)
        }
        guard ftruncate(descriptor, 0) == 0, fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK) == 0 else {
            let failure = Failure.system(path, errno)
            close(descriptor)
            throw failure
        }
        return descriptor
    }

    /// Attempts at a fresh temporary name before giving up (each collision is someone else's
    /// file, left alone).
    static let temporaryAttempts = 16

    /// A new file beside `path`, created exclusively: `O_EXCL` fails on anything already there,
    /// a symbolic link planted at the name included, so nothing is followed or truncated.
    private static func createTemporary(beside path: String, mode: mode_t?, names: [String]?) throws(Failure) -> (Int32, String) {
        let candidates = names ?? (0..<temporaryAttempts).map { _ in
            path + ".csx-partial-" + String(UInt32.random(in: .min ... .max), radix: 16)
        }
        for name in candidates {
            let descriptor = open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if descriptor >= 0 {
                if let mode { _ = fchmod(descriptor, mode) }
                return (descriptor, name)
            }
            if errno != EEXIST { throw .system(path, errno) }
        }
        throw Failure(path: path, reason: "no free temporary name beside it")
    }

    private static func kind(of mode: mode_t) -> Kind? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFIFO: .fifo
        case S_IFCHR: .characterDevice
        case S_IFBLK: .blockDevice
        case S_IFSOCK: .socket
        case S_IFDIR: .directory
        case S_IFLNK: .symbolicLink
        default: .other
        }
    }
}
