#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call's errno, named the way the kernel documentation names it.
struct SystemError: Error, Sendable, Hashable, CustomStringConvertible {
    var code: Int32

    /// The errno of the call that just failed.
    static var current: SystemError { SystemError(code: errno) }

    /// `EACCES`, `EBUSY`, ...; `errno N` for codes csx has no name for.
    var name: String { Self.name(of: code) }

    /// The C library's sentence for the code ("Permission denied").
    var message: String { String(cString: strerror(code)) }

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
}
