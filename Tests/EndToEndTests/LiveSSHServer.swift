import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A private OpenSSH server on 127.0.0.1 for the live-over-ssh tests: a generated host key
/// and client key in a temporary directory, `sshd -D -e` in a process group of its own, so
/// `stop()` ends the listener and every connection it forked. Stopped on deinit too.
final class LiveSSHServer {
    let directory: TemporaryDirectory
    let port: Int
    private var pid: pid_t = 0

    /// Why the tests cannot run here (no sshd, no ssh), or nil.
    static var unavailableReason: String? {
        for tool in ["/usr/sbin/sshd", "/usr/bin/ssh", "/usr/bin/ssh-keygen"] where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is not installed (Debian: openssh-server, openssh-client)"
        }
        return nil
    }

    init() throws {
        directory = try TemporaryDirectory()
        port = try Self.freePort()
        for key in ["host_key", "client_key"] {
            let made = try Subprocess.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", directory.path(key)])
            guard made.exitCode == 0 else { throw ServerError("ssh-keygen: \(made.standardError)") }
        }
        try FileManager.default.copyItem(atPath: directory.path("client_key.pub"), toPath: directory.path("authorized_keys"))
        let config = """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(directory.path("host_key"))
            AuthorizedKeysFile \(directory.path("authorized_keys"))
            PidFile none
            StrictModes no
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            LogLevel VERBOSE

            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: directory.path("sshd_config")))
        // OpenSSH wants its privilege separation directory even when it does not use it.
        try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        try start()
    }

    deinit { stop() }

    /// The login name the tests connect as (this process's user).
    var user: String { getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) } ?? "root" }

    /// `--ssh` and its options for `csx live`.
    var liveArguments: String {
        "--ssh \(user)@127.0.0.1 --ssh-port \(port) --ssh-option IdentityFile=\(directory.path("client_key"))"
            + " --ssh-option UserKnownHostsFile=\(directory.path("known_hosts")) --ssh-option StrictHostKeyChecking=no"
            + " --ssh-option LogLevel=ERROR"
    }

    /// Starts sshd and waits until it accepts connections (30 s at most).
    func start() throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, directory.path("sshd.log"), O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        let arguments = ["/usr/sbin/sshd", "-D", "-e", "-f", directory.path("sshd_config")]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        guard posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ) == 0 else { throw ServerError("cannot start sshd") }
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if Self.accepts(port: port) { return }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                pid = 0
                throw ServerError("sshd exited: \(log)")
            }
            usleep(20_000)
        }
        stop()
        throw ServerError("sshd did not listen on \(port) within 30 s: \(log)")
    }

    /// Kills sshd and every connection it forked, with what those ran (each connection's sshd
    /// starts a session of its own, so they are found as descendants, not as a group), and
    /// reaps it.
    func stop() {
        guard pid > 0 else { return }
        kill(pid, SIGSTOP)  // no new connection while the tree is walked
        for descendant in Self.descendants(of: pid) { kill(descendant, SIGKILL) }
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        pid = 0
    }

    /// Every process below `root`, from /proc (parents first).
    static func descendants(of root: pid_t) -> [pid_t] {
        var children: [pid_t: [pid_t]] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let process = pid_t(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // After "pid (comm) ": state, then the parent's pid.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let parent = pid_t(fields[1]) { children[parent, default: []].append(process) }
        }
        var result: [pid_t] = []
        var queue = children[root] ?? []
        while let next = queue.first {
            queue.removeFirst()
            result.append(next)
            queue += children[next] ?? []
        }
        return result
    }

    var log: String { (try? String(contentsOfFile: directory.path("sshd.log"), encoding: .utf8)) ?? "" }

    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// A port the kernel just handed out (bound to 0, then released).
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError("socket failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw ServerError("cannot bind a port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    struct ServerError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
