/// What reading one device tree source may cost. Each is checked before the work it bounds
/// (a file is sized before it is read, a macro body before it is expanded); past any of them
/// the read stops with a `DeviceTreeError` at the place that hit it (exit 2 in the CLI).
///
/// Kernel board files are far inside these: the largest `.dtsi` is a few hundred KB, a board
/// opens a few dozen files and has a few thousand nodes.
public struct DeviceTreeLimits: Sendable, Hashable {
    /// Bytes in one source file (the top file or an included one).
    public var maxFileBytes = 4 << 20
    /// `#include` and `/include/` directives followed, in all (each opening counts, so a file
    /// included twice by each of a chain of files cannot multiply the work).
    public var maxIncludes = 1024
    /// Files open at once (include nesting).
    public var maxIncludeDepth = 64
    /// Macro bodies being expanded at once.
    public var maxMacroDepth = 64
    /// Bytes one macro use expands to, nested macros included (a macro that doubles per level
    /// reaches it after a few levels).
    public var maxExpansionBytes = 64 << 10
    /// Bytes read in all: every file opened and every macro body expanded.
    public var maxTotalBytes = 32 << 20
    /// Nodes nested in one another.
    public var maxNodeDepth = 128
    /// Nodes in the merged tree.
    public var maxNodes = 100_000
    /// Children of one node, properties of one node, labels on one node.
    public var maxChildren = 4096
    public var maxProperties = 1024
    public var maxLabels = 256
    /// Operators and parentheses nested in one expression (`(...)` in cells, `#if` lines).
    public var maxExpressionDepth = 256
    /// Cells in one `< >` list, bytes in one `[ ]` string, bytes in one string literal.
    public var maxCells = 65_536

    public init() {}
}
