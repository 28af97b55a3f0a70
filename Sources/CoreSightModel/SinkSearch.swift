/// The two sink searches of the CoreSight core, each entering a component at most once, so
/// their work is linear in the size of the graph whatever its shape (a device tree, sysfs tree
/// or session header can carry a chain of "diamonds" that doubles the kernel's walk per level).
/// Iterative, so a long chain cannot exhaust the stack either.
extension Topology {
    /// The sink the sysfs flow uses (`coresight_find_activated_sysfs_sink()`): depth-first from
    /// the source, each device before its children; the first sink or ETF that is activated.
    public func findActivatedSink(
        from source: ComponentID, isActivated: (ComponentID) -> Bool
    ) -> ComponentID? {
        var visits = 0
        return findActivatedSink(from: source, visits: &visits, isActivated: isActivated)
    }

    /// The walk behind `findActivatedSink`, counting the components it enters.
    func findActivatedSink(
        from source: ComponentID, visits: inout Int, isActivated: (ComponentID) -> Bool
    ) -> ComponentID? {
        guard components.indices.contains(source) else { return nil }
        var seen = [Bool](repeating: false, count: components.count)
        // Children pushed in reverse port order and marked when popped: the recursive
        // pre-order exactly.
        var pending = [source]
        while let id = pending.popLast() {
            guard !seen[id] else { continue }
            seen[id] = true
            visits += 1
            if components[id].type == .sink, isActivated(id) { return id }
            for edge in outputs[id].reversed() where !seen[edge.peer] { pending.append(edge.peer) }
        }
        return nil
    }

    /// The sinks (and ETFs) `findActivatedSink` can return from `source`: every one reachable
    /// over output connections. `findActivatedSink` finds one exactly when one of these is
    /// activated, and then a path to it exists (`buildPath`): what the explorer asks of each
    /// state, without a walk or an allocation there.
    public func sinksReached(from source: ComponentID) -> [ComponentID] {
        guard components.indices.contains(source) else { return [] }
        var seen = [Bool](repeating: false, count: components.count)
        var pending = [source]
        var sinks: [ComponentID] = []
        while let id = pending.popLast() {
            guard !seen[id] else { continue }
            seen[id] = true
            if components[id].type == .sink { sinks.append(id) }
            for edge in outputs[id] where !seen[edge.peer] { pending.append(edge.peer) }
        }
        return sinks
    }

    /// Perf's default sink (`coresight_find_default_sink()`): a tracer's per-CPU sink (TRBE)
    /// when its CPU has one; otherwise the highest-priority sink reachable (TRBE > ETR >
    /// ETF/ETB), the nearest among equals, the first in port order among equally near ones; an
    /// ETF does not stop the search for something better behind it.
    public func defaultSink(from source: ComponentID) -> ComponentID? {
        var visits = 0
        return defaultSink(from: source, visits: &visits)
    }

    /// The default sink of each source, in one walk: what a component leads to is worked out
    /// once for all of them. The same answers as `defaultSink(from:)` on an acyclic graph; on a
    /// cyclic one (a broken tree) each answer is still a default sink its source reaches, but a
    /// sink reachable only through a cycle cut while searching from an earlier source may be
    /// missed.
    public func defaultSinks(from sources: [ComponentID]) -> [ComponentID?] {
        var search = DefaultSinkSearch(topology: self)
        return sources.map { search.sink(from: $0) }
    }

    /// The walk behind `defaultSink`, counting the components it enters (at most once each).
    func defaultSink(from source: ComponentID, visits: inout Int) -> ComponentID? {
        var search = DefaultSinkSearch(topology: self)
        let sink = search.sink(from: source)
        visits += search.visits
        return sink
    }
}

/// `coresight_find_sink()` recurses down every path. What it returns for a component depends
/// on the depth it is reached at only by a constant offset (depths compare only among the
/// component's own descendants), so each component's best sink and its distance below it are
/// computed once and reused: the same answer as the kernel's on an acyclic graph. On a cyclic
/// graph (a broken tree; the kernel would loop forever) an edge back to a component still being
/// searched is ignored: the answer is the kernel's on the graph without the back edges of this
/// depth-first walk in port order. Iterative, so a long chain cannot exhaust the stack.
struct DefaultSinkSearch {
    typealias ComponentID = Topology.ComponentID
    typealias Found = (sink: ComponentID, depth: Int)
    private enum Mark: UInt8 { case unvisited, searching, done }
    private struct Frame {
        var id: ComponentID
        var nextEdge = 0
        var found: Found?
    }

    let topology: Topology
    /// Components entered so far (each at most once).
    private(set) var visits = 0
    private var mark: [Mark]
    /// The best sink at or below each finished component, with its depth below it.
    private var best: [Found?]
    private var stack: [Frame] = []

    init(topology: Topology) {
        self.topology = topology
        mark = [Mark](repeating: .unvisited, count: topology.components.count)
        best = [Found?](repeating: nil, count: topology.components.count)
    }

    mutating func sink(from source: ComponentID) -> ComponentID? {
        guard topology.components.indices.contains(source) else { return nil }
        // `coresight_find_default_sink()`: a per-CPU source takes its CPU's per-CPU sink first.
        if let own = topology.perCPUSink(of: source) {
            visits += 1
            return own
        }
        switch mark[source] {
        case .done: return best[source]?.sink
        case .searching: return nil  // cannot happen between calls: the stack is empty
        case .unvisited: break
        }
        if let immediate = enter(source) { return immediate.sink }
        var result: Found? = nil
        while let top = stack.last {
            let edges = topology.outputs[top.id]
            if top.nextEdge == edges.count {
                stack.removeLast()
                mark[top.id] = .done
                best[top.id] = top.found
                if stack.isEmpty {
                    result = top.found
                } else {
                    offer(top.found)
                }
                continue
            }
            let peer = edges[top.nextEdge].peer
            stack[stack.count - 1].nextEdge += 1
            switch mark[peer] {
            case .done: offer(best[peer])
            case .searching: continue  // a cycle: the edge back is ignored
            case .unvisited: if let immediate = enter(peer) { offer(immediate) }
            }
        }
        return result?.sink
    }

    /// Enters a component: a plain sink ends its search at once (returned); anything else is
    /// pushed to be searched.
    private mutating func enter(_ id: ComponentID) -> Found? {
        visits += 1
        let subtype = topology.components[id].subtype
        var own: Found? = nil
        if subtype.type == .sink, subtype.defaultSinkPriority > 0 {
            own = (id, 0)
            // A plain sink ends the search here; an ETF (a link-sink) looks past itself.
            if subtype != .etf {
                mark[id] = .done
                best[id] = own
                return own
            }
        }
        mark[id] = .searching
        stack.append(Frame(id: id, found: own))
        return nil
    }

    /// A child's best sink, one level further down, against what the top frame has found:
    /// `coresight_select_best_sink()`.
    private mutating func offer(_ child: Found?) {
        guard let child else { return }
        let candidate = (sink: child.sink, depth: child.depth + 1)
        let top = stack.count - 1
        guard let current = stack[top].found else {
            stack[top].found = candidate
            return
        }
        let currentPriority = topology.components[current.sink].subtype.defaultSinkPriority
        let candidatePriority = topology.components[candidate.sink].subtype.defaultSinkPriority
        if candidatePriority > currentPriority || (candidatePriority == currentPriority && candidate.depth < current.depth) {
            stack[top].found = candidate
        }
    }
}
