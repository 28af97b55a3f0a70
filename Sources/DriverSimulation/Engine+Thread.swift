import CoreSightModel

/// User-space flows: sysfs enable/disable of a source (§4.2, §4.3), perf start/stop (§4.4),
/// enable/disable of a sink (§4.1). One call of `threadStep` is one atomic step.
extension Engine {
    func threadStep(_ cpu: Int, in world: inout World, log: inout EventLog, touched: inout Touched) {
        guard var flow = world.cpus[cpu].thread else { return }
        let actor = Actor.cpu(cpu)
        switch flow.pc {
        case .lockAndCheck:
            world.mutexHolder = cpu
            flow.holdsMutex = true
            log.emit(actor, .mutexTaken)
            if world.driver.hotplug == .core, let t = flow.op.sourceTracer, !world.cpus[self.cpu(ofTracer: t)].online {
                // coresight_validate_source_sysfs(): enable -ENODEV; disable returns quietly.
                log.emit(actor, .sourceOffline(tracer: t))
                if case .enableSource = flow.op { flow.rc = .enodev }
                return finish(flow, on: cpu, in: &world, log: &log, touched: &touched)
            }
            switch flow.op {
            case .enableSource(let t):
                let n = self.cpu(ofTracer: t)
                if world.tracers[n].mode == .sysfs {
                    log.emit(actor, .alreadyEnabled(tracer: t))
                    return finish(flow, on: cpu, in: &world, log: &log, touched: &touched)
                }
                flow.pc = .findSink
            case .disableSource(let t):
                let n = self.cpu(ofTracer: t)
                guard world.tracers[n].mode == .sysfs, world.tracers[n].refcount > 0 else {
                    log.emit(actor, .notEnabled(tracer: t, mode: world.tracers[n].mode))
                    return finish(flow, on: cpu, in: &world, log: &log, touched: &touched)
                }
                world.tracers[n].refcount -= 1
                log.emit(actor, .sourceRefcount(tracer: t, Int(world.tracers[n].refcount)))
                // The remembered path now belongs to this flow until it is torn down.
                flow.path = world.tracers[n].sysfsPath
                flow.enabledHops = (flow.path?.hops.count ?? 1) - 1
                world.tracers[n].sysfsPath = nil
                touched.tracerCPU = n
                flow.pc = .sendCall
            default:
                break
            }

        case .findSink:
            guard case .enableSource(let t) = flow.op else { break }
            let sink = topology.findActivatedSink(from: t) { world.parts[$0].activated }
            guard let sink, let path = topology.buildPath(from: t, to: sink) else {
                log.emit(actor, .noSink(tracer: t))
                flow.rc = .einval
                return finish(flow, on: cpu, in: &world, log: &log, touched: &touched)
            }
            world.tracers[self.cpu(ofTracer: t)].traceIDAllocated = true
            log.emit(actor, .pathBuilt(path))
            flow.path = path
            flow.enabledHops = 0
            flow.pc = .enablePath

        case .enablePath:
            guard let path = flow.path else { break }
            let index = path.hops.count - 1 - flow.enabledHops
            let rc = enablePart(
                path.hops[index], isSink: flow.enabledHops == 0, mode: flow.pathMode, actor: actor,
                in: &world, log: &log, touched: &touched)
            if rc != .ok {
                flow.rc = rc
                flow.pc = flow.enabledHops > 0 ? .teardown : .finish
            } else {
                flow.enabledHops += 1
                if flow.enabledHops == path.hops.count - 1 {
                    switch flow.op {
                    case .perfStart: flow.pc = .takeMode
                    default: flow.pc = world.driver.modePlacement == .caller ? .takeMode : .sendCall
                    }
                }
            }

        case .takeMode:
            let n: Int
            if case .enableSource(let t) = flow.op { n = self.cpu(ofTracer: t) } else { n = cpu }
            let t = tracerID(ofCPU: n)
            let wanted = flow.pathMode
            touched.tracerCPU = n
            if take(wanted, tracerCPU: n, actor: actor, in: &world, log: &log) {
                flow.pc = flow.isPerfCallback ? .perfEnableHW : .sendCall
            } else {
                _ = t
                flow.rc = .ebusy
                flow.pc = flow.enabledHops > 0 ? .teardown : .finish
            }

        case .sendCall:
            let (kind, t): (CrossCall.Kind, Topology.ComponentID)
            switch flow.op {
            case .enableSource(let id): (kind, t) = (.enableTracer, id)
            case .disableSource(let id): (kind, t) = (.disableTracer, id)
            default: return
            }
            let n = self.cpu(ofTracer: t)
            let call = CrossCall(kind: kind, caller: cpu, tracerCPU: n)
            touched.tracerCPU = n
            flow.pc = .afterCall
            if n == cpu {
                // smp_call_function_single() on the calling CPU runs the function inline.
                log.emit(actor, .callInline(kind, tracer: t))
                world.cpus[cpu].handler = HandlerFlow(call: call, pc: firstHandlerPC(kind, world.driver), inline: true)
            } else if !world.cpus[n].online {
                log.emit(actor, .callFailedOffline(to: n))
                flow.callCompleted = true
                if kind == .enableTracer { flow.rc = .enxio }
            } else {
                world.cpus[n].pendingCalls.append(call)
                log.emit(actor, .callSent(to: n, kind, tracer: t))
                if world.cpus[n].idle == .wfi {
                    world.cpus[n].idle = .waking
                    log.emit(.cpu(n), .woke(.ipi))
                }
            }

        case .afterCall:
            let t: Topology.ComponentID
            switch flow.op {
            case .enableSource(let id), .disableSource(let id): t = id
            default: return
            }
            let n = self.cpu(ofTracer: t)
            touched.tracerCPU = n
            log.emit(actor, .callReturned(from: n, flow.rc))
            let isEnable = if case .enableSource = flow.op { true } else { false }
            if isEnable, flow.rc == .ok {
                flow.pc = .commit
            } else {
                // legacy rolls the mode back (enable failed) or resets it (disable) here, on
                // the calling CPU, after the handler already ran on the tracer's CPU.
                if world.driver.modePlacement == .caller {
                    set(.disabled, tracerCPU: n, actor: actor, in: &world, log: &log)
                }
                flow.pc = flow.enabledHops > 0 ? .teardown : .finish
            }

        case .commit:
            guard case .enableSource(let t) = flow.op else { break }
            let n = self.cpu(ofTracer: t)
            world.tracers[n].refcount += 1
            world.tracers[n].sysfsPath = flow.path
            log.emit(actor, .sourceRefcount(tracer: t, Int(world.tracers[n].refcount)))
            flow.path = nil
            flow.enabledHops = 0
            touched.tracerCPU = n
            return finish(flow, on: cpu, in: &world, log: &log, touched: &touched)

        case .teardown:
            guard let path = flow.path, flow.enabledHops > 0 else {
                flow.pc = .finish
                break
            }
            let index = path.hops.count - flow.enabledHops
            disablePart(
                path.hops[index], isSink: index == path.hops.count - 1, actor: actor,
                in: &world, log: &log, touched: &touched)
            flow.enabledHops -= 1
            if flow.enabledHops == 0 { flow.pc = .finish }

        case .finish:
            return finish(flow, on: cpu, in: &world, log: &log, touched: &touched)

        case .perfBuildPath:
            guard case .perfStart(let requested) = flow.op, let t = topology.tracerOfCPU[cpu] else { break }
            let sink = requested ?? topology.defaultSink(from: t)
            guard let sink, let path = topology.buildPath(from: t, to: sink) else {
                log.emit(actor, .noSink(tracer: t))
                flow.rc = .einval
                return finish(flow, on: cpu, in: &world, log: &log, touched: &touched)
            }
            log.emit(actor, .pathBuilt(path))
            flow.path = path
            flow.enabledHops = 0
            flow.pc = .enablePath

        case .perfEnableHW:
            let t = tracerID(ofCPU: cpu)
            touched.tracerCPU = cpu
            if enableUnit(tracerCPU: cpu, actor: actor, in: &world, log: &log) {
                world.tracers[cpu].perfPath = flow.path
                flow.path = nil
                flow.enabledHops = 0
                return finish(flow, on: cpu, in: &world, log: &log, touched: &touched)
            }
            _ = t
            flow.rc = .ebusy
            flow.pc = .perfSetDisabled

        case .perfSetDisabled:
            touched.tracerCPU = cpu
            set(.disabled, tracerCPU: cpu, actor: actor, in: &world, log: &log)
            flow.pc = flow.enabledHops > 0 ? .teardown : .finish

        case .perfDisableHW:
            let t = tracerID(ofCPU: cpu)
            guard let path = world.tracers[cpu].perfPath else {
                log.emit(actor, .notEnabled(tracer: t, mode: world.tracers[cpu].mode))
                return finish(flow, on: cpu, in: &world, log: &log, touched: &touched)
            }
            touched.tracerCPU = cpu
            disableUnit(tracerCPU: cpu, actor: actor, in: &world, log: &log)
            world.tracers[cpu].perfPath = nil
            flow.path = path
            flow.enabledHops = path.hops.count - 1
            flow.pc = .perfSetDisabled

        case .setActivated:
            switch flow.op {
            case .enableSink(let s):
                world.parts[s].activated = true
                log.emit(actor, .sinkActivated(s, true))
            case .disableSink(let s):
                world.parts[s].activated = false
                log.emit(actor, .sinkActivated(s, false))
            default: break
            }
            return finish(flow, on: cpu, in: &world, log: &log, touched: &touched)
        }
        world.cpus[cpu].thread = flow
    }

    /// Ends a flow: releases the path and the mutex; the write (or callback) returns.
    func finish(
        _ flow: ThreadFlow, on cpu: Int, in world: inout World, log: inout EventLog, touched: inout Touched
    ) {
        let actor = Actor.cpu(cpu)
        if let path = flow.path, flow.enabledHops == 0, flow.pc == .finish {
            log.emit(actor, .pathReleased(tracer: path.source))
        }
        if flow.holdsMutex {
            world.mutexHolder = nil
            log.emit(actor, .mutexReleased)
        }
        if !flow.byHotplug { log.emit(actor, .returned(flow.op, flow.rc)) }
        switch flow.op {
        case .enableSource(let t), .disableSource(let t): touched.tracerCPU = touched.tracerCPU ?? self.cpu(ofTracer: t)
        case .perfStart, .perfStop: touched.tracerCPU = cpu
        default: break
        }
        world.cpus[cpu].thread = nil
    }

    // MARK: - the mode cell and the trace unit

    /// `coresight_take_mode()`: compare-and-exchange DISABLED → `mode`.
    func take(_ mode: Mode, tracerCPU n: Int, actor: Actor, in world: inout World, log: inout EventLog) -> Bool {
        let t = tracerID(ofCPU: n)
        let held = world.tracers[n].mode
        guard held == .disabled else {
            log.emit(actor, .modeTakeFailed(tracer: t, wanted: mode, held: held))
            return false
        }
        world.tracers[n].mode = mode
        log.emit(actor, .modeTaken(tracer: t, mode))
        return true
    }

    /// `coresight_set_mode()`.
    func set(_ mode: Mode, tracerCPU n: Int, actor: Actor, in world: inout World, log: inout EventLog) {
        let from = world.tracers[n].mode
        world.tracers[n].mode = mode
        log.emit(actor, .modeSet(tracer: tracerID(ofCPU: n), from: from, to: mode))
    }

    /// `etm4_enable_hw()`: OS unlock, claim (on failure no trace register is touched),
    /// program, power up, enable. One step, as csx allows (docs/driver-model.md §4.2 7b).
    func enableUnit(tracerCPU n: Int, actor: Actor, in world: inout World, log: inout EventLog) -> Bool {
        let t = tracerID(ofCPU: n)
        world.tracers[n].unit.osLocked = false
        guard claim(t, actor: actor, in: &world, log: &log) else { return false }
        world.tracers[n].unit.programmed = true
        world.tracers[n].unit.programmedByExternal = false
        world.tracers[n].unit.poweredUp = true
        world.tracers[n].unit.enabled = true
        log.emit(actor, .unitEnabled(tracer: t))
        return true
    }

    /// `etm4_disable_hw()`: power-up request off, trace unit off, disclaim.
    func disableUnit(tracerCPU n: Int, actor: Actor, in world: inout World, log: inout EventLog) {
        let t = tracerID(ofCPU: n)
        world.tracers[n].unit.poweredUp = false
        world.tracers[n].unit.enabled = false
        log.emit(actor, .unitDisabled(tracer: t))
        disclaim(t, actor: actor, in: &world, log: &log)
    }
}
