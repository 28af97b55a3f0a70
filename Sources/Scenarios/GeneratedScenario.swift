public import CoreSightModel
public import DriverSimulation

extension ScenarioCatalogue {
    /// The name every generated scenario has.
    public static let generatedName = "generated"

    /// A scenario for any board, so a device tree or sysfs tree opens on something to play: cpu0
    /// enables, through sysfs, the tracer of the first other CPU that has a tracer with a
    /// reachable sink, and that CPU may idle twice: the shape of every cross-CPU race (the
    /// handler runs on the tracer's CPU, by IPI, while cpu0 holds the mode). The sink is the one
    /// perf would pick from that tracer (`coresight_find_default_sink()`), activated by cpu0
    /// first, as the sysfs flow needs an activated sink.
    ///
    /// A board with no such other CPU gets cpu0 enabling its own tracer (no race: the handler
    /// runs inline), and a board with no tracer reaching a sink the sysfs flow can use (say,
    /// ETEs with only their per-CPU TRBEs) the bare board. Never fails.
    public static func generated(for topology: Topology, boardSource: BoardSource) -> Scenario {
        // One walk for every tracer: a board of thousands of CPUs is searched once, not per CPU.
        let tracers = topology.tracerOfCPU.enumerated().compactMap { cpu, tracer in tracer.map { (cpu: cpu, id: $0) } }
        let sinks = topology.defaultSinks(from: tracers.map(\.id))
        // A per-CPU sink (TRBE) is perf's choice but refuses sysfs, whose search never finds it.
        let candidates = zip(tracers, sinks).compactMap { tracer, sink -> (cpu: Int, tracer: String, sink: String)? in
            guard let sink, !topology[sink].subtype.isPerCPUSink else { return nil }
            return (tracer.cpu, topology[tracer.id].name, topology[sink].name)
        }
        guard let target = candidates.first(where: { $0.cpu != 0 }) ?? candidates.first else {
            return Scenario(
                name: generatedName,
                about: "the bare board: no CPU's tracer reaches a sink the sysfs flow can use, so there is nothing to enable",
                board: boardSource)
        }
        let crossCPU = target.cpu != 0
        let about = crossCPU
            ? "cpu0 enables \(target.tracer) (cpu\(target.cpu)'s tracer) into \(target.sink) while cpu\(target.cpu) may idle"
            : "cpu0 enables its own \(target.tracer) into \(target.sink) and may idle (no other CPU has a tracer reaching a sink)"
        return Scenario(
            name: generatedName, about: about, board: boardSource, variant: .legacy, sink: target.sink,
            threads: [ThreadScript(cpu: 0, operations: [.enable(target.tracer)])],
            environment: Environment(idle: [(cpu: target.cpu, times: 2)]))
    }
}
