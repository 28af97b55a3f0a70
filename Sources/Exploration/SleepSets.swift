import DriverSimulation

/// Sleep sets (Godefroid, with state caching) on top of the persistent sets. When a state's
/// moves a, then b are explored and b is independent of a there, the state b leads to holds a
/// asleep: every schedule from it that takes a before a move dependent on a was explored from
/// a's side already. A state's moves asleep are not taken.
///
/// With a visited set this needs two more things to stay sound:
/// - A state reached several times keeps the *intersection* of the sets it arrived with; a
///   state not expanded yet is expanded with that.
/// - An arrival at a state already expanded with a set that lacks some of what the state held
///   asleep then re-expands it, taking only those moves (`wake`), and the state keeps the
///   intersection.
///
/// Independence is `PartialOrder`'s: moves with disjoint footprints commute and neither enables
/// nor disables the other (step-level footprints where that model holds). A move is named by
/// what it does in the sleep set, not by its place in a list: 3k, 3k + 1, 3k + 2 for CPU k's
/// step, idle entry and wake; then two per claimable slot (claim, release). A move without a bit
/// (hotplug, or past `bitCount`) is never asleep.
///
/// Symmetry: the visited set keeps one state per orbit, so a state's set is kept in the frame of
/// its canonical form. A successor's set is mapped there through each element that canonicalises
/// it (the intersection over them when the state has automorphisms, so the kept set is the same
/// from any of them), and back through the one its entry carries when expanded.
struct SleepSets: Sendable {
    /// Moves with a bit at most: a state's set is kept in 31 bits beside its expanded flag (`SleepWord`).
    static let bitCount = 31
    let cpuCount: Int
    let claimable: [Int]
    let slotOfComponent: [Int]
    /// Per frame (0: the identity, e + 1: symmetry element e): per bit, its bit in the image's
    /// frame, and the inverse.
    private let forward: [[Int8]]
    private let backward: [[Int8]]

    /// The bits whose whole orbit has bits (`bitCount`): the others are never asleep.
    let usable: UInt32

    init(rules: EnvironmentRules, cpuCount: Int, symmetry: Symmetry?) {
        self.cpuCount = cpuCount
        claimable = rules.claimable
        slotOfComponent = rules.slotOfComponent
        let bits = min(Self.bitCount, 3 * cpuCount + 2 * rules.claimable.count)
        var usable: UInt32 = bits == 32 ? ~0 : (1 << UInt32(bits)) - 1
        let identity = (0..<Self.bitCount).map { Int8($0) }
        var forward = [identity]
        for element in symmetry?.elements ?? [] {
            var map = identity
            for bit in 0..<bits {
                let image = Self.image(of: bit, cpu: element.cpu, slot: element.slot, cpuCount: cpuCount)
                if image < bits { map[bit] = Int8(image) } else { usable &= ~(1 << UInt32(bit)) }
            }
            forward.append(map)
        }
        // A bit one element takes out of range: its whole orbit goes (the elements form a
        // group, so every bit of that orbit has an element taking it there).
        self.usable = usable
        self.forward = forward
        backward = forward.map { map in
            var inverse = identity
            for bit in 0..<bits where usable & (1 << UInt32(bit)) != 0 { inverse[Int(map[bit])] = Int8(bit) }
            return inverse
        }
    }

    /// Where an element (CPU k ↦ cpu[k], slot s ↦ slot[s]) takes a bit.
    private static func image(of bit: Int, cpu: [Int], slot: [Int], cpuCount: Int) -> Int {
        if bit < 3 * cpuCount { return 3 * cpu[bit / 3] + bit % 3 }
        let s = (bit - 3 * cpuCount) / 2
        return 3 * cpuCount + 2 * slot[s] + (bit - 3 * cpuCount) % 2
    }

    /// The move's bit, or -1.
    @inline(__always) func bit(of move: EngineAction) -> Int {
        let bit: Int
        switch move {
        case .step(let cpu): bit = 3 * cpu
        case .idle(let cpu): bit = 3 * cpu + 1
        case .wake(let cpu): bit = 3 * cpu + 2
        case .extClaim(let id): bit = slotOfComponent[id] < 0 ? -1 : 3 * cpuCount + 2 * slotOfComponent[id]
        case .extRelease(let id): bit = slotOfComponent[id] < 0 ? -1 : 3 * cpuCount + 2 * slotOfComponent[id] + 1
        default: return -1
        }
        return bit < Self.bitCount && usable & (1 << UInt32(bit)) != 0 ? bit : -1
    }

    @inline(__always) func mask(of move: EngineAction) -> UInt32 {
        let b = bit(of: move)
        return b < 0 ? 0 : 1 << UInt32(b)
    }

    /// The move a bit names.
    func move(ofBit bit: Int) -> EngineAction {
        if bit < 3 * cpuCount {
            let cpu = bit / 3
            switch bit % 3 {
            case 0: return .step(cpu: cpu)
            case 1: return .idle(cpu: cpu)
            default: return .wake(cpu: cpu)
            }
        }
        let id = claimable[(bit - 3 * cpuCount) / 2]
        return (bit - 3 * cpuCount) % 2 == 0 ? .extClaim(id) : .extRelease(id)
    }

    /// A real-frame set in the canonical form's frame: through every element in `ties` (bit 0 the
    /// identity, bit e + 1 element e), intersected.
    func canonical(_ sleep: UInt32, ties: UInt64) -> UInt32 {
        guard sleep != 0 else { return 0 }
        var result: UInt32 = ~0
        var frames = ties
        while frames != 0 {
            result &= Self.mapped(sleep, forward[frames.trailingZeroBitCount])
            frames &= frames - 1
        }
        return result
    }

    /// A canonical-frame set in the frame of a state `frame` canonicalises.
    @inline(__always) func real(_ sleep: UInt32, frame: Int) -> UInt32 {
        frame == 0 || sleep == 0 ? sleep : Self.mapped(sleep, backward[frame])
    }

    @inline(__always) private static func mapped(_ sleep: UInt32, _ map: [Int8]) -> UInt32 {
        var result: UInt32 = 0
        var bits = sleep
        while bits != 0 {
            result |= 1 << UInt32(map[bits.trailingZeroBitCount])
            bits &= bits - 1
        }
        return result
    }
}

/// A visited state's word in the search's per-state array with sleep sets: its sleep set in the
/// canonical frame (bits 0–30), and whether it has been expanded (bit 31).
enum SleepWord {
    static let expanded: UInt32 = 1 << 31

    @inline(__always) static func sleep(_ word: UInt32) -> UInt32 { word & ~expanded }
    @inline(__always) static func isExpanded(_ word: UInt32) -> Bool { word & expanded != 0 }
}
