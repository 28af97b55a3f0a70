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
        let listed = 8
        if unreadHeaders.count == 1, let only = unreadHeaders.first {
            result.append(DeviceTreeDiagnostic(
                location: only.location,
                message: "cannot read #include <\(only.name)> (no include directory given has it); its macros are treated as opaque values"))
        } else if let first = unreadHeaders.first {
            var names = unreadHeaders.prefix(listed).map(\.name).joined(separator: ", ")
            if unreadHeaders.count > listed { names += ", ..." }
            result.append(DeviceTreeDiagnostic(
                location: first.location,
                message: "cannot read \(unreadHeaders.count) #include <...> headers (no include directory given has them): \(names); their macros are treated as opaque values"))
        }
        result += warnings
        if unknownMacros.count == 1, let only = unknownMacros.first {
            result.append(DeviceTreeDiagnostic(
                location: only.location,
                message: "unknown macro \(only.name) (defined in an unread #include?) is treated as an opaque value"))
        } else if let first = unknownMacros.first {
            var names = unknownMacros.prefix(listed).map(\.name).joined(separator: ", ")
            if unknownMacros.count > listed { names += ", ..." }
            result.append(DeviceTreeDiagnostic(
                location: first.location,
                message: "\(unknownMacros.count) unknown macros (defined in unread #includes?) are treated as opaque values: \(names)"))
        }
        if suppressed > 0 {
            result.append(DeviceTreeDiagnostic(location: lastLocation, message: "\(suppressed) more warnings not shown"))
        }
        return result
    }
}
