/// A kernel commit a profile stands for.
public struct KernelCommit: Sendable, Hashable {
    /// The abbreviated commit id (12 hex digits, as the kernel's Fixes: tags write it).
    public var id: String
    public var subject: String

    public init(id: String, subject: String) {
        self.id = id
        self.subject = subject
    }
}

/// One kernel release's ETM driver (or a patch under review): its knobs and the commits they
/// come from. Shipped profiles live in Resources/kernels/; a user's own is any file of the
/// same form (`--kernel my-patch.yaml`).
public struct DriverProfile: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    /// Other names it answers to (`legacy`, `fixed`).
    public var aliases: [String]
    public var about: String
    public var knobs: DriverKnobs
    public var commits: [KernelCommit]
    /// The file a user's profile was read from; nil for a shipped one.
    public var file: String?

    public init(
        name: String, aliases: [String] = [], about: String = "", knobs: DriverKnobs,
        commits: [KernelCommit] = [], file: String? = nil
    ) {
        self.name = name
        self.aliases = aliases
        self.about = about
        self.knobs = knobs
        self.commits = commits
        self.file = file
    }

    public var description: String { name }

    /// A variant's knobs as a profile of their own, named as the release they stand for.
    public static func bare(_ variant: Variant) -> DriverProfile {
        DriverProfile(name: variant == .legacy ? "v6.18" : "v6.19", aliases: [variant.rawValue], knobs: variant.knobs)
    }

    /// The driver this profile runs on a board whose `pm_save_enable` resolved as given.
    public func driver(pmSave resolved: PMSave) -> Driver {
        Driver(knobs: knobs, savesSelfHosted: resolved == .selfHosted)
    }
}
