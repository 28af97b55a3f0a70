#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files a poller reads, opened once and read with `pread(fd, buf, n, 0)`: sysfs
/// regenerates an attribute on every read from offset 0, so one system call gives a fresh
/// value. Files are opened by `FileAccess.openRegularFile` (regular files only, non-blocking,
/// no symlink followed), and only while `descriptorReserve` descriptors stay free for the rest
/// of csx (the terminal, a recording). A file that cannot be kept open (missing, not a regular
/// file, past the budget) is opened, read and closed each time, so it recovers when it becomes
/// readable. Descriptors close when the last poller copy sharing them goes away; `pread` has no
/// file position, so sharing is safe.
final class KeptFiles: PollFiles {
    let paths: [String]
    /// Open descriptors; -1 where opening failed or the budget ran out.
    let descriptors: [Int32]

    /// Descriptors left for everything else.
    static let descriptorReserve = 64


    init(paths: [String]) {
        let budget = Self.raiseOpenFileLimit(toHold: paths.count) - Self.descriptorReserve - Self.openDescriptorEstimate()
        self.paths = paths
        var descriptors: [Int32] = []
        descriptors.reserveCapacity(paths.count)
        for path in paths {
            guard descriptors.count < budget, case .success(let descriptor) = FileAccess.openRegularFile(path) else {
                descriptors.append(-1)
                continue
            }
            descriptors.append(descriptor)
        }
        self.descriptors = descriptors
    }

    deinit {
        for descriptor in descriptors where descriptor >= 0 { close(descriptor) }
    }

    /// Reads the start of file `index` into `buffer`; `syscalls` counts the calls made.
    func read(_ index: Int, into buffer: UnsafeMutableRawBufferPointer, syscalls: inout Int) -> PollRead {
        var descriptor = descriptors[index]
        let kept = descriptor >= 0
        if !kept {
            syscalls += 3  // lstat, open, fstat
            // Discovery checked the directories; a re-open checks the file alone.
            switch FileAccess.openRegularFile(paths[index], directoryChecked: true) {
            case .success(let opened): descriptor = opened
            case .failure(let error): return .failed(error)
            }
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
    /// Returns the soft limit in force.
    private static func raiseOpenFileLimit(toHold count: Int) -> Int {
        var limit = rlimit()
        #if canImport(Glibc)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0 else { return 1024 }
        let wanted = rlim_t(count + descriptorReserve + 64)
        if limit.rlim_cur < wanted {
            let raised = min(wanted, limit.rlim_max)
            var asked = limit
            asked.rlim_cur = raised
            if setrlimit(resource, &asked) == 0 { limit.rlim_cur = raised }
        }
        return Int(clamping: limit.rlim_cur)
    }

    /// Descriptors already open in this process (a guess from the highest free one is enough).
    private static func openDescriptorEstimate() -> Int {
        let probe = dup(0)
        guard probe >= 0 else { return descriptorReserve }
        close(probe)
        return Int(probe)
    }
}
