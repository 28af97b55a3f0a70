import Foundation
import SysfsFixtures
import Testing

/// `csx live --ssh` against a real OpenSSH server on 127.0.0.1 serving a fixture tree: the
/// view follows the "board", a confirmed write lands, killing the server shows a notice and
/// leaves the terminal usable, and reconnecting resumes. Skipped, saying why, only where sshd
/// is not installed (CI installs it).
@Suite("Live over ssh end to end", .serialized, .enabled(if: LiveSSHServer.unavailableReason == nil, "\(LiveSSHServer.unavailableReason ?? "")"))
struct LiveSSHTests {
    @Test func followsTheBoardWritesThroughTheChannelAndSurvivesTheServerDying() throws {
        let tree = try FixtureTree("juno-r2")
        try FileManager.default.createDirectory(atPath: tree.path("proc/sys/kernel"), withIntermediateDirectories: true)
        try tree.write("proc/sys/kernel/osrelease", "6.18.1-csx\n")
        let server = try LiveSSHServer()
        defer { server.stop() }
        let records = try TemporaryDirectory()
        let file = records.path("board.jsonl")
        let binary = try CSXBinary.path()
        let session = try TmuxSession(
            command: "exec '\(binary)' live \(server.liveArguments) --sysfs-root '\(tree.root)' --interval 100 --allow-writes --record '\(file)'",
            width: 200, height: 50)
        defer { session.kill() }
        let start = try session.waitFor(text: "writes allowed")
        #expect(start.contains("127.0.0.1:\(tree.root)"))
        #expect(start.contains("kernel 6.18.1-csx → v6.18"))
        #expect(start.contains("pm_save_enable 1 (never)"))

        // On the board, behind csx's back: etm2 starts tracing.
        try LiveTUITests.echo("1", into: tree.device("etm2") + "/enable_source")
        try session.waitFor(text: "etm2 mode DISABLED -> SYSFS")

        // Through the channel: select cpu3, e, confirm.
        try session.sendKeys("3", "e")
        let prompt = try session.waitFor(text: "y writes 1, any other key cancels")
        #expect(prompt.contains("127.0.0.1:\(tree.root)/bus/coresight/devices/etm3/enable_source"))
        try session.sendKeys("y")
        try session.waitFor(text: "wrote 1 to")
        #expect(try tree.read(tree.device("etm3") + "/enable_source").hasPrefix("1"))
        try session.waitFor(text: "etm3 mode DISABLED -> SYSFS")

        // The server dies: a notice, and the terminal still answers keys.
        server.stop()
        try session.waitFor(text: "connection lost")
        try session.enterCommandLine("enable-sink tmc_etf0")
        try session.waitFor(text: "y writes 1, any other key cancels")
        try session.sendKeys("n")
        try session.waitFor(text: "cancelled: nothing written")

        // Back up: r (or the retry) reconnects, and the view follows the board again.
        try server.start()
        try session.sendKeys("r")
        try session.waitFor(text: "reconnected to", timeout: .seconds(90))
        try LiveTUITests.echo("1", into: tree.device("etm4") + "/enable_source")
        try session.waitFor(text: "etm4 mode DISABLED -> SYSFS")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
        #expect(try session.modes() == .restored)

        let recorded = try String(contentsOfFile: file, encoding: .utf8)
        #expect(recorded.contains(#""change":"connection","state":"lost""#))
        #expect(recorded.contains(#""change":"connection","state":"restored""#))
        #expect(recorded.contains(#""device":"etm4","kind":"source","enabled":true"#))
        // The recording replays, the connection's drop and return listed with the changes.
        let replayed = try Subprocess.run(binary, ["replay", file, "--headless"])
        #expect(replayed.exitCode == 0, "\(replayed.standardError)")
        #expect(replayed.standardOutput.contains("connection lost"), "\(replayed.standardOutput)")
        #expect(replayed.standardOutput.contains("connection restored"))
    }

    @Test func theBenchmarkMeasuresAPollOnEachSide() throws {
        let tree = try FixtureTree("juno-r2")
        let server = try LiveSSHServer()
        defer { server.stop() }
        let arguments = ["bench", "--sysfs", tree.root, "--polls", "10", "--interval", "20"]
            + server.liveArguments.split(separator: " ").map(String.init)
        let result = try Subprocess.run(try CSXBinary.path(), arguments)
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("files streamed"))
        #expect(result.standardOutput.contains("per poll (10 polls every 20 ms"))
        #expect(result.standardOutput.contains("board's shell") && !result.standardOutput.contains("unknown"), "\(result.standardOutput)")
    }

    @Test func anUnreachableBoardIsOneLineAndExitTwo() throws {
        guard LiveSSHServer.unavailableReason == nil else { return }
        let server = try LiveSSHServer()
        server.stop()  // the port is now closed
        let tree = try FixtureTree("juno-r2")
        let arguments = ["live"] + server.liveArguments.split(separator: " ").map(String.init) + ["--sysfs-root", tree.root]
        let result = try Subprocess.run(try CSXBinary.path(), arguments)
        #expect(result.exitCode == 2)
        #expect(result.standardError.hasPrefix("csx: ssh "), "\(result.standardError)")
        #expect(result.standardError.contains("Connection refused"), "\(result.standardError)")
        #expect(result.standardError.filter { $0 == "\n" }.count == 1)
    }
}
