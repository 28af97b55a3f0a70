import SafeText
/// The panels, in Tab order.
public enum Panel: Int, CaseIterable, Sendable {
    case cpus, topology, timeline, inspector

    public var title: String {
        switch self {
        case .cpus: "CPUs"
        case .topology: "Topology"
        case .timeline: "Timeline"
        case .inspector: "Inspector"
        }
    }
}

/// What the user asked for, independent of the key that asked (the key map decides that).
public enum AppCommand: Sendable, Hashable {
    case selectCPU(Int)
    /// A digit key: digits accumulate while they still name a CPU (cpu12 on a 64-CPU board).
    case selectDigit(Int)
    case selectColumn(Int)
    case dismissNotice
    case step
    case run
    case idle
    case wake
    /// `o`: the selected CPU goes offline, or comes back online.
    case toggleOnline
    case toggleExternalClaim
    case enableTracer
    case disableTracer
    case makeIssuer
    case stepBack
    case cycleKernel
    case focusNext
    case focusPrevious
    case move(dx: Int, dy: Int)
    case page(Int)
    case home
    case end
    case jumpToNextViolation
    case toggleHelp
    case scrollHelp(Int)
    case openCommandLine
    case commandInput(Character)
    case commandBackspace
    case commandSubmit
    case commandCancel
    case commandHistory(Int)
    case quit
    // Playback (csx replay, a found schedule):
    case playPause
    /// The loop's timer: plays the next action while playing.
    case tick
    case changeSpeed(Int)
    case leavePlayback
    /// `x`: search every schedule from here for a violation.
    case explore
    /// `R`: start / stop recording the session to a file (the front end does the writing).
    case toggleRecording
    /// `D`: write the race diagram of the run on screen to a file (the front end draws and writes it).
    case writeDiagram
    /// The answer to a live write's confirmation prompt.
    case confirmWrite(Bool)
}

/// A message shown in the status line until the next command.
public struct Notice: Sendable, Hashable {
    /// One line, escaped and cut (`Echo.line`): notices echo file names, the `:` line's input
    /// and what files held, which must not drive the terminal.
    public private(set) var text: String
    public var isError: Bool
    public init(_ text: String, isError: Bool = false) {
        self.text = Echo.line(text)
        self.isError = isError
    }
}
