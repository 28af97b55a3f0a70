#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why writing an enable file failed, as the kernel said it (the errno of the failed write(2): EPERM/EACCES, EBUSY, EINVAL, ENODEV ...).
public struct SysfsWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// EACCES / EPERM: files are root's.
        case needsRoot
        /// EROFS: sysfs mounted read-only (containers).
        case readOnlyFilesystem
        /// EBUSY: perf owns the tracer, an external debugger holds the claim tag, or the
        /// sink is busy.
        case busy
        /// EINVAL from `enable_source`: no activated sink reachable (or a trace ID problem).
        case noSinkActivated
        /// ENODEV (v7.2+) / ENXIO (before): the tracer's CPU is offline.
        case cpuOffline
        /// ENOENT: the device or its enable file is gone.
        case noSuchFile
        /// Not a plain device name (a path, `..`): refused before any system call.
        case invalidDevice
        /// Not a regular file (a FIFO, a socket, a device node): refused before writing.
        case notAFile(String)
        /// Anything else, shown with the C library's text.
        case other
    }

    public var reason: Reason
    /// The errno (0 for `invalidDevice`).
    public var errno: Int32
    /// The file that was to be written.
    public var path: String

    public init(reason: Reason, errno: Int32, path: String) {
        self.reason = reason
        self.errno = errno
        self.path = path
    }

    /// Maps a failed `open` or `write` on an enable file.
    public init(errno code: Int32, kind: SysfsEnableKind, path: String) {
        let reason: Reason = switch code {
        case EACCES, EPERM: .needsRoot
        case EROFS: .readOnlyFilesystem
        case EBUSY: .busy
        // `enable_sink` stores a flag and has no such failure; keep EINVAL's plain text there.
        case EINVAL where kind == .source: .noSinkActivated
        case ENODEV, ENXIO: .cpuOffline
        case ENOENT: .noSuchFile
        default: .other
        }
        self.init(reason: reason, errno: code, path: path)
    }

    /// A refusal of csx's own (`a FIFO, not a file`), or the errno's mapping.
    init(_ error: SystemError, kind: SysfsEnableKind, path: String) {
        if let reason = error.reason {
            self.init(reason: .notAFile(reason), errno: error.code, path: path)
        } else {
            self.init(errno: error.code, kind: kind, path: path)
        }
    }

    /// `EBUSY`, `EACCES`, ...
    public var errnoName: String { SystemError.name(of: errno) }

    /// What the screen shows.
    public var message: String {
        switch reason {
        case .needsRoot: "needs root"
        case .readOnlyFilesystem: "sysfs is read-only here (a container?)"
        case .busy: "in use — perf or an external debugger?"
        case .noSinkActivated: "no sink activated?"
        case .cpuOffline: "its CPU is offline"
        case .noSuchFile: "no such file — the device is gone?"
        case .invalidDevice: "not a device name"
        case .notAFile(let reason): reason
        case .other: SystemError(code: errno).message
        }
    }

    /// `needs root (EACCES)`.
    public var description: String {
        switch reason {
        case .invalidDevice: "\(message): \(SysfsName.display(PathText.lastComponent(PathText.parent(path))))"
        case .notAFile: message
        default: "\(message) (\(errnoName))"
        }
    }
}
