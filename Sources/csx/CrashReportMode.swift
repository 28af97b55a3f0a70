#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Crash reports that never wait for a key. On a terminal the Swift runtime's backtracer
/// defaults to interactive mode: after a crash it asks for a key and waits ~30 s, frozen, before
/// the process ends. The runtime reads `SWIFT_BACKTRACE` once, while the process starts, so the
/// only reliable switch is to start again with `interactive=no` added: once, before anything
/// else, and only when the runtime would be interactive (standard input and output both
/// terminals) and the user has not chosen a mode.
enum CrashReportMode {
    static let variable = "SWIFT_BACKTRACE"

    static func ensureNonInteractive() {
        #if os(Linux)
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return }
        let current = getenv(variable).map { String(cString: $0) }
        guard let value = settingWithoutInteraction(current) else { return }
        setenv(variable, value, 1)
        // The same program, arguments and process id; only the environment differs. If exec
        // fails, carry on: a crash may then wait for a key, as it would have anyway.
        execv(executablePath(), CommandLine.unsafeArgv)
        #endif
    }

    #if os(Linux)
    /// The running binary's own path, so the process keeps its name (exec of /proc/self/exe
    /// would rename it "exe" in ps and pgrep); the magic link itself when the file was replaced.
    private static func executablePath() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return "/proc/self/exe" }
        let path = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return path.hasSuffix(" (deleted)") || access(path, X_OK) != 0 ? "/proc/self/exe" : path
    }
    #endif

    /// `SWIFT_BACKTRACE` with `interactive=no` added, or nil when it already says how to
    /// interact (the user's choice, or this process after its restart).
    static func settingWithoutInteraction(_ current: String?) -> String? {
        guard let current, !current.isEmpty else { return "interactive=no" }
        let keys = current.split(separator: ",").map { $0.split(separator: "=", maxSplits: 1).first.map(String.init) ?? "" }
        if keys.contains(where: { $0.filter { $0 != " " } == "interactive" }) { return nil }
        return current + ",interactive=no"
    }
}
