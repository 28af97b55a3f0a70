import CoreSightModel
import DriverSimulation

/// A renaming of the ids a world's values hold: CPU ids, component ids, and a funnel's input
/// ports (a permutation of CPUs moves each tracer's connection to another input port of a
/// shared funnel, and the funnel counts references per input port).
protocol IDRenaming {
    mutating func cpu(_ id: Int) -> Int
    mutating func component(_ id: Topology.ComponentID) -> Topology.ComponentID
    /// Input `port` of `component` (the id before renaming).
    mutating func inport(_ port: Int, of component: Topology.ComponentID) -> Int
}

/// Every value a `CPUState` or `TracerState` holds, with its ids renamed. The traversal order
/// is fixed, so two states' reference lists line up id for id (`Symmetry.detect`).
extension IDRenaming {
    mutating func renamed(_ hop: PathHop) -> PathHop {
        PathHop(component: component(hop.component), inport: hop.inport.map { inport($0, of: hop.component) }, outport: hop.outport)
    }

    mutating func renamed(_ path: TracePath) -> TracePath {
        var hops = path.hops
        for index in hops.indices { hops[index] = renamed(hops[index]) }
        return TracePath(hops: hops)
    }

    mutating func renamed(_ op: Operation) -> Operation {
        switch op {
        case .enableSource(let t): .enableSource(component(t))
        case .disableSource(let t): .disableSource(component(t))
        case .perfStart(let sink): .perfStart(sink: sink.map { component($0) })
        case .perfStop: .perfStop
        case .enableSink(let s): .enableSink(component(s))
        case .disableSink(let s): .disableSink(component(s))
        }
    }

    mutating func renamed(_ call: CrossCall) -> CrossCall {
        var result = call
        result.caller = cpu(call.caller)
        result.tracerCPU = cpu(call.tracerCPU)
        return result
    }

    mutating func renamed(_ state: CPUState) -> CPUState {
        var result = state
        for index in result.queue.indices { result.queue[index] = renamed(result.queue[index]) }
        if var thread = state.thread {
            thread.op = renamed(thread.op)
            thread.path = thread.path.map { renamed($0) }
            result.thread = thread
        }
        if var handler = state.handler {
            handler.call = renamed(handler.call)
            result.handler = handler
        }
        for index in result.pendingCalls.indices { result.pendingCalls[index] = renamed(result.pendingCalls[index]) }
        result.pmSource = state.pmSource.map { component($0) }
        return result
    }

    mutating func renamed(_ tracer: TracerState) -> TracerState {
        var result = tracer
        result.sysfsPath = tracer.sysfsPath.map { renamed($0) }
        result.perfPath = tracer.perfPath.map { renamed($0) }
        return result
    }
}

/// One element of a scenario's symmetry group: CPU i becomes `cpu[i]`, component c becomes
/// `component[c]`, input port p of component c becomes `inport[c][p]`, claim slot k becomes
/// `slot[k]`. Applying it to a world or budget moves every per-CPU and per-component entry
/// to its image and renames every id inside.
struct SymmetryElement: Hashable, IDRenaming {
    let cpu: [Int]
    let component: [Topology.ComponentID]
    /// Per component, a permutation of its reference-count slots' input ports (identity for all
    /// but funnels whose inputs the renaming moves).
    let inport: [[Int]]
    let slot: [Int]
    /// Funnels: the only parts counting references per input port.
    let countsPerInport: [Bool]

    /// Per image position, the CPU and component it comes from.
    let inverseCPU: [Int]
    let inverseComponent: [Topology.ComponentID]

    init(cpu: [Int], component: [Topology.ComponentID], inport: [[Int]], slot: [Int], countsPerInport: [Bool]) {
        self.cpu = cpu
        self.component = component
        self.inport = inport
        self.slot = slot
        self.countsPerInport = countsPerInport
        inverseCPU = Self.inverted(cpu)
        inverseComponent = Self.inverted(component)
    }

    static func inverted(_ permutation: [Int]) -> [Int] {
        var result = permutation
        for (from, to) in permutation.enumerated() { result[to] = from }
        return result
    }

    func cpu(_ id: Int) -> Int { cpu[id] }
    func component(_ id: Topology.ComponentID) -> Topology.ComponentID { component[id] }
    func inport(_ port: Int, of component: Topology.ComponentID) -> Int {
        port < inport[component].count ? inport[component][port] : port
    }

    func applied(to world: World) -> World {
        var renaming = self
        var result = world
        // Built whole in image order (not copied, then overwritten): half the reference counting.
        let source = inverseCPU
        result.cpus = WrittenArray(source.map { renaming.renamed(world.cpus[$0]) })
        result.tracers = WrittenArray(source.map { renaming.renamed(world.tracers[$0]) })
        result.parts = WrittenArray(inverseComponent.map { c in
            var part = world.parts[c]
            if countsPerInport[c] {
                let permutation = inport[c]
                for p in part.portRefcounts.indices { part.portRefcounts[permutation[p]] = world.parts[c].portRefcounts[p] }
            }
            return part
        })
        result.mutexHolder = world.mutexHolder.map { cpu[$0] }
        result.hotplugWriter = world.hotplugWriter.map { cpu[$0] }
        return result
    }

    func applied(to budget: Budget) -> Budget {
        var result = budget
        for i in budget.idleLeft.indices { result.idleLeft[cpu[i]] = budget.idleLeft[i] }
        for i in budget.offlinesLeft.indices { result.offlinesLeft[cpu[i]] = budget.offlinesLeft[i] }
        for k in budget.claimsLeft.indices { result.claimsLeft[slot[k]] = budget.claimsLeft[k] }
        return result
    }

    /// The element that undoes this one.
    var inverse: SymmetryElement {
        var ports = inport
        for c in component.indices { ports[component[c]] = Self.inverted(inport[c]) }
        return SymmetryElement(
            cpu: inverseCPU, component: inverseComponent, inport: ports, slot: Self.inverted(slot),
            countsPerInport: countsPerInport)
    }
}

/// Collects the ids a value holds, in traversal order, and renames each to 0 (the value's
/// skeleton: two states with equal skeletons differ only in their ids).
struct IDCollector: IDRenaming {
    var cpus: [Int] = []
    var components: [Topology.ComponentID] = []
    /// (component, input port) for every input port met.
    var inports: [(component: Topology.ComponentID, port: Int)] = []

    mutating func cpu(_ id: Int) -> Int {
        cpus.append(id)
        return 0
    }
    mutating func component(_ id: Topology.ComponentID) -> Topology.ComponentID {
        components.append(id)
        return 0
    }
    mutating func inport(_ port: Int, of component: Topology.ComponentID) -> Int {
        inports.append((component, port))
        return 0
    }
}

extension SymmetryElement {
    /// The move that does to the image what `move` does to the original.
    func renamed(_ move: EngineAction) -> EngineAction {
        switch move {
        case .step(let c): .step(cpu: cpu[c])
        case .idle(let c): .idle(cpu: cpu[c])
        case .wake(let c): .wake(cpu: cpu[c])
        case .run(let c): .run(cpu: cpu[c])
        case .offline(let c): .offline(cpu: cpu[c])
        case .online(let c): .online(cpu: cpu[c])
        case .extClaim(let id): .extClaim(component[id])
        case .extRelease(let id): .extRelease(component[id])
        case .extProgram(let id): .extProgram(component[id])
        case .queue(let c, let op):
            { () -> EngineAction in
                var renaming = self
                return .queue(cpu: cpu[c], renaming.renamed(op))
            }()
        }
    }
}
