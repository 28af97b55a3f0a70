import Foundation
import SysfsFixtures
import Testing

/// `csx live` on a fixture sysfs tree inside tmux: the view follows the files, writes are
/// confirmed and land in the file, read-only refuses.
@Suite("Live view end to end", .serialized)
struct LiveTUITests {
    static func start(_ tree: borrowing FixtureTree, _ flags: String = "") throws -> TmuxSession {
        let binary = try CSXBinary.path()
        return try TmuxSession(command: "exec '\(binary)' live --sysfs-root '\(tree.root)' --interval 100 \(flags)",
                               width: 160, height: 48)
    }

    @Test func followsFilesChangedBehindItsBackAndWritesAfterConfirmation() throws {
        let tree = try FixtureTree("juno-r2")
        let session = try Self.start(tree, "--allow-writes")
        defer { session.kill() }
        let start = try session.waitFor(text: "writes allowed")
        #expect(start.contains("live"))
        #expect(start.contains("every 100 ms"))

        // Behind its back: etm2 starts tracing. Two intervals are 200 ms; allow for a loaded machine.
        try Self.echo("1", into: tree.device("etm2") + "/enable_source")
        let seen = try session.waitFor(text: "etm2 mode DISABLED -> SYSFS")
        #expect(seen.contains("poll"))

        // From the UI: select cpu3, e, confirm with y: the fixture file now says 1.
        try session.sendKeys("3", "e")
        let prompt = try session.waitFor(text: "y writes 1, any other key cancels")
        #expect(prompt.contains("etm3/enable_source"))
        try session.sendKeys("y")
        try session.waitFor(text: "wrote 1 to")
        let written = try String(contentsOfFile: tree.device("etm3") + "/enable_source", encoding: .utf8)
        #expect(written.hasPrefix("1"))
        try session.waitFor(text: "etm3 mode DISABLED -> SYSFS")

        // Any other key cancels: nothing is written.
        try session.sendKeys("4", "e")
        try session.waitFor(text: "y writes 1")
        try session.sendKeys("n")
        try session.waitFor(text: "cancelled: nothing written")
        #expect(try String(contentsOfFile: tree.device("etm4") + "/enable_source", encoding: .utf8).hasPrefix("0"))

        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
        #expect(try session.modes() == .restored)
    }

    /// `echo 1 > file`: the same file written in place, as sysfs attributes are (a new file
    /// renamed over it would leave the viewer's kept-open descriptor on the old one).
    static func echo(_ text: String, into path: String) throws {
        guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileNoSuchFile) }
        defer { try? handle.close() }
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data((text + "\n").utf8))
    }

    @Test func aRecordedLiveSessionReplaysPollByPoll() throws {
        let tree = try FixtureTree("juno-r2")
        let directory = try TemporaryDirectory()
        let file = directory.path("board.jsonl")
        let live = try Self.start(tree, "--record '\(file)'")
        defer { live.kill() }
        try live.waitFor(text: "read-only")
        try Self.echo("1", into: tree.device("etm2") + "/enable_source")
        try live.waitFor(text: "etm2 mode DISABLED -> SYSFS")
        try Self.echo("1", into: tree.device("etm3") + "/enable_source")
        try live.waitFor(text: "etm3 mode DISABLED -> SYSFS")
        try live.sendKeys("q")
        #expect(try live.waitForExit() == 0)

        let binary = try CSXBinary.path()
        let replay = try TmuxSession(command: "exec '\(binary)' replay '\(file)'", width: 160, height: 48)
        defer { replay.kill() }
        let start = try replay.waitFor(text: "replay board.jsonl")
        #expect(start.contains("3 polls with changes"))
        #expect(start.contains("etm2 DISABLED"))  // the baseline: as the board was when recording began
        try replay.sendKeys(".")
        try replay.waitFor(text: "etm2 mode DISABLED -> SYSFS")
        try replay.sendKeys(".")
        try replay.waitFor(text: "etm3 mode DISABLED -> SYSFS")
        try replay.sendKeys(",")
        let back = try replay.waitFor(text: "poll 2/3")
        #expect(back.contains("etm3 DISABLED"))
        try replay.sendKeys("q")
        #expect(try replay.waitForExit() == 0)

        let headless = try Subprocess.run(binary, ["replay", file, "--headless"])
        #expect(headless.exitCode == 0)
        #expect(headless.standardOutput.contains("etm3"))
    }

    @Test func rInTheLiveViewRecordsTheBoardNotASimulation() throws {
        let tree = try FixtureTree("juno-r2")
        let directory = try TemporaryDirectory()
        let binary = try CSXBinary.path()
        // Started in `directory`, so R's file lands there.
        let session = try TmuxSession(
            command: "cd '\(directory.path("."))' && exec '\(binary)' live --sysfs-root '\(tree.root)' --interval 100",
            width: 160, height: 48)
        defer { session.kill() }
        try session.waitFor(text: "read-only")
        try session.sendKeys("R")
        let recording = try session.waitFor(text: "● REC")
        #expect(recording.contains("csx-live-"))
        try Self.echo("1", into: tree.device("etm4") + "/enable_source")
        try session.waitFor(text: "etm4 mode DISABLED -> SYSFS")
        try session.sendKeys("R")
        try session.waitFor(text: "saved the live session to")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path(".")).filter { $0.hasSuffix(".jsonl") }
        #expect(files.count == 1)
        #expect(!(files.first ?? " ").contains(" "))
        let text = try String(contentsOfFile: directory.path(files.first ?? ""), encoding: .utf8)
        #expect(text.contains("\"source\":\"live\""))
        #expect(text.contains("\"device\":\"etm4\",\"kind\":\"source\",\"enabled\":true"))
    }

    /// A write caught half done (the file empty) is a reading of its own, and the change after
    /// it still gets its column: `0 → empty → 1 → empty → 0`. (An unreadable file cannot be
    /// made here: the viewer keeps the file open, so a replaced file still reads; LiveStateTests
    /// and PollerTests cover it.)
    @Test func anEmptyReadingIsShownAndTheChangeAfterItToo() throws {
        let tree = try FixtureTree("juno-r2")
        let session = try Self.start(tree)
        defer { session.kill() }
        try session.waitFor(text: "read-only")
        let file = tree.device("etm2") + "/enable_source"
        try Self.echo("", into: file)
        let empty = try session.waitFor(text: "etm2 enable_source: empty (showing the last value read, 0)")
        #expect(empty.contains("1 unreadable"))
        try Self.echo("1", into: file)
        try session.waitFor(text: "etm2 mode DISABLED -> SYSFS")
        try Self.echo("", into: file)
        try session.waitFor(text: "etm2 enable_source: empty (showing the last value read, 1)")
        try Self.echo("0", into: file)
        try session.waitFor(text: "etm2 mode SYSFS -> DISABLED")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }

    @Test func withoutAllowWritesTheViewIsReadOnly() throws {
        let tree = try FixtureTree("juno-r2")
        let session = try Self.start(tree)
        defer { session.kill() }
        try session.waitFor(text: "read-only")
        try session.sendKeys("2", "e")
        try session.waitFor(text: "start csx live with --allow-writes")
        #expect(try String(contentsOfFile: tree.device("etm2") + "/enable_source", encoding: .utf8).hasPrefix("0"))
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }

    @Test func aBrokenTreeShowsItsProblemsAndTheRest() throws {
        let tree = try FixtureTree("broken")
        let session = try Self.start(tree)
        defer { session.kill() }
        let screen = try session.waitFor(text: "Topology")
        #expect(screen.contains("problem"))
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }

    @Test func nothingReadableIsBadInput() throws {
        let directory = try TemporaryDirectory()
        let result = try Subprocess.run(try CSXBinary.path(), ["live", "--sysfs-root", directory.path("nothing")])
        #expect(result.exitCode == 2)
        #expect(result.standardError.hasPrefix("csx: "))
    }

    /// A live session whose lines do not fit its header or run backwards is refused by every
    /// command that reads it: one `csx:` line naming the file and line, exit 2.
    @Test(arguments: [
        (#"{"type":"change","t":5000,"change":"online","cpu":1,"online":false}"#, #"time goes backwards: "t" 5000 after 9000"#),
        (#"{"type":"change","t":9000,"change":"online","cpu":4000,"online":false}"#, "cpu4000 does not exist: juno-r2 has 6 CPUs"),
        (#"{"type":"change","t":9000,"change":"enabled","device":"etm77","kind":"source","enabled":true}"#, "device etm77 is not in the header's topology"),
    ])
    func aDamagedLiveSessionIsRefusedAtItsLine(line: String, message: String) throws {
        let directory = try TemporaryDirectory()
        let file = directory.path("damaged.jsonl")
        let text = #"{"format":"csx-session","version":"1.0","csx":"test","source":"live","board":"juno-r2","scenario":null,"variant":null}"#
            + "\n" + #"{"type":"change","t":9000,"change":"online","cpu":1,"online":true}"# + "\n" + line + "\n"
        try text.write(toFile: file, atomically: false, encoding: .utf8)
        let binary = try CSXBinary.path()
        for arguments in [["replay", file, "--headless"], ["export", file, "--perfetto", directory.path("out.json")]] {
            let result = try Subprocess.run(binary, arguments)
            #expect(result.exitCode == 2, "\(arguments): \(result)")
            #expect(result.standardError.hasPrefix("csx: \(file):3: "), "\(result.standardError)")
            #expect(result.standardError.contains(message), "\(result.standardError)")
            #expect(result.standardError.filter { $0 == "\n" }.count == 1)
        }
    }
}
