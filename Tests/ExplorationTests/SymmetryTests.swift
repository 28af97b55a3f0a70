import CoreSightModel
import DriverSimulation
import FuzzSupport
@testable import Exploration
import Scenarios
import Testing

/// Symmetry reduction: the group detected, the canonical form, that the engine commutes with
/// every element, and that exploring with it changes no answer.
@Suite struct SymmetryTests {
    /// ring-N on grid-N: every CPU i enables then disables etm((i+1) mod N); each CPU may idle
    /// `idle` times; the debugger may claim each tracer `claims` times.
    static func ring(_ n: Int, idle: Int = 1, claims: Int = 1) -> Scenario {
        Scenario(
            name: "ring-\(n)", board: .builtin("grid-\(n)"), sink: "tmc_etr0",
            threads: (0..<n).map { ThreadScript(cpu: $0, operations: [.enable("etm\(($0 + 1) % n)"), .disable("etm\(($0 + 1) % n)")]) },
            environment: Environment(
                idle: idle > 0 ? (0..<n).map { (cpu: $0, times: idle) } : [],
                extClaim: claims > 0 ? (0..<n).map { (component: "etm\($0)", times: claims) } : []))
    }

    struct Setup {
        var simulation: Simulation
        var explorer: Explorer
        var symmetry: Symmetry?
    }

    /// Orbit keys as the search computes them: packed by a codec that first interns what the
    /// state and its images hold (interning only adds ids, so a key never changes once taken).
    struct OrbitKeys {
        let symmetry: Symmetry
        let dead: DeadState
        var codec: PackedCodec
        var words: [UInt64]
        var scratch: [UInt64]
        var orbit: PackedOrbit

        init(_ setup: Setup, symmetry: Symmetry) {
            self.symmetry = symmetry
            orbit = PackedOrbit(symmetry)
            dead = DeadState(engine: setup.explorer.engine, rules: setup.explorer.rules)
            codec = PackedCodec(
                topology: setup.explorer.engine.topology, start: setup.simulation.world,
                budget: setup.explorer.rules.initialBudget)
            words = Array(repeating: 0, count: codec.words)
            scratch = words
        }

        mutating func key(_ world: World, _ budget: Budget) -> StateKey {
            let canonical = dead.canonical(world, budget: budget)
            codec = codec.interning(canonical)
            for image in symmetry.images(of: canonical, budget, dead: dead) { codec = codec.interning(image.world) }
            let hints = PackedHints(cpuCount: world.cpus.count)
            let codec = codec
            let packed = words.withUnsafeMutableBufferPointer { codec.encode(canonical, budget, hints: hints, into: $0.baseAddress!) }
            precondition(packed, "interned before packing")
            let own = words.withUnsafeBufferPointer { StateKey(words: $0.baseAddress!, count: codec.words) }
            return words.withUnsafeBufferPointer { words in
                scratch.withUnsafeMutableBufferPointer {
                    orbit.smallestKey(of: words.baseAddress!, key: own, codec: codec, scratch: $0.baseAddress!)!
                }
            }
        }
    }

    static func setup(_ scenario: Scenario, kernel: String = "v6.18") throws -> Setup {
        let simulation = try ScenarioCatalogue.simulation(of: scenario, kernel: try KernelCatalogue.load(kernel))
        let explorer = try Explorer(simulation: simulation)
        let symmetry = Symmetry.detect(
            engine: explorer.engine, rules: explorer.rules, start: simulation.world, budget: explorer.rules.initialBudget)
        return Setup(simulation: simulation, explorer: explorer, symmetry: symmetry)
    }

    @Test(arguments: [3, 4, 5], ["v6.18", "v6.19", "v7.2"])
    func aRingHasItsRotations(n: Int, kernel: String) throws {
        let symmetry = try #require(try Self.setup(Self.ring(n), kernel: kernel).symmetry)
        #expect(symmetry.groupSize == n)
        for element in symmetry.elements {
            // A rotation: cpu i goes where cpu i+1 does, by the same step for all.
            let shift = (element.cpu[0] + n) % n
            #expect(element.cpu == (0..<n).map { ($0 + shift) % n })
        }
    }

    /// Idle budgets that differ break the rotation; identical bystanders are interchangeable.
    @Test func budgetsDecide() throws {
        var uneven = Self.ring(3)
        uneven.environment.idle = [(cpu: 0, times: 2), (cpu: 1, times: 1), (cpu: 2, times: 1)]
        #expect(try Self.setup(uneven).symmetry == nil)
        // cpu0 writes; cpu1..cpu3 only idle: any permutation of them, 3! elements.
        let bystanders = Scenario(
            name: "bystanders", board: .builtin("grid-4"), sink: "tmc_etr0",
            threads: [ThreadScript(cpu: 0, operations: [.enable("etm0"), .disable("etm0")])],
            environment: Environment(idle: (1..<4).map { (cpu: $0, times: 1) }))
        #expect(try Self.setup(bystanders).symmetry?.groupSize == 6)
    }

    @Test(arguments: ScenarioCatalogue.seedSizes)
    func theSeedFamilyHasNone(n: Int) throws {
        #expect(try Self.setup(ScenarioCatalogue.seed(cpus: n)).symmetry == nil)
    }

    /// The shipped YAML scenarios: each CPU has its own part in the race, and the CPUs with none
    /// (nothing can ever touch them) are not permuted (dead-variable canonicalisation already
    /// makes them alike).
    @Test func theShippedScenariosHaveNone() throws {
        for scenario in try ScenarioCatalogue.builtins() where !scenario.name.hasPrefix("seed-") && !scenario.name.hasPrefix("ring-") {
            #expect(try Self.setup(scenario).symmetry == nil, "\(scenario.name)")
        }
    }

    /// Reachable states of a random walk from the start (seeded: the same every run).
    static func walk(_ setup: Setup, steps: Int, seed: UInt64) -> [(World, Budget)] {
        var generator = SplitMix64(seed: seed)
        var world = setup.simulation.world
        var budget = setup.explorer.rules.initialBudget
        var states = [(world, budget)]
        var log = EventLog(recordsEvents: false)
        for _ in 0..<steps {
            let moves = setup.explorer.rules.moves(engine: setup.explorer.engine, world: world, budget: budget)
            guard !moves.isEmpty else { break }
            let move = moves[Int(generator.next() % UInt64(moves.count))]
            var next = world
            log.clear()
            guard (try? setup.explorer.engine.apply(move, to: &next, log: &log)) != nil else { break }
            budget = setup.explorer.rules.spend(move, from: budget)
            world = next
            states.append((world, budget))
        }
        return states
    }

    @Test(arguments: [3, 4])
    func rotatedWorldsShareTheirCanonicalFormAndInversesUndo(n: Int) throws {
        let setup = try Self.setup(Self.ring(n))
        let symmetry = try #require(setup.symmetry)
        let dead = DeadState(engine: setup.explorer.engine, rules: setup.explorer.rules)
        var keys = OrbitKeys(setup, symmetry: symmetry)
        var distinctKeys = Set<StateKey>()
        var distinctOrbits = 0
        for seed in 1...6 as ClosedRange<UInt64> {
            for (world, budget) in Self.walk(setup, steps: 40, seed: seed) {
                let key = keys.key(world, budget)
                for element in symmetry.elements {
                    let image = element.applied(to: world), imageBudget = element.applied(to: budget)
                    #expect(keys.key(image, imageBudget) == key)
                    #expect(element.inverse.applied(to: image) == world)
                    #expect(element.inverse.applied(to: imageBudget) == budget)
                }
                if distinctKeys.insert(key).inserted { distinctOrbits += 1 }
            }
        }
        // Different orbits keep different keys: the walks reach many, and the key tells them apart
        // exactly when some element maps one state onto the other.
        #expect(distinctOrbits > 20)
        let states = (1...3 as ClosedRange<UInt64>).flatMap { Self.walk(setup, steps: 30, seed: $0) }
        for (a, b) in zip(states, states.dropFirst(7)) {
            let sameOrbit = ([SymmetryElement?.none] + symmetry.elements.map(Optional.some)).contains { element in
                let world = element?.applied(to: a.0) ?? a.0, budget = element?.applied(to: a.1) ?? a.1
                return dead.canonical(world, budget: budget) == dead.canonical(b.0, budget: b.1) && budget == b.1
            }
            #expect((keys.key(a.0, a.1) == keys.key(b.0, b.1)) == sameOrbit)
        }
    }

    /// The search's images, built on the packed words, are the packed words of the world-level
    /// images (renamed, then canonicalised): on rings with idle cycles, claims and paths in
    /// flight under three kernels, for every element. Each CPU's signature moves to its image
    /// unchanged, and signatures tell the CPUs of most states apart.
    @Test(arguments: [("v6.18", 3), ("v6.19", 3), ("v7.2", 3), ("v6.18", 4), ("v6.19", 5)])
    func packedImagesAreTheWorldImagesPacked(kernel: String, n: Int) throws {
        let setup = try Self.setup(Self.ring(n, idle: 2), kernel: kernel)
        let symmetry = try #require(setup.symmetry)
        let dead = DeadState(engine: setup.explorer.engine, rules: setup.explorer.rules)
        var codec = PackedCodec(
            topology: setup.explorer.engine.topology, start: setup.simulation.world, budget: setup.explorer.rules.initialBudget)
        var images = symmetry.elements.map(PackedImage.init)
        var words = [UInt64](repeating: 0, count: codec.words)
        var expected = words, actual = words
        var compared = 0
        var withPaths = 0
        var told = 0
        // Some element reorders a funnel's input ports (`ImageRuns`), and some states count on them.
        let funnels = setup.explorer.engine.topology.components.indices.filter {
            setup.explorer.engine.topology.components[$0].subtype == .funnel
        }
        #expect(symmetry.elements.contains { e in funnels.contains { e.inport[$0] != Array(e.inport[$0].indices) } })
        var countedOnFunnels = 0
        for seed in 1...8 as ClosedRange<UInt64> {
            for (world, budget) in Self.walk(setup, steps: 60, seed: seed) {
                let canonical = dead.canonical(world, budget: budget)
                let worldImages = symmetry.images(of: canonical, budget, dead: dead)
                codec = codec.interning(canonical)
                for image in worldImages { codec = codec.interning(image.world) }
                let hints = PackedHints(cpuCount: n)
                let current = codec
                #expect(words.withUnsafeMutableBufferPointer { current.encode(canonical, budget, hints: hints, into: $0.baseAddress!) })
                for (e, image) in worldImages.enumerated() {
                    #expect(expected.withUnsafeMutableBufferPointer {
                        current.encode(image.world, image.budget, hints: hints, into: $0.baseAddress!)
                    })
                    let written = words.withUnsafeBufferPointer { source in
                        actual.withUnsafeMutableBufferPointer { images[e].write(source.baseAddress!, codec: current, into: $0.baseAddress!) }
                    }
                    #expect(written)
                    #expect(actual == expected, "seed \(seed), element \(symmetry.elements[e].cpu)")
                    // A CPU's signature moves with it, unchanged: the orbit key's pruning relies on it.
                    for k in 0..<n {
                        let own = words.withUnsafeBufferPointer { PackedOrbit.signature(of: $0.baseAddress!, k, codec: current) }
                        let moved = actual.withUnsafeBufferPointer {
                            PackedOrbit.signature(of: $0.baseAddress!, symmetry.elements[e].cpu[k], codec: current)
                        }
                        #expect(own == moved, "seed \(seed), element \(symmetry.elements[e].cpu), cpu\(k)")
                    }
                    compared += 1
                }
                let signatures = words.withUnsafeBufferPointer { words in
                    (0..<n).map { PackedOrbit.signature(of: words.baseAddress!, $0, codec: current) }
                }
                if Set(signatures).count > 1 { told += 1 }
                if funnels.contains(where: { canonical.parts[$0].portRefcounts.contains { $0 > 0 } }) { countedOnFunnels += 1 }
                if canonical.tracers.contains(where: { $0.sysfsPath != nil }) || canonical.cpus.contains(where: { $0.thread?.path != nil }) {
                    withPaths += 1
                }
            }
        }
        #expect(compared > 200)
        #expect(withPaths > 20, "the walks reach states with paths to rename")
        #expect(told > 100, "signatures tell most CPUs apart, so most keys write one image or none")
        #expect(countedOnFunnels > 20, "the walks reach states that count on a funnel's ports")
    }

    /// An image whose path is not interned yet is refused (the merge interns it, then packs).
    @Test func anImageWithAPathNotInternedIsRefused() throws {
        let setup = try Self.setup(Self.ring(3))
        let symmetry = try #require(setup.symmetry)
        var simulation = setup.simulation
        // cpu0 takes the mutex, finds its sink and builds its path to etm1.
        for action in try ActionParser.parse("step cpu0; step cpu0") { try simulation.perform(action) }
        let world = simulation.world
        #expect(world.cpus[0].thread?.path != nil)
        let budget = setup.explorer.rules.initialBudget
        var codec = PackedCodec(topology: setup.explorer.engine.topology, start: setup.simulation.world, budget: budget)
        codec = codec.interning(world)  // its own path, not the rotated ones
        var image = PackedImage(symmetry.elements[0])
        var words = [UInt64](repeating: 0, count: codec.words), out = words
        let current = codec
        #expect(words.withUnsafeMutableBufferPointer { current.encode(world, budget, hints: PackedHints(cpuCount: 3), into: $0.baseAddress!) })
        let refused = words.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { !image.write(source.baseAddress!, codec: current, into: $0.baseAddress!) }
        }
        #expect(refused)
        for rotated in symmetry.images(of: world, budget, dead: nil) { codec = codec.interning(rotated.world) }
        let interned = codec
        let written = words.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { image.write(source.baseAddress!, codec: interned, into: $0.baseAddress!) }
        }
        #expect(written)
    }

    /// The engine commutes with every element: the image of a move's successor is the renamed
    /// move's successor from the image, the same invariants break, and the legal moves map onto
    /// each other.
    @Test(arguments: [("v6.18", 3), ("v6.19", 3), ("v7.2", 3), ("v6.18", 4), ("v7.2-pre-b6d54a94", 4)])
    func theEngineCommutesWithEveryElement(kernel: String, n: Int) throws {
        let setup = try Self.setup(Self.ring(n, idle: 2), kernel: kernel)
        let symmetry = try #require(setup.symmetry)
        let engine = setup.explorer.engine, rules = setup.explorer.rules
        var log = EventLog(recordsEvents: false)
        func successor(_ move: EngineAction, _ world: World) -> (World, Set<Invariant>)? {
            var next = world
            log.clear()
            guard (try? engine.apply(move, to: &next, log: &log)) != nil else { return nil }
            return (next, Set(log.events.compactMap(\.violation?.invariant)))
        }
        var checked = 0
        for seed in 1...8 as ClosedRange<UInt64> {
            for (world, budget) in Self.walk(setup, steps: 60, seed: seed) {
                let moves = rules.moves(engine: engine, world: world, budget: budget)
                for element in symmetry.elements {
                    let image = element.applied(to: world), imageBudget = element.applied(to: budget)
                    let imageMoves = rules.moves(engine: engine, world: image, budget: imageBudget)
                    #expect(Set(moves.map(element.renamed)) == Set(imageMoves))
                    for move in moves {
                        guard let (next, broken) = successor(move, world) else { continue }
                        let renamed = element.renamed(move)
                        let (imageNext, imageBroken) = try #require(successor(renamed, image))
                        #expect(element.applied(to: next) == imageNext, "\(move) under \(element.cpu)")
                        #expect(broken == imageBroken)
                        #expect(element.applied(to: rules.spend(move, from: budget)) == rules.spend(renamed, from: imageBudget))
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 500)
    }

    /// Exploring with and without symmetry: the same verdict, invariant and shortest length,
    /// fewer states with it.
    @Test(arguments: [
        ("v6.18", 3, 1, 1), ("v6.18", 4, 1, 0), ("v6.19", 3, 1, 0), ("v7.2", 3, 1, 0), ("v6.19", 3, 0, 1),
    ])
    func symmetryChangesNoAnswer(kernel: String, n: Int, idle: Int, claims: Int) throws {
        let scenario = Self.ring(n, idle: idle, claims: claims)
        let simulation = try ScenarioCatalogue.simulation(of: scenario, kernel: try KernelCatalogue.load(kernel))
        let with = try Explorer(simulation: simulation).explore(simulation)
        let without = try Explorer(simulation: simulation, options: ExplorationOptions(symmetry: false)).explore(simulation)
        #expect(with.verdict == without.verdict)
        #expect(with.invariant == without.invariant)
        #expect(with.shortest == without.shortest)
        #expect(with.states < without.states, "\(with.states) vs \(without.states)")
        if with.verdict == .violation {
            var replay = simulation
            for action in with.counterexample { try replay.perform(action) }
            #expect(replay.violations.map(\.violation.invariant).contains(try #require(with.invariant)))
        }
    }
}
