import CoreSightModel

/// What one session file may make csx hold, checked as each line is read, before anything is
/// kept for it; past a limit the load fails with `FILE:LINE: ...` (exit 2). The header's
/// topology and scenario have limits of their own (`TopologyLimits`, the scenario reader's).
public enum SessionLimits {
    /// Bytes in one line, newline excluded. The largest line csx writes is a header carrying a
    /// topology at `TopologyLimits`' bounds: a few MiB. The reader's window never grows past
    /// this (plus one read).
    public static let maxLineBytes = 16 << 20
    /// Action lines (20 bytes each once loaded: 200 MB at the limit; the benchmark's 1M is 20 MB).
    public static let maxActionLines = 10_000_000
    /// Change lines of a live session (about 100 bytes each once loaded).
    public static let maxChangeLines = 2_000_000
    /// Bytes of one action's text: the longest real one (`cpuN disable-sink NAME` with a name at
    /// `TopologyLimits.maxNameLength`) is under 160.
    public static let maxActionBytes = 512
    /// Distinct component names the action lines may name, as many as a topology may hold.
    public static let maxNames = TopologyLimits.maxComponents
}
