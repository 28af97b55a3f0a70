@testable import CoreSightModel
import FuzzSupport
import PropertyBased
import Testing

/// The bounded path and sink searches give exactly what the kernel's exhaustive recursions give
/// on acyclic graphs (checked against those recursions, written out plainly here, on small
/// random graphs), and a sensible bounded answer on cyclic ones.
@Suite struct GraphWalkPropertyTests {
    static let subtypes: [ComponentSubtype] = [.funnel, .replicator, .etf, .etb, .etr, .tpiu, .trbe, .stm, .funnel, .replicator]

    /// A random graph of 2 to 10 components; `acyclic` keeps every edge going to a later component.
    static func randomGraph(seed: UInt64, acyclic: Bool) throws -> Topology {
        var generator = SplitMix64(seed: seed)
        let count = 2 + Int(generator.next() % 9)
        var components = [Component(name: "c0", subtype: .etm4, cpu: 0)]
        for n in 1..<count {
            components.append(Component(name: "c\(n)", subtype: subtypes[Int(generator.next() % UInt64(subtypes.count))]))
        }
        var nextOut = [Int](repeating: 0, count: count)
        var nextIn = [Int](repeating: 0, count: count)
        var connections: [Connection] = []
        for from in 0..<count {
            for to in 0..<count where (acyclic ? to > from : to != from) && generator.next() % 100 < 35 {
                // Ports in random order, so port order and list order differ.
                let outport = nextOut[from] + Int(generator.next() % 2)
                let inport = nextIn[to] + Int(generator.next() % 2)
                nextOut[from] = outport + 1
                nextIn[to] = inport + 1
                connections.append(Connection(from: "c\(from)", outport: outport, to: "c\(to)", inport: inport))
            }
        }
        var shuffled = connections
        shuffled.shuffle(using: &generator)
        return try Topology(name: "random", cpuCount: 1, components: components, connections: shuffled)
    }

    @Test func boundedSearchesEqualTheExhaustiveRecursionsOnAcyclicGraphs() async {
        await propertyCheck(count: 400, input: Gen.int(in: 0...Int(UInt32.max)), Gen.int(in: 0...1023)) { seed, activation in
            guard let topology = try? Self.randomGraph(seed: UInt64(seed), acyclic: true) else {
                Issue.record("seed \(seed) built no topology")
                return
            }
            let activated = { (id: Int) in activation & (1 << id) != 0 }
            let all = Array(topology.components.indices)
            #expect(topology.defaultSinks(from: all) == all.map { Reference.defaultSink(topology, from: $0) }, "seed \(seed)")
            for source in topology.components.indices {
                #expect(topology.defaultSink(from: source) == Reference.defaultSink(topology, from: source), "seed \(seed)")
                let found = topology.findActivatedSink(from: source, isActivated: activated)
                #expect(found == Reference.findActivatedSink(topology, from: source, isActivated: activated), "seed \(seed)")
                // The explorer's shortcut: a sink is found, and a path to it built, exactly when a
                // sink reached is activated.
                let reached = topology.sinksReached(from: source)
                #expect((found != nil) == reached.contains(where: activated), "seed \(seed)")
                if let found { #expect(reached.contains(found) && topology.buildPath(from: source, to: found) != nil, "seed \(seed)") }
                for sink in topology.components.indices {
                    #expect(topology.buildPath(from: source, to: sink) == Reference.buildPath(topology, from: source, to: sink), "seed \(seed)")
                }
            }
        }
    }

    @Test func onCyclicGraphsTheSearchesStayBoundedAndFindWhatIsReachable() async {
        await propertyCheck(count: 400, input: Gen.int(in: 0...Int(UInt32.max))) { seed in
            guard let topology = try? Self.randomGraph(seed: UInt64(seed), acyclic: false) else {
                Issue.record("seed \(seed) built no topology")
                return
            }
            let shared = topology.defaultSinks(from: Array(topology.components.indices))
            for source in topology.components.indices {
                let reachable = Self.reachable(topology, from: source)
                #expect(Set(topology.sinksReached(from: source)) == reachable.filter { topology[$0].type == .sink }, "seed \(seed)")
                // One walk for all sources may miss a sink reachable only through a cycle, but
                // what it names is always a default sink the source reaches.
                if let sink = shared[source] { #expect(reachable.contains(sink) && topology[sink].subtype.defaultSinkPriority > 0) }
                var visits = 0
                let sink = topology.defaultSink(from: source, visits: &visits)
                #expect(visits <= topology.components.count)
                let anyDefaultSink = reachable.contains { topology[$0].subtype.defaultSinkPriority > 0 }
                #expect((sink != nil) == anyDefaultSink, "seed \(seed)")
                if let sink { #expect(reachable.contains(sink) && topology[sink].subtype.defaultSinkPriority > 0) }
                for target in topology.components.indices {
                    visits = 0
                    let path = topology.buildPath(from: source, to: target, visits: &visits)
                    #expect(visits <= topology.components.count)
                    #expect((path != nil) == reachable.contains(target), "seed \(seed)")
                    if let path { #expect(Self.isSimplePath(path, in: topology, from: source, to: target), "seed \(seed)") }
                }
            }
        }
    }

    static func reachable(_ topology: Topology, from source: Int) -> Set<Int> {
        var seen: Set<Int> = [source]
        var pending = [source]
        while let id = pending.popLast() {
            for edge in topology.outputs[id] where seen.insert(edge.peer).inserted { pending.append(edge.peer) }
        }
        return seen
    }

    static func isSimplePath(_ path: TracePath, in topology: Topology, from source: Int, to sink: Int) -> Bool {
        let hops = path.hops
        guard hops.first?.component == source, hops.last?.component == sink,
            Set(hops.map(\.component)).count == hops.count
        else { return false }
        return zip(hops, hops.dropFirst()).allSatisfy { a, b in
            topology.outputs[a.component].contains { $0.localPort == a.outport && $0.peer == b.component && $0.peerPort == b.inport }
        }
    }

    /// The kernel's recursions as written in coresight-core.c, exhaustive over every path;
    /// only a guard against cycles added. Exponential: small graphs only.
    enum Reference {
        static func buildPath(_ topology: Topology, from source: Int, to sink: Int) -> TracePath? {
            var hops: [PathHop] = []
            var onStack = Set<Int>()
            func visit(_ id: Int, arrivedOn inport: Int?) -> Bool {
                if id == sink {
                    hops.append(PathHop(component: id, inport: inport, outport: nil))
                    return true
                }
                guard onStack.insert(id).inserted else { return false }
                defer { onStack.remove(id) }
                for edge in topology.outputs[id] where visit(edge.peer, arrivedOn: edge.peerPort) {
                    hops.append(PathHop(component: id, inport: inport, outport: edge.localPort))
                    return true
                }
                return false
            }
            guard visit(source, arrivedOn: nil) else { return nil }
            return TracePath(hops: hops.reversed())
        }

        static func findActivatedSink(_ topology: Topology, from source: Int, isActivated: (Int) -> Bool) -> Int? {
            var seen = Set<Int>()
            func visit(_ id: Int) -> Int? {
                guard seen.insert(id).inserted else { return nil }
                if topology[id].type == .sink, isActivated(id) { return id }
                for edge in topology.outputs[id] {
                    if let found = visit(edge.peer) { return found }
                }
                return nil
            }
            return visit(source)
        }

        /// `coresight_find_sink()` and `coresight_select_best_sink()`.
        static func defaultSink(_ topology: Topology, from source: Int) -> Int? {
            var onStack = Set<Int>()
            func select(_ current: (Int, Int)?, _ new: (Int, Int)?) -> (Int, Int)? {
                guard let new else { return current }
                guard let current else { return new }
                let old = topology[current.0].subtype.defaultSinkPriority
                let candidate = topology[new.0].subtype.defaultSinkPriority
                if candidate > old { return new }
                if candidate == old, current.1 > new.1 { return new }
                return current
            }
            func find(_ id: Int, depth: Int) -> (Int, Int)? {
                guard onStack.insert(id).inserted else { return nil }
                defer { onStack.remove(id) }
                var found: (Int, Int)? = nil
                let subtype = topology[id].subtype
                if subtype.type == .sink, subtype.defaultSinkPriority > 0 {
                    found = (id, depth + 1)
                    if subtype != .etf { return found }
                }
                for edge in topology.outputs[id] { found = select(found, find(edge.peer, depth: depth + 1)) }
                return found
            }
            return find(source, depth: 0)?.0
        }
    }
}
