import Foundation
import LiveSysfs
import SafeText

/// `csx bench --sysfs ROOT`: what one poll of a sysfs tree costs (the live view polls every
/// refresh, so this is its floor). Discovery is not timed: it happens once.
enum SysfsBench {
    static func run(root: String, polls: Int) throws {
        guard polls > 0 else { throw BadInput("--polls must be positive") }
        #if DEBUG
        emit("note: debug build; use `swift run -c release csx bench --sysfs ROOT` for representative figures\n")
        #endif
        let result: SysfsBenchmark.Result
        do { result = try SysfsBenchmark.run(root: root, polls: polls) } catch { throw BadInput(error.description) }
        emit(String(
            format: "sysfs   %@: %d devices, %d CPUs, %d idle states, %d files kept open\n",
            Echo.escaped(root), result.devicesPolled, result.cpus, result.idleStates, result.filesKeptOpen))
        emit(String(
            format: "sysfs   poll, idle counters still:  median %.3f ms (fastest %.3f ms), %d preads  (%d polls)\n",
            result.medianSeconds * 1e3, result.fastestSeconds * 1e3, result.syscallsPerPoll, result.polls))
        emit(String(
            format: "sysfs   poll, idle counters moving: median %.3f ms, %d preads\n",
            result.busyMedianSeconds * 1e3, result.busySyscallsPerPoll))
    }

    /// `csx bench --sysfs ROOT --ssh HOST`: what a poll costs over ssh, on each side. The board
    /// polls every `interval`; over `polls` polls, csx's CPU (getrusage), the ssh client's
    /// (/proc) and the board's poll loop (its shell's `times`) are divided by the polls seen.
    static func runRemote(host: String, port: Int?, options: [String], root: String, polls: Int, interval: Int) throws {
        guard polls > 0, polls <= 100_000 else { throw BadInput("--polls must be 1 to 100000") }
        guard interval >= 20 else { throw BadInput("--interval must be 20 ms or more") }
        try Live.validateSSH(host: host, port: port, options: options)
        let board = RemoteBoard(
            target: .init(command: Live.sshCommand(host: host, port: port, options: options), name: host, root: root),
            intervalMilliseconds: interval, measuresCPU: true)
        let clock = ContinuousClock()
        let started = clock.now
        let discovery: SysfsDiscoveryResult
        do {
            try board.connect()
            (discovery, _) = try board.waitUntilConnected()
        } catch {
            throw BadInput("ssh \(error.description)")
        }
        let connected = clock.now
        // Wait for the first CPU report so every figure starts at a poll boundary.
        var seen = 0
        func pollOnce() throws {
            while true {
                for event in board.pump() {
                    switch event {
                    case .polled: seen += 1; return
                    case .lost(let reason): throw BadInput("ssh \(reason)")
                    default: break
                    }
                }
                board.waitForOutput(milliseconds: 1000)
            }
        }
        try pollOnce()
        let (localStart, sshStart, boardStart, bytesStart) = (cpuSeconds(), board.channelCPUSeconds, board.remoteCPUSeconds, board.bytesReceived)
        let measured = clock.now
        seen = 0
        while seen < polls { try pollOnce() }
        let elapsed = measured.duration(to: clock.now)
        let local = (cpuSeconds() - localStart) / Double(polls)
        let ssh = zip(board.channelCPUSeconds, sshStart).map { ($0 - $1) / Double(polls) }
        let remote = zip(board.remoteCPUSeconds, boardStart).map { ($0 - $1) / Double(polls) }
        let bytes = Double(board.bytesReceived - bytesStart) / Double(polls)
        board.disconnect()
        let files = board.polledFileCount
        emit("ssh     \(Echo.escaped(board.target.shownRoot)): \(discovery.devices.count) devices, \(discovery.cpus.count) CPUs, \(files) files streamed\n")
        emit(String(format: "ssh     connect and discovery: %.2f s\n", Double(started.duration(to: connected).components.attoseconds) / 1e18 + Double(started.duration(to: connected).components.seconds)))
        emit(String(format: "ssh     per poll (%d polls every %d ms, %.1f s): csx %.3f ms CPU, ssh client %@, board's shell %@, %.0f bytes\n",
                    polls, interval, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                    local * 1e3, ssh.map { String(format: "%.3f ms CPU", $0 * 1e3) } ?? "unknown",
                    remote.map { String(format: "%.3f ms CPU", $0 * 1e3) } ?? "unknown", bytes))
    }

    /// This process's user + system CPU seconds.
    private static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}

/// Both values, or nil.
private func zip(_ a: Double?, _ b: Double?) -> (Double, Double)? {
    guard let a, let b else { return nil }
    return (a, b)
}

extension Optional where Wrapped == (Double, Double) {
    func map(_ transform: (Double, Double) -> Double) -> Double? {
        guard case .some(let pair) = self else { return nil }
        return transform(pair.0, pair.1)
    }
}
