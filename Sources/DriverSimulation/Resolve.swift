public import CoreSightModel

/// Turns names in actions into the topology's indices, with messages that say what exists.
extension Engine {
    public func resolve(_ action: Action) throws(ActionError) -> EngineAction {
        switch action {
        case .operation(let cpu, let op):
            try checkCPUExists(cpu)
            return .queue(cpu: cpu, try resolve(op, on: cpu))
        case .step(let cpu): try checkCPUExists(cpu); return .step(cpu: cpu)
        case .run(let cpu): try checkCPUExists(cpu); return .run(cpu: cpu)
        case .idle(let cpu): try checkCPUExists(cpu); return .idle(cpu: cpu)
        case .wake(let cpu): try checkCPUExists(cpu); return .wake(cpu: cpu)
        case .offline(let cpu): try checkCPUExists(cpu); return .offline(cpu: cpu)
        case .online(let cpu): try checkCPUExists(cpu); return .online(cpu: cpu)
        case .extClaim(let name): return .extClaim(try component(named: name))
        case .extRelease(let name): return .extRelease(try component(named: name))
        case .extProgram(let name): return .extProgram(try tracer(named: name))
        case .variant, .kernel:
            throw ActionError("kernel and variant switches restart the scenario; the simulation handles them, not the engine")
        }
    }

    public func resolve(_ op: ActionOperation, on cpu: Int) throws(ActionError) -> Operation {
        switch op {
        case .enable(let name): return .enableSource(try tracer(named: name))
        case .disable(let name): return .disableSource(try tracer(named: name))
        case .enableSink(let name): return .enableSink(try sink(named: name))
        case .disableSink(let name): return .disableSink(try sink(named: name))
        case .perfStart(let sinkName):
            guard topology.tracerOfCPU[cpu] != nil else { throw ActionError("cpu\(cpu) has no tracer for perf to use") }
            return .perfStart(sink: try sinkName.map { (name) throws(ActionError) in try sink(named: name) })
        case .perfStop:
            guard topology.tracerOfCPU[cpu] != nil else { throw ActionError("cpu\(cpu) has no tracer for perf to use") }
            return .perfStop
        }
    }

    /// The action-language form of an engine action (for printing counterexamples).
    public func action(for engineAction: EngineAction) -> Action {
        let name = { (id: Topology.ComponentID) in self.topology.components[id].name }
        switch engineAction {
        case .queue(let cpu, let op):
            let named: ActionOperation = switch op {
            case .enableSource(let t): .enable(name(t))
            case .disableSource(let t): .disable(name(t))
            case .enableSink(let s): .enableSink(name(s))
            case .disableSink(let s): .disableSink(name(s))
            case .perfStart(let sink): .perfStart(sink: sink.map(name))
            case .perfStop: .perfStop
            }
            return .operation(cpu: cpu, named)
        case .step(let cpu): return .step(cpu: cpu)
        case .run(let cpu): return .run(cpu: cpu)
        case .idle(let cpu): return .idle(cpu: cpu)
        case .wake(let cpu): return .wake(cpu: cpu)
        case .offline(let cpu): return .offline(cpu: cpu)
        case .online(let cpu): return .online(cpu: cpu)
        case .extClaim(let id): return .extClaim(name(id))
        case .extRelease(let id): return .extRelease(name(id))
        case .extProgram(let id): return .extProgram(name(id))
        }
    }

    func checkCPUExists(_ cpu: Int) throws(ActionError) {
        guard cpu < topology.cpuCount else {
            throw ActionError("no cpu\(cpu): \(topology.name) has cpu0..cpu\(topology.cpuCount - 1)")
        }
    }

    public func component(named name: String) throws(ActionError) -> Topology.ComponentID {
        guard let id = topology.id(named: name) else {
            throw ActionError("unknown component \(name) on \(topology.name) (it has \(topology.components.map(\.name).joined(separator: ", ")))")
        }
        return id
    }

    public func tracer(named name: String) throws(ActionError) -> Topology.ComponentID {
        guard let id = topology.id(named: name) else {
            let tracers = topology.names { $0.subtype.isTracer }
            throw ActionError("unknown tracer \(name) on \(topology.name) (tracers: \(Self.summarise(tracers)))")
        }
        let component = topology.components[id]
        guard component.subtype.isTracer else {
            if component.subtype == .stm {
                throw ActionError("\(name) is an STM (software source); csx simulates the ETM driver's flows only")
            }
            throw ActionError("\(name) is a \(component.type.rawValue) (\(component.subtype.rawValue)), not a tracer")
        }
        return id
    }

    public func sink(named name: String) throws(ActionError) -> Topology.ComponentID {
        guard let id = topology.id(named: name) else {
            let sinks = topology.names { $0.type == .sink }
            throw ActionError("unknown sink \(name) on \(topology.name) (sinks: \(sinks.joined(separator: ", ")))")
        }
        guard topology.components[id].type == .sink else {
            throw ActionError("\(name) is a \(topology.components[id].type.rawValue), not a sink")
        }
        return id
    }

    /// `etm0..etm255` rather than 256 names.
    static func summarise(_ names: [String]) -> String {
        guard names.count > 8 else { return names.joined(separator: ", ") }
        return "\(names[0])..\(names[names.count - 1]) (\(names.count))"
    }
}
