#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read: a failed system call's errno, named the way the kernel
/// documentation names it, or csx's own refusal where no errno says it (`a FIFO, not a file`).
struct SystemError: Error, Sendable, Hashable, CustomStringConvertible {
    var code: Int32
    /// csx's refusal, shown instead of the errno's name.
    var reason: String?

    init(code: Int32, reason: String? = nil) {
        self.code = code
        self.reason = reason
    }

    /// The errno of the call that just failed.
    static var current: SystemError { SystemError(code: errno) }

    /// `EACCES`, `EBUSY`, ...; `errno N` for codes csx has no name for; the refusal if any.
    var name: String { reason ?? Self.name(of: code) }

    /// The C library's sentence for the code ("Permission denied"), or the refusal.
    var message: String { reason ?? String(cString: strerror(code)) }

    var description: String { name }

    static func name(of code: Int32) -> String {
        // A table, not a switch: the constants differ between Linux and Darwin.
        let known: [(Int32, String)] = [
            (EPERM, "EPERM"), (ENOENT, "ENOENT"), (EINTR, "EINTR"), (EIO, "EIO"), (ENXIO, "ENXIO"),
            (EBADF, "EBADF"), (EAGAIN, "EAGAIN"), (ENOMEM, "ENOMEM"), (EACCES, "EACCES"),
            (EFAULT, "EFAULT"), (EBUSY, "EBUSY"), (EEXIST, "EEXIST"), (ENODEV, "ENODEV"),
            (ENOTDIR, "ENOTDIR"), (EISDIR, "EISDIR"), (EINVAL, "EINVAL"), (ENFILE, "ENFILE"),
            (EMFILE, "EMFILE"), (ENOSPC, "ENOSPC"), (EROFS, "EROFS"), (ERANGE, "ERANGE"),
            (ENAMETOOLONG, "ENAMETOOLONG"), (ELOOP, "ELOOP"), (EOPNOTSUPP, "EOPNOTSUPP"),
            (ETIMEDOUT, "ETIMEDOUT"),
        ]
        return known.first { $0.0 == code }?.1 ?? "errno \(code)"
    }
}

extension SystemError {
    static var noSuchFile: Int32 { ENOENT }

    /// Nil for a regular file; else the refusal (a directory keeps its errno, EISDIR).
    static func notRegularFile(_ mode: mode_t) -> SystemError? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: SystemError(code: EISDIR)
        case S_IFLNK: SystemError(code: ELOOP, reason: "a symlink, not a file")
        case S_IFIFO: SystemError(code: EINVAL, reason: "a FIFO, not a file")
        case S_IFSOCK: SystemError(code: EINVAL, reason: "a socket, not a file")
        case S_IFCHR: SystemError(code: EINVAL, reason: "a character device, not a file")
        case S_IFBLK: SystemError(code: EINVAL, reason: "a block device, not a file")
        default: SystemError(code: EINVAL, reason: "not a regular file")
        }
    }

    /// A directory on the way to a file is a symlink the layout does not have.
    static let throughSymlink = SystemError(code: ELOOP, reason: "reached through a symlink")

    /// A layout link that leads out of the sysfs root.
    static let outsideRoot = SystemError(code: EINVAL, reason: "links outside the sysfs root")

    static func tooManyEntries(_ limit: Int) -> SystemError {
        SystemError(code: E2BIG, reason: "more than \(limit) entries")
    }
}
