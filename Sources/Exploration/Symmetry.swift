import CoreSightModel
import DriverSimulation

/// Symmetry reduction: permutations of the CPUs (each with its tracer and other per-CPU
/// components, the links and sinks downstream renamed to match, a shared funnel's input ports
/// with them) that map the topology, the start world and the environment's budget onto
/// themselves. The engine never looks at a name, so two states one maps onto the other have the
/// same futures up to that renaming: the same verdicts at the same distances. The visited set
/// keeps one fingerprint per orbit, the smallest over the group's packed images (`PackedOrbit`), while
/// the frontier keeps the real worlds, so parent pointers still spell a real schedule.
///
/// Detection is a bounded backtracking over CPU permutations: binding CPU i to j binds their
/// components in order, then whatever the two CPUs' states, tracers and budgets name, then every
/// component downstream along output ports (which keep their numbers: they order the kernel's
/// walks); a component nothing binds stays where it is, and so does a CPU nothing can ever
/// touch (a retired one, `DeadState`). A complete binding is kept only if it
/// maps every connection, part, the world and the budget onto themselves and commutes with the
/// path and default-sink searches. A ring on grid-N has the N rotations; `seed-N` only the
/// identity (no symmetry: nil, and no cost).
struct Symmetry {
    /// Every element but the identity.
    let elements: [SymmetryElement]

    /// Group elements kept at most (the identity included); a larger group is not used (every
    /// state would be hashed that many times).
    static let maxGroupSize = 64
    /// Bindings tried at most while searching; past it no symmetry is used.
    static let maxSearchNodes = 20_000

    var groupSize: Int { elements.count + 1 }

    /// The images of a state under every element but the identity, each with dead-variable
    /// canonicalisation (it commutes with the elements; applying it again costs little and
    /// keeps the key exact if it ever did not).
    func images(of world: World, _ budget: Budget, dead: DeadState?) -> [(world: World, budget: Budget)] {
        elements.map { image(of: world, budget, under: $0, dead: dead) }
    }

    func image(of world: World, _ budget: Budget, under element: SymmetryElement, dead: DeadState?) -> (world: World, budget: Budget) {
        var image = element.applied(to: world)
        let imageBudget = element.applied(to: budget)
        dead?.canonicalise(&image, budget: imageBudget)
        return (image, imageBudget)
    }

    /// The symmetries of exploring from `start` with `budget`; nil when only the identity (or
    /// a group past the caps).
    static func detect(engine: Engine, rules: EnvironmentRules, start: World, budget: Budget) -> Symmetry? {
        var finder = SymmetryFinder(engine: engine, rules: rules, start: start, budget: budget)
        guard let found = finder.all(), found.count > 1 else { return nil }
        return Symmetry(elements: found.filter { $0.cpu != Array(0..<$0.cpu.count) || $0.component != Array(0..<$0.component.count) })
    }
}

/// The bounded backtracking behind `Symmetry.detect`.
struct SymmetryFinder {
    let engine: Engine
    let rules: EnvironmentRules
    let start: World
    let budget: Budget
    let topology: Topology
    /// Per CPU: its components in id order.
    let componentsOfCPU: [[Topology.ComponentID]]
    /// Per CPU: a cheap summary two CPUs must share to be bound (pruning only).
    let signature: [Int]
    /// Per component: slots in its reference counts.
    let portSlots: [Int]
    var nodes = 0
    var found: [SymmetryElement] = []
    var aborted = false

    init(engine: Engine, rules: EnvironmentRules, start: World, budget: Budget) {
        self.engine = engine
        self.rules = rules
        self.start = start
        self.budget = budget
        topology = engine.topology
        var byCPU = [[Topology.ComponentID]](repeating: [], count: topology.cpuCount)
        for (id, component) in topology.components.enumerated() {
            if let cpu = component.cpu { byCPU[cpu].append(id) }
        }
        componentsOfCPU = byCPU
        portSlots = start.parts.map(\.portRefcounts.count)
        let topology = topology
        signature = (0..<topology.cpuCount).map { cpu in
            var zero = ZeroRenaming()
            var hasher = Hasher()
            hasher.combine(zero.renamed(start.cpus[cpu]))
            hasher.combine(zero.renamed(start.tracers[cpu]))
            hasher.combine(budget.idleLeft[cpu])
            hasher.combine(budget.offlinesLeft[cpu])
            for id in byCPU[cpu] { hasher.combine(topology.components[id].subtype) }
            return hasher.finalize()
        }
    }

    /// Every element (identity included), or nil past a cap.
    mutating func all() -> [SymmetryElement]? {
        guard topology.cpuCount > 1 else { return nil }
        // A CPU nothing can ever touch stays where it is: dead-variable canonicalisation already
        // makes such CPUs alike, so permuting them would only cost hashing.
        var binding = Binding(topology: topology, slots: portSlots)
        let dead = DeadState(engine: engine, rules: rules)
        for k in 0..<topology.cpuCount where dead.isRetired(k, start, budget) {
            guard bind(.cpu(k, k), in: &binding) else { return nil }
        }
        search(binding)
        return aborted ? nil : found
    }

    mutating func search(_ binding: Binding) {
        guard !aborted else { return }
        guard let i = binding.cpu.firstIndex(of: -1) else {
            if let element = complete(binding) {
                found.append(element)
                if found.count > Symmetry.maxGroupSize { aborted = true }
            }
            return
        }
        for j in 0..<topology.cpuCount where !binding.cpuTaken[j] && signature[j] == signature[i] {
            nodes += 1
            if nodes > Symmetry.maxSearchNodes {
                aborted = true
                return
            }
            var next = binding
            if bind(.cpu(i, j), in: &next) { search(next) }
            if aborted { return }
        }
    }

    enum Pair {
        case cpu(Int, Int)
        case component(Topology.ComponentID, Topology.ComponentID)
    }

    /// Binds a pair and everything it forces; false on a contradiction.
    func bind(_ first: Pair, in binding: inout Binding) -> Bool {
        var work = [first]
        while let pair = work.popLast() {
            switch pair {
            case .cpu(let i, let j):
                if binding.cpu[i] == j { continue }
                guard binding.cpu[i] < 0, !binding.cpuTaken[j] else { return false }
                binding.cpu[i] = j
                binding.cpuTaken[j] = true
                guard budget.idleLeft[i] == budget.idleLeft[j], budget.offlinesLeft[i] == budget.offlinesLeft[j],
                    componentsOfCPU[i].count == componentsOfCPU[j].count
                else { return false }
                for (c, d) in zip(componentsOfCPU[i], componentsOfCPU[j]) { work.append(.component(c, d)) }
                var a = IDCollector(), b = IDCollector()
                guard a.renamed(start.cpus[i]) == b.renamed(start.cpus[j]),
                    a.renamed(start.tracers[i]) == b.renamed(start.tracers[j])
                else { return false }
                for (x, y) in zip(a.cpus, b.cpus) { work.append(.cpu(x, y)) }
                for (x, y) in zip(a.components, b.components) { work.append(.component(x, y)) }
                for (x, y) in zip(a.inports, b.inports) {
                    guard binding.mapInport(x.port, of: x.component, to: y.port, of: y.component) else { return false }
                }
            case .component(let c, let d):
                if binding.component[c] == d { continue }
                guard binding.component[c] < 0, !binding.componentTaken[d] else { return false }
                binding.component[c] = d
                binding.componentTaken[d] = true
                let x = topology.components[c], y = topology.components[d]
                guard x.subtype == y.subtype, (x.cpu == nil) == (y.cpu == nil), (x.address == nil) == (y.address == nil),
                    portSlots[c] == portSlots[d], (rules.slotOfComponent[c] < 0) == (rules.slotOfComponent[d] < 0),
                    topology.outputs[c].count == topology.outputs[d].count,
                    topology.inputs[c].count == topology.inputs[d].count
                else { return false }
                if let p = x.cpu, let q = y.cpu { work.append(.cpu(p, q)) }
                for (e, f) in zip(topology.outputs[c], topology.outputs[d]) {
                    guard e.localPort == f.localPort,
                        binding.mapInport(e.peerPort, of: e.peer, to: f.peerPort, of: f.peer)
                    else { return false }
                    work.append(.component(e.peer, f.peer))
                }
            }
        }
        return true
    }

    /// The element a complete CPU binding gives, if it is a symmetry of everything.
    func complete(_ partial: Binding) -> SymmetryElement? {
        var binding = partial
        // What nothing bound stays where it is.
        for c in topology.components.indices where binding.component[c] < 0 {
            guard bind(.component(c, c), in: &binding) else { return nil }
        }
        guard !binding.cpu.contains(-1), !binding.component.contains(-1) else { return nil }
        // Every connection onto one (an input port's image comes from its connection).
        for c in topology.components.indices {
            for edge in topology.outputs[c] {
                guard binding.mapInport(edge.peerPort, of: edge.peer, to: -1, of: binding.component[edge.peer]) else { return nil }
                let image = binding.inport[edge.peer][edge.peerPort]
                guard topology.outputs[binding.component[c]].contains(where: {
                    $0.localPort == edge.localPort && $0.peer == binding.component[edge.peer] && $0.peerPort == image
                }) else { return nil }
            }
        }
        binding.completeInports()
        var slots = Array(repeating: -1, count: rules.claimable.count)
        for (k, id) in rules.claimable.enumerated() {
            slots[k] = rules.slotOfComponent[binding.component[id]]
            guard slots[k] >= 0 else { return nil }
        }
        let element = SymmetryElement(
            cpu: binding.cpu, component: binding.component, inport: binding.inport, slot: slots,
            countsPerInport: topology.components.map { $0.subtype == .funnel })
        guard element.applied(to: start) == start, element.applied(to: budget) == budget else { return nil }
        // The engine's walks: the same paths and default sinks, renamed.
        var renaming = element
        let tracers = topology.tracerOfCPU.compactMap { $0 }
        let sinks = topology.components.indices.filter { topology.components[$0].type == .sink }
        for t in tracers {
            guard topology.defaultSink(from: t).map({ element.component[$0] }) == topology.defaultSink(from: element.component[t])
            else { return nil }
            for s in sinks {
                guard topology.buildPath(from: t, to: s).map({ renaming.renamed($0) })
                    == topology.buildPath(from: element.component[t], to: element.component[s])
                else { return nil }
            }
        }
        return element
    }
}

/// A partial renaming under construction.
struct Binding {
    var cpu: [Int]
    var cpuTaken: [Bool]
    var component: [Topology.ComponentID]
    var componentTaken: [Bool]
    /// Per component (before renaming), per slot: the image port, or -1.
    var inport: [[Int]]
    /// Per component (after renaming), per slot: taken as an image.
    var inportTaken: [[Bool]]

    init(topology: Topology, slots: [Int]) {
        cpu = Array(repeating: -1, count: topology.cpuCount)
        cpuTaken = Array(repeating: false, count: topology.cpuCount)
        component = Array(repeating: -1, count: topology.components.count)
        componentTaken = Array(repeating: false, count: topology.components.count)
        inport = slots.map { Array(repeating: -1, count: $0) }
        inportTaken = slots.map { Array(repeating: false, count: $0) }
    }

    /// Records input port p of c ↦ port q of d; q = -1 only checks that p is mapped (or maps it
    /// to itself when free). False on a contradiction or a port outside the slots.
    mutating func mapInport(_ p: Int, of c: Topology.ComponentID, to q: Int, of d: Topology.ComponentID) -> Bool {
        guard inport[c].indices.contains(p) else { return false }
        if q < 0 {
            if inport[c][p] >= 0 { return true }
            return mapInport(p, of: c, to: p, of: d)
        }
        guard inportTaken[d].indices.contains(q) else { return false }
        if inport[c][p] == q { return true }
        guard inport[c][p] < 0, !inportTaken[d][q] else { return false }
        inport[c][p] = q
        inportTaken[d][q] = true
        return true
    }

    /// Slots no connection uses: the free ones in order, so each component's map is a
    /// permutation.
    mutating func completeInports() {
        for c in inport.indices {
            let d = component[c]
            var free = inportTaken[d].indices.filter { !inportTaken[d][$0] }.makeIterator()
            for p in inport[c].indices where inport[c][p] < 0 {
                guard let q = free.next() else { continue }
                inport[c][p] = q
                inportTaken[d][q] = true
            }
        }
    }
}

/// Renames every id to 0: a state's skeleton.
struct ZeroRenaming: IDRenaming {
    func cpu(_ id: Int) -> Int { 0 }
    func component(_ id: Topology.ComponentID) -> Topology.ComponentID { 0 }
    func inport(_ port: Int, of component: Topology.ComponentID) -> Int { 0 }
}
