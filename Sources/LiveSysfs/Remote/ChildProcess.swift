#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process (the system `ssh`, or a local shell in tests) whose standard input and
/// output are the channel and whose standard error is kept for messages. Every descriptor of
/// ours is non-blocking, so nothing here waits on the child; the child runs in a process group
/// of its own (no terminal signal reaches it) and is killed with its group when this goes away,
/// on every path.
final class ChildProcess {
    let pid: pid_t
    private let input: Int32
    private let output: Int32
    private let errors: Int32
    private var exitStatus: Int32?
    private var terminated = false
    /// The end of what the child wrote on standard error, for messages (ssh says why it failed).
    private(set) var errorTail: [UInt8] = []
    /// Bytes of standard error kept.
    static let errorTailLimit = 4096

    init(arguments: [String]) throws(SystemError) {
        guard !arguments.isEmpty else { throw SystemError(code: EINVAL, reason: "no command") }
        var toChild: [Int32] = [-1, -1]
        var fromChild: [Int32] = [-1, -1]
        var errorsFromChild: [Int32] = [-1, -1]
        for index in 0..<3 {
            let made = index == 0 ? pipe(&toChild) : index == 1 ? pipe(&fromChild) : pipe(&errorsFromChild)
            if made != 0 {
                let error = SystemError.current
                for fd in toChild + fromChild + errorsFromChild where fd >= 0 { close(fd) }
                throw error
            }
        }
        // Our ends must not leak into the child (or into a later child).
        for fd in toChild + fromChild + errorsFromChild { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errorsFromChild[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A group of its own: the terminal's signals stay with csx, and the group is killed whole.
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noneBlocked = sigset_t()
        sigemptyset(&noneBlocked)
        posix_spawnattr_setsigmask(&attributes, &noneBlocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var child: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let status = posix_spawnp(&child, arguments[0], &actions, &attributes, argv, environ)
        close(toChild[0])
        close(fromChild[1])
        close(errorsFromChild[1])
        guard status == 0 else {
            close(toChild[1])
            close(fromChild[0])
            close(errorsFromChild[0])
            throw SystemError(code: status)
        }
        pid = child
        input = toChild[1]
        output = fromChild[0]
        errors = errorsFromChild[0]
        for fd in [input, output, errors] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        // A write to a child that died must be an error, not the end of csx.
        signal(SIGPIPE, SIG_IGN)
    }

    deinit { terminate() }

    /// Writes what fits now; returns the bytes written (fewer when the pipe is full), nil when
    /// the child can no longer read.
    func write(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return 0 }
        while true {
            let count = bytes.withUnsafeBytes { systemWrite(input, $0.baseAddress, $0.count) }
            if count >= 0 { return count }
            if errno == EINTR { continue }
            return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : nil
        }
    }

    /// Appends what the child wrote on standard output, at most `limit` bytes; false at its end
    /// (the child closed it, or died).
    func read(into bytes: inout [UInt8], limit: Int) -> Bool {
        drainErrors()
        var chunk = [UInt8](repeating: 0, count: 65536)
        var total = 0
        while total < limit {
            let count = chunk.withUnsafeMutableBytes { systemRead(output, $0.baseAddress, min($0.count, limit - total)) }
            if count > 0 {
                bytes += chunk[..<count]
                total += count
                continue
            }
            if count == 0 { return false }
            if errno == EINTR { continue }
            return errno == EAGAIN || errno == EWOULDBLOCK
        }
        return true
    }

    /// Waits up to `milliseconds` for output (or its end) from the child.
    func waitForOutput(milliseconds: Int) {
        var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
        _ = poll(&descriptor, 1, Int32(clamping: milliseconds))
    }

    private func drainErrors() {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(errors, $0.baseAddress, $0.count) }
            guard count > 0 else {
                if count < 0 && errno == EINTR { continue }
                return
            }
            errorTail += chunk[..<count]
            if errorTail.count > Self.errorTailLimit { errorTail.removeFirst(errorTail.count - Self.errorTailLimit) }
        }
    }

    /// The last line the child wrote on standard error that says something (ssh's reason).
    var lastErrorLine: String? {
        drainErrors()
        let lines = errorTail.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self).trimmingTrailingBlanks() }
        return lines.last { !$0.isEmpty }
    }

    /// Whether the child is still running (reaps it when it is not).
    var isRunning: Bool {
        guard exitStatus == nil else { return false }
        var status: Int32 = 0
        let reaped = waitpid(pid, &status, WNOHANG)
        if reaped == pid || reaped < 0 { exitStatus = status }
        return exitStatus == nil
    }

    /// Ends the child and its group: SIGTERM, then SIGKILL after a second, and reaps it. Never
    /// waits longer than that.
    func terminate() {
        guard !terminated else { return }
        terminated = true
        close(input)
        close(output)
        close(errors)
        guard isRunning else { return }
        kill(-pid, SIGTERM)
        kill(pid, SIGTERM)
        for _ in 0..<100 {
            guard isRunning else { return }
            usleep(10_000)
        }
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        exitStatus = status
    }
}

/// The C calls, out of reach of the methods' own names.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int { write(descriptor, buffer, count) }
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { read(descriptor, buffer, count) }
