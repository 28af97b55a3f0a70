import CoreSightModel
import Foundation
import LiveSysfs
import Sessions
import TerminalUI

/// Feeds the live view from sysfs: polls, maps each reading for the UI, records change lines,
/// and performs confirmed writes. The only place `csx live` touches files.
struct LiveFeed {
    let root: String
    let intervalMilliseconds: Int
    private var poller: SysfsPoller
    private var recorder: SessionRecorder?
    private let topology: CoreSightModel.Topology
    /// Where the recording goes, while one runs.
    private(set) var recordPath: String?

    /// With a recorder, the baseline is written first (see `baselineChanges`).
    init(discovery: SysfsDiscoveryResult, topology: CoreSightModel.Topology, intervalMilliseconds: Int) {
        root = discovery.root
        self.topology = topology
        self.intervalMilliseconds = intervalMilliseconds
        poller = SysfsPoller(discovery: discovery)
    }

    /// Starts a live session file: the header, then the board's state now (the baseline), then
    /// each poll's changes as they come.
    mutating func startRecording(_ path: String) throws(SessionError) {
        let recorder = try SessionRecorder(path: path, header: .live(topology: topology, csxVersion: CSXVersion.string))
        let now = SessionRecorder.monotonicNanoseconds()
        for change in Self.baselineChanges(Self.reading(poller.state, idle: [:], syscalls: 0)) where change.fits(topology) {
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

    /// The baseline, read when the poller opened its files.
    var baseline: LiveReading { Self.reading(poller.state, idle: [:], syscalls: 0) }

    /// One poll, into the app state; a recording error stops recording and says so.
    mutating func poll(into state: inout AppState) {
        let result = poller.poll()
        var idle: [Int: UInt64] = [:]
        for case .idleEntries(let cpu, _, let count, _) in result.changes { idle[cpu, default: 0] += count }
        state.observe(Self.reading(result.state, idle: idle, syscalls: result.syscalls))
        if let recorder, !result.changes.isEmpty {
            do { try recorder.append(result) } catch {
                self.recorder = nil
                recordPath = nil
                state.notice = Notice("recording stopped: \(error.description)", isError: true)
            }
        }
        if result.needsRediscovery || (state.live?.polls ?? 0) % 10 == 0 && poller.deviceListChanged() {
            rediscover(into: &state)
        }
    }

    /// Devices came or went: read the bus again and go on from the last state.
    private mutating func rediscover(into state: inout AppState) {
        guard let discovery = try? SysfsDiscovery.discover(root: root) else { return }
        poller = SysfsPoller(discovery: discovery, previous: poller.state)
        state.notice = Notice("the CoreSight devices changed; topology changes show after a restart of csx live")
    }

    /// Does a confirmed write and says what the kernel answered.
    func perform(_ write: LiveWrite, into state: inout AppState) {
        let kind: SysfsEnableKind = write.target == .source ? .source : .sink
        switch SysfsWriter.write(enable: write.enable, device: write.device, kind: kind, root: root) {
        case .success: state.finishWrite(write, error: nil)
        case .failure(let error): state.finishWrite(write, error: error.message)
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
