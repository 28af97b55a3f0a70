#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SafeText

/// A board read over one channel (`ssh HOST`, or any command that starts a POSIX shell): the
/// script (`RemoteScript`) describes the tree once, csx discovers it as it would `/sys`, and
/// from then on the board streams the polled files; a poll costs csx no round trip. Writes go
/// over the same channel. Driven by `pump()`, which never blocks: the caller's loop decides
/// when. A dropped channel is an event, never an error thrown at the caller.
public final class RemoteBoard {
    /// How to reach the board.
    public struct Target: Sendable, Hashable {
        /// The command whose standard input and output are the channel (its last argument runs
        /// `RemoteScript.bootstrap`).
        public var command: [String]
        /// `root@juno` (shown on screen and in messages, never a local path).
        public var name: String
        /// The sysfs root on the board.
        public var root: String

        public init(command: [String], name: String, root: String) {
            self.command = command
            self.name = name
            self.root = root
        }

        /// `root@juno:/sys`: how the board's root is shown.
        public var shownRoot: String { "\(name):\(root)" }
    }

    public enum Event {
        /// The tree was read and the first poll came in (after a reconnect too): `poll` is the
        /// state at that moment, its changes against what was known before the connection.
        case connected(SysfsDiscoveryResult, SysfsPollResult)
        case polled(SysfsPollResult)
        /// The kernel's answer to a write (`sequence` from `write`); nil: it took the value.
        case answered(sequence: Int, error: SysfsWriteError?)
        /// The channel ended; the reason is ssh's last message, or what csx refused.
        case lost(String)
    }

    /// `pm_save_enable` and the kernel release, as the board's script read them.
    public private(set) var facts = BoardFacts()
    public let target: Target
    public let intervalMilliseconds: Int
    /// The last discovery (nil before the first connection completes).
    public private(set) var discovery: SysfsDiscoveryResult?

    private var child: ChildProcess?
    private var splitter = LineSplitter(maxLength: RemoteLimits.lineLength)
    private var phase = Phase.idle
    private var outgoing: [UInt8] = []
    private var values = RemoteValues(count: 0)
    private var poller: SysfsPoller?
    private var lastState: SysfsState?
    private var nextSequence = 1
    private var writes: [Int: (path: String, kind: SysfsEnableKind)] = [:]
    /// Per device, its directory relative to the root (for writes).
    private var deviceDirectories: [String: String] = [:]

    private enum Phase {
        case idle
        /// Reading the tree: lines before the hello are a login shell's noise and skipped.
        case dumping(Dump)
        case firstPoll
        case streaming
        case lost
    }

    private struct Dump {
        var mirror: RemoteMirror?
        var hello = false
        var records = 0
        var bytes = 0
        var file: (path: String, bytes: [UInt8], lines: Int)?
    }

    /// `measuresCPU`: the board reports its script's CPU time after every poll
    /// (`remoteCPUSeconds`), for benchmarks.
    public init(target: Target, intervalMilliseconds: Int, measuresCPU: Bool = false) {
        self.target = target
        self.intervalMilliseconds = intervalMilliseconds
        self.measuresCPU = measuresCPU
    }

    private let measuresCPU: Bool
    /// CPU seconds the board's poll loop has used so far (user + system, its children too),
    /// with `measuresCPU`.
    public private(set) var remoteCPUSeconds: Double?
    /// `times` lines still expected after a `t` record.
    private var timesLinesExpected = 0
    private var timesSeconds = 0.0
    /// When the last poll came in (nil before the first): a board whose loop stopped sending
    /// (a file that blocks, a board under heavy load) shows as stale, not as quiet.
    public private(set) var lastPollAt: ContinuousClock.Instant?

    /// Files the board polls, relative to its root (set when the tree has been read).
    public private(set) var polledPaths: [String] = []
    public var polledFileCount: Int { polledPaths.count }
    /// Bytes read from the channel so far.
    public private(set) var bytesReceived = 0

    /// CPU seconds the channel's local process (ssh) has used, from /proc; nil elsewhere.
    public var channelCPUSeconds: Double? { child.flatMap { ProcessCPU.seconds(of: $0.pid) } }

    deinit {
        if case .dumping(let dump) = phase { dump.mirror?.remove() }
        child?.terminate()
    }

    /// Starts (or restarts) the channel and sends the script. Throws only when the command
    /// cannot be started at all (no `ssh`).
    public func connect() throws(RemoteError) {
        disconnect()
        do { child = try ChildProcess(arguments: target.command) } catch {
            throw RemoteError("cannot run \(Echo.escaped(target.command[0])): \(error.message)")
        }
        splitter = LineSplitter(maxLength: RemoteLimits.lineLength)
        phase = .dumping(Dump())
        outgoing = Array(RemoteScript.text(root: target.root, intervalMilliseconds: intervalMilliseconds, measuresCPU: measuresCPU).utf8)
        flush()
    }

    /// Ends the channel (the board's script ends with it) and its child process.
    public func disconnect() {
        if case .dumping(let dump) = phase { dump.mirror?.remove() }
        if child != nil { phase = .lost }
        child?.terminate()
        child = nil
        writes = [:]
    }

    public var isConnected: Bool {
        switch phase {
        case .dumping, .firstPoll, .streaming: true
        case .idle, .lost: false
        }
    }

    /// Blocks until the first connection's first poll, or its failure; for `csx live` to know
    /// the board before the screen opens. The deadline is `RemoteLimits.discoverySeconds`.
    public func waitUntilConnected() throws(RemoteError) -> (SysfsDiscoveryResult, SysfsPollResult) {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(RemoteLimits.discoverySeconds))
        while clock.now < deadline {
            for event in pump() {
                switch event {
                case .connected(let discovery, let poll): return (discovery, poll)
                case .lost(let reason): throw RemoteError(reason)
                case .polled, .answered: break
                }
            }
            child?.waitForOutput(milliseconds: 100)
        }
        disconnect()
        throw RemoteError("\(Echo.escaped(target.name)) sent no reading in \(RemoteLimits.discoverySeconds) s")
    }

    /// Waits up to `milliseconds` for the board to send something (for loops without a terminal).
    public func waitForOutput(milliseconds: Int) {
        child?.waitForOutput(milliseconds: milliseconds)
    }

    /// Asks the board to write `1`/`0` to a device's enable file; the answer comes as an
    /// `.answered` event with the returned sequence number. Nil when not connected.
    public func write(enable: Bool, device: String, kind: SysfsEnableKind) -> Int? {
        guard case .streaming = phase, let directory = deviceDirectories[device] else { return nil }
        let sequence = nextSequence
        nextSequence += 1
        writes[sequence] = (describeTarget(device: device, kind: kind), kind)
        outgoing += Array("w \(sequence) \(enable ? 1 : 0) \(directory)/\(kind.fileName)\n".utf8)
        flush()
        return sequence
    }

    /// The file a write names in its confirmation: `root@juno:/sys/bus/coresight/devices/etm1/enable_source`.
    public func describeTarget(device: String, kind: SysfsEnableKind) -> String {
        SysfsWriter.describeTarget(device: device, kind: kind, root: target.shownRoot)
    }

    /// Takes what the board sent since the last call (at most `RemoteLimits.bytesPerPump`)
    /// and says what happened. Never blocks.
    public func pump() -> [Event] {
        guard let child, isConnected else { return [] }
        flush()
        var bytes: [UInt8] = []
        let open = child.read(into: &bytes, limit: RemoteLimits.bytesPerPump)
        bytesReceived += bytes.count
        var events: [Event] = []
        for line in splitter.split(bytes) {
            handle(line, &events)
            guard isConnected else { return events }
        }
        // Whatever the child wrote before it ended is taken first.
        if !open || (bytes.isEmpty && !child.isRunning) {
            events.append(.lost(lostReason(default: "the connection closed")))
            disconnect()
        }
        return events
    }

    private func lostReason(default text: String) -> String {
        let said = child?.lastErrorLine.map { Echo.escaped($0) }
        return "\(Echo.escaped(target.name)): " + (said ?? text)
    }

    private func flush() {
        guard let child, !outgoing.isEmpty else { return }
        guard let written = child.write(outgoing[...]) else { return }
        outgoing.removeFirst(written)
    }

    private func fail(_ message: String, _ events: inout [Event]) {
        events.append(.lost("\(Echo.escaped(target.name)): \(message)"))
        disconnect()
    }

    private func handle(_ line: LineSplitter.Line, _ events: inout [Event]) {
        switch phase {
        case .dumping(var dump):
            phase = .idle  // the dump is moved out while it changes
            if dumpLine(line, &dump, &events) { phase = .dumping(dump) } else if case .idle = phase { phase = .lost }
        case .firstPoll, .streaming:
            streamLine(line, &events)
        case .idle, .lost:
            break
        }
    }

    // MARK: - the tree

    /// One line of the dump; false when the dump ended (well or not).
    private func dumpLine(_ line: LineSplitter.Line, _ dump: inout Dump, _ events: inout [Event]) -> Bool {
        dump.records += 1
        dump.bytes += line.bytes.count + 1
        guard dump.records <= RemoteLimits.dumpRecords, dump.bytes <= RemoteLimits.dumpBytes else {
            dump.mirror?.remove()
            fail("the board's tree is larger than csx reads (\(RemoteLimits.dumpRecords) entries, \(RemoteLimits.dumpBytes >> 20) MiB)", &events)
            return false
        }
        let record = RemoteRecord(line.bytes)
        guard dump.hello else {
            if record.tag == "csx-remote" {
                guard record.text == String(RemoteScript.protocolVersion) else {
                    fail("the board speaks protocol \(Echo.escaped(record.text)), csx \(RemoteScript.protocolVersion)", &events)
                    return false
                }
                dump.hello = true
                do { dump.mirror = try RemoteMirror() } catch {
                    fail("cannot make a temporary directory (\(error.name))", &events)
                    return false
                }
            } else if record.tag == "fatal" {
                fail(Echo.escaped(record.text), &events)
                return false
            }
            return true  // a login shell's greeting
        }
        guard let mirror = dump.mirror else { return false }
        if record.tag == "c", var file = dump.file {
            if file.lines < RemoteLimits.linesPerFile, file.bytes.count <= FileAccess.attributeLimit {
                file.bytes += line.bytes.dropFirst(2) + [UInt8(ascii: "\n")]
                file.lines += 1
            }
            dump.file = file
            return true
        }
        if let file = dump.file {
            if file.path == BoardFacts.pmSaveFile { facts.pmSaveEnable = BoardFacts.pmSave(file.bytes) }
            mirror.file(file.path, bytes: Array(file.bytes.prefix(FileAccess.attributeLimit)))
            dump.file = nil
        }
        let (path, value) = record.pathAndValue
        switch record.tag {
        case "root": break
        case "kernel":
            facts.kernelRelease = BoardFacts.release(String(decoding: value.prefix(256), as: UTF8.self))
            facts.kernelReleaseSource = path == "proc" ? BoardFacts.releaseFile : "uname -r"
        case "d": mirror.directory(path)
        case "n": mirror.file(path, bytes: [])
        case "l": mirror.link(path, target: String(decoding: value, as: UTF8.self))
        case "f": dump.file = (path, [], 0)
        case "x": mirror.file(path, bytes: record.hexBytes ?? [])
        case "o": mirror.other(path)
        case "e": mirror.file(path, bytes: [], readable: false)
        case "fatal":
            mirror.remove()
            fail(Echo.escaped(record.text), &events)
            return false
        case "end":
            finishDiscovery(mirror, &events)
            mirror.remove()
            return false
        default: break  // a record a newer script sends
        }
        return true
    }

    private func finishDiscovery(_ mirror: RemoteMirror, _ events: inout [Event]) {
        let found: SysfsDiscoveryResult
        do { found = try SysfsDiscovery.discover(root: mirror.root, shownAs: target.shownRoot) } catch {
            fail(error.description, &events)
            return
        }
        let prefix = found.resolvedRoot + "/"
        let paths = SysfsPoller.pollPaths(found).map { file in
            ((file.afterChangeOnly ? "+ " : "= ") + (file.path.hasPrefix(prefix) ? String(file.path.dropFirst(prefix.count)) : file.path))
        }
        guard paths.count <= RemoteLimits.polledFiles else {
            fail("more than \(RemoteLimits.polledFiles) files to poll", &events)
            return
        }
        deviceDirectories = [:]
        for device in found.devices {
            guard let directory = device.directory, directory.hasPrefix(prefix) else { continue }
            deviceDirectories[device.name] = String(directory.dropFirst(prefix.count))
        }
        values = RemoteValues(count: paths.count)
        polledPaths = paths.map { String($0.dropFirst(2)) }
        poller = SysfsPoller(discovery: found, values: values, previous: lastState)
        discovery = found
        outgoing += Array("watch \(paths.count)\n".utf8)
        for path in paths { outgoing += Array((path + "\n").utf8) }
        flush()
        phase = .firstPoll
    }

    // MARK: - the stream

    private func streamLine(_ line: LineSplitter.Line, _ events: inout [Event]) {
        if timesLinesExpected > 0 {
            timesSeconds += ProcessCPU.seconds(inTimesLine: line.bytes)
            timesLinesExpected -= 1
            if timesLinesExpected == 0 { remoteCPUSeconds = timesSeconds }
            return
        }
        let record = RemoteRecord(line.bytes)
        switch record.tag {
        case "v":
            let (indexText, value) = record.pathAndValue
            guard indexText.utf8.count <= 7, let index = Int(indexText), index < values.count, let kind = value.first else { return }
            if line.wasCut {
                values.set(index, bytes: Array("(longer than \(RemoteLimits.lineLength) bytes)".utf8))
            } else if kind == UInt8(ascii: "=") {
                values.set(index, bytes: value.dropFirst())
            } else {
                values.set(index, failure: String(decoding: value.dropFirst().prefix(512), as: UTF8.self))
            }
        case "p":
            guard var poller else { return }
            lastPollAt = ContinuousClock.now
            let result = poller.poll(values: values)
            self.poller = poller
            let first = { if case .firstPoll = self.phase { true } else { false } }()
            lastState = result.state
            if first, let discovery {
                phase = .streaming
                events.append(.connected(discovery, result))
            } else {
                events.append(.polled(result))
            }
        case "a":
            let (sequenceText, answer) = record.pathAndValue
            guard let sequence = Int(sequenceText), let write = writes.removeValue(forKey: sequence) else { return }
            if answer == Array("ok".utf8) {
                events.append(.answered(sequence: sequence, error: nil))
            } else {
                let message = String(decoding: answer.dropFirst().prefix(512), as: UTF8.self)
                let code = RemoteErrno.code(forMessage: message)
                let error = code == RemoteErrno.unknownCode && !message.hasSuffix(SystemError(code: code).message)
                    ? SysfsWriteError(SystemError(code: code, reason: SysfsName.display(message)), kind: write.kind, path: write.path)
                    : SysfsWriteError(errno: code, kind: write.kind, path: write.path)
                events.append(.answered(sequence: sequence, error: error))
            }
        case "t" where measuresCPU:
            timesLinesExpected = 2
            timesSeconds = 0
        case "fatal":
            fail(Echo.escaped(record.text), &events)
        default:
            break
        }
    }
}

/// Why a remote board could not be read: one line, ready for `csx: ...`.
public struct RemoteError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
