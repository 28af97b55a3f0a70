import SafeText

/// A scenario file that cannot be used, with the place it went wrong.
public struct ScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message` on one line, what it quotes from the file escaped and cut.
    public var description: String {
        let text = switch (line, column) {
        case (let line?, let column?): "\(file):\(line):\(column): \(message)"
        case (let line?, nil): "\(file):\(line): \(message)"
        default: "\(file): \(message)"
        }
        let escaped = Echo.escaped(text, tokenLimit: 160)
        return escaped.count > 1000 ? String(escaped.prefix(999)) + "…" : escaped
    }
}
