/// A warning: something in the DTS that csx could not use but that does not stop the topology.
public struct DeviceTreeDiagnostic: Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(location: SourceLocation, message: String) {
        self.location = location
        self.message = message
    }

    public var file: String { location.file }
    public var line: Int { location.line }
    public var column: Int { location.column }

    /// `file:line:column: warning: message`, on one line with what it quotes escaped.
    public var description: String { EchoedText.line("\(location): warning: \(message)") }
}
