import Foundation
import FuzzSupport
@testable import LiveSysfs
import SysfsFixtures
import Testing

/// A board, or anything on the channel posing as one, is hostile input: mutated dumps and
/// crafted records end in a clean one-line loss or a discovery with problems, never a crash,
/// a hang or a file outside csx's private copy.
@Suite("Remote board, hostile channel")
struct RemoteHostileTests {
    /// The juno-r2 fixture's real dump, as the script sends it (run by the system sh).
    static func realDump() throws -> [UInt8] {
        let tree = try FixtureTree("juno-r2")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", RemoteScript.bootstrap]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data((RemoteScript.text(root: tree.root, intervalMilliseconds: 1000) + "watch 0\nq\n").utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let end = try #require(lines.firstIndex { Array($0) == Array("end".utf8) })
        return Array(lines[...end].joined(separator: [UInt8(ascii: "\n")])) + [UInt8(ascii: "\n")]
    }

    /// What a board sending exactly `bytes` (then closing) comes to.
    static func outcome(of bytes: [UInt8], root: String = "/sys") throws -> Result<SysfsDiscoveryResult, RemoteError> {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("csx-remote-input-\(UUID().uuidString)")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        // `cat FILE`, then read a line (the script csx sends) and end.
        let board = RemoteBoard(target: .init(command: ["sh", "-c", "cat \"$1\"; read -r w; exec cat >/dev/null", "sh", file.path], name: "board", root: root),
                                intervalMilliseconds: 50)
        try board.connect()
        let deadline = Date().addingTimeInterval(120)  // milliseconds of work; generous for a loaded machine
        while Date() < deadline {
            let events = board.pump()
            // The dump's end and the channel's end can come in one read: the tree counts first.
            if let discovery = board.discovery { return .success(discovery) }
            for case .lost(let reason) in events { return .failure(RemoteError(reason)) }
            board.waitForOutput(milliseconds: 50)
        }
        Issue.record("no outcome in 120 s")
        return .failure(RemoteError("timeout"))
    }

    @Test func aRealDumpDiscoversTheBoard() throws {
        let tree = try FixtureTree("juno-r2")
        let local = try SysfsDiscovery.discover(root: tree.root)
        let discovery = try Self.outcome(of: Self.realDump()).get()
        #expect(discovery.topology?.components == local.topology?.components)
        #expect(discovery.root == "board:/sys")
    }

    @Test func mutatedDumpsEndCleanly() throws {
        let dump = try Self.realDump()
        let dictionary = ["l ", "d ", "f ", "c ", "x ", "n ", "o ", "e ", "end\n", "../", "/", "\u{1b}[2J", "\u{202e}", "\0", "csx-remote 2\n"].map { Array($0.utf8) }
        Fuzzing.run(minimum: 30, maximum: 400) { generator, _ in
            let mutated = Fuzzing.mutate(dump, using: &generator, dictionary: dictionary)
            guard let outcome = try? Self.outcome(of: mutated) else { return }
            switch outcome {
            case .failure(let error): #expect(Fuzzing.isCleanMessage(error.description), "\(error.description)")
            case .success(let discovery):
                for problem in discovery.problems { #expect(Fuzzing.isCleanMessage(problem.description), "\(problem)") }
            }
        }
    }

    @Test func linksAndPathsCannotLeaveThePrivateCopy() throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("csx-escape-\(UUID().uuidString)").path
        let dump = """
            csx-remote 1
            d bus/coresight/devices
            l bus/coresight/devices/etm0 /etc
            l bus/coresight/devices/etm1 ../../../../../../../../etc
            d ../../../../\(marker.dropFirst())
            f ../\(marker.dropFirst())
            c owned
            d /\(marker.dropFirst())
            end

            """
        let discovery = try Self.outcome(of: Array(dump.utf8)).get()
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(discovery.topology == nil || discovery.topology?.components.isEmpty == true)
        #expect(discovery.problems.contains { $0.subject == "etm0" })
    }

    @Test func aWrongProtocolOrAFatalRecordIsOneLine() throws {
        for (dump, expected) in [
            ("csx-remote 2\n", "protocol"),
            ("fatal cannot enter the sysfs root /nope\u{1b}[2J\n", "cannot enter the sysfs root"),
            ("some login banner\n\u{1b}]0;title\u{7}\n", "the connection closed"),
        ] {
            guard case .failure(let error) = try Self.outcome(of: Array(dump.utf8)) else {
                Issue.record("\(dump) connected")
                continue
            }
            #expect(error.description.contains(expected), "\(error.description)")
            #expect(Fuzzing.isCleanMessage(error.description), "\(error.description)")
        }
    }

    @Test func aDumpPastItsRecordLimitIsRefusedNotStored() throws {
        var dump = Array("csx-remote 1\n".utf8)
        // Records a newer script might send: counted, not stored, so the test costs little.
        let line = Array("z\n".utf8)
        for _ in 0...RemoteLimits.dumpRecords { dump += line }
        guard case .failure(let error) = try Self.outcome(of: dump) else {
            Issue.record("a dump past the limit connected")
            return
        }
        #expect(error.description.contains("larger than csx reads"))
    }

    @Test func streamedValuesAreBoundedAndErrnosRecovered() {
        var values = RemoteValues(count: 2)
        values.set(0, bytes: [UInt8](repeating: 0x41, count: 100_000))
        values.set(1, failure: "sh: 1: cannot open x: Permission denied")
        var syscalls = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 16)
        defer { buffer.deallocate() }
        if case .bytes(let count) = values.read(0, into: buffer, syscalls: &syscalls) {
            #expect(count == 4096)
        } else {
            Issue.record("no bytes")
        }
        if case .failed(let error) = values.read(1, into: buffer, syscalls: &syscalls) {
            #expect(error.name == "EACCES")
        } else {
            Issue.record("no error")
        }
        if case .bytes = values.read(5, into: buffer, syscalls: &syscalls) { Issue.record("a file past the list read") }
    }
}
