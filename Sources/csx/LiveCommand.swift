import ArgumentParser
import Foundation
import LiveSysfs
import SafeText
import Sessions
import TerminalUI

/// `csx live`: the TUI on a real board's sysfs (or a copy of one).
struct Live: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch a real board's CoreSight state through sysfs; enable and disable with --allow-writes.",
        discussion: """
            Polls bus/coresight/devices (enable_source, enable_sink), CPU online state and \
            cpuidle usage every --interval. Without --allow-writes the view is read-only; with \
            it, e / d (and the : line: enable-sink NAME) ask to confirm, naming the file, then \
            write 1 or 0. Writes need root; the kernel's answer is shown as it returns it.
            """
    )

    @Option(name: .customLong("sysfs-root"), help: ArgumentHelp("The sysfs tree to read.", valueName: "root"))
    var sysfsRoot = "/sys"

    @Option(help: ArgumentHelp("Milliseconds between polls (20 or more).", valueName: "ms"))
    var interval = 200

    @Flag(help: "Allow enabling and disabling sources and sinks (each write is confirmed first).")
    var allowWrites = false

    @Option(help: "Record every observed change to this file (JSON Lines; see docs/sessions.md).")
    var record: String?

    @Flag(help: "Do not report mouse clicks (keeps the terminal's own text selection).")
    var noMouse = false

    func validate() throws {
        guard interval >= 20 else { throw ValidationError("--interval must be 20 ms or more") }
    }

    func run() throws {
        let (state, opened) = try Self.open(root: sysfsRoot, intervalMilliseconds: interval, writesAllowed: allowWrites)
        var feed = opened
        if let record {
            do { try feed.startRecording(record) } catch { throw BadInput(error.description) }
        }
        var loop = InteractiveLoop(state: state, mouse: !noMouse)
        loop.live = feed
        try loop.run()
    }

    /// The live view on `root` after its baseline reading (also what `csx screenshot --live` draws).
    static func open(root: String, intervalMilliseconds: Int, writesAllowed: Bool) throws -> (AppState, LiveFeed) {
        let discovery: SysfsDiscoveryResult
        do { discovery = try SysfsDiscovery.discover(root: root) } catch { throw BadInput(error.description) }
        guard let topology = discovery.topology else {
            throw BadInput("no CoreSight topology under \(Echo.escaped(root))/bus/coresight/devices"
                + (discovery.problems.first.map { " (\($0))" } ?? ""))
        }
        let status = LiveStatus(root: root, intervalMilliseconds: intervalMilliseconds, writesAllowed: writesAllowed) { device, target in
            SysfsWriter.describeTarget(device: device, kind: target == .source ? .source : .sink, root: root)
        }
        var state: AppState
        do { state = try AppState(live: status, topology: topology) } catch { throw BadInput(error.message) }
        let feed = LiveFeed(discovery: discovery, topology: topology, intervalMilliseconds: intervalMilliseconds)
        state.observe(feed.baseline)
        if !discovery.problems.isEmpty {
            state.notice = Notice("\(discovery.problems.count) problem\(discovery.problems.count == 1 ? "" : "s") reading \(Echo.escaped(root)): \(discovery.problems[0])"
                + (discovery.problems.count > 1 ? " (csx topology --sysfs \(Echo.escaped(root)) lists all)" : ""), isError: true)
        }
        return (state, feed)
    }
}
