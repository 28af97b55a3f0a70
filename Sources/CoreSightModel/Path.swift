/// One component on a trace path with the ports the trace enters and leaves it by.
public struct PathHop: Sendable, Hashable, Codable {
    public var component: Topology.ComponentID
    /// The input port trace arrives on (nil for the source).
    public var inport: Int?
    /// The output port trace leaves by (nil for the sink).
    public var outport: Int?

    public init(component: Topology.ComponentID, inport: Int?, outport: Int?) {
        self.component = component
        self.inport = inport
        self.outport = outport
    }
}

/// A source-to-sink path as `coresight_build_path()` builds it: source first, sink last.
public struct TracePath: Sendable, Hashable, Codable {
    public var hops: [PathHop]

    public init(hops: [PathHop]) { self.hops = hops }

    public var source: Topology.ComponentID { hops[0].component }
    public var sink: Topology.ComponentID { hops[hops.count - 1].component }
    /// Everything after the source: what `coresight_enable_path()` enables, sink first.
    public var enableOrder: [PathHop] { Array(hops.dropFirst().reversed()) }
    /// What `coresight_disable_path()` disables: links from the source side, then the sink.
    public var disableOrder: [PathHop] { Array(hops.dropFirst()) }
}

extension Topology {
    /// Depth-first from `source` over output connections in port order until `sink` is
    /// reached (`coresight_build_path()`). Nil when the sink is not reachable.
    public func buildPath(from source: ComponentID, to sink: ComponentID) -> TracePath? {
        var hops: [PathHop] = []
        var onStack = Set<ComponentID>()
        func visit(_ id: ComponentID, arrivedOn inport: Int?) -> Bool {
            if id == sink {
                hops.append(PathHop(component: id, inport: inport, outport: nil))
                return true
            }
            // Guards against cyclic graphs read from broken sysfs trees or device trees.
            guard onStack.insert(id).inserted else { return false }
            defer { onStack.remove(id) }
            for edge in outputs[id] where visit(edge.peer, arrivedOn: edge.peerPort) {
                hops.append(PathHop(component: id, inport: inport, outport: edge.localPort))
                return true
            }
            return false
        }
        guard visit(source, arrivedOn: nil) else { return nil }
        return TracePath(hops: hops.reversed())
    }

    /// The sink the sysfs flow uses (`coresight_find_activated_sysfs_sink()`): depth-first from
    /// the source, each device before its children; the first sink or ETF that is activated.
    public func findActivatedSink(
        from source: ComponentID, isActivated: (ComponentID) -> Bool
    ) -> ComponentID? {
        var seen = Set<ComponentID>()
        func visit(_ id: ComponentID) -> ComponentID? {
            guard seen.insert(id).inserted else { return nil }
            if components[id].type == .sink, isActivated(id) { return id }
            for edge in outputs[id] {
                if let found = visit(edge.peer) { return found }
            }
            return nil
        }
        return visit(source)
    }

    /// Perf's default sink (`coresight_find_default_sink()`): the highest-priority sink
    /// reachable (TRBE > ETR > ETF/ETB), the nearest among equals; an ETF does not stop the
    /// search for something better behind it.
    public func defaultSink(from source: ComponentID) -> ComponentID? {
        var onStack = Set<ComponentID>()
        func better(_ a: (ComponentID, Int)?, _ b: (ComponentID, Int)?) -> (ComponentID, Int)? {
            guard let a else { return b }
            guard let b else { return a }
            let pa = components[a.0].subtype.defaultSinkPriority
            let pb = components[b.0].subtype.defaultSinkPriority
            if pa != pb { return pa > pb ? a : b }
            return b.1 < a.1 ? b : a
        }
        func visit(_ id: ComponentID, depth: Int) -> (ComponentID, Int)? {
            guard onStack.insert(id).inserted else { return nil }
            defer { onStack.remove(id) }
            var found: (ComponentID, Int)? = nil
            let subtype = components[id].subtype
            if subtype.type == .sink, subtype.defaultSinkPriority > 0 {
                found = (id, depth)
                if subtype != .etf { return found }
            }
            for edge in outputs[id] {
                found = better(found, visit(edge.peer, depth: depth + 1))
            }
            return found
        }
        return visit(source, depth: 0)?.0
    }
}
