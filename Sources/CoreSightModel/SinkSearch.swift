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

    /// Perf's default sink (`coresight_find_default_sink()`): the highest-priority sink
    /// reachable (TRBE > ETR > ETF/ETB), the nearest among equals, the first in port order
    /// among equally near ones; an ETF does not stop the search for something better behind it.
    public func defaultSink(from source: ComponentID) -> ComponentID? {
        var visits = 0
        return defaultSink(from: source, visits: &visits)
    }

    /// The walk behind `defaultSink`, counting the components it enters (at most once each).
    ///
    /// `coresight_find_sink()` recurses down every path. What it returns for a component
    /// depends on the depth it is reached at only by a constant offset (depths compare only
    /// among the component's own descendants), so each component's best sink and its distance
    /// below it are computed once and reused: the same answer as the kernel's on an acyclic
    /// graph. On a cyclic graph (a broken tree; the kernel would loop forever) an edge back to a
    /// component still being searched is ignored: the answer is the kernel's on the graph
    /// without the back edges of this depth-first walk from `source` in port order.
    func defaultSink(from source: ComponentID, visits: inout Int) -> ComponentID? {
        guard components.indices.contains(source) else { return nil }
        typealias Found = (sink: ComponentID, depth: Int)
        enum Mark: UInt8 { case unvisited, searching, done }
        var mark = [Mark](repeating: .unvisited, count: components.count)
        // The best sink at or below each finished component, with its depth below it.
        var best = [Found?](repeating: nil, count: components.count)
        struct Frame {
            var id: ComponentID
            var nextEdge = 0
            var found: Found?
        }
        func better(_ current: Found?, _ candidate: Found?) -> Found? {
            guard let candidate else { return current }
            guard let current else { return candidate }
            let pc = components[current.sink].subtype.defaultSinkPriority
            let pn = components[candidate.sink].subtype.defaultSinkPriority
            if pn != pc { return pn > pc ? candidate : current }
            return candidate.depth < current.depth ? candidate : current
        }
        func below(_ found: Found?) -> Found? { found.map { ($0.sink, $0.depth + 1) } }
        var stack: [Frame] = []
        /// Enters a component: a plain sink ends its search at once; anything else is searched.
        func enter(_ id: ComponentID) -> Found? {
            visits += 1
            let subtype = components[id].subtype
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
        if let immediate = enter(source) { return immediate.sink }
        var result: Found? = nil
        while let top = stack.last {
            let edges = outputs[top.id]
            if top.nextEdge == edges.count {
                stack.removeLast()
                mark[top.id] = .done
                best[top.id] = top.found
                if stack.isEmpty {
                    result = top.found
                } else {
                    stack[stack.count - 1].found = better(stack[stack.count - 1].found, below(top.found))
                }
                continue
            }
            let peer = edges[top.nextEdge].peer
            stack[stack.count - 1].nextEdge += 1
            switch mark[peer] {
            case .done:
                stack[stack.count - 1].found = better(stack[stack.count - 1].found, below(best[peer]))
            case .searching:
                continue  // a cycle: the edge back is ignored
            case .unvisited:
                if let immediate = enter(peer) {
                    stack[stack.count - 1].found = better(stack[stack.count - 1].found, below(immediate))
                }
            }
        }
        return result?.sink
    }
}
