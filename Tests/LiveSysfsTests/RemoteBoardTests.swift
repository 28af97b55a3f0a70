import Foundation
@testable import LiveSysfs
import SysfsFixtures
import Testing

/// The remote script run by a local shell (busybox `sh` as on a buildroot board, and the
/// system's `sh`, dash on Debian) over the same pipe protocol `csx live --ssh` uses: the tree
/// it describes discovers as the tree itself does, polls follow files, writes land.
@Suite("Remote board over a shell", .serialized)
struct RemoteBoardTests {
    static func shells() -> [[String]] {
        var shells: [[String]] = [["sh"]]
        if RemoteBoardTests.which("busybox") != nil { shells.append(["busybox", "sh"]) }
        return shells
    }

    static func which(_ name: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static func board(_ tree: borrowing FixtureTree, shell: [String], interval: Int = 50) -> RemoteBoard {
        RemoteBoard(target: .init(command: shell + ["-c", RemoteScript.bootstrap], name: "board", root: tree.root),
                    intervalMilliseconds: interval)
    }

    /// Pumps until `condition` holds for an event (30 s at most: the work is milliseconds).
    static func pump(_ board: RemoteBoard, until condition: (RemoteBoard.Event) -> Bool) -> RemoteBoard.Event? {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            for event in board.pump() where condition(event) { return event }
            usleep(5000)
        }
        return nil
    }

    @Test func busyboxIsThere() {
        #expect(Self.which("busybox") != nil, "busybox is not installed: the remote script is tested under the system sh only")
    }

    @Test(arguments: ["juno-r2", "juno-r2-noconn", "db410c-noconn", "hikey960"])
    func theTreeDiscoversAsItselfUnderEveryShell(fixture: String) throws {
        let tree = try FixtureTree(fixture)
        let local = try SysfsDiscovery.discover(root: tree.root)
        for shell in Self.shells() {
            let board = Self.board(tree, shell: shell)
            try board.connect()
            let (remote, first) = try board.waitUntilConnected()
            #expect(remote.topology?.components == local.topology?.components, "\(shell)")
            #expect(remote.topology?.connections == local.topology?.connections, "\(shell)")
            #expect(remote.topology?.savesContextOverIdle == local.topology?.savesContextOverIdle, "\(shell)")
            #expect(remote.problems == local.problems, "\(shell)")
            #expect(remote.root == "board:" + tree.root)
            #expect(first.state == SysfsPoller(discovery: local).state, "\(shell)")
            board.disconnect()
        }
    }

    @Test func pollsFollowFilesAndWritesLand() throws {
        let tree = try FixtureTree("juno-r2")
        for shell in Self.shells() {
            let board = Self.board(tree, shell: shell)
            try board.connect()
            _ = try board.waitUntilConnected()
            try tree.write(tree.device("etm2") + "/enable_source", "1\n")
            let flipped = Self.pump(board) { event in
                if case .polled(let result) = event { return result.changes.contains(.enabledChanged(device: "etm2", kind: .source, enabled: true)) }
                return false
            }
            #expect(flipped != nil, "\(shell)")
            // An idle counter moves: its count and the time spent come through (`time` is
            // read on the board only when `usage` moved).
            let state0 = "sys/devices/system/cpu/cpu1/cpuidle/state0/"
            let (usage, time) = (UInt64(try tree.read(tree.path(state0 + "usage")).trimmingCharacters(in: .whitespacesAndNewlines))!,
                                 UInt64(try tree.read(tree.path(state0 + "time")).trimmingCharacters(in: .whitespacesAndNewlines))!)
            try tree.write(state0 + "time", "\(time + 5000)\n")
            try tree.write(state0 + "usage", "\(usage + 1995)\n")
            let idled = Self.pump(board) { event in
                if case .polled(let result) = event { return result.changes.contains(.idleEntries(cpu: 1, state: 0, count: 1995, timeMicroseconds: 5000)) }
                return false
            }
            #expect(idled != nil, "\(shell)")
            let sequence = board.write(enable: true, device: "etm3", kind: .source)
            #expect(sequence != nil)
            let answer = Self.pump(board) { if case .answered = $0 { true } else { false } }
            guard case .answered(let answered, let error)? = answer else {
                Issue.record("no answer under \(shell)")
                continue
            }
            #expect(answered == sequence)
            #expect(error == nil)
            #expect(try tree.read(tree.device("etm3") + "/enable_source").hasPrefix("1"))
            try tree.write(tree.device("etm2") + "/enable_source", "0\n")
            try tree.write(tree.device("etm3") + "/enable_source", "0\n")
            board.disconnect()
        }
    }

    @Test func aWriteTheBoardRefusesReportsTheKernelsError() throws {
        let tree = try FixtureTree("juno-r2")
        // A directory where the attribute was: the shell cannot create it (EISDIR).
        let file = tree.device("etm4") + "/enable_sink"
        try FileManager.default.createDirectory(atPath: file, withIntermediateDirectories: false)
        for shell in Self.shells() {
            let board = Self.board(tree, shell: shell)
            try board.connect()
            _ = try board.waitUntilConnected()
            let sequence = try #require(board.write(enable: true, device: "etm4", kind: .source))
            // The first write is answered before its file is replaced: a shell still writing it
            // would otherwise create a regular file where the directory is about to go.
            let first = Self.pump(board) { event in
                if case .answered(let answered, _) = event { return answered == sequence }
                return false
            }
            #expect(first != nil, "\(shell): the first write was never answered")
            try FileManager.default.removeItem(atPath: tree.device("etm4") + "/enable_source")
            try FileManager.default.createDirectory(atPath: tree.device("etm4") + "/enable_source", withIntermediateDirectories: false)
            let second = board.write(enable: true, device: "etm4", kind: .source)
            var errors: [SysfsWriteError?] = []
            _ = Self.pump(board) { event in
                if case .answered(let answered, let error) = event, answered == second { errors.append(error); return true }
                return false
            }
            #expect(errors.count == 1)
            #expect(errors.first??.description.contains("not a regular file") == true, "\(shell): \(String(describing: errors))")
            try FileManager.default.removeItem(atPath: tree.device("etm4") + "/enable_source")
            try tree.write(tree.device("etm4") + "/enable_source", "0\n")
            board.disconnect()
        }
    }

    @Test func aChannelThatEndsIsLostNotAnError() throws {
        let tree = try FixtureTree("juno-r2")
        let board = RemoteBoard(target: .init(command: ["sh", "-c", "read -r line; echo csx-remote 1; exit 0"], name: "board", root: tree.root),
                                intervalMilliseconds: 50)
        try board.connect()
        #expect(throws: RemoteError.self) { try board.waitUntilConnected() }
        #expect(!board.isConnected)
    }

    @Test func aBoardThatFloodsOneLineIsCut() throws {
        let tree = try FixtureTree("juno-r2")
        // One endless line: csx keeps 8 KiB of it and gives up at the dump's byte limit, or
        // when the command ends; it never stores the whole flood.
        let board = RemoteBoard(target: .init(command: ["sh", "-c", "echo csx-remote 1; head -c 10000000 /dev/zero | tr '\\0' x; echo"],
                                              name: "board", root: tree.root), intervalMilliseconds: 50)
        try board.connect()
        #expect(throws: RemoteError.self) { try board.waitUntilConnected() }
        #expect(!board.isConnected)
    }

    @Test func theBoardsErrorTextMapsBackToItsErrno() {
        #expect(RemoteErrno.code(forMessage: "sh: 1: cannot create /sys/x: Permission denied") == EACCES)
        #expect(RemoteErrno.code(forMessage: "sh: write error: Device or resource busy") == EBUSY)
        #expect(RemoteErrno.code(forMessage: "bash: echo: write error: Invalid argument") == EINVAL)
        #expect(RemoteErrno.code(forMessage: "something else") == RemoteErrno.unknownCode)
    }
}
