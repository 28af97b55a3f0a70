/// What a poll read instead of a value, from a file that should hold one: a write caught
/// half done (`echo 1 > file` truncates first), a file that turned unreadable, or text that is
/// not a number. The live view shows these as readings of their own.
public enum SysfsFault: Sendable, Hashable, CustomStringConvertible {
    /// Nothing but blanks.
    case empty
    /// Text that is not a value; quoted, escaped and cut (`"banana"`).
    case garbage(String)
    /// The file is gone.
    case missing
    /// It could not be opened or read: the errno's name (`EACCES`), or why csx did not open it
    /// (`a FIFO, not a file`).
    case unreadable(String)

    /// `empty`, `garbage "banana"`, `unreadable (EACCES)`, `missing`.
    public var description: String {
        switch self {
        case .empty: "empty"
        case .garbage(let quoted): "garbage \(quoted)"
        case .missing: "missing"
        case .unreadable(let why): "unreadable (\(why))"
        }
    }

    static func of(_ error: SystemError) -> SysfsFault {
        error.code == SystemError.noSuchFile && error.reason == nil ? .missing : .unreadable(error.name)
    }

    /// The fault of bytes that gave no value: empty when only padding, else garbage.
    static func of(_ bytes: some Collection<UInt8>) -> SysfsFault {
        bytes.allSatisfy(SysfsValue.isPaddingByte) ? .empty : .garbage(SysfsValue.quoted(bytes))
    }
}
