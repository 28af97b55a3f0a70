import SafeText

/// Why a session file could not be written or read: `FILE:LINE: what is wrong` (the line is
/// omitted when the fault is the file as a whole).
public struct SessionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// One line, the file name and the message escaped (they may hold what the file held).
    public var description: String {
        let name = Echo.escaped(file)
        return line.map { "\(name):\($0): \(Echo.line(message))" } ?? "\(name): \(Echo.line(message))"
    }
}
