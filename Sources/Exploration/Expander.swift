import CoreSightModel
import DriverSimulation

/// One thread's worker: decodes a packed state into its own scratch world (rewritten in place,
/// so a transition allocates nothing unless the engine builds a new path, list or queue),
/// applies each move the search takes there, and packs and fingerprints the successors.
struct Expander: Sendable {
    let engine: Engine
    let rules: EnvironmentRules
    let order: PartialOrder
    /// Persistent sets: with reductions on, except in the search that confirms a shortest length.
    let partialOrder: Bool
    /// Persistent sets without a depth bound: a successor whose persistent set is a single move
    /// is passed through, not stored (`followChain`).
    let chains: Bool
    let dead: DeadState?
    /// The scenario's symmetries from the start (with reductions and symmetry on; nil when none).
    let symmetry: Symmetry?
    var codec: PackedCodec
    var world: World
    var budget: Budget
    var hints: PackedHints
    var log = EventLog(recordsEvents: false)
    /// The moves enabled in the state being expanded (reused).
    var enabled: [EngineAction] = []
    /// The same along a chain (reused).
    var chainEnabled: [EngineAction] = []
    /// The last successor's words (the scratch world encodes as these, or as its canonical
    /// form's after canonicalisation: the next move restores only the sections that differ),
    /// the canonical form's (reductions on; fingerprinted instead of the state's own) and an
    /// image's (symmetry).
    private(set) var scratch: ScratchWords
    /// The successors reached lately, to skip what can only find them again (nil: off).
    private var memory: SuccessorMemory?
    /// Debug builds check the shortcuts (restoring from the last successor, re-packing only what
    /// a move wrote) against decoding and packing everything, one time in `checkEvery`: every
    /// time would double the test suite's exploring.
    private var checks: UInt = 0
    private static let checkEvery: UInt = 8

    private mutating func checksNow() -> Bool {
        checks &+= 1
        return checks % Self.checkEvery == 0
    }

    /// Whether the scratch world and budget are what `scratch` holds (the last successor packed,
    /// then canonicalised), so a restore from them decodes only what differs.
    private var scratchPacked = false
    /// The images' renaming tables (symmetry only).
    var orbit: PackedOrbit?

    init(
        explorer: Explorer, codec: PackedCodec, start: World, budget: Budget, partialOrder: Bool, symmetry: Symmetry?
    ) {
        engine = explorer.engine
        rules = explorer.rules
        order = PartialOrder(engine: explorer.engine, rules: explorer.rules)
        self.partialOrder = explorer.options.reductions && partialOrder
        // A depth bound counts moves, and a chain would carry a state past it unseen.
        chains = self.partialOrder && explorer.options.maxDepth == nil && explorer.options.chains
        dead = explorer.options.reductions ? DeadState(engine: explorer.engine, rules: explorer.rules) : nil
        self.symmetry = symmetry
        self.codec = codec
        world = start
        self.budget = budget
        hints = PackedHints(cpuCount: start.cpus.count)
        scratch = ScratchWords(count: codec.words)
        orbit = symmetry.map(PackedOrbit.init)
        memory = explorer.options.successorMemory ? SuccessorMemory() : nil
    }

    /// Starts a chunk: the successors it reaches are noted afresh (`SuccessorMemory`).
    func startChunk() { memory?.startChunk() }

    /// A copy for another thread: the same state, scratch words of its own.
    func withOwnScratch() -> Expander {
        var copy = self
        copy.scratch = ScratchWords(count: scratch.count)
        if memory != nil { copy.memory = SuccessorMemory() }
        copy.scratchPacked = false
        return copy
    }

    var allocatedBytes: Int {
        scratch.allocatedBytes + (memory?.allocatedBytes ?? 0) + 64 * (world.cpus.count + world.parts.count)
            + (orbit?.allocatedBytes ?? 0)
    }

    /// Expands the packed state at `state` (index `index`) into `out`: its successors (those
    /// already in `visited` are dropped when the chunk ends, `ChunkOutput.dropVisited`); true
    /// when a move broke an invariant (recorded in `out`, and the chunk ends).
    mutating func expand(
        _ state: UnsafePointer<UInt64>, index: UInt32, visited: UnsafeBufferPointer<UInt64>, into out: inout ChunkOutput
    ) -> Bool {
        // The last state packed (often this one's sibling) differs from it in a few sections.
        restoreScratch(state)
        rules.appendMoves(engine: engine, world: world, budget: budget, to: &enabled)
        let taken = partialOrder ? order.ample(enabled, in: world, budget: budget) : enabled
        let stride = codec.words
        var pristine = true
        for move in taken {
            if !pristine { restoreScratch(state) }
            pristine = false
            scratchPacked = false
            log.clear()
            world.forgetWrites()
            do {
                try engine.apply(move, to: &world, log: &log)
            } catch {
                continue  // not possible after all (the legal-move list is exact; defensive)
            }
            out.transitions += 1
            if let invariant = brokenInvariant {
                out.violation = (index, MoveCode.encode(move), invariant)
                return true
            }
            var spends = rules.spend(move, in: &budget)
            // A successor this chunk has reached already (the same moves in another order, most
            // often) adds nothing: its chain was followed and its candidate taken then, earlier
            // in chunk order, so the merge keeps that one anyway. Nor does one this thread packed
            // lately as a candidate: it has no chain (a candidate ends one), so skipping it
            // leaves the transitions as they were too.
            scratch.successor.update(from: state, count: stride)
            var packed = codec.encodeWritten(world, budget, budgetWritten: spends, hints: hints, over: scratch.successor)
            var successor: StateKey? = nil
            if packed, let memory {
                successor = StateKey(words: scratch.successor, count: stride)
                if memory.wasPackedLately(successor!) || memory.seenInChunk(successor!) {
                    keepSuccessorAsScratch()
                    continue
                }
            }
            var chain = 0
            if chains {
                if let violation = followChain(&chain, spends: &spends, transitions: &out.transitions) {
                    out.violation = (index, MoveCode.encode(move, chain: chain), violation)
                    return true
                }
            }
            if chain > 0 {
                packed = false
                successor = nil
            }
            let key: StateKey?
            if packSuccessor(over: state, budgetWritten: spends, packed: packed) {
                // A successor this thread packed lately was a candidate then, earlier in chunk
                // order: canonicalising it again would only find it visited.
                // (Not a chain cut at its longest: that state has a chain still to follow.)
                if chain < MoveCode.longestChain, let memory,
                    memory.packedLately(successor ?? StateKey(words: scratch.successor, count: stride))
                {
                    keepSuccessorAsScratch()
                    continue
                }
                key = fingerprintSuccessor()
            } else {
                key = nil
            }
            if let key {
                scratchPacked = true
                // Checked against the visited set when the chunk ends (`dropVisited`), by then in cache.
                FingerprintTable.prefetch(key, in: visited)
                out.words.append(contentsOf: UnsafeBufferPointer(start: scratch.successor, count: stride))
                out.keys.append(key)
            } else {
                out.deferred.append((out.count, world, budget))
                out.words.append(contentsOf: repeatElement(0, count: stride))
                out.keys.append(StateKey(high: 0, low: 0))
            }
            out.parents.append(index)
            out.moves.append(MoveCode.encode(move, chain: chain))
        }
        return false
    }

    /// Leaves the scratch world as the successor just packed, dropped: the next restore decodes
    /// only what differs from it.
    private mutating func keepSuccessorAsScratch() {
        scratch.canonical.update(from: scratch.successor, count: codec.words)
        scratchPacked = true
    }

    /// Transaction reduction: while the scratch world's persistent set is a single move, that
    /// move is taken at once and the state it leaves is not stored. Sound: a state whose
    /// persistent set is one move reaches its violations only through that move (every state
    /// passed is still checked, by the engine after each move); it only costs a repeat of the
    /// chain when two stored states lead into it. The chain is a function of the state (the
    /// persistent set is), so the parent table keeps only its first move and its length
    /// (`MoveCode`), and the counterexample is rebuilt by taking it again (`Explorer.moves`).
    /// On `ring-N` most states are such (the mutex holder's path steps, idle phases that touch
    /// nothing shared): they were 68 % of the stored states on `ring-3`.
    /// Returns the invariant a chain move broke (`chain` then counts it).
    private mutating func followChain(_ chain: inout Int, spends: inout Bool, transitions: inout Int) -> Invariant? {
        while chain < MoveCode.longestChain {
            guard let move = order.chainMove(in: world, budget: budget, enabled: &chainEnabled) else { return nil }
            log.clear()
            do {
                try engine.apply(move, to: &world, log: &log)
            } catch {
                return nil  // not possible after all (defensive, as in `expand`)
            }
            transitions += 1
            chain += 1
            if let invariant = brokenInvariant { return invariant }
            if rules.spend(move, in: &budget) { spends = true }
        }
        return nil
    }

    /// The invariant the last move applied broke, if any.
    private var brokenInvariant: Invariant? {
        guard log.violationCount > 0 else { return nil }
        return log.events.lazy.compactMap(\.violation).first?.invariant
    }

    /// Makes the scratch world and budget `state`'s: from the last successor packed, only the
    /// sections that differ; otherwise all. The scratch words then hold `state` (a state with
    /// no move leaves the world so).
    private mutating func restoreScratch(_ state: UnsafePointer<UInt64>) {
        if scratchPacked {
            codec.restore(
                state, over: scratch.successor, dead != nil ? scratch.canonical : nil, into: &world, &budget, hints: &hints)
        } else {
            codec.decode(state, into: &world, &budget, hints: &hints)
        }
        assert(!checksNow() || codec.packs(world, budget, as: state), "packed state: a restored world differs from its state")
        scratch.successor.update(from: state, count: scratch.count)
        scratch.canonical.update(from: state, count: scratch.count)
        scratchPacked = true
    }

    /// Whether the packed state has any move.
    mutating func hasMoves(_ state: UnsafePointer<UInt64>) -> Bool {
        scratchPacked = false
        codec.decode(state, into: &world, &budget, hints: &hints)
        return !rules.moves(engine: engine, world: world, budget: budget).isEmpty
    }

    /// Packs the scratch world and budget into `successorWords`; false when the world holds a
    /// path or call list the codec has not interned. `parent`: the words the scratch world held
    /// before the move; only what the move wrote is packed again (`WrittenArray`). Without one,
    /// the whole world is packed. `packed`: the successor words hold the scratch world already.
    private mutating func packSuccessor(over parent: UnsafePointer<UInt64>?, budgetWritten: Bool, packed: Bool) -> Bool {
        let stride = codec.words
        if packed {
            // `successorWords` already hold the scratch world (`expand` packed it).
            assert(!checksNow() || codec.packs(world, budget, as: scratch.successor), "packed state: the successor as packed")
        } else if let parent {
            scratch.successor.update(from: parent, count: stride)
            guard codec.encodeWritten(world, budget, budgetWritten: budgetWritten, hints: hints, over: scratch.successor)
            else { return false }
            assert(
                !checksNow() || codec.packs(world, budget, as: scratch.successor),
                "packed state: re-packing what a move wrote differs from packing it all")
        } else {
            guard codec.encode(world, budget, hints: hints, into: scratch.successor) else { return false }
        }
        return true
    }

    /// The fingerprint of `successorWords`: of those words, or with reductions of the canonical
    /// form's (`canonicalWords`; the scratch world is then canonicalised in place), the smallest
    /// over its symmetric images when the scenario has symmetries. Nil when an image holds a
    /// path or call list the codec has not interned (the scratch world is then the successor as
    /// it was).
    private mutating func fingerprintSuccessor() -> StateKey? {
        let stride = codec.words
        guard let dead else { return StateKey(words: scratch.successor, count: stride) }
        world.forgetWrites()
        dead.canonicalise(&world, budget: budget)
        scratch.canonical.update(from: scratch.successor, count: stride)
        let canonical = codec.encodeWritten(world, budget, budgetWritten: false, hints: hints, over: scratch.canonical)
        precondition(canonical, "packed state: a canonical form holds a value its state did not")
        let key = StateKey(words: scratch.canonical, count: stride)
        guard orbit != nil else { return key }
        if let smallest = orbit!.smallestKey(of: scratch.canonical, key: key, codec: codec, scratch: scratch.image) {
            return smallest
        }
        // An image needs interning (the merge does it): give the caller the successor back.
        codec.decode(scratch.successor, into: &world, &budget, hints: &hints)
        return nil
    }

    /// What the merge interns before packing a deferred successor: the world, and with
    /// symmetry its canonical form's images.
    func worldsToIntern(_ world: World, _ budget: Budget) -> [World] {
        guard let symmetry else { return [world] }
        let canonical = dead?.canonical(world, budget: budget) ?? world
        return [world, canonical] + symmetry.images(of: canonical, budget, dead: dead).map(\.world)
    }

    /// Packs and fingerprints a given world (the start, or a deferred candidate) into `words`
    /// at `offset`.
    mutating func pack(_ world: World, _ budget: Budget, into words: inout [UInt64], at offset: Int) -> StateKey? {
        scratchPacked = false
        self.world = world
        self.budget = budget
        hints = PackedHints(cpuCount: world.cpus.count)
        guard packSuccessor(over: nil, budgetWritten: true, packed: false), let key = fingerprintSuccessor() else { return nil }
        words.replaceSubrange(offset..<(offset + codec.words), with: UnsafeBufferPointer(start: scratch.successor, count: codec.words))
        return key
    }
}

/// What one chunk's expansion found: candidate successors (packed, fingerprinted, with their
/// parent and move), the moves applied, and the first violation.
struct ChunkOutput: Sendable {
    var words: [UInt64] = []
    var keys: [StateKey] = []
    var parents: [UInt32] = []
    var moves: [UInt32] = []
    /// Candidates the thread could not pack (a value new to the intern tables): the merge does.
    var deferred: [(candidate: Int, world: World, budget: Budget)] = []
    var transitions = 0
    /// The violating move: its parent state, and the move (with the chain it ended, `MoveCode`).
    var violation: (parent: UInt32, move: UInt32, invariant: Invariant)?

    var count: Int { keys.count }

    /// Drops the candidates already in `visited` (the deferred ones, not yet fingerprinted, stay).
    mutating func dropVisited(_ visited: UnsafeBufferPointer<UInt64>, stride: Int) {
        var nextDeferred = 0
        var kept = 0
        for j in 0..<count {
            let isDeferred = nextDeferred < deferred.count && deferred[nextDeferred].candidate == j
            if !isDeferred && FingerprintTable.contains(keys[j], in: visited) { continue }
            if isDeferred {
                deferred[nextDeferred].candidate = kept
                nextDeferred += 1
            }
            if kept != j {
                keys[kept] = keys[j]
                parents[kept] = parents[j]
                moves[kept] = moves[j]
                words.withUnsafeMutableBufferPointer { words in
                    (words.baseAddress! + kept * stride).update(from: words.baseAddress! + j * stride, count: stride)
                }
            }
            kept += 1
        }
        keys.removeLast(count - kept)
        parents.removeLast(parents.count - kept)
        moves.removeLast(moves.count - kept)
        words.removeLast(words.count - kept * stride)
    }

    mutating func reset() {
        words.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        parents.removeAll(keepingCapacity: true)
        moves.removeAll(keepingCapacity: true)
        deferred.removeAll()
        transitions = 0
        violation = nil
    }

    func allocatedBytes(stride: Int) -> Int {
        words.capacity * 8 + keys.capacity * MemoryLayout<StateKey>.stride + (parents.capacity + moves.capacity) * 4
    }
}

extension EnvironmentRules {
    /// `spend(_:from:)` in place (the explorer's scratch budget; no copy); whether it spent.
    @discardableResult
    func spend(_ move: EngineAction, in budget: inout Budget) -> Bool {
        switch move {
        case .idle(let cpu): budget.idleLeft[cpu] -= 1
        case .offline(let cpu): budget.offlinesLeft[cpu] -= 1
        case .extClaim(let id): budget.claimsLeft[slotOfComponent[id]] -= 1
        default: return false
        }
        return true
    }
}
