#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files a poller reads, opened once and read with `pread(fd, buf, n, 0)`: sysfs
/// regenerates an attribute on every read from offset 0, so one system call gives a fresh
/// value. A file that cannot be kept open (missing, EMFILE) is opened, read and closed each
/// time, so it recovers when it becomes readable. Descriptors close when the last poller
/// copy sharing them goes away; `pread` has no file position, so sharing is safe.
final class KeptFiles: Sendable {
    let paths: [String]
    /// Open descriptors; -1 where opening failed.
    let descriptors: [Int32]

    enum Outcome {
        case bytes(Int)
        case failed(SystemError)
    }

    init(paths: [String]) {
        Self.raiseOpenFileLimit(toHold: paths.count)
        self.paths = paths
        self.descriptors = paths.map { open($0, O_RDONLY | O_CLOEXEC) }
    }

    deinit {
        for descriptor in descriptors where descriptor >= 0 { close(descriptor) }
    }

    /// Reads the start of file `index` into `buffer`; `syscalls` counts the calls made.
    func read(_ index: Int, into buffer: UnsafeMutableRawBufferPointer, syscalls: inout Int) -> Outcome {
        var descriptor = descriptors[index]
        let kept = descriptor >= 0
        if !kept {
            syscalls += 1
            descriptor = open(paths[index], O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return .failed(.current) }
        }
        defer {
            if !kept {
                close(descriptor)
                syscalls += 1
            }
        }
        while true {
            syscalls += 1
            let count = pread(descriptor, buffer.baseAddress, buffer.count, 0)
            if count >= 0 { return .bytes(count) }
            if errno != EINTR { return .failed(.current) }
        }
    }

    /// A 256-CPU board needs over a thousand descriptors; the usual soft limit is 1024. The
    /// soft limit is raised toward the hard limit (never past it), as Go's runtime does.
    private static func raiseOpenFileLimit(toHold count: Int) {
        var limit = rlimit()
        #if canImport(Glibc)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0 else { return }
        let wanted = rlim_t(count + 64)
        guard limit.rlim_cur < wanted else { return }
        limit.rlim_cur = min(wanted, limit.rlim_max)
        _ = setrlimit(resource, &limit)
    }
}
