import CoreSightModel
import DriverSimulation

/// A symmetry element applied to a packed state itself: each CPU's and tracer's section moves to
/// its image's place with the ids inside renamed (CPUs, components, interned paths and call
/// lists through per-element tables), each part moves to its image component (a funnel's
/// per-port counts permuted), the budget's counters move. The same words `PackedCodec.encode`
/// writes for `Symmetry.image(of:under:dead:)`'s world (SymmetryTests), without building a
/// world per image. The orbit key writes only the images its CPU signatures leave in the running
/// (`PackedOrbit.smallestKey`): most often one, or none.
///
/// Dead-variable canonicalisation commutes with the elements (an element maps what can never
/// be touched again onto what can never be touched again), so the image of a canonical state is
/// canonical.
struct PackedImage: Sendable {
    let element: SymmetryElement
    let inverseSlot: [Int]
    /// Image ids of interned paths and call lists, by id; -1 when not looked up yet. Interning
    /// only appends, so an id found stays right; one not interned yet is looked up again.
    private var pathIDs: [Int32] = []
    private var callIDs: [Int32] = []
    /// The parts and budget sections as runs (`ImageRuns`), from the first write on.
    private var tailRuns: ImageRuns?

    init(_ element: SymmetryElement) {
        self.element = element
        inverseSlot = SymmetryElement.inverted(element.slot)
    }

    /// Writes the image of the packed state `source` into `out` (`codec.words` words); false
    /// when the image holds a path or call list `codec` has not interned.
    mutating func write(_ source: UnsafePointer<UInt64>, codec: PackedCodec, into out: UnsafeMutablePointer<UInt64>) -> Bool {
        let n = codec.cpuCount
        var w = BitWriter(out)
        var header = BitReader(source)
        w.put(header.take(6), 6)
        w.put(renamedOptionalCPU(header.take(codec.cpuBits)), codec.cpuBits)
        w.put(renamedOptionalCPU(header.take(codec.cpuBits)), codec.cpuBits)
        for j in 0..<n {
            let k = element.inverseCPU[j]
            var r = BitReader(source, bit: codec.sections[1 + k])
            guard copyCPU(&r, from: k, to: j, codec, &w) else { return false }
        }
        for j in 0..<n {
            var r = BitReader(source, bit: codec.sections[1 + n + element.inverseCPU[j]])
            guard copyTracer(&r, codec, &w) else { return false }
        }
        // The parts and the budget: runs worked out on the first image (the layout is the search's).
        if tailRuns == nil { tailRuns = ImageRuns(element: element, inverseSlot: inverseSlot, codec: codec) }
        tailRuns!.copy(source, &w)
        w.finish(words: codec.words)
        return true
    }

    @inline(__always) private func renamedOptionalCPU(_ stored: UInt64) -> UInt64 {
        stored == 0 ? 0 : UInt64(element.cpu[Int(stored) - 1] + 1)
    }

    @inline(__always) private func renamedOptionalComponent(_ stored: UInt64) -> UInt64 {
        stored == 0 ? 0 : UInt64(element.component[Int(stored) - 1] + 1)
    }

    /// A `CPUState` section, field by field as `PackedCodec.encode` writes it.
    private mutating func copyCPU(
        _ r: inout BitReader, from k: Int, to j: Int, _ codec: PackedCodec, _ w: inout BitWriter
    ) -> Bool {
        w.put(r.take(4), 4)  // online, hotplug
        // The start maps onto itself, so the image's queue is its own start queue's suffix of this length.
        w.put(r.take(codec.queueBits[k]), codec.queueBits[j])
        if r.flag() {
            w.put(true)
            w.put(r.take(3), 3)  // the operation's kind
            w.put(renamedOptionalComponent(r.take(codec.componentBits)), codec.componentBits)
            w.put(r.take(4), 4)  // pc
            guard let path = pathImage(r.int(codec.pathBits), codec) else { return false }
            w.put(UInt64(path), codec.pathBits)
            w.put(r.take(codec.hopBits), codec.hopBits)
            w.put(r.take(6), 6)  // rc, callCompleted, holdsMutex, byHotplug
        } else {
            w.put(false)
            r.skip(codec.threadBits)
            w.zeros(codec.threadBits)
        }
        if r.flag() {
            w.put(true)
            w.put(r.take(1), 1)  // kind
            w.put(UInt64(element.cpu[r.int(codec.cpuBits)]), codec.cpuBits)  // caller
            w.put(UInt64(element.cpu[r.int(codec.cpuBits)]), codec.cpuBits)  // tracerCPU
            w.put(r.take(6), 6)  // pc, inline, rc
        } else {
            w.put(false)
            r.skip(codec.handlerBits)
            w.zeros(codec.handlerBits)
        }
        guard let calls = callsImage(r.int(codec.callsBits), codec) else { return false }
        w.put(UInt64(calls), codec.callsBits)
        w.put(r.take(4), 4)  // idle, savedThisEntry
        w.put(renamedOptionalComponent(r.take(codec.componentBits)), codec.componentBits)
        w.put(r.take(codec.pmWalkBits), codec.pmWalkBits)
        return true
    }

    /// A `TracerState` section: only its two paths name anything.
    private mutating func copyTracer(_ r: inout BitReader, _ codec: PackedCodec, _ w: inout BitWriter) -> Bool {
        w.put(r.take(codec.tracerPlainBits), codec.tracerPlainBits)
        guard let sysfs = pathImage(r.int(codec.pathBits), codec), let perf = pathImage(r.int(codec.pathBits), codec) else {
            return false
        }
        w.put(UInt64(sysfs), codec.pathBits)
        w.put(UInt64(perf), codec.pathBits)
        w.put(r.take(1), 1)
        return true
    }

    /// The id of the image of interned path `id`; nil when that path is not interned yet.
    private mutating func pathImage(_ id: Int, _ codec: PackedCodec) -> Int? {
        if id == 0 { return 0 }
        if id < pathIDs.count, pathIDs[id] >= 0 { return Int(pathIDs[id]) }
        var renaming = element
        guard let found = codec.paths.id(of: renaming.renamed(codec.paths.values[id]), hint: 0) else { return nil }
        Self.remember(found, at: id, in: &pathIDs)
        return found
    }

    /// The id of the image of interned call list `id` (each call's CPUs renamed).
    private mutating func callsImage(_ id: Int, _ codec: PackedCodec) -> Int? {
        if id == 0 { return 0 }
        if id < callIDs.count, callIDs[id] >= 0 { return Int(callIDs[id]) }
        var renaming = element
        guard let found = codec.calls.id(of: codec.calls.values[id].map { renaming.renamed($0) }, hint: 0) else { return nil }
        Self.remember(found, at: id, in: &callIDs)
        return found
    }

    private static func remember(_ found: Int, at id: Int, in table: inout [Int32]) {
        if table.count <= id { table.append(contentsOf: repeatElement(-1, count: id + 1 - table.count)) }
        table[id] = Int32(found)
    }

    /// Bytes its tables hold.
    var allocatedBytes: Int { (pathIDs.capacity + callIDs.capacity) * 4 + (tailRuns?.runs.capacity ?? 0) * 8 }
}

/// The orbit key over a group's packed images: the smallest fingerprint among a canonical
/// state's own and its images'.
struct PackedOrbit: Sendable {
    var images: [PackedImage]

    init(_ symmetry: Symmetry) { images = symmetry.elements.map(PackedImage.init) }

    /// `key` is the fingerprint of `words` (a canonical packed state); nil when an image holds
    /// a path or call list `codec` has not interned (the merge interns them, then packs again).
    ///
    /// Only the images whose CPUs, read in image order, have the smallest sequence of
    /// signatures (`signature(of:_:codec:)`, blind to renaming) are written and fingerprinted:
    /// the states of one orbit have the same set of such sequences (the elements form a group),
    /// so they pick the same images, and the smallest key among those is the orbit's.
    /// `ties`: the elements whose image is the smallest (bit 0 the identity, bit e + 1 element e).
    mutating func smallestKey(
        of words: UnsafePointer<UInt64>, key: StateKey, codec: PackedCodec, scratch: UnsafeMutablePointer<UInt64>
    ) -> StateKey? {
        var ties: UInt64 = 0
        return smallestKey(of: words, key: key, codec: codec, scratch: scratch, ties: &ties)
    }

    mutating func smallestKey(
        of words: UnsafePointer<UInt64>, key: StateKey, codec: PackedCodec, scratch: UnsafeMutablePointer<UInt64>,
        ties: inout UInt64
    ) -> StateKey? {
        let n = codec.cpuCount
        let elements = images.count
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: n) { signatures -> StateKey? in
            Self.signatures(of: words, codec: codec, into: signatures)
            // Which elements read the smallest sequence; -1 is the identity.
            return withUnsafeTemporaryAllocation(of: Int.self, capacity: elements + 1) { chosen -> StateKey? in
                chosen[0] = -1
                var count = 1
                for e in 0..<elements {
                    let order = Self.compare(images[e].element.inverseCPU, chosen[0] < 0 ? nil : images[chosen[0]].element.inverseCPU, signatures)
                    if order < 0 {
                        chosen[0] = e
                        count = 1
                    } else if order == 0 {
                        chosen[count] = e
                        count += 1
                    }
                }
                var best: StateKey? = nil
                for c in 0..<count {
                    let candidate: StateKey
                    if chosen[c] < 0 {
                        candidate = key
                    } else {
                        guard images[chosen[c]].write(words, codec: codec, into: scratch) else { return nil }
                        candidate = StateKey(words: scratch, count: codec.words)
                    }
                    let frame: UInt64 = 1 << UInt64(chosen[c] + 1)
                    if let known = best, !(candidate.high < known.high || (candidate.high == known.high && candidate.low < known.low)) {
                        if candidate == known { ties |= frame }
                        continue
                    }
                    best = candidate
                    ties = frame
                }
                return best
            }
        }
    }

    /// The CPUs' signatures read through `inverse` against read through `other` (nil: the
    /// identity): -1, 0 or 1 as the first is smaller, the same or larger.
    @inline(__always)
    private static func compare(_ inverse: [Int], _ other: [Int]?, _ signatures: UnsafeMutableBufferPointer<UInt64>) -> Int {
        for j in inverse.indices {
            let a = signatures[inverse[j]]
            let b = signatures[other?[j] ?? j]
            if a != b { return a < b ? -1 : 1 }
        }
        return 0
    }

    /// A fingerprint of CPU `k`'s state, its tracer's and its idle and offline budget, of the
    /// fields no element renames (ids of CPUs, components, paths and call lists are left out):
    /// an element moves it, unchanged, to the CPU's image.
    static func signature(of words: UnsafePointer<UInt64>, _ k: Int, codec: PackedCodec) -> UInt64 {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: codec.cpuCount) { all in
            signatures(of: words, codec: codec, into: all)
            return all[k]
        }
    }

    /// Every CPU's `signature(of:_:codec:)` at once (the budget read once).
    static func signatures(of words: UnsafePointer<UInt64>, codec: PackedCodec, into out: UnsafeMutableBufferPointer<UInt64>) {
        let n = codec.cpuCount
        var b = BitReader(words, bit: codec.sections[2 + 2 * n])
        for k in 0..<n { out[k] = b.take(codec.idleBits[k]) << 32 }
        for s in 0..<codec.claimBits.count { b.skip(codec.claimBits[s]) }
        for k in 0..<n { out[k] |= b.take(codec.offlineBits[k]) }
        for k in 0..<n { out[k] = signature(of: words, k, codec: codec, budget: out[k]) }
    }

    @inline(__always)
    private static func signature(of words: UnsafePointer<UInt64>, _ k: Int, codec: PackedCodec, budget: UInt64) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        @inline(__always) func mix(_ value: UInt64) { h = StateKey.fold(h ^ value, 0xA076_1D64_78BD_642F) }
        var r = BitReader(words, bit: codec.sections[1 + k])
        mix(r.take(4))  // online, hotplug
        mix(r.take(codec.queueBits[k]))
        if r.flag() {
            mix(1 << 8 | r.take(3))  // the operation's kind
            r.skip(codec.componentBits)
            mix(r.take(4))  // pc
            r.skip(codec.pathBits)
            mix(r.take(codec.hopBits))
            mix(r.take(6))  // rc, callCompleted, holdsMutex, byHotplug
        } else {
            mix(0)
            r.skip(codec.threadBits)
        }
        if r.flag() {
            mix(1 << 8 | r.take(1))  // kind
            r.skip(2 * codec.cpuBits)
            mix(r.take(6))  // pc, inline, rc
        } else {
            mix(0)
            r.skip(codec.handlerBits)
        }
        mix(r.take(codec.callsBits) == 0 ? 0 : 1)  // calls pending or not
        mix(r.take(4))  // idle, savedThisEntry
        mix(r.take(codec.componentBits) == 0 ? 0 : 1)  // a PM source or not
        mix(r.take(codec.pmWalkBits))
        var t = BitReader(words, bit: codec.sections[1 + codec.cpuCount + k])
        mix(t.take(codec.tracerPlainBits))
        mix(t.take(codec.pathBits) == 0 ? 0 : 1)
        mix(t.take(codec.pathBits) == 0 ? 0 : 1)
        mix(t.take(1))
        mix(budget)  // idle and offline entries left
        return h
    }

    var allocatedBytes: Int { images.reduce(0) { $0 + $1.allocatedBytes } }
}
