import SafeText

/// Something wrong or missing in the sysfs tree, attached to what it concerns. Problems never
/// stop discovery or polling; the rest of the tree is still read. Both parts are escaped and
/// bounded when made (names, link targets and values come from the tree), so a problem is
/// always one clean line.
public struct SysfsProblem: Sendable, Hashable, CustomStringConvertible {
    /// A device name (`etm0`), a CPU (`cpu3`), or a path relative to the root for things
    /// that belong to no device (`devices/system/cpu/online`).
    public var subject: String
    /// What is wrong, naming the file first: `enable_source: unreadable (EACCES)`,
    /// `connections/out:0: dangling link to ../../../devices/...`, `link cycle`.
    public var message: String

    public init(subject: String, message: String) {
        self.subject = Self.clean(subject)
        self.message = Self.clean(message)
    }

    /// Longest run of non-blank characters kept whole (sysfs paths run past Echo's default).
    static let tokenLimit = 256
    /// Longest subject or message, in characters after escaping.
    static let lengthLimit = 512

    static func clean(_ text: String) -> String {
        let escaped = Echo.escaped(text, tokenLimit: tokenLimit)
        return escaped.count <= lengthLimit ? escaped : String(escaped.prefix(lengthLimit - 1)) + "…"
    }

    public var description: String { "\(subject): \(message)" }
}

extension SysfsProblem {
    /// `<file>: missing`, `<file>: unreadable (EACCES)`.
    static func unreadable(_ subject: String, _ file: String, _ error: SystemError) -> SysfsProblem {
        SysfsProblem(subject: subject, message: error.code == SystemError.noSuchFile ? "\(file): missing" : "\(file): unreadable (\(error.name))")
    }

    /// `<file>: garbage "banana"`.
    static func garbage(_ subject: String, _ file: String, _ bytes: some Collection<UInt8>) -> SysfsProblem {
        SysfsProblem(subject: subject, message: "\(file): garbage \(SysfsValue.quoted(bytes))")
    }
}
