/// The session file format's name and version (docs/sessions.md). A reader takes every minor
/// version of its major version (newer minors only add keys and line types, which it ignores)
/// and refuses a newer major by name.
public enum SessionFormat {
    public static let name = "csx-session"
    public static let major = 1
    public static let minor = 1
    public static var version: String { "\(major).\(minor)" }

    /// The `type` of a line after the header.
    enum LineType {
        static let action = "action"
        static let change = "change"
    }

    /// `MAJOR.MINOR` → the pair, or nil when it is not that shape.
    static func parseVersion(_ text: String) -> (major: Int, minor: Int)? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]), major >= 0, minor >= 0 else {
            return nil
        }
        return (major, minor)
    }
}
