internal import CPrefetch
import DriverSimulation

/// Successors of moves applied before, keyed on what the move read: a move applied to a state
/// that agrees with an earlier one on every bit the move read there runs the same code, reads
/// the same values and writes the same ones, so its successor is that state with the same bits
/// changed. Without reductions most of a search's transitions repeat one seen before on other
/// CPUs' states (ring-3: a CPU's step reads its own CPU, its tracer, the mutex and perhaps a
/// path), and a hit replaces decoding, applying and re-packing by a few word operations.
///
/// What a move read comes from the scratch world's read notes (`WrittenArray`), in units of
/// the packed layout: the header (always: the world's plain fields are not noted), a CPU, a
/// tracer, a component's part, and the budget (when the move spends). A unit written is read
/// too (a write keeps the unit's other fields).
///
/// Two direct-mapped tables, both per expander (one thread):
/// - schemas, per move and the state's bits under the move's *selector* (the header and the
///   acting CPU's or component's unit, which decide what code runs): the union of the units
///   the move was seen to read there, and a generation number that changes whenever the union
///   grows or the slot is taken by another schema;
/// - entries, per schema generation and the state's bits under the schema's union: the xor of
///   state and successor (zero outside the units written, all inside the union).
/// An entry is only used under the generation it was made in, so one made before its schema
/// grew (keyed on fewer bits) is never used again, nor one whose schema lost its slot.
///
/// Used without reductions only (the explorer's unreduced search; with reductions the scratch
/// world is needed in each successor for canonicalisation). The expander looks up all of a
/// state's moves at once (`lookUpBatch`), so that their loads overlap. The debug build checks
/// one hit in eight against applying the move (`Expander`).
final class TransitionCache: @unchecked Sendable {
    let stride: Int
    /// Per unit, its bits as a mask over the record (`stride` words each): header, CPUs,
    /// tracers, parts, budget (`PackedCodec.unitStarts`).
    private let unitMasks: UnsafeMutablePointer<UInt64>
    private let cpuCount: Int
    private let componentCount: Int
    private let budgetUnit: Int
    private let unitCount: Int

    static let smallestEntrySlots = 1 << 10
    static let largestEntrySlots = 1 << 17
    /// The entries' bytes at most (a record of many words gets fewer slots).
    static let largestEntryBytes = 16 << 20
    /// Stored states per entry slot the table grows to keep (at most), between rounds.
    static let statesPerEntrySlot = 4
    static let schemaSlotsPerEntrySlot = 16

    /// tag (move code + 1; 0: empty), generation, selector bits, read mask.
    private var schemas: UnsafeMutablePointer<UInt64>
    private var schemaSlots: Int
    private let schemaRecord: Int
    /// generation (0: empty), key bits, xor to the successor.
    private var entries: UnsafeMutablePointer<UInt64>
    private(set) var entrySlots: Int
    let entryRecord: Int
    private var nextGeneration: UInt64 = 1

    /// Reads and writes noted by the scratch world while a move is applied (`World.attachReadNotes`).
    let notes: UnsafeMutablePointer<UInt64>
    /// Per actor (each CPU, then each component), the selector of its moves: the header and
    /// the actor's unit.
    private let selectors: UnsafeMutablePointer<UInt64>
    /// Scratch: the read mask of the move being applied.
    private let read: UnsafeMutablePointer<UInt64>

    /// A batch of lookups (`lookUpBatch`): per move, its code (`MoveCode`) and its state, then
    /// its schema's and its entry's records, its successor and that successor's fingerprint
    /// when found, as bits. It grows to the most moves a batch held (a state's).
    private(set) var batchCount = 0
    private var batchCapacity = 0
    private(set) var batchCodes: UnsafeMutablePointer<UInt32>
    private var batchStates: UnsafeMutablePointer<UnsafePointer<UInt64>>
    private var batchSchemas: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>
    private var batchEntries: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>
    private var batchSuccessors: UnsafeMutablePointer<UInt64>
    private(set) var batchKeys: UnsafeMutablePointer<StateKey>
    private var batchHits: UnsafeMutablePointer<UInt64>

    init(codec: PackedCodec) {
        stride = codec.words
        cpuCount = codec.cpuCount
        componentCount = codec.componentCount
        let units = codec.unitStarts.count - 1
        budgetUnit = units - 1
        unitMasks = Self.emptyWords(units * codec.words)
        for unit in 0..<units {
            for bit in codec.unitStarts[unit]..<codec.unitStarts[unit + 1] {
                unitMasks[unit * codec.words + bit / 64] |= 1 << UInt64(bit % 64)
            }
        }
        unitCount = units
        schemaRecord = 2 + 2 * codec.words
        entryRecord = 1 + 2 * codec.words
        entrySlots = Self.smallestEntrySlots
        schemaSlots = max(64, entrySlots / Self.schemaSlotsPerEntrySlot)
        schemas = Self.emptyWords(schemaSlots * schemaRecord)
        entries = Self.emptyWords(entrySlots * entryRecord)
        notes = Self.emptyWords(3 + codec.words)
        read = notes + 3
        selectors = Self.emptyWords((codec.cpuCount + codec.componentCount) * codec.words)
        batchCodes = .allocate(capacity: 0)
        batchStates = .allocate(capacity: 0)
        batchSchemas = .allocate(capacity: 0)
        batchEntries = .allocate(capacity: 0)
        batchSuccessors = .allocate(capacity: 0)
        batchKeys = .allocate(capacity: 0)
        batchHits = .allocate(capacity: 0)
        for actor in 0..<(codec.cpuCount + codec.componentCount) {
            let unit = actor < codec.cpuCount ? 1 + actor : 1 + 2 * codec.cpuCount + actor - codec.cpuCount
            for i in 0..<stride {
                selectors[actor * stride + i] = unitMasks[i] | unitMasks[unit * stride + i]
            }
        }
    }

    deinit {
        schemas.deallocate()
        entries.deallocate()
        notes.deallocate()
        unitMasks.deallocate()
        selectors.deallocate()
        deallocateBatch()
    }

    private func deallocateBatch() {
        batchCodes.deallocate()
        batchStates.deallocate()
        batchSchemas.deallocate()
        batchEntries.deallocate()
        batchSuccessors.deallocate()
        batchKeys.deallocate()
        batchHits.deallocate()
    }

    private static func emptyWords(_ count: Int) -> UnsafeMutablePointer<UInt64> {
        let words = UnsafeMutablePointer<UInt64>.allocate(capacity: count)
        words.initialize(repeating: 0, count: count)
        return words
    }

    var allocatedBytes: Int {
        8 * (schemaSlots * schemaRecord + entrySlots * entryRecord + 3 + (1 + unitCount + cpuCount + componentCount) * stride)
            + batchBytes
    }

    /// The batch's room: per move its code, where its state, schema and entry are, its
    /// successor's fingerprint and words; and the hit bits.
    private var batchBytes: Int {
        batchCapacity * (MemoryLayout<UInt32>.stride + 3 * MemoryLayout<UnsafePointer<UInt64>>.stride
            + MemoryLayout<StateKey>.stride + 8 * stride) + (batchCapacity + 63) / 64 * 8
    }

    /// Grows the tables to an entry slot per `statesPerEntrySlot` of the `stored` states, in
    /// powers of two up to `largestEntrySlots` and `largestEntryBytes` (what they held is
    /// dropped). Between rounds.
    func fit(stored: Int) {
        var slots = entrySlots
        while slots < Self.largestEntrySlots, stored > Self.statesPerEntrySlot * slots,
            2 * slots * entryRecord * 8 <= Self.largestEntryBytes
        {
            slots *= 2
        }
        guard slots > entrySlots else { return }
        entries.deallocate()
        schemas.deallocate()
        entrySlots = slots
        schemaSlots = max(64, slots / Self.schemaSlotsPerEntrySlot)
        entries = Self.emptyWords(entrySlots * entryRecord)
        schemas = Self.emptyWords(schemaSlots * schemaRecord)
    }

    // MARK: - units

    @inline(__always) private func or(_ unit: Int, into words: UnsafeMutablePointer<UInt64>) {
        let mask = unitMasks + unit * stride
        for i in 0..<stride { words[i] |= mask[i] }
    }

    /// The units that decide what the move `code` (`MoveCode`) does: the header, and the
    /// acting CPU's unit or the component's part.
    @inline(__always) private func selector(_ code: UInt32) -> UnsafePointer<UInt64> {
        let kind = code >> 24
        let actor = Int(code & 0xFFFF) + (kind >= 3 && kind <= 5 ? cpuCount : 0)
        return UnsafePointer(selectors + actor * stride)
    }

    /// Over every word, without a branch: a record is a few words, and a branch per word (to
    /// visit only those a mask touches) cost more than it saved.
    @inline(__always) private func hash(_ seed: UInt64, _ state: UnsafePointer<UInt64>, _ mask: UnsafePointer<UInt64>) -> UInt64 {
        var h = seed &* StateKey.primes.1
        for i in 0..<stride { h = (h ^ (state[i] & mask[i])) &* StateKey.primes.0 }
        return h
    }

    @inline(__always) private func equal(_ stored: UnsafePointer<UInt64>, _ state: UnsafePointer<UInt64>, _ mask: UnsafePointer<UInt64>) -> Bool {
        var differ: UInt64 = 0
        for i in 0..<stride { differ |= stored[i] ^ (state[i] & mask[i]) }
        return differ == 0
    }

    /// A slot from a hash's high bits (the best mixed by the last multiply).
    @inline(__always) private static func slot(_ h: UInt64, _ slots: Int) -> Int { Int(truncatingIfNeeded: h >> 40) & (slots - 1) }

    /// The schema slot for `code` in `state` (`holds` says whether it is that schema's).
    @inline(__always) private func schemaSlot(_ code: UInt32, _ state: UnsafePointer<UInt64>) -> UnsafeMutablePointer<UInt64> {
        schemas + Self.slot(hash(UInt64(code) &+ 1, state, selector(code)), schemaSlots) * schemaRecord
    }

    /// Whether the schema slot `record` holds the schema of `code` in `state`.
    @inline(__always) private func holds(_ record: UnsafePointer<UInt64>, _ code: UInt32, _ state: UnsafePointer<UInt64>) -> Bool {
        record[0] == UInt64(code) &+ 1 && equal(record + 2, state, selector(code))
    }

    @inline(__always) private func entrySlot(_ generation: UInt64, _ state: UnsafePointer<UInt64>, mask: UnsafePointer<UInt64>) -> UnsafeMutablePointer<UInt64> {
        entries + Self.slot(hash(generation, state, mask), entrySlots) * entryRecord
    }

    // MARK: - lookup and record

    /// Starts a batch of lookups: none yet.
    func startBatch() { batchCount = 0 }

    /// Adds the lookup of move `code` from `state` (which must stay where it is until the batch
    /// has been looked up) to the batch.
    func append(code: UInt32, state: UnsafePointer<UInt64>) {
        if batchCount == batchCapacity { growBatch() }
        batchCodes[batchCount] = code
        batchStates[batchCount] = state
        batchCount += 1
    }

    /// Doubles the batch's room (what it holds is kept; the lookups' results are not yet made).
    private func growBatch() {
        let capacity = max(64, 2 * batchCapacity)
        let codes = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
        codes.initialize(from: batchCodes, count: batchCount)
        let states = UnsafeMutablePointer<UnsafePointer<UInt64>>.allocate(capacity: capacity)
        states.initialize(from: batchStates, count: batchCount)
        deallocateBatch()
        batchCodes = codes
        batchStates = states
        batchSchemas = .allocate(capacity: capacity)
        batchEntries = .allocate(capacity: capacity)
        batchSuccessors = .allocate(capacity: capacity * stride)
        batchKeys = .allocate(capacity: capacity)
        batchHits = .allocate(capacity: (capacity + 63) / 64)
        batchCapacity = capacity
    }

    /// Looks up every move of the batch, each stage for all of them before the next: a lookup
    /// is two dependent loads at random from tables larger than the caches, and one at a time,
    /// each waits out both misses; this way a stage's loads overlap. Move i's successor is then
    /// known when `isHit(i)`, with its words at `batchSuccessor(i)` and its fingerprint in `batchKeys`.
    func lookUpBatch() {
        let count = batchCount
        for i in 0..<count {
            batchSchemas[i] = schemaSlot(batchCodes[i], batchStates[i])
            Self.prefetch(batchSchemas[i], words: schemaRecord)
        }
        for w in 0..<(count + 63) / 64 { batchHits[w] = 0 }
        for i in 0..<count {
            let schema = batchSchemas[i]
            guard holds(schema, batchCodes[i], batchStates[i]) else { continue }
            batchEntries[i] = entrySlot(schema[1], batchStates[i], mask: schema + 2 + stride)
            Self.prefetch(batchEntries[i], words: entryRecord)
            batchHits[i / 64] |= 1 << UInt64(i % 64)
        }
        for w in 0..<(count + 63) / 64 {
            var found = batchHits[w]
            while found != 0 {
                let i = 64 * w + found.trailingZeroBitCount
                found &= found - 1
                let successor = batchSuccessors + i * stride
                if take(batchEntries[i], schema: batchSchemas[i], state: batchStates[i], into: successor) {
                    batchKeys[i] = StateKey(words: successor, count: stride)
                } else {
                    batchHits[w] &= ~(1 << UInt64(i % 64))
                }
            }
        }
    }

    /// Whether the batch's move i was found.
    @inline(__always) func isHit(_ i: Int) -> Bool { batchHits[i / 64] & 1 << UInt64(i % 64) != 0 }

    /// The batch's move i's successor, when found.
    @inline(__always) func batchSuccessor(_ i: Int) -> UnsafePointer<UInt64> { UnsafePointer(batchSuccessors + i * stride) }

    /// Starts reading a record's cache lines.
    @inline(__always) private static func prefetch(_ record: UnsafePointer<UInt64>, words: Int) {
        var word = 0
        while word < words {
            csx_prefetch(record + word)
            word += 8
        }
        csx_prefetch(record + words - 1)
    }

    /// Writes the successor `entry` holds for `state` under `schema` (found, and current), when it holds one.
    @inline(__always) private func take(
        _ entry: UnsafePointer<UInt64>, schema: UnsafePointer<UInt64>, state: UnsafePointer<UInt64>,
        into successor: UnsafeMutablePointer<UInt64>
    ) -> Bool {
        guard entry[0] == schema[1], equal(entry + 1, state, schema + 2 + stride) else { return false }
        let xor = entry + 1 + stride
        for i in 0..<stride { successor[i] = state[i] ^ xor[i] }
        return true
    }

    /// Writes into `successor` what `move` (`code`) leads to from `state`, when a move seen
    /// before read the same bits; false when none did. One lookup alone: the expander looks up
    /// a state's moves together (`lookUpBatch`), and the tests hold the batch to this.
    func successor(code: UInt32, from state: UnsafePointer<UInt64>, into successor: UnsafeMutablePointer<UInt64>) -> Bool {
        let schema = schemaSlot(code, state)
        guard holds(schema, code, state) else { return false }
        return take(entrySlot(schema[1], state, mask: schema + 2 + stride), schema: schema, state: state, into: successor)
    }

    /// Notes that `move` (`code`) led from `state` to `successor`, having read (and written)
    /// what `notes` hold, and the budget when it `spent`. Nothing is noted when the successor
    /// differs from the state outside what was read (a write the notes missed).
    func record(code: UInt32, from state: UnsafePointer<UInt64>, to successor: UnsafePointer<UInt64>, spent: Bool) {
        read.update(repeating: 0, count: stride)
        or(0, into: read)
        if spent { or(budgetUnit, into: read) }
        orNoted(notes[0], first: 1, count: cpuCount)
        orNoted(notes[1], first: 1 + cpuCount, count: cpuCount)
        orNoted(notes[2], first: 1 + 2 * cpuCount, count: componentCount)
        for i in 0..<stride where (state[i] ^ successor[i]) & ~read[i] != 0 { return }
        let entry = newEntry(code, state)
        for i in 0..<stride { entry[i] = state[i] ^ successor[i] }
    }

    /// The entry for `code` in `state` with what `read` holds read, for its value to be
    /// written (`stride` words): the schema made or grown first.
    @inline(__always) private func newEntry(_ code: UInt32, _ state: UnsafePointer<UInt64>) -> UnsafeMutablePointer<UInt64> {
        let selector = selector(code)
        for i in 0..<stride { read[i] |= selector[i] }
        let schema = schemaSlot(code, state)
        let mask = schema + 2 + stride
        if !holds(schema, code, state) {
            schema[0] = UInt64(code) &+ 1
            schema[1] = nextGeneration
            nextGeneration += 1
            for i in 0..<stride {
                schema[2 + i] = state[i] & selector[i]
                mask[i] = read[i]
            }
        } else {
            var grows = false
            for i in 0..<stride where read[i] & ~mask[i] != 0 { grows = true }
            if grows {
                for i in 0..<stride { mask[i] |= read[i] }
                schema[1] = nextGeneration
                nextGeneration += 1
            }
        }
        let generation = schema[1]
        let entry = entrySlot(generation, state, mask: mask)
        entry[0] = generation
        for i in 0..<stride { entry[1 + i] = state[i] & mask[i] }
        return entry + 1 + stride
    }

    /// Ors the units of the elements noted in `bits` (bit 63: element 63 and all after it).
    @inline(__always) private func orNoted(_ bits: UInt64, first: Int, count: Int) {
        var left = bits
        while left != 0 {
            let element = left.trailingZeroBitCount
            left &= left - 1
            let through = element == 63 ? count : min(count, element + 1)
            guard element < through else { break }
            for e in element..<through { or(first + e, into: read) }
        }
    }
}
