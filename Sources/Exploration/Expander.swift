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
    /// Successors of moves by what they read (without reductions; nil: off).
    private var cache: TransitionCache?
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
    /// Sleep sets (with persistent sets and chains; nil: off).
    let sleepSets: SleepSets?
    /// Per sleep bit, the footprint of its move in the state being expanded (reused).
    private var footprintOfBit = [UInt64](repeating: 0, count: SleepSets.bitCount)
    /// The elements that canonicalised the last successor fingerprinted (`PackedOrbit.smallestKey`; bit 0 the identity).
    private(set) var lastTies: UInt64 = 1

    init(
        explorer: Explorer, codec: PackedCodec, start: World, budget: Budget, partialOrder: Bool, symmetry: Symmetry?
    ) {
        engine = explorer.engine
        rules = explorer.rules
        order = PartialOrder(engine: explorer.engine, rules: explorer.rules)
        // A depth bound counts moves: a persistent set can make the way to a violation longer
        // than the shortest, past the bound, and a chain would carry a state past it unseen.
        self.partialOrder = explorer.options.reductions && partialOrder && explorer.options.maxDepth == nil
        chains = self.partialOrder && explorer.options.chains
        dead = explorer.options.reductions ? DeadState(engine: explorer.engine, rules: explorer.rules) : nil
        self.symmetry = symmetry
        self.codec = codec
        world = start
        self.budget = budget
        hints = PackedHints(cpuCount: start.cpus.count)
        scratch = ScratchWords(count: codec.words)
        orbit = symmetry.map(PackedOrbit.init)
        memory = explorer.options.successorMemory ? SuccessorMemory() : nil
        // Canonical forms, persistent sets and chains need the scratch world in each successor.
        cache = dead == nil && !self.partialOrder && symmetry == nil && explorer.options.transitionCache
            ? TransitionCache(codec: codec) : nil
        sleepSets = chains && explorer.options.sleepSets
            ? SleepSets(rules: explorer.rules, cpuCount: engine.topology.cpuCount, symmetry: symmetry) : nil
    }

    /// Starts a chunk: the successors it reaches are noted afresh (`SuccessorMemory`).
    func startChunk() { memory?.startChunk() }

    /// Sizes what it remembers to a search that has stored `stored` states (between rounds).
    func fit(stored: Int) {
        memory?.fit(stored: stored)
        cache?.fit(stored: stored)
    }

    /// A copy for another thread: the same state, scratch words of its own.
    func withOwnScratch() -> Expander {
        var copy = self
        copy.scratch = ScratchWords(count: scratch.count)
        if memory != nil { copy.memory = SuccessorMemory() }
        if cache != nil { copy.cache = TransitionCache(codec: codec) }
        copy.scratchPacked = false
        return copy
    }

    var allocatedBytes: Int {
        scratch.allocatedBytes + (memory?.allocatedBytes ?? 0) + 64 * (world.cpus.count + world.parts.count)
            + (orbit?.allocatedBytes ?? 0) + (cache?.allocatedBytes ?? 0)
    }

    /// Expands the packed state at `state` (index `index`) into `out`: its successors (those
    /// already visited are dropped when the chunk ends, `ChunkOutput.dropVisited`); true
    /// when a move broke an invariant (recorded in `out`, and the chunk ends). With sleep sets,
    /// `entry` says what the state holds asleep and whether this is a re-expansion.
    mutating func expand(
        _ state: UnsafePointer<UInt64>, index: UInt32, entry: SleepEntry = SleepEntry(), into out: inout ChunkOutput
    ) -> Bool {
        // The last state packed (often this one's sibling) differs from it in a few sections.
        restoreScratch(state)
        rules.appendMoves(engine: engine, world: world, budget: budget, to: &enabled)
        // Whether the scratch world is `state` (a move from the cache leaves it so).
        var pristine = true
        // With the cache (so every move is taken), their successors looked up together.
        if let cache { lookUpCached(cache, state) }
        // The persistent set, as bits over `enabled` (nil: every move; always so past 64 moves).
        let chosen = partialOrder ? order.ampleMoves(enabled, in: world, budget: budget) : nil
        // Asleep here, in the state's own frame; the moves taken so far (their bits).
        var asleep: UInt32 = 0
        var explored: UInt32 = 0
        var stepLevel = false
        // A re-expansion takes only what woke (its sleep bits); nil: the persistent set, less what is asleep.
        var wokeOnly: UInt32? = nil
        if let sleepSets {
            stepLevel = order.stepLevel(world, budget: budget)
            var enabledBits: UInt32 = 0
            for move in enabled {
                let bit = sleepSets.bit(of: move)
                guard bit >= 0 else { continue }
                enabledBits |= 1 << UInt32(bit)
                footprintOfBit[bit] = footprint(of: move, stepLevel: stepLevel)
            }
            asleep = sleepSets.real(entry.sleep, frame: entry.frame) & enabledBits
            if entry.wake != 0 {
                // A re-expansion: what was asleep before and is awake now, of the persistent set
                // its first expansion took (another representative may choose another set).
                wokeOnly = sleepSets.real(entry.wake & entry.persistent, frame: entry.frame)
                out.persistent.append(entry.persistent)
            } else {
                var persistent: UInt32 = 0
                for position in enabled.indices where Self.isChosen(position, chosen) {
                    persistent |= sleepSets.mask(of: enabled[position])
                }
                out.persistent.append(sleepSets.canonical(persistent, ties: 1 << UInt64(entry.frame)))
            }
        }
        let stride = codec.words
        for position in enabled.indices {
            let move = enabled[position]
            if let wokeOnly {
                guard sleepSets!.mask(of: move) & wokeOnly != 0 else { continue }
            } else {
                guard Self.isChosen(position, chosen) else { continue }
                if asleep != 0, sleepSets!.mask(of: move) & asleep != 0 { continue }
            }
            // With the cache: the move's code, for the lookup and for noting what it did.
            var code: UInt32 = 0
            if let cache {
                code = cache.batchCodes[position]
                if cache.isHit(position) {
                    takeFromCache(
                        move, code: code, successor: cache.batchSuccessor(position), key: cache.batchKeys[position],
                        from: state, index: index, into: &out, pristine: &pristine)
                    continue
                }
            }
            if !pristine { restoreScratch(state) }
            pristine = false
            scratchPacked = false
            // What stays asleep after the move: what was asleep or taken before it, and is independent of it.
            var sleep: UInt32 = 0
            if sleepSets != nil {
                let moved = footprint(of: move, stepLevel: stepLevel)
                var candidates = asleep | explored
                while candidates != 0 {
                    let bit = candidates.trailingZeroBitCount
                    if footprintOfBit[bit] & moved == 0 { sleep |= 1 << UInt32(bit) }
                    candidates &= candidates - 1
                }
            }
            log.clear()
            world.forgetWrites()
            // With the cache, what the move reads is noted (and the notes detached before the
            // world goes anywhere: a deferred candidate goes to the merge).
            if let cache { world.attachReadNotes(cache.notes) }
            do {
                try engine.apply(move, to: &world, log: &log)
            } catch {
                if cache != nil { world.attachReadNotes(nil) }
                continue  // not possible after all (the legal-move list is exact; defensive)
            }
            var notesKept = false
            if let cache {
                notesKept = world.notesReads(at: cache.notes)
                world.attachReadNotes(nil)
            }
            out.transitions += 1
            explored |= sleepSets?.mask(of: move) ?? 0
            if let invariant = brokenInvariant {
                out.violation = (index, MoveCode.encode(move), invariant)
                return true
            }
            var spends = rules.spend(move, in: &budget)
            // A successor this chunk has reached already (the same moves in another order, most
            // often) adds nothing: its chain was followed and its candidate taken then, earlier
            // in chunk order, so the merge keeps that one anyway. Nor does one this thread packed
            // lately as a candidate: it has no chain (a candidate ends one), so skipping it
            // leaves the transitions as they were too. (With sleep sets, only when it arrived
            // then with no more awake: `SuccessorMemory`.)
            scratch.successor.update(from: state, count: stride)
            var packed = codec.encodeWritten(world, budget, budgetWritten: spends, hints: hints, over: scratch.successor)
            if packed, let cache, notesKept {
                cache.record(code: code, from: state, to: scratch.successor, spent: spends)
            }
            var successor: StateKey? = nil
            if packed, let memory {
                successor = StateKey(words: scratch.successor, count: stride)
                if memory.wasPackedLately(successor!, sleep: sleep) || memory.seenInChunk(successor!, sleep: sleep) {
                    keepSuccessorAsScratch()
                    continue
                }
            }
            var chain = 0
            if chains {
                switch followChain(&chain, spends: &spends, transitions: &out.transitions, sleep: &sleep) {
                case .violation(let violation):
                    out.violation = (index, MoveCode.encode(move, chain: chain), violation)
                    return true
                case .asleep:
                    // Its next move was explored from where it went to sleep: nothing left to store.
                    continue
                case .ended: break
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
                    memory.packedLately(successor ?? StateKey(words: scratch.successor, count: stride), sleep: sleep)
                {
                    keepSuccessorAsScratch()
                    continue
                }
                key = fingerprintSuccessor(hashed: successor)
            } else {
                key = nil
            }
            if let key {
                scratchPacked = true
                out.words.append(contentsOf: UnsafeBufferPointer(start: scratch.successor, count: stride))
                // With sleep sets the visited set is indexed (`FingerprintTable.indexedKey`).
                out.keys.append(sleepSets == nil ? key : FingerprintTable.indexedKey(key))
                if let sleepSets {
                    out.sleeps.append(sleepSets.canonical(sleep, ties: lastTies))
                    out.frames.append(UInt8(lastTies.trailingZeroBitCount))
                }
            } else {
                out.deferred.append((out.count, world, budget, sleep))
                out.words.append(contentsOf: repeatElement(0, count: stride))
                out.keys.append(StateKey(high: 0, low: 0))
                if sleepSets != nil {
                    out.sleeps.append(0)
                    out.frames.append(0)
                }
            }
            out.parents.append(index)
            out.moves.append(MoveCode.encode(move, chain: chain))
        }
        return false
    }

    /// Whether move `index` of the state's is in its persistent set (`chosen`: bits over the
    /// moves, nil for all of them).
    @inline(__always) private static func isChosen(_ index: Int, _ chosen: UInt64?) -> Bool {
        guard let chosen else { return true }
        return index < 64 && chosen & (1 << UInt64(index)) != 0
    }

    /// What a move reads or writes in the scratch world, in the model that holds there.
    @inline(__always) private func footprint(of move: EngineAction, stepLevel: Bool) -> UInt64 {
        stepLevel ? order.stepFootprint(of: move, in: world) : order.footprint(of: move, in: world)
    }

    /// `sleep` after `move` in the scratch world (before it is applied): what is independent of it.
    private mutating func sleepAfter(_ move: EngineAction, _ sleep: UInt32, sleepSets: SleepSets) -> UInt32 {
        let stepLevel = order.stepLevel(world, budget: budget)
        let moved = footprint(of: move, stepLevel: stepLevel)
        var kept: UInt32 = 0
        var bits = sleep
        while bits != 0 {
            let bit = bits.trailingZeroBitCount
            if footprint(of: sleepSets.move(ofBit: bit), stepLevel: stepLevel) & moved == 0 { kept |= 1 << UInt32(bit) }
            bits &= bits - 1
        }
        return kept
    }

    /// Looks up every move of the state in the cache at once (`TransitionCache.lookUpBatch`),
    /// and starts loading where each successor found is checked next (`takeFromCache`).
    private func lookUpCached(_ cache: TransitionCache, _ state: UnsafePointer<UInt64>) {
        cache.startBatch()
        for move in enabled { cache.append(code: MoveCode.encode(move), state: state) }
        cache.lookUpBatch()
        if let memory {
            for i in 0..<cache.batchCount where cache.isHit(i) { memory.prefetchLately(cache.batchKeys[i]) }
        }
    }

    /// Takes the successor the cache holds for `move` (`code`), fingerprinted as `key`, as
    /// `expand` takes one it packed (the lately and chunk checks, then a candidate). The
    /// scratch world is not touched.
    private mutating func takeFromCache(
        _ move: EngineAction, code: UInt32, successor: UnsafePointer<UInt64>, key: StateKey, from state: UnsafePointer<UInt64>,
        index: UInt32, into out: inout ChunkOutput, pristine: inout Bool
    ) {
        assert(
            !checksNow() || applying(move, to: state, packs: successor, pristine: &pristine),
            "transition cache: a successor differs from applying its move")
        out.transitions += 1
        if let memory, memory.wasPackedLately(key) || memory.seenInChunk(key) || memory.packedLately(key) { return }
        out.words.append(contentsOf: UnsafeBufferPointer(start: successor, count: codec.words))
        out.keys.append(key)
        out.parents.append(index)
        out.moves.append(code)
    }

    /// Whether applying `move` to `state` packs as `expected` (the debug build's check of a
    /// cached successor). Leaves the scratch world as that successor.
    private mutating func applying(
        _ move: EngineAction, to state: UnsafePointer<UInt64>, packs expected: UnsafePointer<UInt64>, pristine: inout Bool
    ) -> Bool {
        if !pristine { restoreScratch(state) }
        pristine = false
        scratchPacked = false
        log.clear()
        world.forgetWrites()
        guard (try? engine.apply(move, to: &world, log: &log)) != nil, brokenInvariant == nil else { return false }
        rules.spend(move, in: &budget)
        return codec.packs(world, budget, as: expected)
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
    /// With sleep sets, `sleep` is carried along (what stays independent of each move), and a
    /// chain whose next move is asleep ends there with nothing to store: that move was explored
    /// from where it went to sleep, and it is the state's only one.
    /// Returns the invariant a chain move broke (`chain` then counts it).
    private mutating func followChain(_ chain: inout Int, spends: inout Bool, transitions: inout Int, sleep: inout UInt32) -> ChainEnd {
        while chain < MoveCode.longestChain {
            guard let move = order.chainMove(in: world, budget: budget, enabled: &chainEnabled) else { return .ended }
            if let sleepSets, sleep != 0 {
                if sleepSets.mask(of: move) & sleep != 0 { return .asleep }
                sleep = sleepAfter(move, sleep, sleepSets: sleepSets)
            }
            log.clear()
            do {
                try engine.apply(move, to: &world, log: &log)
            } catch {
                return .ended  // not possible after all (defensive, as in `expand`)
            }
            transitions += 1
            chain += 1
            if let invariant = brokenInvariant { return .violation(invariant) }
            if rules.spend(move, in: &budget) { spends = true }
        }
        return .ended
    }

    enum ChainEnd {
        case ended
        case violation(Invariant)
        case asleep
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

    /// The fingerprint of `successorWords`: of those words (`hashed`, when known), or with
    /// reductions of the canonical form's (`canonicalWords`; the scratch world is then
    /// canonicalised in place), the smallest over its symmetric images when the scenario has
    /// symmetries. Nil when an image holds a path or call list the codec has not interned (the
    /// scratch world is then the successor as it was).
    private mutating func fingerprintSuccessor(hashed: StateKey? = nil) -> StateKey? {
        let stride = codec.words
        lastTies = 1
        guard let dead else { return hashed ?? StateKey(words: scratch.successor, count: stride) }
        world.forgetWrites()
        dead.canonicalise(&world, budget: budget)
        scratch.canonical.update(from: scratch.successor, count: stride)
        let canonical = codec.encodeWritten(world, budget, budgetWritten: false, hints: hints, over: scratch.canonical)
        precondition(canonical, "packed state: a canonical form holds a value its state did not")
        let key = StateKey(words: scratch.canonical, count: stride)
        guard orbit != nil else { return key }
        if let smallest = orbit!.smallestKey(of: scratch.canonical, key: key, codec: codec, scratch: scratch.image, ties: &lastTies) {
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

/// What a state to expand holds asleep (its set as the search keeps it, in its canonical form's
/// frame), the frame that maps it back (`SleepSets`), and for a re-expansion what woke (0: the
/// first expansion), and then which moves its first expansion's persistent set had.
struct SleepEntry {
    var sleep: UInt32 = 0
    var frame: Int = 0
    var wake: UInt32 = 0
    /// A re-expansion's: the persistent set of its first expansion (canonical frame).
    var persistent: UInt32 = 0
}

/// What one chunk's expansion found: candidate successors (packed, fingerprinted, with their
/// parent and move), the moves applied, and the first violation.
struct ChunkOutput: Sendable {
    var words: [UInt64] = []
    var keys: [StateKey] = []
    var parents: [UInt32] = []
    var moves: [UInt32] = []
    /// With sleep sets, per candidate: its set in its canonical form's frame, and the frame
    /// (`SleepSets`: 0 the identity, e + 1 symmetry element e, which canonicalises it).
    var sleeps: [UInt32] = []
    var frames: [UInt8] = []
    /// With sleep sets, per state the chunk expanded (in order): its persistent set's moves with
    /// a bit, in the canonical frame (a re-expansion repeats its state's).
    var persistent: [UInt32] = []
    /// Candidates the thread could not pack (a value new to the intern tables): the merge does;
    /// with their sleep set in their own frame.
    var deferred: [(candidate: Int, world: World, budget: Budget, sleep: UInt32)] = []
    var transitions = 0
    /// The violating move: its parent state, and the move (with the chain it ended, `MoveCode`).
    var violation: (parent: UInt32, move: UInt32, invariant: Invariant)?

    var count: Int { keys.count }
    /// How many candidates ahead `dropVisited` prefetches their visited-table slots (the merge
    /// keeps its own distance, `Search.prefetchAhead`: it reaches the table as it grows).
    static let prefetchAhead = 16

    /// Drops the candidates already in `visited` (the deferred ones, not yet fingerprinted, stay).
    /// With sleep sets (`states`: each visited state's `SleepWord`, the visited set indexed),
    /// only those whose set holds what their state keeps asleep: the others would wake some of it.
    mutating func dropVisited(_ visited: UnsafeBufferPointer<UInt64>, stride: Int, states: UnsafeBufferPointer<UInt32>? = nil) {
        var nextDeferred = 0
        var kept = 0
        let sleeping = states != nil
        for j in 0..<min(count, Self.prefetchAhead) { FingerprintTable.prefetch(keys[j], in: visited) }
        for j in 0..<count {
            if j + Self.prefetchAhead < count { FingerprintTable.prefetch(keys[j + Self.prefetchAhead], in: visited) }
            let isDeferred = nextDeferred < deferred.count && deferred[nextDeferred].candidate == j
            if !isDeferred {
                if let states {
                    let index = FingerprintTable.index(of: keys[j], in: visited)
                    if index >= 0 && SleepWord.sleep(states[index]) & ~sleeps[j] == 0 { continue }
                } else if FingerprintTable.contains(keys[j], in: visited) {
                    continue
                }
            }
            if isDeferred {
                deferred[nextDeferred].candidate = kept
                nextDeferred += 1
            }
            if kept != j {
                keys[kept] = keys[j]
                parents[kept] = parents[j]
                moves[kept] = moves[j]
                if sleeping {
                    sleeps[kept] = sleeps[j]
                    frames[kept] = frames[j]
                }
                words.withUnsafeMutableBufferPointer { words in
                    (words.baseAddress! + kept * stride).update(from: words.baseAddress! + j * stride, count: stride)
                }
            }
            kept += 1
        }
        keys.removeLast(count - kept)
        parents.removeLast(parents.count - kept)
        moves.removeLast(moves.count - kept)
        if sleeping {
            sleeps.removeLast(sleeps.count - kept)
            frames.removeLast(frames.count - kept)
        }
        words.removeLast(words.count - kept * stride)
        fitCapacities()
    }

    /// Gives the candidate arrays the capacity of what they hold: what they grew to while the
    /// chunk was expanded depends on the successors its thread skipped, which depends on the
    /// chunks it took before; what is kept does not, and the search counts capacities.
    private mutating func fitCapacities() {
        func fitted<T>(_ array: inout [T]) {
            guard array.capacity > array.count else { return }
            array = array.withUnsafeBufferPointer { Array($0) }
        }
        fitted(&words)
        fitted(&keys)
        fitted(&parents)
        fitted(&moves)
        fitted(&sleeps)
        fitted(&frames)
    }

    mutating func reset() {
        words.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        parents.removeAll(keepingCapacity: true)
        moves.removeAll(keepingCapacity: true)
        sleeps.removeAll(keepingCapacity: true)
        frames.removeAll(keepingCapacity: true)
        persistent.removeAll(keepingCapacity: true)
        deferred.removeAll()
        transitions = 0
        violation = nil
    }

    func allocatedBytes(stride: Int) -> Int {
        words.capacity * 8 + keys.capacity * MemoryLayout<StateKey>.stride
            + (parents.capacity + moves.capacity + sleeps.capacity + persistent.capacity) * 4 + frames.capacity
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
