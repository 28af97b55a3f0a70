/// Per-CPU sinks (TRBE). The CoreSight core pairs a CPU's tracer with the sink registered for
/// that CPU (`coresight_set_percpu_sink()` in the TRBE driver), not through a connection: the
/// pair is in neither the device tree's graph nor a device's `connections/` in sysfs. Perf's
/// default sink and the path to it go straight from the tracer to that sink
/// (`coresight_find_default_sink()`, `_coresight_build_path()`); the sysfs flow never finds one
/// (its sink search walks connections only, and TRBE refuses every mode but perf).
extension Topology {
    /// The per-CPU sink of `source`'s CPU, when `source` is a per-CPU tracer and its CPU has one
    /// (`coresight_is_percpu_source() && per_cpu(csdev_sink, cpu)`).
    public func perCPUSink(of source: ComponentID) -> ComponentID? {
        guard components.indices.contains(source), components[source].subtype.isTracer,
            let cpu = components[source].cpu, perCPUSinkOfCPU.indices.contains(cpu)
        else { return nil }
        return perCPUSinkOfCPU[cpu]
    }

    /// Every tracer with a per-CPU sink, and that sink, in CPU order.
    public var perCPUPairs: [(source: ComponentID, sink: ComponentID)] {
        zip(tracerOfCPU, perCPUSinkOfCPU).compactMap { tracer, sink in
            guard let tracer, let sink else { return nil }
            return (tracer, sink)
        }
    }
}
