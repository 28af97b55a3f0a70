/// What one poll of a live board read, in the UI's terms; the front end maps its backend's
/// reading (sysfs) to this, so the views stay free of files.
public struct LiveReading: Sendable, Hashable {
    /// `enable_source` per source device; a device whose file gave no value is absent here
    /// and listed in `unreadable`.
    public var sourceEnabled: [String: Bool]
    /// `enable_sink` per sink device.
    public var sinkEnabled: [String: Bool]
    /// What an enable file gave instead of a value (`empty`: a write caught half done;
    /// `unreadable (EACCES)`; `garbage "x"`). The view keeps showing the last value read.
    public var unreadable: [LiveAttribute: String]
    /// Per CPU: online (absent: unknown).
    public var online: [Int: Bool]
    /// Per CPU: idle entries since the previous poll (all idle states together).
    public var idleEntries: [Int: UInt64]
    /// What could not be read, one line each ("etm3: enable_source: Permission denied").
    public var problems: [String]
    /// System calls the poll took (for the header).
    public var syscalls: Int

    public init(sourceEnabled: [String: Bool] = [:], sinkEnabled: [String: Bool] = [:],
                unreadable: [LiveAttribute: String] = [:], online: [Int: Bool] = [:],
                idleEntries: [Int: UInt64] = [:], problems: [String] = [], syscalls: Int = 0) {
        self.sourceEnabled = sourceEnabled
        self.sinkEnabled = sinkEnabled
        self.unreadable = unreadable
        self.online = online
        self.idleEntries = idleEntries
        self.problems = problems
        self.syscalls = syscalls
    }
}

extension LiveReading {
    /// The value read from an enable file, nil when it gave none.
    public func value(of attribute: LiveAttribute) -> Bool? {
        attribute.target == .source ? sourceEnabled[attribute.device] : sinkEnabled[attribute.device]
    }

    mutating func setValue(_ value: Bool?, of attribute: LiveAttribute) {
        switch attribute.target {
        case .source: sourceEnabled[attribute.device] = value
        case .sink: sinkEnabled[attribute.device] = value
        }
    }

    /// This reading with the values `previous` knew for files that gave none now, so a write
    /// caught half done does not turn a tracer off on screen.
    func carryingValues(from previous: LiveReading) -> LiveReading {
        var carried = self
        for attribute in unreadable.keys where value(of: attribute) == nil {
            carried.setValue(previous.value(of: attribute), of: attribute)
        }
        return carried
    }
}

/// Which enable file a live write targets.
public enum LiveTarget: String, Sendable, Hashable {
    case source, sink

    /// `enable_source`, `enable_sink`.
    public var fileName: String { "enable_\(rawValue)" }
}

/// One device's enable file.
public struct LiveAttribute: Sendable, Hashable {
    public var device: String
    public var target: LiveTarget

    public init(device: String, target: LiveTarget) {
        self.device = device
        self.target = target
    }
}

/// A write the user asked for and must confirm: the file is named before anything is written.
public struct LiveWrite: Sendable, Hashable {
    public var device: String
    public var target: LiveTarget
    public var enable: Bool
    /// The exact file, for the confirmation prompt.
    public var path: String
}

/// The live view's settings and counters (header, footer, writes).
public struct LiveStatus: Sendable {
    public var root: String
    public var intervalMilliseconds: Int
    public var writesAllowed: Bool
    /// Names the file a write would open (the backend's own rule).
    public var targetPath: @Sendable (_ device: String, _ target: LiveTarget) -> String
    public var polls = 0
    /// Idle entries per CPU since the view opened (the last poll's are in its reading).
    public var idleTotals: [Int: UInt64] = [:]
    /// A recorded live session played back (`csx replay`), not a board being watched.
    public var isReplay = false

    public init(root: String, intervalMilliseconds: Int, writesAllowed: Bool,
                targetPath: @escaping @Sendable (_ device: String, _ target: LiveTarget) -> String) {
        self.root = root
        self.intervalMilliseconds = intervalMilliseconds
        self.writesAllowed = writesAllowed
        self.targetPath = targetPath
    }
}
