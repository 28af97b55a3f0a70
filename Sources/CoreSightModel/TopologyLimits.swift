/// What csx accepts in a topology from any source (built-in, DTS, sysfs, a session header).
/// Checked before anything is sized by these numbers: a port number sizes per-port arrays, so an
/// unchecked `port@7fffffffffffffff` would overflow or exhaust memory.
public enum TopologyLimits {
    /// Port numbers 0...maxPort. Real components use a handful (a funnel has at most 8 inputs,
    /// a dynamic replicator 8 outputs, Qualcomm's TPDA a few dozen).
    public static let maxPort = 255
    /// Components in one topology (grid-256 has 1,280; a big server a few thousand).
    public static let maxComponents = 16_384
    /// Connections in one topology.
    public static let maxConnections = 65_536
    /// CPUs on one board (the kernel's NR_CPUS on arm64 defaults to 512; 4096 is its maximum).
    public static let maxCPUs = 4096
    /// Characters in a component or board name.
    public static let maxNameLength = 128
}
