public import DriverSimulation

/// A session file as read: its header, its action lines (compact), its live changes, and what
/// the reader had to skip.
public struct LoadedSession: Sendable {
    public var path: String
    public var header: SessionHeader
    public var steps = SessionSteps()
    public var changes: [TimedLiveChange] = []
    /// Each `FILE:LINE: ...`, for standard error (a torn last line skipped).
    public var warnings: [String] = []
    /// Lines of types this csx does not know (a newer minor version's), skipped.
    public var unknownLines = 0

    init(path: String, header: SessionHeader) {
        self.path = path
        self.header = header
    }

    /// The actions after the scenario start, in order: what a replay performs.
    public var actions: [Action] {
        (0..<steps.count).filter { !steps.isSetup(at: $0) }.map { steps.action(at: $0) }
    }

    /// What a replay plays (the TUI's hook: open a simulation of `scenario` under `variant` and
    /// perform `actions`); nil for a live session, which has no actions to perform.
    public var replayInput: (scenario: Scenario, profile: DriverProfile, pmSave: PMSave, actions: [Action])? {
        guard header.source == .simulation, let scenario = header.scenario, let profile = header.profile else { return nil }
        return (scenario, profile, header.pmSave ?? .firmware, actions)
    }
}
