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

    /// Whether `name` names this profile (its name or an alias).
    public func answers(to name: String) -> Bool { self.name == name || aliases.contains(name) }

    /// The variant name nearest to this profile (legacy: the caller placement), for older readers.
    public var nearestVariant: Variant { knobs.modePlacement == .caller ? .legacy : .fixed }

    /// The profile a `kernel` or `variant` action switches to among `known` (nil for any other
    /// action); an unknown kernel name is an error naming the known ones.
    public static func switchTarget(of action: Action, among known: [DriverProfile]) throws(ActionError) -> DriverProfile? {
        switch action {
        case .variant(let variant):
            return known.first { $0.answers(to: variant.rawValue) } ?? .bare(variant)
        case .kernel(let name):
            guard let found = known.first(where: { $0.answers(to: name) }) else {
                throw ActionError("no kernel \(name) (known: \(known.map(\.name).joined(separator: ", ")))")
            }
            return found
        default:
            return nil
        }
    }

    /// A variant's knobs as a profile of their own, named as the release they stand for.
    public static func bare(_ variant: Variant) -> DriverProfile {
        DriverProfile(name: variant == .legacy ? "v6.18" : "v6.19", aliases: [variant.rawValue], knobs: variant.knobs)
    }

    /// The driver this profile runs on a board whose `pm_save_enable` resolved as given.
    public func driver(pmSave resolved: PMSave) -> Driver {
        Driver(knobs: knobs, savesSelfHosted: resolved == .selfHosted)
    }
}
