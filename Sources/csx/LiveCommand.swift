import ArgumentParser
import CoreSightModel
import Foundation
import LiveSysfs
import SafeText
import Sessions
import TerminalUI

/// `csx live`: the TUI on a real board's sysfs (or a copy of one), here or over ssh.
struct Live: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch a real board's CoreSight state through sysfs, here or over ssh; enable and disable with --allow-writes.",
        discussion: """
            Polls bus/coresight/devices (enable_source, enable_sink), CPU online state and \
            cpuidle usage every --interval. Without --allow-writes the view is read-only; with \
            it, e / d (and the : line: enable-sink NAME) ask to confirm, naming the file, then \
            write 1 or 0. Writes need root; the kernel's answer is shown as it returns it. \
            With --ssh, the board needs only a POSIX shell (busybox sh is enough): csx runs the \
            system ssh (BatchMode: keys, agents and ~/.ssh/config as you have them; it never \
            prompts), sends a small script once and reads the board's changes as they stream; \
            a dropped connection is retried with a backoff, r retries at once.
            """
    )

    @Option(name: .customLong("sysfs-root"), help: ArgumentHelp("The sysfs tree to read (on the board with --ssh).", valueName: "root"))
    var sysfsRoot = "/sys"

    @Option(help: ArgumentHelp("Milliseconds between polls (20 or more).", valueName: "ms"))
    var interval = 200

    @Flag(help: "Allow enabling and disabling sources and sinks (each write is confirmed first).")
    var allowWrites = false

    @Option(help: ArgumentHelp("Record every observed change to this file (JSON Lines; see docs/sessions.md).", valueName: "file"))
    var record: String?

    @Flag(help: "Do not report mouse clicks (keeps the terminal's own text selection).")
    var noMouse = false

    @Option(help: ArgumentHelp("Read the board over ssh: [USER@]HOST, as ssh takes it.", valueName: "[user@]host"))
    var ssh: String?

    @Option(name: .customLong("ssh-port"), help: ArgumentHelp("ssh's -p.", valueName: "port"))
    var sshPort: Int?

    @Option(name: .customLong("ssh-option"), help: ArgumentHelp("One ssh -o option (repeatable), e.g. ProxyJump=gateway.", valueName: "opt"))
    var sshOptions: [String] = []

    /// ssh -o options one command takes.
    static let maxSSHOptions = 64

    func validate() throws {
        guard interval >= 20 else { throw ValidationError("--interval must be 20 ms or more") }
        guard interval <= 3_600_000 else { throw ValidationError("--interval must be at most an hour (3600000 ms)") }
        if ssh == nil && (sshPort != nil || !sshOptions.isEmpty) { throw ValidationError("--ssh-port and --ssh-option need --ssh") }
        if let ssh {
            do { try Self.validateSSH(host: ssh, port: sshPort, options: sshOptions) } catch { throw ValidationError(error.description) }
        }
    }

    /// The host, port and options as ssh will take them; one line on what is wrong.
    static func validateSSH(host: String, port: Int?, options: [String]) throws(BadInput) {
        // ssh would take a leading `-` as an option, and the host is shown on screen.
        guard !host.isEmpty, !host.hasPrefix("-"), host.utf8.count <= 255,
              host.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7f }) else {
            throw BadInput("--ssh \(Echo.escaped(host)): expected [user@]host (no spaces, not starting with -)")
        }
        if let port { guard (1...65535).contains(port) else { throw BadInput("--ssh-port must be 1 to 65535") } }
        guard options.count <= maxSSHOptions else { throw BadInput("at most \(maxSSHOptions) --ssh-option") }
        for option in options where option.isEmpty || option.hasPrefix("-") || option.utf8.count > 1024
            || option.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            throw BadInput("--ssh-option \(Echo.escaped(option)): expected Key=Value")
        }
    }

    func run() throws {
        let (state, opened): (AppState, LiveFeed)
        if let ssh {
            (state, opened) = try Self.openRemote(host: ssh, port: sshPort, options: sshOptions, root: sysfsRoot,
                                                   intervalMilliseconds: interval, writesAllowed: allowWrites)
        } else {
            (state, opened) = try Self.open(root: sysfsRoot, intervalMilliseconds: interval, writesAllowed: allowWrites)
        }
        var feed = opened
        if let record {
            do { try feed.startRecording(record) } catch { throw BadInput(error.description) }
        }
        var loop = InteractiveLoop(state: state, mouse: !noMouse)
        loop.live = feed
        try loop.run()
    }

    /// The ssh command: never prompts (BatchMode), gives up connecting after ConnectTimeout,
    /// and notices a dead link within 15 s (ServerAlive); the user's options come after ours so
    /// an explicit one wins where ssh takes the first (ssh takes the first value given).
    static func sshCommand(host: String, port: Int?, options: [String]) -> [String] {
        var command = ["ssh", "-T", "-x", "-a"]
        for option in options { command += ["-o", option] }
        command += ["-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=3"]
        if let port { command += ["-p", String(port)] }
        return command + ["--", host, RemoteScript.remoteCommand]
    }

    /// The live view of a board over ssh, after its first poll.
    static func openRemote(
        host: String, port: Int?, options: [String], root: String, intervalMilliseconds: Int, writesAllowed: Bool
    ) throws -> (AppState, LiveFeed) {
        let board = RemoteBoard(
            target: .init(command: sshCommand(host: host, port: port, options: options), name: host, root: root),
            intervalMilliseconds: intervalMilliseconds)
        let discovery: SysfsDiscoveryResult
        let first: SysfsPollResult
        do {
            try board.connect()
            (discovery, first) = try board.waitUntilConnected()
        } catch {
            throw BadInput("ssh \(error.description)")
        }
        guard let topology = discovery.topology else {
            throw BadInput("no CoreSight topology under \(Echo.escaped(board.target.shownRoot))/bus/coresight/devices"
                + (discovery.problems.first.map { " (\($0))" } ?? ""))
        }
        let shownRoot = board.target.shownRoot
        var status = LiveStatus(root: shownRoot, intervalMilliseconds: intervalMilliseconds, writesAllowed: writesAllowed) { device, target in
            SysfsWriter.describeTarget(device: device, kind: target == .source ? .source : .sink, root: shownRoot)
        }
        status.isRemote = true
        status.files = files(of: discovery, polled: board.polledPaths)
        var feed = LiveFeed(board: board, baseline: first.state, topology: topology)
        let state = try start(status: status, topology: topology, discovery: discovery, facts: board.facts, feed: &feed)
        return (state, feed)
    }

    /// The live view on `root` after its baseline reading (also what `csx screenshot --live` draws).
    static func open(root: String, intervalMilliseconds: Int, writesAllowed: Bool) throws -> (AppState, LiveFeed) {
        let shown = shownRoot(root)
        let discovery: SysfsDiscoveryResult
        do { discovery = try SysfsDiscovery.discover(root: root, shownAs: shown) } catch { throw BadInput(error.description) }
        guard let topology = discovery.topology else {
            throw BadInput("no CoreSight topology under \(Echo.escaped(shown))/bus/coresight/devices"
                + (discovery.problems.first.map { " (\($0))" } ?? ""))
        }
        var status = LiveStatus(root: shown, intervalMilliseconds: intervalMilliseconds, writesAllowed: writesAllowed) { device, target in
            SysfsWriter.describeTarget(device: device, kind: target == .source ? .source : .sink, root: shown)
        }
        let prefix = discovery.resolvedRoot + "/"
        status.files = files(of: discovery, polled: SysfsPoller.pollPaths(discovery).map {
            $0.path.hasPrefix(prefix) ? String($0.path.dropFirst(prefix.count)) : $0.path
        })
        var feed = LiveFeed(discovery: discovery, topology: topology, intervalMilliseconds: intervalMilliseconds, readingRoot: root)
        let state = try start(status: status, topology: topology, discovery: discovery, facts: BoardFacts.read(root: root), feed: &feed)
        return (state, feed)
    }

    private static func start(
        status: LiveStatus, topology: CoreSightModel.Topology, discovery: SysfsDiscoveryResult, facts: BoardFacts, feed: inout LiveFeed
    ) throws -> AppState {
        var status = status
        status.kernel = LiveKernel.screenSummary(LiveKernel.mapping(facts: facts))
        if status.kernel.profile != nil { status.kernel.racesNote = "exploring the shipped race scenarios on this board…" }
        var state: AppState
        do { state = try AppState(live: status, topology: topology) } catch { throw BadInput(error.message) }
        if status.kernel.profile != nil { feed.searchRaces(facts: facts, topology: topology) }
        state.observe(feed.baseline)
        if !discovery.problems.isEmpty {
            let root = Echo.escaped(discovery.root)
            state.notice = Notice("\(discovery.problems.count) problem\(discovery.problems.count == 1 ? "" : "s") reading \(root): \(discovery.problems[0])"
                + (discovery.problems.count > 1 ? " (csx topology --sysfs \(root) lists all)" : ""), isError: true)
        }
        return state
    }

    /// The files behind each value shown, relative to the root, for the inspector: devices by
    /// their bus path (as the user knows them), CPUs by the files the poller reads (`polled`).
    static func files(of discovery: SysfsDiscoveryResult, polled: [String]) -> LiveFiles {
        var files = LiveFiles()
        let polled = Set(polled)
        for device in discovery.devices { files.deviceDirectory[device.name] = "bus/coresight/devices/\(device.name)" }
        for cpu in discovery.cpus {
            let own = "devices/system/cpu/cpu\(cpu.cpu)/online"
            files.onlineFile[cpu.cpu] = polled.contains("devices/system/cpu/online") ? "devices/system/cpu/online"
                : polled.contains(own) ? own : nil
            if !cpu.idleStates.isEmpty {
                let states = cpu.idleStates.map { String($0.index) }.joined(separator: ",")
                files.idleFiles[cpu.cpu] = "devices/system/cpu/cpu\(cpu.cpu)/cpuidle/state{\(states)}/usage"
            }
        }
        return files
    }

    /// A root under the current directory is shown relative to it, so a screenshot or a
    /// recording made in a scratch directory never shows the scratch directory's name.
    static func shownRoot(_ root: String) -> String {
        let directory = FileManager.default.currentDirectoryPath
        guard root.hasPrefix("/"), directory != "/", root.hasPrefix(directory + "/") else { return root }
        return String(root.dropFirst(directory.count + 1))
    }
}
