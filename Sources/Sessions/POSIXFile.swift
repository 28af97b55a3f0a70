#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few system calls sessions need, named apart from `SessionRecorder.open`/`close`.
enum POSIXFile {
    static func openForReading(_ path: String) -> Int32 {
        open(path, O_RDONLY | O_CLOEXEC)
    }

    /// All of `bytes`, retrying on a partial write or EINTR; the errno on failure, else 0.
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return 0
    }

    /// Up to `count` bytes into `buffer`: the number read (0 at the end), or -errno.
    static func readSome(_ descriptor: Int32, into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        while true {
            let got = read(descriptor, buffer, count)
            if got < 0 && errno == EINTR { continue }
            return got < 0 ? -Int(errno) : got
        }
    }

    static func closeFile(_ descriptor: Int32) -> Int32 {
        close(descriptor) == 0 ? 0 : errno
    }

    static func message(_ code: Int32) -> String { String(cString: strerror(code)) }

    static var lastError: Int32 { errno }
}
