import CoreSightModel
import Foundation
import LiveSysfs
import SafeText
import Sessions
import TerminalUI

/// Feeds the live view from sysfs, read here or on a board over ssh: polls, maps each reading
/// for the UI, records change lines, and performs confirmed writes. The only place `csx live`
/// touches files or the channel.
struct LiveFeed {
    /// The root as shown (`/sys`, a fixture root as given, `root@juno:/sys`).
    let root: String
    let intervalMilliseconds: Int
    private var source: Source
    private var recorder: SessionRecorder?
    private let topology: CoreSightModel.Topology
    /// Where the recording goes, while one runs.
    private(set) var recordPath: String?
    /// The last state read, for the baseline of a recording and a reconnection.
    private var lastState: SysfsState
    /// The known-races search running beside the view, until its result is shown.
    private var raceSearch: LiveRaceSearch?

    mutating func searchRaces(facts: BoardFacts, topology: CoreSightModel.Topology) {
        raceSearch = LiveRaceSearch(facts: facts, topology: topology)
    }

    private enum Source {
        /// This machine's files (`--sysfs-root`); `realRoot` is where they are read.
        case local(SysfsPoller, realRoot: String)
        /// A board over ssh: one channel, reconnected with a backoff when it drops.
        case remote(RemoteBoard, RemoteRetry)
    }

    /// Local sysfs: with a recorder, the baseline is written first (see `baselineChanges`).
    init(discovery: SysfsDiscoveryResult, topology: CoreSightModel.Topology, intervalMilliseconds: Int, readingRoot: String? = nil) {
        root = discovery.root
        self.topology = topology
        self.intervalMilliseconds = intervalMilliseconds
        let poller = SysfsPoller(discovery: discovery)
        source = .local(poller, realRoot: readingRoot ?? discovery.root)
        lastState = poller.state
    }

    /// A connected board, after its first poll.
    init(board: RemoteBoard, baseline: SysfsState, topology: CoreSightModel.Topology) {
        root = board.target.shownRoot
        self.topology = topology
        intervalMilliseconds = board.intervalMilliseconds
        source = .remote(board, RemoteRetry())
        lastState = baseline
    }

    /// Starts a live session file: the header, then the board's state now (the baseline), then
    /// each poll's changes as they come.
    mutating func startRecording(_ path: String) throws(SessionError) {
        let recorder = try SessionRecorder(path: path, header: .live(topology: topology, csxVersion: CSXVersion.string))
        let now = SessionRecorder.monotonicNanoseconds()
        for change in Self.baselineChanges(Self.reading(lastState, idle: [:], syscalls: 0)) where change.fits(topology) {
            try recorder.append(TimedLiveChange(monotonicNanoseconds: now, change: change))
        }
        self.recorder = recorder
        recordPath = path
    }

    /// Closes the file; what was saved, for the status line.
    mutating func stopRecording() -> String {
        defer {
            recorder = nil
            recordPath = nil
        }
        guard let recorder, let recordPath else { return "not recording" }
        do { try recorder.close() } catch { return error.description }
        return "saved the live session to \(recordPath) (csx replay '\(recordPath)')"
    }

    /// The baseline, read when the feed opened.
    var baseline: LiveReading { Self.reading(lastState, idle: [:], syscalls: 0) }

    /// One poll, into the app state; a recording error stops recording and says so.
    mutating func poll(into state: inout AppState) {
        if let summary = raceSearch?.take() {
            raceSearch = nil
            var kernel = LiveKernel.screenSummary(summary)
            kernel.exploration = state.live?.kernel.exploration ?? []
            state.setLiveKernel(kernel)
        }
        if state.live?.explorationRequested == true, let live = state.live {
            let found = LiveKernel.explore(topology: topology, root: root, summary: live.kernel)
            state.finishExploration(found.lines, notice: found.notice, isError: found.isError)
        }
        switch source {
        case .local(var poller, let realRoot):
            let result = poller.poll()
            take(result, into: &state)
            if result.needsRediscovery || (state.live?.polls ?? 0) % 10 == 0 && poller.deviceListChanged() {
                // Devices came or went: read the bus again and go on from the last state.
                if let discovery = try? SysfsDiscovery.discover(root: realRoot, shownAs: root) {
                    poller = SysfsPoller(discovery: discovery, previous: poller.state)
                    state.notice = Notice("the CoreSight devices changed; topology changes show after a restart of csx live")
                }
            }
            source = .local(poller, realRoot: realRoot)
        case .remote(let board, var retry):
            pumpRemote(board, &retry, into: &state)
            source = .remote(board, retry)
        }
    }

    private mutating func take(_ result: SysfsPollResult, into state: inout AppState) {
        var idle: [Int: UInt64] = [:]
        for case .idleEntries(let cpu, _, let count, _) in result.changes { idle[cpu, default: 0] += count }
        state.observe(Self.reading(result.state, idle: idle, syscalls: result.syscalls))
        lastState = result.state
        if let recorder, !result.changes.isEmpty {
            do { try recorder.append(result) } catch {
                stopRecordingAfterError(error, into: &state)
            }
        }
    }

    private mutating func stopRecordingAfterError(_ error: SessionError, into state: inout AppState) {
        recorder = nil
        recordPath = nil
        state.notice = Notice("recording stopped: \(error.description)", isError: true)
    }

    private mutating func pumpRemote(_ board: RemoteBoard, _ retry: inout RemoteRetry, into state: inout AppState) {
        if !board.isConnected {
            let asked = state.live?.reconnectRequested == true
            state.clearReconnectRequest()
            if asked || retry.isDue {
                retry.attempted()
                do { try board.connect() } catch {
                    state.notice = Notice(error.description, isError: true)
                }
                state.setConnection("connecting to \(board.target.name)…", lost: false)
            } else {
                state.setConnection(retry.waitingText(board.target.name), lost: true)
            }
            return
        }
        defer { markStale(board, into: &state) }
        for event in board.pump() {
            switch event {
            case .connected(let discovery, let result):
                retry.connected()
                state.setConnection(nil, lost: false)
                let same = discovery.topology.map { $0.components == topology.components && $0.connections == topology.connections } ?? false
                state.notice = same
                    ? Notice("reconnected to \(board.target.name); changes while away show in this poll")
                    : Notice("reconnected to \(board.target.name), but its CoreSight devices changed: restart csx live to see the new topology", isError: true)
                record(.connection(state: "restored", detail: board.target.name), into: &state)
                take(result, into: &state)
            case .polled(let result):
                take(result, into: &state)
            case .answered(let sequence, let error):
                guard let write = retry.writes.removeValue(forKey: sequence) else { continue }
                state.finishWrite(write, error: error?.message)
            case .lost(let reason):
                let wasUp = !retry.isFailing
                retry.lost(reason: reason)
                for write in retry.writes.values { state.finishWrite(write, error: "the connection dropped before the board answered") }
                retry.writes = [:]
                state.setConnection(retry.waitingText(board.target.name), lost: true)
                // Said and recorded once per loss; a failed retry only updates the header.
                if wasUp {
                    state.notice = Notice("connection lost: \(reason); retrying in \(retry.delaySeconds) s, r reconnects now", isError: true)
                    record(.connection(state: "lost", detail: reason), into: &state)
                }
            }
        }
    }

    /// No poll for ten intervals (five seconds at least) from a connected board: the header
    /// says the readings are old rather than showing them as the board's state now.
    private func markStale(_ board: RemoteBoard, into state: inout AppState) {
        guard board.isConnected, let last = board.lastPollAt, state.live?.connectionLost != true else { return }
        let silence = last.duration(to: .now)
        let limit = Duration.milliseconds(max(5000, 10 * board.intervalMilliseconds))
        if silence > limit {
            state.setConnection("STALE: no reading from \(board.target.name) for \(silence.components.seconds) s", lost: false)
        } else if state.live?.connection?.hasPrefix("STALE") == true {
            state.setConnection(nil, lost: false)
        }
    }

    /// A connection event in the recording, stamped now.
    private mutating func record(_ change: LiveChange, into state: inout AppState) {
        guard let recorder else { return }
        do { try recorder.append(TimedLiveChange(monotonicNanoseconds: SessionRecorder.monotonicNanoseconds(), change: change)) } catch {
            stopRecordingAfterError(error, into: &state)
        }
    }

    /// Does a confirmed write: here, at once; on a board, sent now and answered in a later poll.
    mutating func perform(_ write: LiveWrite, into state: inout AppState) {
        let kind: SysfsEnableKind = write.target == .source ? .source : .sink
        switch source {
        case .local(_, let realRoot):
            switch SysfsWriter.write(enable: write.enable, device: write.device, kind: kind, root: realRoot) {
            case .success: state.finishWrite(write, error: nil)
            case .failure(let error): state.finishWrite(write, error: error.message)
            }
        case .remote(let board, var retry):
            guard let sequence = board.write(enable: write.enable, device: write.device, kind: kind) else {
                state.finishWrite(write, error: "not connected to \(board.target.name): nothing written")
                return
            }
            retry.writes[sequence] = write
            source = .remote(board, retry)
        }
    }

    static func reading(_ state: SysfsState, idle: [Int: UInt64], syscalls: Int) -> LiveReading {
        var reading = LiveReading(idleEntries: idle, problems: state.problems.map(\.description), syscalls: syscalls)
        for device in state.devices {
            if let value = device.enableSource { reading.sourceEnabled[device.name] = value }
            if let value = device.enableSink { reading.sinkEnabled[device.name] = value }
            if let fault = device.sourceFault { reading.unreadable[LiveAttribute(device: device.name, target: .source)] = fault.description }
            if let fault = device.sinkFault { reading.unreadable[LiveAttribute(device: device.name, target: .sink)] = fault.description }
        }
        for cpu in state.cpus {
            if let online = cpu.online { reading.online[cpu.cpu] = online }
        }
        return reading
    }
}

/// When to try a dropped board again: 1, 2, 4, 8, 16, then every 30 seconds; `r` at once.
struct RemoteRetry {
    private(set) var delaySeconds = 1
    private var due: ContinuousClock.Instant?
    /// Writes sent and not answered yet, by sequence number.
    var writes: [Int: LiveWrite] = [:]

    static let longestDelaySeconds = 30

    var isDue: Bool { due.map { ContinuousClock.now >= $0 } ?? true }

    /// Lost, and not connected again since.
    private(set) var isFailing = false
    /// Why the last attempt ended (ssh's words), for the header.
    private var reason = ""

    mutating func lost(reason: String) {
        isFailing = true
        self.reason = reason
        due = ContinuousClock.now.advanced(by: .seconds(delaySeconds))
    }

    mutating func attempted() {
        delaySeconds = min(delaySeconds * 2, Self.longestDelaySeconds)
        due = ContinuousClock.now.advanced(by: .seconds(delaySeconds))
    }

    mutating func connected() {
        delaySeconds = 1
        due = nil
        isFailing = false
    }

    func waitingText(_ name: String) -> String {
        let left = due.map { max(0, Int(ContinuousClock.now.duration(to: $0).components.seconds)) } ?? 0
        return "LOST \(reason.isEmpty ? name : reason): retry in \(left) s (r now)"
    }
}
