import DriverSimulation
@testable import Exploration
import Scenarios
import Testing

/// The packed state (`PackedCodec`) holds every field: decoding what was encoded gives the same
/// world and budget, for every state the explorer meets first on every built-in scenario under
/// every shipped kernel; and a stored property added to a state type fails here until the
/// codec writes it.
@Suite struct PackedStateTests {
    /// States per scenario and kernel, breadth-first from the start (bounds the work).
    static let statesPerPair = 400

    struct State: Hashable {
        var world: World
        var budget: Budget
    }

    @Test func everyReachedStateRoundTrips() throws {
        let profiles = try KernelCatalogue.shipped()
        var pairs = 0
        var checked = 0
        for scenario in try ScenarioCatalogue.builtins() {
            for profile in profiles {
                let simulation = try ScenarioCatalogue.simulation(of: scenario, kernel: profile)
                let explorer = try Explorer(simulation: simulation)
                checked += try roundTrip(explorer: explorer, start: simulation.world, scenario: scenario.name)
                pairs += 1
            }
        }
        #expect(pairs >= 10 * 6)
        #expect(checked > 10_000)
    }

    /// Breadth-first over `statesPerPair` states; each one (and its canonical form) packed,
    /// unpacked over a scratch that held the previous state, and compared; and restored over
    /// another scratch that held the previous one, from the sections that differ only.
    func roundTrip(explorer: Explorer, start: World, scenario: String) throws -> Int {
        let rules = explorer.rules
        let engine = explorer.engine
        let dead = DeadState(engine: engine, rules: rules)
        var codec = PackedCodec(topology: engine.topology, start: start, budget: rules.initialBudget)
        var scratchWorld = start
        var scratchBudget = rules.initialBudget
        var hints = PackedHints(cpuCount: start.cpus.count)
        var words = [UInt64](repeating: 0, count: codec.words)
        var again = words
        // The form checked before, packed, and a world and budget that hold it (`restore`).
        var previous = words
        var restoredWorld = start
        var restoredBudget = rules.initialBudget
        var restoredHints = hints
        _ = previous.withUnsafeMutableBufferPointer {
            codec.encode(start, rules.initialBudget, hints: restoredHints, into: $0.baseAddress!)
        }
        var seen: Set<State> = [State(world: start, budget: rules.initialBudget)]
        var queue = [State(world: start, budget: rules.initialBudget)]
        var head = 0
        var checked = 0
        while head < queue.count, checked < Self.statesPerPair {
            let state = queue[head]
            head += 1
            for form in [state.world, dead.canonical(state.world, budget: state.budget)] {
                codec = codec.interning(form)
                let packed = words.withUnsafeMutableBufferPointer {
                    codec.encode(form, state.budget, hints: PackedHints(cpuCount: form.cpus.count), into: $0.baseAddress!)
                }
                #expect(packed)
                words.withUnsafeBufferPointer {
                    codec.decode($0.baseAddress!, into: &scratchWorld, &scratchBudget, hints: &hints)
                }
                #expect(scratchWorld == form, "\(scenario) on \(form.driver.knobs): state \(checked)")
                #expect(scratchBudget == state.budget, "\(scenario): budget of state \(checked)")
                // Encoding with the decode's hints (the explorer's fast path) writes the same words.
                let hinted = again.withUnsafeMutableBufferPointer {
                    codec.encode(scratchWorld, scratchBudget, hints: hints, into: $0.baseAddress!)
                }
                #expect(hinted && again == words)
                words.withUnsafeBufferPointer { words in
                    previous.withUnsafeBufferPointer {
                        codec.restore(
                            words.baseAddress!, over: $0.baseAddress!, nil, into: &restoredWorld, &restoredBudget,
                            hints: &restoredHints)
                    }
                }
                #expect(restoredWorld == form, "\(scenario): restored state \(checked)")
                #expect(restoredBudget == state.budget, "\(scenario): restored budget of state \(checked)")
                previous = words
                checked += 1
            }
            for move in rules.moves(engine: engine, world: state.world, budget: state.budget) {
                var world = state.world
                var log = EventLog(recordsEvents: false)
                try engine.apply(move, to: &world, log: &log)
                let next = State(world: world, budget: rules.spend(move, from: state.budget))
                if seen.insert(next).inserted { queue.append(next) }
            }
        }
        return checked
    }

    @Test func inPlaceSpendAgreesWithSpend() throws {
        let simulation = try ScenarioCatalogue.simulation(of: try ScenarioCatalogue.load("claim-failure-vs-idle"))
        let explorer = try Explorer(simulation: simulation)
        let budget = explorer.rules.initialBudget
        for move in explorer.rules.moves(engine: explorer.engine, world: simulation.world, budget: budget) {
            var inPlace = budget
            explorer.rules.spend(move, in: &inPlace)
            #expect(inPlace == explorer.rules.spend(move, from: budget))
        }
    }

    /// Each state type's stored properties, by name, against what the codec writes.
    @Test func everyStoredPropertyIsEncoded() throws {
        let simulation = try ScenarioCatalogue.simulation(of: try ScenarioCatalogue.load("claim-failure-vs-idle"))
        let explorer = try Explorer(simulation: simulation)
        let call = CrossCall(.enableTracer, from: 0, forTracerOf: 1)
        let values: [String: Any] = [
            "World": simulation.world,
            "Driver": simulation.world.driver,
            "DriverKnobs": simulation.world.driver.knobs,
            "CPUState": CPUState(),
            "ThreadFlow": ThreadFlow(op: .perfStop, pc: .finish),
            "HandlerFlow": HandlerFlow(call: call, pc: .disable, inline: false, returning: .ok),
            "CrossCall": call,
            "TracerState": TracerState(),
            "TraceUnit": TraceUnit(),
            "SavedContext": SavedContext(copyOf: TraceUnit(), claim: [], ownedAtSave: false),
            "PartState": PartState(portCount: 1),
            "Budget": explorer.rules.initialBudget,
        ]
        #expect(Set(values.keys) == Set(PackedCodec.encodedFields.keys))
        for (type, value) in values {
            let stored = Mirror(reflecting: value).children.compactMap(\.label)
            #expect(stored.sorted() == (PackedCodec.encodedFields[type] ?? []).sorted(), "\(type)")
        }
    }

    /// The layout stays compact: seed-4 and a 5-CPU grid in a handful of words.
    @Test func statesAreAFewWords() throws {
        for (name, limit) in [("seed-4", 10), ("seed-8", 24)] {
            let simulation = try ScenarioCatalogue.simulation(of: try ScenarioCatalogue.load(name), variant: .fixed)
            let explorer = try Explorer(simulation: simulation)
            let codec = PackedCodec(topology: explorer.engine.topology, start: simulation.world, budget: explorer.rules.initialBudget)
            #expect(codec.words <= limit, "\(name): \(codec.words) words")
        }
    }

    /// The fingerprint reads every word: changing any bit of a state changes it.
    @Test func fingerprintSeesEveryBit() {
        var words: [UInt64] = [0x1234, 0, 0xFFFF_0000, 7]
        let base = words.withUnsafeBufferPointer { StateKey(words: $0.baseAddress!, count: 4) }
        var keys: Set<StateKey> = [base]
        for word in 0..<4 {
            for bit in 0..<64 {
                words[word] ^= 1 << UInt64(bit)
                keys.insert(words.withUnsafeBufferPointer { StateKey(words: $0.baseAddress!, count: 4) })
                words[word] ^= 1 << UInt64(bit)
            }
        }
        #expect(keys.count == 1 + 4 * 64)
    }

    /// A dense table (the search's last resort under `--max-memory`) fills to 7/8 before it
    /// doubles, and finds every key it holds.
    @Test func aDenseTableFillsToSevenEighths() {
        var table = FingerprintTable(capacity: 1024)
        table.makeDense()
        var generator = SystemRandomNumberGenerator()
        var keys: [StateKey] = []
        for _ in 0..<896 { keys.append(StateKey(high: generator.next(), low: generator.next() | 1)) }
        #expect(table.bytesToGrow(toHold: 896) == 0)
        #expect(table.bytesToGrow(toHold: 896, dense: false) > 0)
        let inserted = keys.filter { table.insert($0) }.count
        #expect(inserted == keys.count)
        #expect(table.capacity == 1024)
        #expect(keys.allSatisfy { table.contains($0) })
        let added = table.insert(StateKey(high: 1, low: 1))
        #expect(added)
        #expect(table.capacity == 2048)
        #expect(keys.allSatisfy { table.contains($0) })
    }

    @Test func fingerprintTableKeepsEveryKeyThroughGrowth() {
        var table = FingerprintTable(capacity: 16)
        var generator = SystemRandomNumberGenerator()
        var keys: [StateKey] = []
        for _ in 0..<10_000 { keys.append(StateKey(high: generator.next(), low: generator.next() | 1)) }
        let firsts = keys.filter { table.insert($0) }.count
        let seconds = keys.filter { table.insert($0) }.count
        #expect(firsts == keys.count && seconds == 0)
        #expect(table.count == keys.count)
        #expect(table.capacity * 3 >= keys.count * 4)
    }
}
