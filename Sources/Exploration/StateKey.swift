import CoreSightModel
import DriverSimulation

/// A 128-bit fingerprint of a canonical state (hash compaction): the visited set stores these
/// instead of whole worlds. Two different states share one with probability ~ n²/2¹²⁸.
struct StateKey: Hashable {
    var high: UInt64
    var low: UInt64

    /// The fingerprint of `world` as it is (reductions off) or of its canonical form.
    init(_ world: World, _ budget: Budget, canonicalisedBy dead: DeadState?) {
        let state = dead?.canonical(world, budget: budget) ?? world
        var first = Hasher()
        first.combine(0x9E37_79B9_7F4A_7C15 as UInt64)
        first.combine(state)
        first.combine(budget)
        var second = Hasher()
        second.combine(0xC2B2_AE3D_27D4_EB4F as UInt64)
        second.combine(budget)
        second.combine(state)
        high = UInt64(bitPattern: Int64(first.finalize()))
        low = UInt64(bitPattern: Int64(second.finalize()))
    }
}

/// Rough bytes of one world held in the frontier (an upper bound: copies share storage).
func estimatedBytes(of world: World) -> Int {
    let arrayHeader = 32
    var bytes = MemoryLayout<World>.stride + 3 * arrayHeader
    for cpu in world.cpus {
        bytes += MemoryLayout<CPUState>.stride
        bytes += arrayHeader + cpu.queue.count * MemoryLayout<Operation>.stride
        bytes += arrayHeader + cpu.pendingCalls.count * MemoryLayout<CrossCall>.stride
        if let path = cpu.thread?.path { bytes += arrayHeader + path.hops.count * MemoryLayout<PathHop>.stride }
    }
    for tracer in world.tracers {
        bytes += MemoryLayout<TracerState>.stride
        for path in [tracer.sysfsPath, tracer.perfPath].compactMap({ $0 }) {
            bytes += arrayHeader + path.hops.count * MemoryLayout<PathHop>.stride
        }
    }
    for part in world.parts {
        bytes += MemoryLayout<PartState>.stride + arrayHeader + part.portRefcounts.count * 2
    }
    return bytes
}
