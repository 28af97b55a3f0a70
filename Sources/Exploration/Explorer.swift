public import DriverSimulation
import Dispatch
import Foundation
import Synchronization

/// Exhaustive breadth-first search over the schedules of a scenario: at each state, which CPU
/// takes its next atomic step and which environment event fires (idle entry within the budget,
/// a wake, an external claim within the budget or a release). Breadth-first, so the first
/// violation found ends a shortest counterexample.
///
/// Usable from any state: `explore(from:)` takes a world (the scenario's start, or wherever a
/// `Simulation` is now) and returns the counterexample as actions from that world.
public struct Explorer: Sendable {
    public let engine: Engine
    public let rules: EnvironmentRules
    public let options: ExplorationOptions

    public init(engine: Engine, environment: Environment, options: ExplorationOptions = .init()) throws(ActionError) {
        self.engine = engine
        self.rules = try EnvironmentRules(environment: environment, engine: engine)
        self.options = options
    }

    /// An explorer for a simulation's scenario (its environment, its engine).
    public init(simulation: Simulation, options: ExplorationOptions = .init()) throws(ActionError) {
        try self.init(engine: simulation.engine, environment: simulation.scenario.environment, options: options)
    }

    /// Explores from a simulation's current world with the scenario's whole budget.
    public func explore(
        _ simulation: Simulation, progress: ((ExplorationProgress) -> Void)? = nil
    ) -> ExplorationResult {
        explore(from: simulation.world, progress: progress)
    }

    /// Breadth-first with the options' reductions; a counterexample the partial-order
    /// reduction found is then confirmed shortest, or replaced by a shorter one
    /// (`ShortestConfirmation.swift`).
    public func explore(from start: World, progress: ((ExplorationProgress) -> Void)? = nil) -> ExplorationResult {
        let first = search(from: start, partialOrder: true, progress: progress)
        return confirmingShortest(first, from: start, progress: progress)
    }

    /// One breadth-first search; `partialOrder` false turns off the persistent sets only
    /// (dead-variable canonicalisation and symmetry stay as the options say).
    func search(from start: World, partialOrder: Bool, progress: ((ExplorationProgress) -> Void)?) -> ExplorationResult {
        var search = Search(explorer: self, start: start, partialOrder: partialOrder)
        return search.run(progress: progress)
    }
}

/// One run's mutable state: the visited fingerprints, parent pointers and moves per state
/// index, and the BFS layers as flat arenas of packed states (`PackedCodec`).
///
/// Layer-synchronous: a layer is cut into chunks of `chunkSize` states, expanded in rounds of
/// `chunksPerRound` chunks on `jobs` threads (each chunk into its own buffer of candidates),
/// then the round's candidates are merged on one thread in chunk order. The chunking does not
/// depend on `jobs`, so neither does anything the search reports.
private struct Search {
    let explorer: Explorer
    let start: World
    let jobs: Int
    let clock = ContinuousClock()
    let began: ContinuousClock.Instant
    var codec: PackedCodec
    let stride: Int

    var table: FingerprintTable
    /// Per state index: the parent's index and the move from it (`MoveCode`).
    var parents: [UInt32] = []
    var moves: [UInt32] = []
    /// The layer being expanded and the next one; state indices of a layer are consecutive.
    var layer: [UInt64] = []
    var layerFirst = 0
    var next: [UInt64] = []
    /// Per state of the layer and the next: how many moves its path from the start has (more
    /// than the layer's depth where chains were passed through).
    var layerDepths: [UInt32] = [0]
    var nextDepths: [UInt32] = []
    /// The most moves on the path of any state stored.
    var deepest = 0
    /// Sleep sets (`SleepSets`): the visited set is indexed, each state has its `SleepWord`
    /// (set, expanded), and a layer's entries are states to expand first or again. Per entry: the
    /// state's index and frame, and what woke (0: a first expansion); per state, its depth
    /// (instead of per entry: a re-expansion's successors count from its state's).
    let sleeping: Bool
    var stateSleeps: [UInt32] = []
    /// Per state: the persistent set its first expansion took (moves with a bit, canonical
    /// frame), which a re-expansion keeps to.
    var statePersistent: [UInt32] = []
    var layerEntries = LayerEntries()
    var nextEntries = LayerEntries()
    var depthOf: [UInt32] = []
    /// Entries added to expand a state again (with sleep sets).
    var reexpansions = 0
    /// Whether expanders pass chains through (`Expander.followChain`): depths then count moves, not layers.
    let chains: Bool
    var outputs: [ChunkOutput] = []
    /// One per thread, reused across rounds.
    var expanders: [Expander]
    var transitions = 0
    var peakBytes = 0
    /// A new state found with `maxStates` already stored: the search stops there.
    var statesCapped = false

    static let chunkSize = 128
    /// How many candidates ahead the merge prefetches their visited-table slots.
    static let prefetchAhead = 8
    static let chunksPerRound = 64

    init(explorer: Explorer, start: World, partialOrder: Bool) {
        self.explorer = explorer
        self.start = start
        jobs = explorer.options.jobs
        began = clock.now
        let budget = explorer.rules.initialBudget
        codec = PackedCodec(topology: explorer.engine.topology, start: start, budget: budget)
        codec = codec.interning(start)
        stride = codec.words
        let options = explorer.options
        let symmetry = options.reductions && options.symmetry
            ? Symmetry.detect(engine: explorer.engine, rules: explorer.rules, start: start, budget: budget) : nil
        var expander = Expander(
            explorer: explorer, codec: codec, start: start, budget: budget, partialOrder: partialOrder, symmetry: symmetry)
        // The start's canonical form and images too, so packing it cannot fail.
        for world in expander.worldsToIntern(start, budget) { codec = codec.interning(world) }
        expander.codec = codec
        chains = expander.chains
        sleeping = expander.sleepSets != nil
        table = FingerprintTable(indexed: sleeping)
        expanders = (0..<jobs).map { _ in expander.withOwnScratch() }
        var first = [UInt64](repeating: 0, count: stride)
        let key = expanders[0].pack(start, budget, into: &first, at: 0)!
        if sleeping {
            _ = table.insert(indexed: FingerprintTable.indexedKey(key), index: 0)
        } else {
            _ = table.insert(key)
        }
        parents.append(0)
        moves.append(0)
        layer = first
        if sleeping {
            stateSleeps = [0]
            statePersistent = [0]
            layerEntries.append(index: 0, frame: UInt8(expanders[0].lastTies.trailingZeroBitCount), wake: 0)
            depthOf = [0]
        }
    }

    var elapsed: Double {
        let d = clock.now - began
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    var layerCount: Int { layer.count / stride }

    /// How many moves the path of a candidate's parent has.
    @inline(__always) func depth(ofParent parent: UInt32) -> UInt32 {
        sleeping ? depthOf[Int(parent)] : layerDepths[Int(parent) - layerFirst]
    }

    /// What the search holds now: every array's capacity (the arenas and parent arrays grow by
    /// a quarter at a time, so their capacity is what they touched) and the intern tables.
    var allocatedBytes: Int {
        var bytes = table.allocatedBytes + (parents.capacity + moves.capacity + depthOf.capacity + stateSleeps.capacity + statePersistent.capacity) * 4
        bytes += (layer.capacity + next.capacity) * 8 + (layerDepths.capacity + nextDepths.capacity) * 4 + codec.allocatedBytes
        bytes += layerEntries.allocatedBytes + nextEntries.allocatedBytes
        for output in outputs { bytes += output.allocatedBytes(stride: stride) }
        for expander in expanders { bytes += expander.allocatedBytes }
        return bytes
    }

    mutating func run(progress: ((ExplorationProgress) -> Void)?) -> ExplorationResult {
        var depth = 0
        var bound: ExplorationResult.Bound? = nil
        peakBytes = allocatedBytes
        while layerCount > 0 {
            if let maxDepth = explorer.options.maxDepth, depth >= maxDepth {
                if layerHasMoves() { bound = .maxDepth }
                break
            }
            next.removeAll(keepingCapacity: true)
            nextDepths.removeAll(keepingCapacity: true)
            nextEntries.removeAll()
            let nextFirst = parents.count
            var position = 0
            while position < layerCount {
                let chunks = min(Self.chunksPerRound, (layerCount - position + Self.chunkSize - 1) / Self.chunkSize)
                expandRound(from: position, chunks: chunks)
                // Room for the round's candidates, checked before anything grows.
                let candidates = outputs.reduce(0) { $0 + $1.count }
                // In the order the merge grows them (`merge`).
                var arrays = GrowthPeak()
                arrays.grow(parents, adding: candidates)
                arrays.grow(moves, adding: candidates)
                arrays.grow(next, adding: candidates * stride)
                if sleeping {
                    arrays.grow(depthOf, adding: candidates)
                    arrays.grow(stateSleeps, adding: candidates)
                    arrays.grow(statePersistent, adding: candidates)
                    nextEntries.grow(&arrays, adding: candidates)
                } else {
                    arrays.grow(nextDepths, adding: candidates)
                }
                // The table grows as a chunk's states go in, after that chunk's arrays grew, and
                // maybe before a later chunk's do: the larger of the two orders.
                func peak(dense: Bool) -> Int {
                    let tableBytes = table.bytesToGrow(toHold: candidates, dense: dense)
                    var arraysFirst = arrays
                    arraysFirst.replace(old: table.allocatedBytes, new: tableBytes)
                    var tableFirst = GrowthPeak()
                    tableFirst.replace(old: table.allocatedBytes, new: tableBytes)
                    return max(arraysFirst.peak, tableFirst.peak, tableFirst.added + arrays.peak)
                }
                if allocatedBytes + peak(dense: table.dense) > explorer.options.maxMemoryBytes {
                    // Doubling the visited table would pass the limit: fill it further instead
                    // (longer probes), when that holds the round without a new array.
                    guard !table.dense, table.bytesToGrow(toHold: candidates, dense: true) == 0,
                        allocatedBytes + peak(dense: true) <= explorer.options.maxMemoryBytes
                    else { return finish(.bounded, found: nil, depth: reachedDepth(depth + 1), bound: .maxMemory) }
                    table.makeDense()
                }
                let growth = peak(dense: table.dense)
                peakBytes = max(peakBytes, allocatedBytes + growth)
                if let found = merge(from: position, chunks: chunks) {
                    return finish(.violation, found: found, depth: depth + 1, bound: nil)
                }
                if statesCapped { return finish(.bounded, found: nil, depth: reachedDepth(depth + 1), bound: .maxStates) }
                position += chunks * Self.chunkSize
                peakBytes = max(peakBytes, allocatedBytes)
                progress?(ExplorationProgress(
                    states: parents.count, transitions: transitions, depth: reachedDepth(depth + 1), seconds: elapsed,
                    memoryBytes: allocatedBytes))
            }
            swap(&layer, &next)
            swap(&layerDepths, &nextDepths)
            swap(&layerEntries, &nextEntries)
            layerFirst = nextFirst
            if layerCount > 0 { depth += 1 }
        }
        return finish(bound == nil ? .ok : .bounded, found: nil, depth: reachedDepth(depth), bound: bound)
    }

    /// The depth to report with `layers` layers reached: in moves when chains were passed through.
    func reachedDepth(_ layers: Int) -> Int { chains ? deepest : layers }

    /// Whether some state of the layer has a move (the depth bound then cut the search short).
    mutating func layerHasMoves() -> Bool {
        let count = layerCount
        return layer.withUnsafeBufferPointer { states in
            (0..<count).contains { expanders[0].hasMoves(states.baseAddress! + $0 * stride) }
        }
    }

    /// Expands `chunks` chunks of the layer from state `position` into `outputs`, on `jobs`
    /// threads: each takes the next chunk not taken yet (a chunk costs what its states' chains
    /// cost, so fixed shares would leave a thread waiting), reads the layer, the visited table
    /// and the intern tables (values no one writes during the round), and returns its chunks'
    /// outputs, which are put back in chunk order. Which thread expands a chunk changes no
    /// output: each thread takes its chunks in order, as `SuccessorMemory` needs.
    mutating func expandRound(from position: Int, chunks: Int) {
        let jobs = min(jobs, chunks)
        for expander in expanders { expander.fit(stored: parents.count) }
        let round = Round(
            layer: layer, visited: table.slots, first: layerFirst, stride: stride, position: position, chunks: chunks,
            sleep: sleeping
                ? RoundSleep(entries: layerEntries, states: stateSleeps, persistent: statePersistent)
                : nil)
        let counter = ChunkCounter()
        if jobs == 1 {
            let (outputs, expander) = round.work(expanders[0], taking: counter)
            self.outputs = outputs.map(\.output)
            expanders[0] = expander
            return
        }
        let results = RoundResults(jobs: jobs)
        let expanders = expanders
        DispatchQueue.concurrentPerform(iterations: jobs) { worker in
            results.store(worker, round.work(expanders[worker], taking: counter))
        }
        var outputs = Array(repeating: ChunkOutput(), count: chunks)
        for (worker, result) in results.take().enumerated() {
            guard let result else { continue }
            for (chunk, output) in result.outputs { outputs[chunk] = output }
            self.expanders[worker] = result.expander
        }
        self.outputs = outputs
    }

    /// Takes the round's candidates in chunk order: new states join the next layer; the first
    /// violation ends the search (what follows it in its chunk was never expanded). With sleep
    /// sets, the states the round expanded are marked so first, and a candidate already visited
    /// narrows what its state keeps asleep (`arrive`).
    mutating func merge(from position: Int, chunks: Int) -> (parent: UInt32, move: UInt32, invariant: Invariant)? {
        if sleeping {
            // A re-expansion's state was marked at its first expansion (a violation ends the search).
            for c in 0..<chunks {
                let from = position + c * Self.chunkSize
                for (k, persistent) in outputs[c].persistent.enumerated() where layerEntries.wakes[from + k] == 0 {
                    let index = Int(layerEntries.indices[from + k])
                    stateSleeps[index] |= SleepWord.expanded
                    statePersistent[index] = persistent
                }
            }
        }
        for c in 0..<chunks {
            transitions += outputs[c].transitions
            if !outputs[c].deferred.isEmpty { encodeDeferred(c) }
            let count = outputs[c].count
            ArenaGrowth.reserve(&parents, adding: count)
            ArenaGrowth.reserve(&moves, adding: count)
            ArenaGrowth.reserve(&next, adding: count * stride)
            if sleeping {
                ArenaGrowth.reserve(&depthOf, adding: count)
                ArenaGrowth.reserve(&stateSleeps, adding: count)
                ArenaGrowth.reserve(&statePersistent, adding: count)
                nextEntries.reserve(adding: count)
            } else {
                ArenaGrowth.reserve(&nextDepths, adding: count)
            }
            let keys = outputs[c].keys
            table.slots.withUnsafeBufferPointer { slots in
                for j in 0..<min(count, Self.prefetchAhead) { FingerprintTable.prefetch(keys[j], in: slots) }
            }
            for j in 0..<count {
                if j + Self.prefetchAhead < count {
                    table.slots.withUnsafeBufferPointer {
                        FingerprintTable.prefetch(keys[j + Self.prefetchAhead], in: $0)
                    }
                }
                if let cap = explorer.options.maxStates, parents.count >= cap {
                    // Stop before the first state past the budget (a duplicate would not count).
                    guard !table.contains(outputs[c].keys[j]) else { continue }
                    statesCapped = true
                    return nil
                }
                if sleeping {
                    let (index, inserted) = table.insert(indexed: keys[j], index: UInt32(parents.count))
                    guard inserted else {
                        arrive(c, j, at: Int(index))
                        continue
                    }
                    stateSleeps.append(outputs[c].sleeps[j])
                    statePersistent.append(0)
                } else {
                    guard table.insert(keys[j]) else { continue }
                }
                let parent = outputs[c].parents[j]
                let move = outputs[c].moves[j]
                let moveDepth = depth(ofParent: parent) + 1 + UInt32(MoveCode.chain(move))
                deepest = max(deepest, Int(moveDepth))
                if sleeping {
                    nextEntries.append(index: UInt32(parents.count), frame: outputs[c].frames[j], wake: 0)
                    depthOf.append(moveDepth)
                } else {
                    nextDepths.append(moveDepth)
                }
                parents.append(parent)
                moves.append(move)
                next.append(contentsOf: outputs[c].words[(j * stride)..<((j + 1) * stride)])
            }
            if let violation = outputs[c].violation { return violation }
        }
        return nil
    }

    /// Candidate j of chunk c arrives at visited state `index` with its sleep set: the state
    /// keeps the intersection; if it was expanded already with moves asleep that this arrival has
    /// awake, it is expanded again for those (from this arrival's words and frame).
    mutating func arrive(_ c: Int, _ j: Int, at index: Int) {
        let word = stateSleeps[index]
        let kept = SleepWord.sleep(word)
        let sleep = outputs[c].sleeps[j]
        let woken = kept & ~sleep
        guard woken != 0 else { return }
        stateSleeps[index] = word & ~woken
        guard SleepWord.isExpanded(word) else { return }
        reexpansions += 1
        nextEntries.append(index: UInt32(index), frame: outputs[c].frames[j], wake: woken)
        next.append(contentsOf: outputs[c].words[(j * stride)..<((j + 1) * stride)])
    }

    /// Interns what the threads could not (paths or call lists new to the search), then packs.
    mutating func encodeDeferred(_ c: Int) {
        let deferred = outputs[c].deferred
        outputs[c].deferred.removeAll()
        for entry in deferred {
            for world in expanders[0].worldsToIntern(entry.world, entry.budget) { codec = codec.interning(world) }
            for e in expanders.indices { expanders[e].codec = codec }
            let key = expanders[0].pack(entry.world, entry.budget, into: &outputs[c].words, at: entry.candidate * stride)!
            outputs[c].keys[entry.candidate] = key
            if let sleepSets = expanders[0].sleepSets {
                outputs[c].keys[entry.candidate] = FingerprintTable.indexedKey(key)
                let ties = expanders[0].lastTies
                outputs[c].sleeps[entry.candidate] = sleepSets.canonical(entry.sleep, ties: ties)
                outputs[c].frames[entry.candidate] = UInt8(ties.trailingZeroBitCount)
            }
        }
    }

    func finish(
        _ verdict: ExplorationResult.Verdict, found: (parent: UInt32, move: UInt32, invariant: Invariant)?,
        depth: Int, bound: ExplorationResult.Bound?
    ) -> ExplorationResult {
        var path: [EngineAction] = []
        if let found {
            var codes = [found.move]
            var index = found.parent
            while index != 0 {
                codes.append(moves[Int(index)])
                index = parents[Int(index)]
            }
            path = explorer.moves(of: codes.reversed(), from: start)
        }
        var result = ExplorationResult(
            verdict: verdict, invariant: found?.invariant,
            counterexample: path.map(explorer.engine.action(for:)),
            bound: bound, states: parents.count, transitions: transitions, maxDepth: found == nil ? depth : path.count,
            seconds: elapsed, peakMemoryBytes: max(peakBytes, allocatedBytes))
        result.reexpansions = reexpansions
        return result
    }
}

extension Explorer {
    /// The moves of a path of move codes from `start`: each code's move, then the chain after
    /// it taken again (each of its states has a single move in its persistent set).
    func moves(of codes: [UInt32], from start: World) -> [EngineAction] {
        guard codes.contains(where: { MoveCode.chain($0) > 0 }) else { return codes.map(MoveCode.decode) }
        let order = PartialOrder(engine: engine, rules: rules)
        var world = start
        var budget = rules.initialBudget
        var log = EventLog(recordsEvents: false)
        var enabled: [EngineAction] = []
        var path: [EngineAction] = []
        for code in codes {
            var move = MoveCode.decode(code)
            for step in 0...MoveCode.chain(code) {
                if step > 0 {
                    guard let next = order.chainMove(in: world, budget: budget, enabled: &enabled) else {
                        preconditionFailure("explorer: a chain taken again left its single moves")
                    }
                    move = next
                }
                log.clear()
                do {
                    try engine.apply(move, to: &world, log: &log)
                } catch {
                    preconditionFailure("explorer: a move of a stored path is not possible")
                }
                rules.spend(move, in: &budget)
                path.append(move)
            }
        }
        return path
    }
}

/// A move in 32 bits for the parent-pointer table: kind in the top byte, then how many moves
/// of a chain followed it (`Expander.followChain`), then the CPU or component in the low 16
/// bits (topologies have at most 16,384 components and 4,096 CPUs).
enum MoveCode {
    static let longestChain = 255

    static func encode(_ move: EngineAction, chain: Int = 0) -> UInt32 {
        let length = UInt32(chain) << 16
        return length | {
            switch move {
            case .step(let cpu): 0 << 24 | UInt32(cpu)
            case .idle(let cpu): 1 << 24 | UInt32(cpu)
            case .wake(let cpu): 2 << 24 | UInt32(cpu)
            case .extClaim(let id): 3 << 24 | UInt32(id)
            case .extRelease(let id): 4 << 24 | UInt32(id)
            case .extProgram(let id): 5 << 24 | UInt32(id)
            case .run(let cpu): 6 << 24 | UInt32(cpu)
            case .offline(let cpu): 7 << 24 | UInt32(cpu)
            case .online(let cpu): 8 << 24 | UInt32(cpu)
            case .queue: fatalError("the explorer never queues operations")
            }
        }()
    }

    /// How many chain moves follow the move.
    static func chain(_ code: UInt32) -> Int { Int(code >> 16 & 0xFF) }

    static func decode(_ code: UInt32) -> EngineAction {
        let value = Int(code & 0xFFFF)
        switch code >> 24 {
        case 0: return .step(cpu: value)
        case 1: return .idle(cpu: value)
        case 2: return .wake(cpu: value)
        case 3: return .extClaim(value)
        case 4: return .extRelease(value)
        case 5: return .extProgram(value)
        case 7: return .offline(cpu: value)
        case 8: return .online(cpu: value)
        default: return .run(cpu: value)
        }
    }
}

/// One round's read-only inputs, shared by its threads.
private struct Round: Sendable {
    let layer: [UInt64]
    let visited: [UInt64]
    let first: Int
    let stride: Int
    let position: Int
    let chunks: Int
    /// With sleep sets: the layer's entries (their states are not consecutive).
    let sleep: RoundSleep?

    /// Expands with `expander` the chunks this thread takes from `counter`, in order.
    func work(_ expander: Expander, taking counter: ChunkCounter) -> RoundWork {
        var expander = expander
        var outputs: [(chunk: Int, output: ChunkOutput)] = []
        let count = layer.count / stride
        layer.withUnsafeBufferPointer { states in
            visited.withUnsafeBufferPointer { visited in
                while true {
                    let c = counter.take()
                    guard c < chunks else { break }
                    var output = ChunkOutput()
                    expander.startChunk()
                    let from = position + c * Search.chunkSize
                    for s in from..<min(count, from + Search.chunkSize) {
                        // With sleep sets: what the state keeps asleep now (the merge marks it expanded).
                        let (index, entry) = sleep?.entry(at: s) ?? (UInt32(first + s), SleepEntry())
                        let found = expander.expand(states.baseAddress! + s * stride, index: index, entry: entry, into: &output)
                        if found { break }
                    }
                    if let sleep {
                        sleep.states.withUnsafeBufferPointer { output.dropVisited(visited, stride: stride, states: $0) }
                    } else {
                        output.dropVisited(visited, stride: stride)
                    }
                    outputs.append((c, output))
                }
            }
        }
        return (outputs, expander)
    }
}

/// With sleep sets, a layer's entries (`Search`): per entry, the state to expand (its index),
/// the frame its words are in, and what woke (0: its first expansion).
private struct LayerEntries: Sendable {
    private(set) var indices: [UInt32] = []
    private(set) var frames: [UInt8] = []
    private(set) var wakes: [UInt32] = []

    mutating func append(index: UInt32, frame: UInt8, wake: UInt32) {
        indices.append(index)
        frames.append(frame)
        wakes.append(wake)
    }

    mutating func removeAll() {
        indices.removeAll(keepingCapacity: true)
        frames.removeAll(keepingCapacity: true)
        wakes.removeAll(keepingCapacity: true)
    }

    mutating func reserve(adding count: Int) {
        ArenaGrowth.reserve(&indices, adding: count)
        ArenaGrowth.reserve(&frames, adding: count)
        ArenaGrowth.reserve(&wakes, adding: count)
    }

    /// `reserve(adding:)`'s growth, into `peak`.
    func grow(_ peak: inout GrowthPeak, adding count: Int) {
        peak.grow(indices, adding: count)
        peak.grow(frames, adding: count)
        peak.grow(wakes, adding: count)
    }

    var allocatedBytes: Int { (indices.capacity + wakes.capacity) * 4 + frames.capacity }
}

/// A layer's entries with sleep sets, for a round's threads (`Search`).
private struct RoundSleep: Sendable {
    let entries: LayerEntries
    /// Every visited state's `SleepWord`, and its first expansion's persistent set.
    let states: [UInt32]
    let persistent: [UInt32]

    /// Entry `s`'s state index, and what it keeps asleep now.
    func entry(at s: Int) -> (UInt32, SleepEntry) {
        let index = entries.indices[s]
        return (index, SleepEntry(
            sleep: SleepWord.sleep(states[Int(index)]), frame: Int(entries.frames[s]), wake: entries.wakes[s],
            persistent: persistent[Int(index)]))
    }
}

/// What a thread did in a round: its chunks' outputs, by chunk, and its expander after them.
private typealias RoundWork = (outputs: [(chunk: Int, output: ChunkOutput)], expander: Expander)

/// A round's next chunk to expand, for whichever thread asks first.
private final class ChunkCounter: Sendable {
    private let next = Atomic<Int>(0)

    func take() -> Int { next.add(1, ordering: .relaxed).oldValue }
}

/// Where the threads of a round leave what they found, one slot each.
private final class RoundResults: Sendable {
    private let slots: Mutex<[RoundWork?]>

    init(jobs: Int) { slots = Mutex(Array(repeating: nil, count: jobs)) }

    func store(_ worker: Int, _ result: RoundWork) {
        slots.withLock { $0[worker] = result }
    }

    func take() -> [RoundWork?] {
        slots.withLock { $0 }
    }
}
