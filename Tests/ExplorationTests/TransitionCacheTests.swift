import DriverSimulation
@testable import Exploration
import Scenarios
import Testing

/// `TransitionCache`: a successor comes from the cache only for a state that agrees with an
/// earlier one on every unit the move read there, and it is that state with what the move
/// wrote. The search must report exactly what it reports without the cache.
@Suite struct TransitionCacheTests {
    static func codec(_ name: String = "ring-2") throws -> PackedCodec {
        let simulation = try ScenarioCatalogue.simulation(of: try ScenarioCatalogue.load(name), kernel: try KernelCatalogue.load("v6.19"))
        let explorer = try Explorer(simulation: simulation, options: ExplorationOptions(reductions: false))
        return PackedCodec(topology: simulation.engine.topology, start: simulation.world, budget: explorer.rules.initialBudget)
    }

    /// A record of `codec.words` words, all zero but bit 0 of each unit listed.
    static func state(_ codec: PackedCodec, flipping units: [Int] = []) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: codec.words)
        for unit in units {
            let bit = codec.unitStarts[unit]
            words[bit / 64] ^= 1 << UInt64(bit % 64)
        }
        return words
    }

    static func record(_ cache: TransitionCache, _ code: UInt32, _ from: [UInt64], _ to: [UInt64], cpus: UInt64 = 0, tracers: UInt64 = 0, parts: UInt64 = 0, spent: Bool = false) {
        cache.notes[0] = cpus
        cache.notes[1] = tracers
        cache.notes[2] = parts
        from.withUnsafeBufferPointer { from in
            to.withUnsafeBufferPointer { cache.record(code: code, from: from.baseAddress!, to: $0.baseAddress!, spent: spent) }
        }
    }

    static func lookup(_ cache: TransitionCache, _ code: UInt32, _ state: [UInt64]) -> [UInt64]? {
        var successor = [UInt64](repeating: 0, count: state.count)
        let hit = state.withUnsafeBufferPointer { state in
            successor.withUnsafeMutableBufferPointer { cache.successor(code: code, from: state.baseAddress!, into: $0.baseAddress!) }
        }
        return hit ? successor : nil
    }

    /// A fresh cache on `ring-2`'s layout, and cpu0's step.
    static func cacheAndStep() throws -> (PackedCodec, TransitionCache, UInt32) {
        let codec = try codec()
        return (codec, TransitionCache(codec: codec), MoveCode.encode(.step(cpu: 0)))
    }

    // Units: 0 the header, 1... the CPUs, then the tracers, the parts, the budget.
    @Test func aHitNeedsEveryUnitTheMoveReadAndChangesOnlyWhatItWrote() throws {
        let (codec, cache, step) = try Self.cacheAndStep()
        let tracer0 = 1 + codec.cpuCount
        // cpu0 steps: reads cpu0 and tracer0, writes cpu0.
        Self.record(cache, step, Self.state(codec), Self.state(codec, flipping: [1]), cpus: 0b1, tracers: 0b1)
        #expect(Self.lookup(cache, step, Self.state(codec)) == Self.state(codec, flipping: [1]))
        // Another CPU's unit, not read: the same change on that state.
        #expect(Self.lookup(cache, step, Self.state(codec, flipping: [2])) == Self.state(codec, flipping: [1, 2]))
        // What it read differs: no hit (the tracer), another schema (the CPU, the header).
        #expect(Self.lookup(cache, step, Self.state(codec, flipping: [tracer0])) == nil)
        #expect(Self.lookup(cache, step, Self.state(codec, flipping: [1])) == nil)
        #expect(Self.lookup(cache, step, Self.state(codec, flipping: [0])) == nil)
        // Another move: nothing.
        #expect(Self.lookup(cache, MoveCode.encode(.step(cpu: 1)), Self.state(codec)) == nil)
        #expect(Self.lookup(cache, MoveCode.encode(.idle(cpu: 0)), Self.state(codec)) == nil)
    }

    /// A batch (`lookUpBatch`, as the expander uses it per state) finds what one lookup at a
    /// time finds, hits and misses alike, past the 64 lookups its first room holds and the
    /// 64 moves a word of its hit bits holds.
    @Test func aBatchFindsWhatSingleLookupsFind() throws {
        let (codec, cache, step) = try Self.cacheAndStep()
        let tracer0 = 1 + codec.cpuCount
        Self.record(cache, step, Self.state(codec), Self.state(codec, flipping: [1]), cpus: 0b1, tracers: 0b1)
        let idle = MoveCode.encode(.idle(cpu: 1))
        Self.record(cache, idle, Self.state(codec, flipping: [tracer0]), Self.state(codec, flipping: [tracer0, 2]), cpus: 0b10)
        let states = [
            Self.state(codec), Self.state(codec, flipping: [2]), Self.state(codec, flipping: [tracer0]),
            Self.state(codec, flipping: [0]), Self.state(codec, flipping: [tracer0, 1]),
        ]
        let codes = [step, idle, MoveCode.encode(.step(cpu: 1))]
        // 150 lookups, every state with every code, in a fixed shuffle.
        let lookups = (0..<150).map { (state: ($0 * 7) % states.count, code: ($0 * 5) % codes.count) }
        let words = UnsafeMutablePointer<UInt64>.allocate(capacity: states.count * codec.words)
        defer { words.deallocate() }
        for (s, state) in states.enumerated() { (words + s * codec.words).initialize(from: state, count: codec.words) }
        var hits = 0
        var hitsPastTheFirstWord = 0
        for round in 0..<2 {
            cache.startBatch()
            for lookup in lookups.prefix(round == 0 ? 150 : 3) {
                cache.append(code: codes[lookup.code], state: words + lookup.state * codec.words)
            }
            cache.lookUpBatch()
            #expect(cache.batchCount == (round == 0 ? 150 : 3))
            for (i, lookup) in lookups.prefix(cache.batchCount).enumerated() {
                let single = Self.lookup(cache, codes[lookup.code], states[lookup.state])
                #expect(cache.isHit(i) == (single != nil))
                guard let single, cache.isHit(i) else { continue }
                if round == 0 { hits += 1 }
                if round == 0 && i >= 64 { hitsPastTheFirstWord += 1 }
                #expect(Array(UnsafeBufferPointer(start: cache.batchSuccessor(i), count: codec.words)) == single)
                #expect(cache.batchKeys[i] == single.withUnsafeBufferPointer { StateKey(words: $0.baseAddress!, count: codec.words) })
            }
        }
        // Hits and misses both, hits in the words past the first too (the step from the zero
        // state and from cpu1's unit flipped, the idle with tracer0 flipped).
        #expect(hits > 0 && hits < 150)
        #expect(hitsPastTheFirstWord > 0)
    }

    /// When the move is seen reading more under the same selector, what was noted under fewer
    /// units is not used again: it was keyed on too little.
    @Test func aSchemaThatGrowsForgetsItsEntries() throws {
        let (codec, cache, step) = try Self.cacheAndStep()
        let tracer1 = 2 + codec.cpuCount
        Self.record(cache, step, Self.state(codec), Self.state(codec, flipping: [1]), cpus: 0b1)
        #expect(Self.lookup(cache, step, Self.state(codec, flipping: [tracer1])) == Self.state(codec, flipping: [1, tracer1]))
        // With tracer1 flipped, the move read tracer1 too (and wrote nothing).
        Self.record(cache, step, Self.state(codec, flipping: [tracer1]), Self.state(codec, flipping: [tracer1]), cpus: 0b1, tracers: 0b10)
        #expect(Self.lookup(cache, step, Self.state(codec)) == nil)
        #expect(Self.lookup(cache, step, Self.state(codec, flipping: [tracer1])) == Self.state(codec, flipping: [tracer1]))
    }

    /// A successor that differs outside what the notes say was read is not noted (a write the
    /// notes missed would otherwise be copied onto other states); nor a budget change unless spent.
    @Test func aChangeOutsideTheNotesIsNotCached() throws {
        let (codec, cache, step) = try Self.cacheAndStep()
        Self.record(cache, step, Self.state(codec), Self.state(codec, flipping: [2]), cpus: 0b1)
        #expect(Self.lookup(cache, step, Self.state(codec)) == nil)
        let budget = codec.unitStarts.count - 2
        let idle = MoveCode.encode(.idle(cpu: 0))
        Self.record(cache, idle, Self.state(codec), Self.state(codec, flipping: [budget]), cpus: 0b1)
        #expect(Self.lookup(cache, idle, Self.state(codec)) == nil)
        Self.record(cache, idle, Self.state(codec), Self.state(codec, flipping: [1, budget]), cpus: 0b1, spent: true)
        #expect(Self.lookup(cache, idle, Self.state(codec)) == Self.state(codec, flipping: [1, budget]))
        // The budget was read: another budget, no hit.
        #expect(Self.lookup(cache, idle, Self.state(codec, flipping: [budget])) == nil)
    }

    /// Bit 63 of a note stands for element 63 and every one after it.
    @Test func theLastNoteBitCoversTheRest() throws {
        let codec = try Self.codec()
        let cache = TransitionCache(codec: codec)
        let claim = MoveCode.encode(.extClaim(0))
        let parts = 1 + 2 * codec.cpuCount
        // Reads "part 63 on" (none on this board) and part 0: a lookup keyed on the header and part 0.
        Self.record(cache, claim, Self.state(codec), Self.state(codec, flipping: [parts]), parts: 1 << 63 | 1)
        #expect(Self.lookup(cache, claim, Self.state(codec, flipping: [parts + 1])) == Self.state(codec, flipping: [parts, parts + 1]))
    }

    @Test func itGrowsWithTheStatesStoredAndCountsWhatItHolds() throws {
        let (codec, cache, step) = try Self.cacheAndStep()
        let before = cache.allocatedBytes
        #expect(cache.entrySlots == TransitionCache.smallestEntrySlots)
        Self.record(cache, step, Self.state(codec), Self.state(codec, flipping: [1]), cpus: 0b1)
        cache.fit(stored: TransitionCache.statesPerEntrySlot * TransitionCache.smallestEntrySlots)
        #expect(cache.entrySlots == TransitionCache.smallestEntrySlots)
        #expect(Self.lookup(cache, step, Self.state(codec)) != nil)
        cache.fit(stored: TransitionCache.statesPerEntrySlot * TransitionCache.smallestEntrySlots + 1)
        #expect(cache.entrySlots == 2 * TransitionCache.smallestEntrySlots)
        #expect(cache.allocatedBytes > before)
        #expect(Self.lookup(cache, step, Self.state(codec)) == nil, "dropped with the old table")
        cache.fit(stored: Int.max / 8)
        #expect(cache.entrySlots == TransitionCache.largestEntrySlots)
        #expect(cache.entrySlots * cache.entryRecord * 8 <= TransitionCache.largestEntryBytes)
    }

    /// A record of many words gets fewer slots: the entries stay within their bytes.
    @Test func aLongRecordGetsFewerSlots() throws {
        let codec = try Self.codec("ring-8")
        let cache = TransitionCache(codec: codec)
        cache.fit(stored: Int.max / 8)
        #expect(cache.entrySlots < TransitionCache.largestEntrySlots)
        #expect(cache.entrySlots * cache.entryRecord * 8 <= TransitionCache.largestEntryBytes)
        #expect(2 * cache.entrySlots * cache.entryRecord * 8 > TransitionCache.largestEntryBytes)
    }

    static func explore(_ name: String, _ kernel: String, cache: Bool, jobs: Int) throws -> ExplorationResult {
        try ExplorationTests.explore(name, kernel: kernel, jobs: jobs) {
            $0.reductions = false
            $0.transitionCache = cache
        }
    }

    /// The cache changes nothing the search reports, transitions included (it replaces how a
    /// successor is computed, not which are). The debug build also checks one hit in eight
    /// against the engine (`Expander`), over every search the suite runs without reductions.
    @Test(arguments: [
        ("ring-2", "v6.19"), ("ring-2", "v6.18"), ("seed-3", "v6.18"), ("claim-failure-vs-idle", "v6.18"),
        ("claim-while-offline", "v6.18"), ("disable-while-offline", "v7.0"), ("enable-vs-online", "v6.19"),
        ("trbe-idle-under-perf", "v7.2"), ("path-pointer-window", "v7.2"), ("sysfs-vs-perf", "v6.18.2"),
    ])
    func theCacheChangesNothingTheSearchReports(_ name: String, _ kernel: String) throws {
        let plain = try Self.explore(name, kernel, cache: false, jobs: 1)
        for jobs in [1, 2] {
            let cached = try Self.explore(name, kernel, cache: true, jobs: jobs)
            expectSameSearch(cached, as: plain, "\(name) under \(kernel), \(jobs) threads")
        }
    }
}
