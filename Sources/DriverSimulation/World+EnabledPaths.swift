public import CoreSightModel

extension World {
    /// Calls `body` for every path with hardware enabled now: remembered sysfs and perf paths
    /// in full (all hops after the source), and the part a flow in progress has enabled so far,
    /// counted back from the sink. What refcounts must match, and what the TUI lights up.
    /// Links the core's CPU PM notifier has disabled through idle (pm-code core) are subtracted
    /// from the path it walks, wherever that path is held.
    @inline(__always)
    public func forEachEnabledPath(_ body: (_ path: TracePath, _ enabledHops: Int) -> Void) {
        guard driver.pmCode == .core, cpus.contains(where: { $0.pmLinksDown > 0 }) else {
            // The hot loop (every step that touches a link runs it): nothing parked.
            for n in tracers.indices {
                let tracer = tracers[n]
                if let path = tracer.sysfsPath { body(path, path.hops.count - 1) }
                if let path = tracer.perfPath { body(path, path.hops.count - 1) }
                if let flow = cpus[n].thread, let path = flow.path { body(path, flow.enabledHops) }
            }
            return
        }
        for n in tracers.indices {
            let tracer = tracers[n]
            if let path = tracer.sysfsPath { body(path, path.hops.count - 1 - parkedLinks(of: path)) }
            if let path = tracer.perfPath { body(path, path.hops.count - 1 - parkedLinks(of: path)) }
            if let flow = cpus[n].thread, let path = flow.path { body(path, max(0, flow.enabledHops - parkedLinks(of: path))) }
        }
    }

    /// How many links of `path` a CPU PM notifier holds disabled (0 unless pm-code core).
    func parkedLinks(of path: TracePath) -> Int {
        guard driver.pmCode == .core else { return 0 }
        for cpu in cpus where cpu.pmLinksDown > 0 && cpu.pmSource == path.source { return Int(cpu.pmLinksDown) }
        return 0
    }
}
