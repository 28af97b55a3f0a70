import CoreSightModel
import DriverSimulation

/// A (World, Budget) as a fixed number of 64-bit words for one search: every field of World,
/// CPUState, TracerState, PartState (and the values inside them) and Budget, in bit fields
/// sized from the topology and the start state. Variable-size values become small ids: a path
/// (`InternTable`), a CPU's pending cross-calls (`InternTable`), and its operation queue as
/// the length of the start queue's suffix (the explorer never queues, so a queue only loses
/// its head). `decode(encode(w)) == w` (PackedStateTests).
///
/// Layout, least significant bit first: the driver (6 bits), mutexHolder and hotplugWriter
/// (cpu+1); per CPU its `CPUState`; per CPU its `TracerState`; per component its `PartState`;
/// the budget's counters.
final class PackedCodec: Sendable {
    let cpuCount: Int
    let componentCount: Int
    /// Ports per component (the start world's `portRefcounts.count`; fixed by the topology).
    let portCounts: [Int]
    let cpuBits: Int
    let componentBits: Int
    let pathBits: Int
    let callsBits: Int
    let queueBits: [Int]
    let hopBits: Int
    let countBits: Int
    let idleBits: [Int]
    let claimBits: [Int]
    let offlineBits: [Int]
    /// Words per state.
    let words: Int
    /// Bits of a part before its port counts: claim (2), activated, mode (2), enabled.
    static let partFieldBits = 6
    /// Bits of a thread's and a handler's fields (written as zeros when there is none).
    let threadBits: Int
    let handlerBits: Int
    /// Bits of a CPU's PM walk fields (pmLinksDown, pmWalk, pmSinkSaved, pmFailed), last in its
    /// section; and of a tracer's fields before its paths (mode … traceIDAllocated). Packed
    /// images and signatures copy or read them whole.
    let pmWalkBits: Int
    let tracerPlainBits: Int
    /// Where each section starts, in bits: header, each CPU, each tracer, the parts, the
    /// budget; then the end. Positions are fixed, so a section can be decoded on its own.
    let sections: [Int]
    /// Where each component's part starts within the parts section, in bits.
    let partOffsets: [Int]
    /// What `restore` decodes on its own, in bit order: every section, except that the parts
    /// section is one unit per component. Their starts (and the end), and what each is.
    let unitStarts: [Int]
    let unitKinds: [RestoreUnit]
    /// Per bit of a record, the unit that holds it.
    let unitOfBit: [Int32]
    /// Per CPU, the start queue's suffixes by length.
    let queueSuffixes: [[[Operation]]]
    /// Immutable: interning a value makes a new codec (`interning`), outside the parallel phase.
    let paths: InternTable<TracePath>
    let calls: InternTable<[CrossCall]>

    /// Stored properties the codec writes, per type (PackedStateTests compares these with the
    /// types' own, so a field added there and not here fails a test).
    static let encodedFields: [String: [String]] = [
        "World": ["driver", "cpus", "tracers", "parts", "mutexHolder", "hotplugWriter"],
        "Driver": ["knobs", "savesSelfHosted"],
        "DriverKnobs": ["modePlacement", "pmCode", "hotplug", "pathPointer"],
        "CPUState": [
            "online", "hotplug", "queue", "thread", "handler", "pendingCalls", "idle", "savedThisEntry", "pmSource",
            "pmLinksDown", "pmWalk", "pmSinkSaved", "pmFailed",
        ],
        "ThreadFlow": ["op", "pc", "path", "enabledHops", "rc", "callCompleted", "holdsMutex", "byHotplug"],
        "HandlerFlow": ["call", "pc", "inline", "rc"],
        "CrossCall": ["kind", "caller", "tracerCPU"],
        "TracerState": [
            "mode", "unit", "saved", "needsRestore", "refcount", "traceIDAllocated", "sysfsPath", "perfPath",
            "pathPointer",
        ],
        "TraceUnit": ["programmed", "enabled", "osLocked", "poweredUp", "programmedByExternal"],
        "SavedContext": ["unit", "claim", "ownedAtSave"],
        "PartState": ["claim", "portRefcounts", "activated", "mode", "enabled"],
        "Budget": ["idleLeft", "claimsLeft", "offlinesLeft"],
    ]

    init(topology: Topology, start: World, budget: Budget) {
        cpuCount = start.cpus.count
        componentCount = start.parts.count
        portCounts = start.parts.map(\.portRefcounts.count)
        cpuBits = bitWidth(cpuCount)
        componentBits = bitWidth(componentCount)
        // A path is built from a tracer to a sink (a function of the two), or came with the start.
        let tracers = topology.tracerOfCPU.compactMap { $0 }.count
        let paths = InternTable(first: TracePath(hops: []), limit: tracers * componentCount + 3 * cpuCount + 2)
        self.paths = paths
        pathBits = bitWidth(paths.limit - 1)
        // Pending calls: a sequence of calls from distinct callers (each waits for its call), of two kinds.
        var lists = 1
        var term = 1
        for k in 0..<cpuCount where lists < 1 << 30 {
            term = min(term * (cpuCount - k) * 2, 1 << 30)
            lists = min(lists + term, 1 << 30)
        }
        let calls = InternTable<[CrossCall]>(first: [], limit: lists + 1)
        self.calls = calls
        callsBits = bitWidth(calls.limit - 1)
        queueBits = start.cpus.map { bitWidth($0.queue.count) }
        queueSuffixes = start.cpus.map { cpu in (0...cpu.queue.count).map { Array(cpu.queue.suffix($0)) } }
        hopBits = bitWidth(max(componentCount, 1))
        // A refcount grows once per flow that enables (each port of a path once): flows queued or running.
        let queued = start.cpus.reduce(0) { $0 + $1.queue.count }
        let highest = max(
            start.tracers.map { Int($0.refcount) }.max() ?? 0,
            start.parts.map { Int($0.portRefcounts.max() ?? 0) }.max() ?? 0)
        countBits = min(16, bitWidth(highest + queued + cpuCount + 1))
        idleBits = budget.idleLeft.map { bitWidth(Int($0)) }
        claimBits = budget.claimsLeft.map { bitWidth(Int($0)) }
        offlineBits = budget.offlinesLeft.map { bitWidth(Int($0)) }
        let headerBits = 6 + 2 * cpuBits
        threadBits = 3 + componentBits + 4 + pathBits + hopBits + 3 + 3
        handlerBits = 1 + 2 * cpuBits + 2 + 1 + 3
        pmWalkBits = 2 * min(8, hopBits) + 2
        tracerPlainBits = 2 + 5 + 9 + 1 + min(8, countBits) + 1
        let cpuStateBits = 1 + 3 + (1 + threadBits) + (1 + handlerBits) + callsBits + 3 + 1 + componentBits + pmWalkBits
        let tracerBits = tracerPlainBits + 2 * pathBits + 1
        var starts = [0]
        var bits = headerBits
        for k in 0..<cpuCount {
            starts.append(bits)
            bits += cpuStateBits + queueBits[k]
        }
        for _ in 0..<cpuCount {
            starts.append(bits)
            bits += tracerBits
        }
        starts.append(bits)
        var offsets: [Int] = []
        var partBits = 0
        for ports in portCounts {
            offsets.append(partBits)
            partBits += Self.partFieldBits + ports * countBits
        }
        partOffsets = offsets
        bits += partBits
        starts.append(bits)
        bits += (idleBits + claimBits + offlineBits).reduce(0, +)
        starts.append(bits)
        sections = starts
        words = max(1, (bits + 63) / 64)
        (unitStarts, unitKinds) = Self.units(sections: starts, partOffsets: offsets, cpuCount: cpuCount)
        unitOfBit = Self.unitOfBit(unitStarts)
    }

    // MARK: - encode

    /// Writes `world` and `budget` into `out` (`words` words). False when a path or call list
    /// is not interned yet (the caller interns it outside the parallel phase, then encodes again).
    func encode(_ world: World, _ budget: Budget, hints: PackedHints, into out: UnsafeMutablePointer<UInt64>) -> Bool {
        var w = BitWriter(out)
        encodeHeader(world, &w)
        let cpusPacked = world.cpus.withUnsafeBufferPointer { cpus in
            for k in 0..<cpuCount {
                guard encode(cpus.baseAddress! + k, cpu: k, hints: hints, &w) else { return false }
            }
            return true
        }
        guard cpusPacked else { return false }
        let tracersPacked = world.tracers.withUnsafeBufferPointer { tracers in
            for k in 0..<cpuCount {
                guard encode(tracers.baseAddress! + k, cpu: k, hints: hints, &w) else { return false }
            }
            return true
        }
        guard tracersPacked else { return false }
        world.parts.withUnsafeBufferPointer { parts in
            for id in 0..<componentCount { encode(parts.baseAddress! + id, id: id, &w) }
        }
        encodeBudget(budget, &w)
        w.finish(words: words)
        return true
    }

    /// Re-packs into `words`, which hold `world` and `budget` as they were before a move, what
    /// the move wrote (`WrittenArray`'s notes): the header, the CPUs, tracers and components
    /// written, and the budget when the move spent some. False as `encode`'s. (The expander's
    /// debug builds check it against `encode`.)
    func encodeWritten(
        _ world: World, _ budget: Budget, budgetWritten: Bool, hints: PackedHints, over words: UnsafeMutablePointer<UInt64>
    ) -> Bool {
        var w = BitWriter(words)
        encodeHeader(world, &w)
        w.close()
        let cpusPacked = world.cpus.withUnsafeBufferPointer { cpus in
            for k in 0..<cpuCount where world.cpus.wasWritten(k) {
                var w = BitWriter(words, from: sections[1 + k])
                guard encode(cpus.baseAddress! + k, cpu: k, hints: hints, &w) else { return false }
                w.close()
            }
            return true
        }
        guard cpusPacked else { return false }
        let tracersPacked = world.tracers.withUnsafeBufferPointer { tracers in
            for k in 0..<cpuCount where world.tracers.wasWritten(k) {
                var w = BitWriter(words, from: sections[1 + cpuCount + k])
                guard encode(tracers.baseAddress! + k, cpu: k, hints: hints, &w) else { return false }
                w.close()
            }
            return true
        }
        guard tracersPacked else { return false }
        if world.parts.anyWritten {
            world.parts.withUnsafeBufferPointer { parts in
                for id in 0..<componentCount where world.parts.wasWritten(id) {
                    var w = BitWriter(words, from: sections[1 + 2 * cpuCount] + partOffsets[id])
                    encode(parts.baseAddress! + id, id: id, &w)
                    w.close()
                }
            }
        }
        if budgetWritten {
            var b = BitWriter(words, from: sections[2 * cpuCount + 2])
            encodeBudget(budget, &b)
            b.close()
        }
        return true
    }

    /// Whether `world` and `budget` pack as `words` (debug builds' checks).
    func packs(_ world: World, _ budget: Budget, as words: UnsafePointer<UInt64>) -> Bool {
        var whole = [UInt64](repeating: 0, count: self.words)
        let packed = whole.withUnsafeMutableBufferPointer {
            encode(world, budget, hints: PackedHints(cpuCount: cpuCount), into: $0.baseAddress!)
        }
        return packed && (0..<self.words).allSatisfy { whole[$0] == words[$0] }
    }

    @inline(__always) private func encodeHeader(_ world: World, _ w: inout BitWriter) {
        let driver = world.driver
        w.put(UInt64(driver.modePlacement == .caller ? 0 : 1), 1)
        w.put(UInt64(Self.code(driver.pmCode)), 2)
        w.put(driver.hotplug == .driver ? false : true)
        w.put(driver.pathPointer == .caller ? false : true)
        w.put(driver.savesSelfHosted)
        w.put(optional(world.mutexHolder, cpuBits, "mutexHolder"), cpuBits)
        w.put(optional(world.hotplugWriter, cpuBits, "hotplugWriter"), cpuBits)
    }

    @inline(__always) private func encodeBudget(_ budget: Budget, _ w: inout BitWriter) {
        for k in budget.idleLeft.indices { w.put(UInt64(budget.idleLeft[k]), idleBits[k]) }
        for k in budget.claimsLeft.indices { w.put(UInt64(budget.claimsLeft[k]), claimBits[k]) }
        for k in budget.offlinesLeft.indices { w.put(UInt64(budget.offlinesLeft[k]), offlineBits[k]) }
    }

    @inline(__always)
    private func encode(_ part: UnsafePointer<PartState>, id: Int, _ w: inout BitWriter) {
        let claim = part.pointee.claim.rawValue
        check(Int(claim), 2, "claim")
        w.put(UInt64(claim), 2)
        w.put(part.pointee.activated)
        w.put(UInt64(part.pointee.mode.rawValue), 2)
        w.put(part.pointee.enabled)
        part.pointee.portRefcounts.withUnsafeBufferPointer { ports in
            check(ports.count, portCounts[id], exact: true, "portRefcounts.count")
            for refcount in ports {
                check(Int(refcount), countBits, "portRefcounts")
                w.put(UInt64(refcount), countBits)
            }
        }
    }

    @inline(__always)
    private func encode(_ cpu: UnsafePointer<CPUState>, cpu k: Int, hints: PackedHints, _ w: inout BitWriter) -> Bool {
        w.put(cpu.pointee.online)
        w.put(cpu.pointee.hotplug.map { UInt64($0.rawValue) + 1 } ?? 0, 3)
        let length = cpu.pointee.queue.count
        guard length < queueSuffixes[k].count, cpu.pointee.queue == queueSuffixes[k][length] else {
            preconditionFailure("packed state: cpu\(k)'s queue is not a suffix of its start queue (the explorer never queues)")
        }
        w.put(UInt64(length), queueBits[k])
        if let thread = cpu.pointee.thread {
            w.put(true)
            putOperation(thread.op, &w)
            w.put(UInt64(thread.pc.rawValue), 4)
            guard let path = pathID(thread.path, hints.threadPath[k], hints, k) else { return false }
            w.put(UInt64(path), pathBits)
            check(thread.enabledHops, hopBits, "enabledHops")
            w.put(UInt64(thread.enabledHops), hopBits)
            w.put(UInt64(thread.rc.rawValue), 3)
            w.put(thread.callCompleted)
            w.put(thread.holdsMutex)
            w.put(thread.byHotplug)
        } else {
            w.put(false)
            w.zeros(threadBits)
        }
        if let handler = cpu.pointee.handler {
            w.put(true)
            w.put(UInt64(handler.call.kind.rawValue), 1)
            check(handler.call.caller, cpuBits, "caller")
            w.put(UInt64(handler.call.caller), cpuBits)
            check(handler.call.tracerCPU, cpuBits, "tracerCPU")
            w.put(UInt64(handler.call.tracerCPU), cpuBits)
            w.put(UInt64(handler.pc.rawValue), 2)
            w.put(handler.inline)
            w.put(UInt64(handler.rc.rawValue), 3)
        } else {
            w.put(false)
            w.zeros(handlerBits)
        }
        if cpu.pointee.pendingCalls.isEmpty {
            w.put(0, callsBits)
        } else {
            guard let id = calls.id(of: cpu.pointee.pendingCalls, hint: hints.calls[k]) else { return false }
            w.put(UInt64(id), callsBits)
        }
        w.put(UInt64(cpu.pointee.idle.rawValue), 3)
        w.put(cpu.pointee.savedThisEntry)
        w.put(optional(cpu.pointee.pmSource, componentBits, "pmSource"), componentBits)
        let small = min(8, hopBits)
        check(Int(cpu.pointee.pmLinksDown), small, "pmLinksDown")
        w.put(UInt64(cpu.pointee.pmLinksDown), small)
        check(Int(cpu.pointee.pmWalk), small, "pmWalk")
        w.put(UInt64(cpu.pointee.pmWalk), small)
        w.put(cpu.pointee.pmSinkSaved)
        w.put(cpu.pointee.pmFailed)
        return true
    }

    @inline(__always)
    private func encode(_ tracer: UnsafePointer<TracerState>, cpu k: Int, hints: PackedHints, _ w: inout BitWriter) -> Bool {
        w.put(UInt64(tracer.pointee.mode.rawValue), 2)
        putUnit(tracer.pointee.unit, &w)
        if let saved = tracer.pointee.saved {
            w.put(true)
            putUnit(saved.unit, &w)
            check(Int(saved.claim.rawValue), 2, "saved.claim")
            w.put(UInt64(saved.claim.rawValue), 2)
            w.put(saved.ownedAtSave)
        } else {
            w.put(0, 9)
        }
        w.put(tracer.pointee.needsRestore)
        let refBits = min(8, countBits)
        check(Int(tracer.pointee.refcount), refBits, "refcount")
        w.put(UInt64(tracer.pointee.refcount), refBits)
        w.put(tracer.pointee.traceIDAllocated)
        guard let sysfs = pathID(tracer.pointee.sysfsPath, hints.sysfsPath[k], hints, k),
            let perf = pathID(tracer.pointee.perfPath, hints.perfPath[k], hints, k)
        else { return false }
        w.put(UInt64(sysfs), pathBits)
        w.put(UInt64(perf), pathBits)
        w.put(tracer.pointee.pathPointer)
        return true
    }

    /// A path's id: its slot's last id, the CPU's other slots' (the engine moves a path between
    /// a flow and its tracer), or a lookup.
    @inline(__always)
    private func pathID(_ path: TracePath?, _ hint: Int, _ hints: PackedHints, _ k: Int) -> Int? {
        guard let path else { return 0 }
        let values = paths.values
        if hint != 0, values[hint] == path { return hint }
        let thread = hints.threadPath[k]
        if thread != 0, thread != hint, values[thread] == path { return thread }
        let sysfs = hints.sysfsPath[k]
        if sysfs != 0, sysfs != hint, values[sysfs] == path { return sysfs }
        let perf = hints.perfPath[k]
        if perf != 0, perf != hint, values[perf] == path { return perf }
        return paths.id(of: path, hint: 0)
    }

    @inline(__always) private func putUnit(_ unit: TraceUnit, _ w: inout BitWriter) {
        w.put(unit.programmed)
        w.put(unit.enabled)
        w.put(unit.osLocked)
        w.put(unit.poweredUp)
        w.put(unit.programmedByExternal)
    }

    @inline(__always) private func putOperation(_ op: Operation, _ w: inout BitWriter) {
        let (kind, component): (UInt64, Int?) =
            switch op {
            case .enableSource(let t): (0, t)
            case .disableSource(let t): (1, t)
            case .perfStart(let sink): (2, sink)
            case .perfStop: (3, nil)
            case .enableSink(let s): (4, s)
            case .disableSink(let s): (5, s)
            }
        w.put(kind, 3)
        w.put(optional(component, componentBits, "operation"), componentBits)
    }

    @inline(__always) private func optional(_ value: Int?, _ width: Int, _ field: StaticString) -> UInt64 {
        guard let value else { return 0 }
        check(value + 1, width, field)
        return UInt64(value + 1)
    }

    @inline(__always) private func check(_ value: Int, _ width: Int, exact: Bool = false, _ field: StaticString) {
        if exact ? value != width : (value < 0 || value >> width != 0) {
            preconditionFailure("packed state: \(field) = \(value) does not fit the layout")
        }
    }

    static func code(_ pm: PMCode) -> Int {
        switch pm {
        case .v1: 0
        case .v2: 1
        case .v3: 2
        case .core: 3
        }
    }

    // MARK: - decode

    /// Rewrites `world` and `budget` (shaped for this search: as many CPUs, components, ports,
    /// budget counters) in place from `words`; records which ids it wrote in `hints`.
    func decode(
        _ words: UnsafePointer<UInt64>, into world: inout World, _ budget: inout Budget, hints: inout PackedHints
    ) {
        for section in 0..<(sections.count - 1) { decode(section: section, words, into: &world, &budget, hints: &hints) }
    }

    /// Decodes from `words` only the sections (in the parts section, the components) where
    /// `words` and `written` (and `alsoWritten`) differ: `world` and `budget` encode as
    /// `written` (and were then changed only where `alsoWritten` differs from it), so the rest
    /// already holds `words`' values.
    func restore(
        _ words: UnsafePointer<UInt64>, over written: UnsafePointer<UInt64>, _ alsoWritten: UnsafePointer<UInt64>?,
        into world: inout World, _ budget: inout Budget, hints: inout PackedHints
    ) {
        // From one differing bit to the next: a move changes a few units, so the scan costs a
        // pass over the words and a decode per unit changed.
        let end = unitStarts[unitStarts.count - 1]
        var bit = 0
        while let found = firstDifference(words, written, alsoWritten, from: bit), found < end {
            let unit = Int(unitOfBit[found])
            switch unitKinds[unit] {
            case .section(let section):
                decode(section: section, words, into: &world, &budget, hints: &hints)
            case .part(let id):
                var r = BitReader(words, bit: unitStarts[unit])
                world.parts.withUnsafeMutableBufferPointer { decodePart($0.baseAddress! + id, &r) }
            }
            bit = unitStarts[unit + 1]
        }
    }

    /// The first bit at or after `from` where `words` differs from `written` or `alsoWritten`.
    @inline(__always) private func firstDifference(
        _ words: UnsafePointer<UInt64>, _ written: UnsafePointer<UInt64>, _ alsoWritten: UnsafePointer<UInt64>?, from: Int
    ) -> Int? {
        var word = from / 64
        var mask: UInt64 = ~0 << UInt64(from % 64)
        while word < self.words {
            var difference = words[word] ^ written[word]
            if let alsoWritten { difference |= words[word] ^ alsoWritten[word] }
            difference &= mask
            if difference != 0 { return word * 64 + difference.trailingZeroBitCount }
            word += 1
            mask = ~0
        }
        return nil
    }

    /// `unitOfBit` for units starting at `starts` (the last: the end).
    private static func unitOfBit(_ starts: [Int]) -> [Int32] {
        var units: [Int32] = []
        units.reserveCapacity(starts[starts.count - 1])
        for unit in 0..<(starts.count - 1) {
            units.append(contentsOf: repeatElement(Int32(unit), count: starts[unit + 1] - starts[unit]))
        }
        return units
    }

    /// `unitStarts` and `unitKinds` for a layout.
    private static func units(sections: [Int], partOffsets: [Int], cpuCount: Int) -> ([Int], [RestoreUnit]) {
        let partsSection = 2 * cpuCount + 1
        var starts: [Int] = []
        var kinds: [RestoreUnit] = []
        for section in 0..<(sections.count - 1) {
            guard section == partsSection else {
                starts.append(sections[section])
                kinds.append(.section(section))
                continue
            }
            for (id, offset) in partOffsets.enumerated() {
                starts.append(sections[section] + offset)
                kinds.append(.part(id))
            }
        }
        starts.append(sections[sections.count - 1])
        return (starts, kinds)
    }

    private func decode(
        section: Int, _ words: UnsafePointer<UInt64>, into world: inout World, _ budget: inout Budget,
        hints: inout PackedHints
    ) {
        var r = BitReader(words, bit: sections[section])
        switch section {
        case 0: decodeHeader(&r, into: &world)
        case 1...cpuCount:
            world.cpus.withUnsafeMutableBufferPointer { decodeCPU($0.baseAddress! + section - 1, section - 1, &r, &hints) }
        case (cpuCount + 1)...(2 * cpuCount):
            let k = section - 1 - cpuCount
            world.tracers.withUnsafeMutableBufferPointer { decodeTracer($0.baseAddress! + k, k, &r, &hints) }
        case 2 * cpuCount + 1: decodeParts(&r, into: &world)
        default:
            for k in budget.idleLeft.indices { budget.idleLeft[k] = UInt8(r.take(idleBits[k])) }
            for k in budget.claimsLeft.indices { budget.claimsLeft[k] = UInt8(r.take(claimBits[k])) }
            for k in budget.offlinesLeft.indices { budget.offlinesLeft[k] = UInt8(r.take(offlineBits[k])) }
        }
    }

    private func decodeHeader(_ r: inout BitReader, into world: inout World) {
        let placement: ModePlacement = r.flag() ? .target : .caller
        let pm: PMCode =
            switch r.int(2) {
            case 0: .v1
            case 1: .v2
            case 2: .v3
            default: .core
            }
        let hotplug: HotplugCode = r.flag() ? .core : .driver
        let pointer: PathPointer = r.flag() ? .target : .caller
        let driver = Driver(
            knobs: DriverKnobs(modePlacement: placement, pmCode: pm, hotplug: hotplug, pathPointer: pointer),
            savesSelfHosted: r.flag())
        if world.driver != driver { world.driver = driver }
        world.mutexHolder = optional(r.int(cpuBits))
        world.hotplugWriter = optional(r.int(cpuBits))
    }

    private func decodeParts(_ r: inout BitReader, into world: inout World) {
        world.parts.withUnsafeMutableBufferPointer { parts in
            for id in 0..<componentCount { decodePart(parts.baseAddress! + id, &r) }
        }
    }

    @inline(__always) private func decodePart(_ part: UnsafeMutablePointer<PartState>, _ r: inout BitReader) {
        part.pointee.claim = ClaimTags(rawValue: UInt8(r.take(2)))
        part.pointee.activated = r.flag()
        part.pointee.mode = Mode(rawValue: UInt8(r.take(2)))!
        part.pointee.enabled = r.flag()
        part.pointee.portRefcounts.withUnsafeMutableBufferPointer { ports in
            for p in ports.indices { ports[p] = UInt16(r.take(countBits)) }
        }
    }

    @inline(__always)
    private func decodeCPU(_ cpu: UnsafeMutablePointer<CPUState>, _ k: Int, _ r: inout BitReader, _ hints: inout PackedHints) {
        cpu.pointee.online = r.flag()
        let phase = r.int(3)
        cpu.pointee.hotplug = phase == 0 ? nil : HotplugPhase(rawValue: UInt8(phase - 1))!
        // A queue is a suffix of the start queue: as long means the same.
        let length = r.int(queueBits[k])
        if cpu.pointee.queue.count != length { cpu.pointee.queue = queueSuffixes[k][length] }
        if r.flag() {
            var thread = ThreadFlow(op: readOperation(&r), pc: ThreadPC(rawValue: UInt8(r.take(4)))!)
            let path = r.int(pathBits)
            hints.threadPath[k] = path
            thread.path = path == 0 ? nil : paths.values[path]
            thread.enabledHops = r.int(hopBits)
            thread.rc = Errno(rawValue: UInt8(r.take(3)))!
            thread.callCompleted = r.flag()
            thread.holdsMutex = r.flag()
            thread.byHotplug = r.flag()
            cpu.pointee.thread = thread
        } else {
            r.skip(threadBits)
            hints.threadPath[k] = 0
            if cpu.pointee.thread?.pc != nil { cpu.pointee.thread = nil }  // a field: no copy of the flow
        }
        if r.flag() {
            let kind = CrossCall.Kind(rawValue: UInt8(r.take(1)))!
            let caller = r.int(cpuBits)
            let call = CrossCall(kind, from: caller, forTracerOf: r.int(cpuBits))
            let pc = HandlerPC(rawValue: UInt8(r.take(2)))!
            let inline = r.flag()
            cpu.pointee.handler = HandlerFlow(call: call, pc: pc, inline: inline, returning: Errno(rawValue: UInt8(r.take(3)))!)
        } else {
            r.skip(handlerBits)
            cpu.pointee.handler = nil
        }
        let calls = r.int(callsBits)
        hints.calls[k] = calls
        if calls != 0 || !cpu.pointee.pendingCalls.isEmpty { cpu.pointee.pendingCalls = self.calls.values[calls] }
        cpu.pointee.idle = IdlePhase(rawValue: UInt8(r.take(3)))!
        cpu.pointee.savedThisEntry = r.flag()
        cpu.pointee.pmSource = optional(r.int(componentBits))
        let small = min(8, hopBits)
        cpu.pointee.pmLinksDown = UInt8(r.take(small))
        cpu.pointee.pmWalk = UInt8(r.take(small))
        cpu.pointee.pmSinkSaved = r.flag()
        cpu.pointee.pmFailed = r.flag()
    }

    @inline(__always)
    private func decodeTracer(_ tracer: UnsafeMutablePointer<TracerState>, _ k: Int, _ r: inout BitReader, _ hints: inout PackedHints) {
        tracer.pointee.mode = Mode(rawValue: UInt8(r.take(2)))!
        tracer.pointee.unit = readUnit(&r)
        if r.flag() {
            let unit = readUnit(&r)
            let claim = ClaimTags(rawValue: UInt8(r.take(2)))
            tracer.pointee.saved = SavedContext(copyOf: unit, claim: claim, ownedAtSave: r.flag())
        } else {
            _ = r.take(8)
            tracer.pointee.saved = nil
        }
        tracer.pointee.needsRestore = r.flag()
        tracer.pointee.refcount = UInt8(r.take(min(8, countBits)))
        tracer.pointee.traceIDAllocated = r.flag()
        let sysfs = r.int(pathBits)
        let perf = r.int(pathBits)
        hints.sysfsPath[k] = sysfs
        hints.perfPath[k] = perf
        if sysfs != 0 || tracer.pointee.sysfsPath != nil { tracer.pointee.sysfsPath = sysfs == 0 ? nil : paths.values[sysfs] }
        if perf != 0 || tracer.pointee.perfPath != nil { tracer.pointee.perfPath = perf == 0 ? nil : paths.values[perf] }
        tracer.pointee.pathPointer = r.flag()
    }

    @inline(__always) private func readUnit(_ r: inout BitReader) -> TraceUnit {
        var unit = TraceUnit()
        unit.programmed = r.flag()
        unit.enabled = r.flag()
        unit.osLocked = r.flag()
        unit.poweredUp = r.flag()
        unit.programmedByExternal = r.flag()
        return unit
    }

    @inline(__always) private func readOperation(_ r: inout BitReader) -> Operation {
        let kind = r.int(3)
        let component = optional(r.int(componentBits))
        switch kind {
        case 0: return .enableSource(component!)
        case 1: return .disableSource(component!)
        case 2: return .perfStart(sink: component)
        case 3: return .perfStop
        case 4: return .enableSink(component!)
        default: return .disableSink(component!)
        }
    }

    @inline(__always) private func optional(_ stored: Int) -> Int? { stored == 0 ? nil : stored - 1 }

    // MARK: - interning

    private init(_ other: PackedCodec, paths: InternTable<TracePath>, calls: InternTable<[CrossCall]>) {
        cpuCount = other.cpuCount
        componentCount = other.componentCount
        portCounts = other.portCounts
        cpuBits = other.cpuBits
        componentBits = other.componentBits
        pathBits = other.pathBits
        callsBits = other.callsBits
        queueBits = other.queueBits
        hopBits = other.hopBits
        countBits = other.countBits
        idleBits = other.idleBits
        claimBits = other.claimBits
        offlineBits = other.offlineBits
        words = other.words
        queueSuffixes = other.queueSuffixes
        threadBits = other.threadBits
        handlerBits = other.handlerBits
        pmWalkBits = other.pmWalkBits
        tracerPlainBits = other.tracerPlainBits
        sections = other.sections
        partOffsets = other.partOffsets
        unitStarts = other.unitStarts
        unitKinds = other.unitKinds
        unitOfBit = other.unitOfBit
        self.paths = paths
        self.calls = calls
    }

    /// This codec, or one that also knows the paths and call lists of `world` new to it.
    func interning(_ world: World) -> PackedCodec {
        var paths = paths
        var calls = calls
        let before = paths.count + calls.count
        for cpu in world.cpus {
            if let path = cpu.thread?.path { _ = paths.intern(path) }
            if !cpu.pendingCalls.isEmpty { _ = calls.intern(cpu.pendingCalls) }
        }
        for tracer in world.tracers {
            if let path = tracer.sysfsPath { _ = paths.intern(path) }
            if let path = tracer.perfPath { _ = paths.intern(path) }
        }
        return paths.count + calls.count == before ? self : PackedCodec(self, paths: paths, calls: calls)
    }

    /// Bytes held by the intern tables and the table of units per bit.
    var allocatedBytes: Int {
        paths.allocatedBytes { 32 + $0.hops.capacity * MemoryLayout<PathHop>.stride }
            + calls.allocatedBytes { 32 + $0.capacity * MemoryLayout<CrossCall>.stride }
            + unitOfBit.capacity * MemoryLayout<Int32>.stride
    }
}

/// What `PackedCodec.restore` decodes at once: a whole section, or one component's part.
enum RestoreUnit: Sendable {
    case section(Int)
    case part(Int)
}

/// Which interned ids the last decode wrote per CPU: the encoder tries them first.
struct PackedHints: Sendable {
    var threadPath: [Int]
    var sysfsPath: [Int]
    var perfPath: [Int]
    var calls: [Int]

    init(cpuCount: Int) {
        threadPath = Array(repeating: 0, count: cpuCount)
        sysfsPath = threadPath
        perfPath = threadPath
        calls = threadPath
    }
}
