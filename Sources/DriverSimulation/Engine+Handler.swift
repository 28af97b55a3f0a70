/// Cross-call handlers on the tracer's CPU, with IRQs off (§4.2 step 7, §4.3 step 3).
extension Engine {
    func firstHandlerPC(_ kind: CrossCall.Kind, _ driver: Driver) -> HandlerPC {
        switch kind {
        case .enableTracer: driver.modePlacement == .target ? .takeMode : .enableHW
        case .disableTracer: .disable
        }
    }

    /// The CPU takes its oldest pending IPI and runs the handler's first action in the same step.
    func takeIPI(_ cpu: Int, in world: inout World, log: inout EventLog, touched: inout Touched) {
        let call = world.cpus[cpu].pendingCalls.removeFirst()
        log.emit(.cpu(cpu), .ipiTaken(from: call.caller, call.kind, tracer: tracerID(ofCPU: call.tracerCPU)))
        world.cpus[cpu].handler = HandlerFlow(call: call, pc: firstHandlerPC(call.kind, world.driver), inline: false)
        handlerStep(cpu, in: &world, log: &log, touched: &touched)
    }

    func handlerStep(_ cpu: Int, in world: inout World, log: inout EventLog, touched: inout Touched) {
        guard var handler = world.cpus[cpu].handler else { return }
        let actor = Actor.cpu(cpu)
        let n = handler.call.tracerCPU
        touched.tracerCPU = n
        switch handler.pc {
        case .takeMode:
            if take(.sysfs, tracerCPU: n, actor: actor, in: &world, log: &log) {
                handler.pc = .enableHW
                world.cpus[cpu].handler = handler
                return
            }
            handler.rc = .ebusy
        case .enableHW:
            if !enableUnit(tracerCPU: n, actor: actor, in: &world, log: &log) {
                handler.rc = .ebusy
                if world.driver.modePlacement == .target {
                    set(.disabled, tracerCPU: n, actor: actor, in: &world, log: &log)
                }
            } else if world.driver.pathPointer == .target {
                setPathPointer(true, tracerCPU: n, actor: actor, in: &world, log: &log)
            }
        case .disable:
            if world.driver.pathPointer == .target {
                setPathPointer(false, tracerCPU: n, actor: actor, in: &world, log: &log)
            }
            disableUnit(tracerCPU: n, actor: actor, in: &world, log: &log)
            if world.driver.modePlacement == .target {
                set(.disabled, tracerCPU: n, actor: actor, in: &world, log: &log)
            }
        }
        complete(handler, on: cpu, in: &world, log: &log)
    }

    /// 7d: completes the cross-call; the caller's next step sees `rc`.
    func complete(_ handler: HandlerFlow, on cpu: Int, in world: inout World, log: inout EventLog) {
        let caller = handler.call.caller
        world.cpus[cpu].handler = nil
        world.cpus[caller].thread?.callCompleted = true
        if handler.rc != .ok { world.cpus[caller].thread?.rc = handler.rc }
        log.emit(.cpu(cpu), .callCompleted(caller: caller, handler.rc))
    }
}
