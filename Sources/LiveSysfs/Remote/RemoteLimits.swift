/// What csx takes from a remote board's script, checked as the bytes arrive, before anything
/// is stored (a board, or anything posing as one on the channel, is untrusted input).
public enum RemoteLimits {
    /// Bytes in one line; a longer line keeps its head and counts as garbage.
    public static let lineLength = 8192
    /// Records in the discovery dump (the script stops at 200,000 entries of its own).
    public static let dumpRecords = 250_000
    /// Bytes in the discovery dump.
    public static let dumpBytes = 64 << 20
    /// Lines kept per text file (the script sends 64).
    public static let linesPerFile = 64
    /// Bytes of a path in the dump, and its components.
    public static let pathLength = 1024
    public static let pathComponents = 64
    /// Files polled over one connection (grid-256 polls 1,284).
    public static let polledFiles = 200_000
    /// Bytes taken per `RemoteBoard.pump()`: a flood waits for the next call instead of
    /// freezing the screen.
    public static let bytesPerPump = 512 << 10
    /// Seconds to wait for the board's tree and first reading (discovery forks a little per
    /// device; grid-256 over loopback takes about a second).
    public static let discoverySeconds = 120
}
