import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program to completion for end-to-end tests, without Foundation's `Process` (which can
/// hang under `swift test`). The child gets exactly the environment given, an empty signal mask
/// and default signal dispositions (a test runner may block or ignore signals, and children
/// inherit both), its own process group, stdin from a file, and stdout/stderr written to
/// temporary files (no pipes, so no deadlock however much it prints). Descriptors other than
/// 0-2 are closed in the child, so a daemon it starts (a tmux server) cannot hold the test
/// runner's pipes open.
enum Subprocess {
    struct Result: Sendable, CustomStringConvertible {
        /// The exit status, when the program exited.
        var exitCode: Int32?
        /// The signal that ended the program, when one did.
        var signal: Int32?
        var standardOutput: String
        var standardError: String
        /// The program ran past its time limit and was killed (with its process group).
        var timedOut: Bool

        var succeeded: Bool { exitCode == 0 }

        var description: String {
            let ending = timedOut ? "timed out" : exitCode.map { "exit \($0)" } ?? "signal \(signal ?? 0)"
            return "\(ending)\n--- stdout\n\(standardOutput)--- stderr\n\(standardError)"
        }
    }

    struct LaunchError: Error, CustomStringConvertible {
        var description: String
    }

    /// A small, predictable environment: no `NO_COLOR`, no `TERM`, UTF-8 locale, the runner's
    /// PATH, HOME and TMPDIR.
    static var baseEnvironment: [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        var environment = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"]
        environment["PATH"] = inherited["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        environment["HOME"] = inherited["HOME"] ?? "/tmp"
        if let temporary = inherited["TMPDIR"] { environment["TMPDIR"] = temporary }
        return environment
    }

    /// Runs `executable` (a path, or a name looked up in `environment["PATH"]`) with `arguments`
    /// and waits for it, at most `timeout` (generous: a debug csx on a loaded 2-core machine).
    static func run(_ executable: String, _ arguments: [String] = [], environment: [String: String] = baseEnvironment,
                    input: String = "", timeout: Duration = .seconds(120)) throws -> Result {
        let path = try resolve(executable, in: environment)
        let directory = try TemporaryDirectory()
        let inputPath = directory.path("stdin")
        let outputPath = directory.path("stdout")
        let errorPath = directory.path("stderr")
        try Data(input.utf8).write(to: URL(fileURLWithPath: inputPath))

        let pid = try spawn(path, arguments: [path] + arguments, environment: environment,
                            stdin: inputPath, stdout: outputPath, stderr: errorPath)
        let (status, timedOut) = wait(for: pid, timeout: timeout)
        let output = String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: outputPath))) ?? Data(), as: UTF8.self)
        let error = String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: errorPath))) ?? Data(), as: UTF8.self)
        // wait(2) status layout: low 7 bits are the terminating signal (0 when it exited).
        let signal = status & 0x7F
        return Result(exitCode: signal == 0 ? (status >> 8) & 0xFF : nil, signal: signal == 0 ? nil : signal,
                      standardOutput: output, standardError: error, timedOut: timedOut)
    }

    static func resolve(_ executable: String, in environment: [String: String]) throws -> String {
        if executable.contains("/") { return executable }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/\(executable)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        throw LaunchError(description: "\(executable) not found in PATH")
    }

    private static func spawn(_ path: String, arguments: [String], environment: [String: String],
                              stdin: String, stdout: String, stderr: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        for descriptor in openDescriptors() where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw LaunchError(description: "cannot start \(path): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// Descriptors open in this process (the child must not inherit the runner's pipes).
    private static func openDescriptors() -> [Int32] {
        if let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            return names.compactMap { Int32($0) }.filter { fcntl($0, F_GETFD) != -1 }
        }
        return (0..<Int32(min(getdtablesize(), 4096))).filter { fcntl($0, F_GETFD) != -1 }
    }

    /// Waits for `pid`; after `timeout` kills its process group and reaps it.
    private static func wait(for pid: pid_t, timeout: Duration) -> (status: Int32, timedOut: Bool) {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { return (status, false) }
            if reaped == -1 && errno != EINTR { return (status, false) }
            if clock.now >= deadline {
                kill(-pid, SIGKILL)
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                return (status, true)
            }
            usleep(2_000)
        }
    }
}

/// A directory under the system's temporary directory, removed on deinit.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("csx-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
