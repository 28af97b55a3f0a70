public import CoreSightModel

/// What a CPU's user space (or perf) asks the driver to do; queued on that CPU in order.
public enum Operation: Sendable, Hashable, Codable {
    /// Write 1 to `enable_source` of a tracer (sysfs enable flow).
    case enableSource(Topology.ComponentID)
    /// Write 0 to `enable_source` (sysfs disable flow).
    case disableSource(Topology.ComponentID)
    /// A perf event starts on this CPU's own tracer; nil sink = perf's default sink.
    case perfStart(sink: Topology.ComponentID?)
    case perfStop
    /// Write 1 / 0 to a sink's `enable_sink`.
    case enableSink(Topology.ComponentID)
    case disableSink(Topology.ComponentID)
}

extension Operation {
    /// A perf callback (start or stop), not a sysfs write.
    @inlinable public var isPerf: Bool {
        switch self {
        case .perfStart, .perfStop: true
        default: false
        }
    }
}
