public import DriverSimulation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a session as it happens: the header on `open`, then one line per `append`, each with
/// a single `write(2)` on an unbuffered descriptor, so a crash, Ctrl-C or SIGTERM loses at most
/// the line being written (and a reader skips that torn line).
///
/// Not `Sendable`: one owner writes, in order. Closed by `close()` or when released.
public final class SessionRecorder {
    public let path: String
    public let header: SessionHeader
    private var descriptor: Int32
    private let words: EventWords

    /// Creates (or empties) `path`, a regular file (`OutputTarget.openForRecording`: anything
    /// else is refused and left alone), and writes the header line.
    public init(path: String, header: SessionHeader) throws(SessionError) {
        self.path = path
        self.header = header
        self.words = EventWords(describer: EventDescriber(topology: header.topology))
        do {
            descriptor = try OutputTarget.openForRecording(path)
        } catch {
            throw SessionError(file: path, message: "cannot record here: \(error.reason)")
        }
        try write(SessionLines.header(header))
    }

    /// `open(file, header)`: the same as `init`.
    public static func open(_ path: String, header: SessionHeader) throws(SessionError) -> SessionRecorder {
        try SessionRecorder(path: path, header: header)
    }

    /// Starts recording a simulation already under way: the header, then every record so far
    /// (its scenario start included), so the file replays from the scenario start. Append each
    /// later `perform`'s record.
    public static func start(_ path: String, simulation: Simulation, csxVersion: String) throws(SessionError) -> SessionRecorder {
        let recorder = try SessionRecorder(path: path, header: .simulation(simulation, csxVersion: csxVersion))
        for record in simulation.records { try recorder.append(record) }
        return recorder
    }

    /// One applied action and its events.
    public func append(_ record: StepRecord) throws(SessionError) {
        try write(SessionLines.action(record, words: words))
    }

    /// One change a live session observed.
    public func append(_ change: TimedLiveChange) throws(SessionError) {
        try write(SessionLines.change(change))
    }

    /// The monotonic clock live change lines are stamped with, in nanoseconds.
    public static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    /// Closes the file; later appends throw.
    public func close() throws(SessionError) {
        guard descriptor >= 0 else { return }
        let failure = POSIXFile.closeFile(descriptor)
        descriptor = -1
        if failure != 0 { throw SessionError(file: path, message: "cannot close: \(POSIXFile.message(failure))") }
    }

    deinit {
        if descriptor >= 0 { _ = POSIXFile.closeFile(descriptor) }
    }

    /// One line, one `write(2)` (repeated only if the kernel takes part of it or a signal
    /// interrupts it before anything was written).
    private func write(_ line: [UInt8]) throws(SessionError) {
        guard descriptor >= 0 else { throw SessionError(file: path, message: "the session is closed") }
        let failure = line.withUnsafeBytes { POSIXFile.writeAll(descriptor, $0) }
        if failure != 0 { throw SessionError(file: path, message: "cannot write: \(POSIXFile.message(failure))") }
    }
}
