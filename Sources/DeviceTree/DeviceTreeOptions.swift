/// Facts a DTS cannot state, and where to look for `#include <...>` headers.
public struct DeviceTreeOptions: Sendable, Hashable {
    /// The CPU firmware boots Linux on, which becomes logical CPU 0: a cpu node's name
    /// (`cpu@100`), label (`A53_0`) or path (`/cpus/cpu@100`). Nil: the first enabled cpu node.
    public var bootCPU: String?
    /// Directories searched for includes (like `cpp -I`): a kernel's `include/` (for
    /// `<dt-bindings/...>`) or `scripts/dtc/include-prefixes`. Quoted includes try the
    /// including file's directory first.
    public var includeDirectories: [String]
    /// Overrides the topology's idle context-save property; nil keeps csx's default (on).
    public var savesContextOverIdle: Bool?
    /// What the read may cost (file sizes, includes, macro expansion, nesting).
    public var limits: DeviceTreeLimits

    public init(
        bootCPU: String? = nil, includeDirectories: [String] = [], savesContextOverIdle: Bool? = nil,
        limits: DeviceTreeLimits = .init()
    ) {
        self.bootCPU = bootCPU
        self.includeDirectories = includeDirectories
        self.savesContextOverIdle = savesContextOverIdle
        self.limits = limits
    }
}
