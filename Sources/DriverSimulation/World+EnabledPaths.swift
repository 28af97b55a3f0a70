public import CoreSightModel

extension World {
    /// Calls `body` for every path with hardware enabled now: remembered sysfs and perf paths
    /// in full (all hops after the source), and the part a flow in progress has enabled so far,
    /// counted back from the sink. What refcounts must match, and what the TUI lights up.
    public func forEachEnabledPath(_ body: (_ path: TracePath, _ enabledHops: Int) -> Void) {
        for n in tracers.indices {
            let tracer = tracers[n]
            if let path = tracer.sysfsPath { body(path, path.hops.count - 1) }
            if let path = tracer.perfPath { body(path, path.hops.count - 1) }
            if let flow = cpus[n].thread, let path = flow.path { body(path, flow.enabledHops) }
        }
    }
}
