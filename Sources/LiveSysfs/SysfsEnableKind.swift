/// Which enable file of a device: `enable_source` (sources) or `enable_sink` (sinks, ETF).
public enum SysfsEnableKind: String, Sendable, Hashable, CaseIterable {
    case source, sink

    public var fileName: String {
        switch self {
        case .source: "enable_source"
        case .sink: "enable_sink"
        }
    }
}
