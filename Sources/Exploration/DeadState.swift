import CoreSightModel
import DriverSimulation

/// Dead-variable reduction: before a state is fingerprinted, what no future move can read is
/// reset to a fixed value, so states that differ only there merge. Merged states have exactly
/// the same futures (a bisimulation), so verdicts and shortest lengths are kept.
///
/// - A saved register copy with `state_needs_restore` clear, under pm-code v1 and v2:
///   CPU_PM_EXIT reads the copy only when the flag is set, and CPU_PM_ENTER overwrites it
///   before setting the flag. v3 has no flag: its exit restores whatever copy is there when
///   the mode it reads is not DISABLED. With the target placement that mode is written only on
///   the tracer's own CPU, never during its idle path, so it reads at exit what entry read, and
///   a non-DISABLED entry overwrote the copy: outside the idle path the copy is dead there too.
///   (With the caller placement another CPU can make the mode SYSFS in between: the copy lives.)
/// - "Saved on this idle entry" of a CPU not idling: idle entry resets it before any read.
/// - A *retired* CPU (it has nothing left to do: online, no flow, no IPI, no idle or offline
///   budget, running; the
///   debugger can neither claim nor release its tracer; no CPU will ever enable or disable its
///   tracer again): nothing can move it or read its tracer again, so its CPU, its tracer's
///   mode, hardware, saved copy and claim tags are reset. Kept: the path and refcount, which
///   the refcount invariant of other flows reads.
struct DeadState {
    let engine: Engine
    let rules: EnvironmentRules

    /// The canonical form of `world` (a copy; see `canonicalise`).
    func canonical(_ world: World, budget: Budget) -> World {
        var result = world
        canonicalise(&result, budget: budget)
        return result
    }

    /// Resets in place what no future move can read (writing only fields that change, so a
    /// world already canonical is left alone).
    func canonicalise(_ world: inout World, budget: Budget) {
        switch (world.driver.pmCode, world.driver.modePlacement) {
        case (.v1, _), (.v2, _):
            for n in world.tracers.indices where !world.tracers[n].needsRestore && world.tracers[n].saved != nil {
                world.tracers[n].saved = nil
            }
        case (.v3, .target):
            for n in world.tracers.indices where world.cpus[n].idle == .running && world.tracers[n].saved != nil {
                world.tracers[n].saved = nil
            }
        case (.v3, .caller), (.core, _):
            // The core's exit restores on the mode and pointer read then: the copy is kept.
            break
        }
        for n in world.cpus.indices where world.cpus[n].idle == .running && world.cpus[n].savedThisEntry {
            world.cpus[n].savedThisEntry = false
        }
        // Which CPUs are retired is decided on the world before any of them is reset.
        var retired: UInt64 = 0
        var many: [Int] = []
        for k in world.cpus.indices where isRetired(k, world, budget) {
            if k < 64 { retired |= 1 << UInt64(k) } else { many.append(k) }
        }
        guard retired != 0 || !many.isEmpty else { return }
        for k in world.cpus.indices where (k < 64 && retired & (1 << UInt64(k)) != 0) || (k >= 64 && many.contains(k)) {
            if world.cpus[k] != CPUState() { world.cpus[k] = CPUState() }
            guard let t = engine.topology.tracerOfCPU[k] else { continue }
            var tracer = TracerState()
            tracer.sysfsPath = world.tracers[k].sysfsPath
            tracer.perfPath = world.tracers[k].perfPath
            tracer.refcount = world.tracers[k].refcount
            if world.tracers[k] != tracer { world.tracers[k] = tracer }
            if !world.parts[t].claim.isEmpty { world.parts[t].claim = [] }
        }
    }

    func isRetired(_ k: Int, _ world: World, _ budget: Budget) -> Bool {
        let idle = world.withCPU(k) { cpu in
            cpu.pointee.online && cpu.pointee.hotplug == nil && cpu.pointee.idle == .running
                && cpu.pointee.thread?.pc == nil && cpu.pointee.handler == nil && cpu.pointee.pendingCalls.isEmpty
                && cpu.pointee.queue.isEmpty
        }
        guard idle, budget.idleLeft[k] == 0, budget.offlinesLeft[k] == 0 else { return false }
        guard let t = engine.topology.tracerOfCPU[k] else { return true }
        let slot = rules.slotOfComponent[t]
        if slot >= 0, budget.claimsLeft[slot] > 0 || world.parts[t].claim.contains(.external) { return false }
        return !world.cpus.contains { other in
            other.thread.map { targets($0.op, t) } == true || other.queue.contains { targets($0, t) }
        }
    }

    func targets(_ op: Operation, _ tracer: Topology.ComponentID) -> Bool {
        switch op {
        case .enableSource(let t), .disableSource(let t): t == tracer
        default: false
        }
    }
}
