/// Why a DTS could not be turned into a topology: where, what, and what was expected there.
public struct DeviceTreeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Nil only for problems that belong to no place in the source (an unreadable top file, a
    /// boot CPU option naming no CPU).
    public var location: SourceLocation?
    public var message: String
    public var expected: String?

    public init(location: SourceLocation?, message: String, expected: String? = nil) {
        self.location = location
        self.message = message
        self.expected = expected
    }

    /// `file:line:column: message (expected X)`, on one line with what it quotes from the
    /// source escaped.
    public var description: String {
        var text = location.map { "\($0): " } ?? ""
        text += message
        if let expected { text += " (expected \(expected))" }
        return EchoedText.line(text)
    }
}
