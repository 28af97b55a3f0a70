/// Collects warnings during one load. A repeated kind (one unknown macro used a hundred times)
/// is reported once, and the total is capped so garbage input cannot flood the output.
final class DiagnosticLog {
    private var warnings: [DeviceTreeDiagnostic] = []
    private var reportedKeys: Set<String> = []
    private var suppressed = 0
    private let limit = 200
    /// Unknown macros in first-use order; summarised at the end rather than one line each.
    private var unknownMacros: [(name: String, location: SourceLocation)] = []
    private var unknownMacroNames: Set<String> = []
    /// `#include <...>` headers that could not be read, likewise summarised.
    private var unreadHeaders: [(name: String, location: SourceLocation)] = []
    /// Set when part of the source could not be read (a missing include, an overlay's base):
    /// labels it would have defined may legitimately be unknown.
    var hasUnreadSource = false

    func warn(_ message: String, at location: SourceLocation, onceFor key: String? = nil) {
        if let key, !reportedKeys.insert(key).inserted { return }
        guard warnings.count < limit else {
            suppressed += 1
            return
        }
        warnings.append(DeviceTreeDiagnostic(location: location, message: message))
    }

    func noteUnknownMacro(_ name: String, at location: SourceLocation) {
        guard unknownMacroNames.insert(name).inserted else { return }
        unknownMacros.append((name, location))
    }

    func noteUnreadHeader(_ name: String, at location: SourceLocation) {
        hasUnreadSource = true
        guard !unreadHeaders.contains(where: { $0.name == name }) else { return }
        unreadHeaders.append((name, location))
    }

    /// Everything reported, unread headers and unknown macros summarised, with a note when
    /// some were dropped.
    func finished(lastLocation: SourceLocation) -> [DeviceTreeDiagnostic] {
        var result: [DeviceTreeDiagnostic] = []
        result += Self.summary(of: unreadHeaders) { names in
            names.count == 1
                ? "cannot read #include <\(names[0])> (no include directory given has it); its macros are treated as opaque values"
                : "cannot read \(names.count) #include <...> headers (no include directory given has them): \(Self.list(names)); their macros are treated as opaque values"
        }
        result += warnings
        result += Self.summary(of: unknownMacros) { names in
            names.count == 1
                ? "unknown macro \(names[0]) (defined in an unread #include?) is treated as an opaque value"
                : "\(names.count) unknown macros (defined in unread #includes?) are treated as opaque values: \(Self.list(names))"
        }
        if suppressed > 0 {
            result.append(DeviceTreeDiagnostic(location: lastLocation, message: "\(suppressed) more warnings not shown"))
        }
        return result
    }

    /// One diagnostic for a whole list, at its first place (none for an empty list).
    private static func summary(
        of items: [(name: String, location: SourceLocation)], message: ([String]) -> String
    ) -> [DeviceTreeDiagnostic] {
        guard let first = items.first else { return [] }
        return [DeviceTreeDiagnostic(location: first.location, message: message(items.map(\.name)))]
    }

    /// The first few names, then "...".
    private static func list(_ names: [String], shown: Int = 8) -> String {
        names.prefix(shown).joined(separator: ", ") + (names.count > shown ? ", ..." : "")
    }
}
