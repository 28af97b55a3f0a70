#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file only if it is a regular file of bounded size: a FIFO, a device or a directory
/// (named by an include, a scenario, a profile) is refused without blocking (it is examined
/// before it is opened, opened non-blocking, and examined again once open).
public enum RegularFileReader {
    public enum Outcome: Sendable {
        case bytes([UInt8])
        /// Nothing there.
        case missing
        /// Something there that is not read, and why ("is a FIFO, not a regular file").
        case refused(String)
    }

    /// A source file as the preprocessor takes it.
    static func contents(of path: String, maxBytes: Int) -> IncludeText {
        switch bytes(of: path, maxBytes: maxBytes) {
        case .bytes(let bytes): .text(String(decoding: bytes, as: UTF8.self))
        case .missing: .missing
        case .refused(let reason): .refused(reason)
        }
    }

    public static func bytes(of path: String, maxBytes: Int) -> Outcome {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return errno == ENOENT || errno == ENOTDIR ? .missing : .refused("cannot be examined (\(lastError))")
        }
        if let refusal = refusal(of: info, maxBytes: maxBytes) { return .refused(refusal) }
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else { return .refused("cannot be opened (\(lastError))") }
        defer { close(descriptor) }
        // The path may have been replaced between the two looks: what counts is what is open.
        guard fstat(descriptor, &info) == 0 else { return .refused("cannot be examined (\(lastError))") }
        if let refusal = refusal(of: info, maxBytes: maxBytes) { return .refused(refusal) }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var count = 0
        while count < bytes.count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else { return .refused("cannot be read (\(lastError))") }
            if got == 0 { break }
            count += got
        }
        // A file that grew while it was read is judged by what was read.
        guard count <= maxBytes else { return .refused("is more than \(maxBytes) bytes; at most \(maxBytes) are read per file") }
        return .bytes(Array(bytes[..<count]))
    }

    private static func refusal(of info: stat, maxBytes: Int) -> String? {
        let kind: String? = switch info.st_mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
        if let kind { return "is \(kind), not a regular file" }
        guard info.st_size <= maxBytes else { return "is \(info.st_size) bytes; at most \(maxBytes) are read per file" }
        return nil
    }

    private static var lastError: String { String(cString: strerror(errno)) }
}
