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
    /// reached (`coresight_build_path()`); a tracer and its CPU's per-CPU sink make a path of
    /// their own, with no ports. Nil when the sink is not reachable.
    public func buildPath(from source: ComponentID, to sink: ComponentID) -> TracePath? {
        var visits = 0
        return buildPath(from: source, to: sink, visits: &visits)
    }

    /// The walk behind `buildPath`, counting the components it enters (at most once each).
    ///
    /// The kernel's recursion retries a component from every path that reaches it, which is
    /// exponential on a chain of diamonds. Entering each component once is exact on an acyclic
    /// graph (one that failed from one path fails from every path: its search does not depend on
    /// how it was reached), so the first path in depth-first port order is the kernel's. On a
    /// cyclic graph (a broken device or sysfs tree) it is the first path of that walk, a simple
    /// path whenever the sink is reachable. Iterative, so a long chain cannot exhaust the stack.
    func buildPath(from source: ComponentID, to sink: ComponentID, visits: inout Int) -> TracePath? {
        guard components.indices.contains(source), components.indices.contains(sink) else { return nil }
        visits += 1
        if source == sink { return TracePath(hops: [PathHop(component: sink, inport: nil, outport: nil)]) }
        // A tracer reaches its CPU's per-CPU sink directly, before any connection is tried.
        if perCPUSink(of: source) == sink {
            visits += 1
            return TracePath(hops: [PathHop(component: source, inport: nil, outport: nil), PathHop(component: sink, inport: nil, outport: nil)])
        }
        struct Frame {
            var id: ComponentID
            var inport: Int?
            var nextEdge = 0
        }
        var entered = [Bool](repeating: false, count: components.count)
        entered[source] = true
        var stack = [Frame(id: source, inport: nil)]
        while let top = stack.last {
            let edges = outputs[top.id]
            guard top.nextEdge < edges.count else {
                stack.removeLast()
                continue
            }
            let edge = edges[top.nextEdge]
            stack[stack.count - 1].nextEdge += 1
            if edge.peer == sink {
                var hops = stack.map { frame in
                    PathHop(component: frame.id, inport: frame.inport, outport: outputs[frame.id][frame.nextEdge - 1].localPort)
                }
                hops.append(PathHop(component: sink, inport: edge.peerPort, outport: nil))
                return TracePath(hops: hops)
            }
            guard !entered[edge.peer] else { continue }
            entered[edge.peer] = true
            visits += 1
            stack.append(Frame(id: edge.peer, inport: edge.peerPort))
        }
        return nil
    }
}
