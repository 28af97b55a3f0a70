import ArgumentParser
import CoreSightModel
import DriverSimulation
import Foundation
import TerminalUI

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure speed: the engine (default), a sysfs poll, the TUI render or session files (build with -c release).")

    @Option(help: "Board to run on.")
    var board: String = "grid-64"

    @Option(help: "Atomic steps per measured run.")
    var steps: Int = 5_000_000

    @Option(help: ArgumentHelp("Measure one poll of this sysfs tree instead of the engine.", valueName: "root"))
    var sysfs: String?

    @Option(help: "With --sysfs: polls per measurement.")
    var polls: Int = 200

    @Option(help: ArgumentHelp("With --sysfs: read the tree on this board over ssh (the root is the board's).", valueName: "[user@]host"))
    var ssh: String?

    @Option(name: .customLong("ssh-port"), help: ArgumentHelp("With --ssh: ssh's -p.", valueName: "port"))
    var sshPort: Int?

    @Option(name: .customLong("ssh-option"), help: ArgumentHelp("With --ssh: one ssh -o option (repeatable).", valueName: "opt"))
    var sshOptions: [String] = []

    @Option(help: ArgumentHelp("With --ssh: milliseconds between the board's polls.", valueName: "ms"))
    var interval: Int = 50

    @Flag(help: "Measure the TUI's render instead: grid-256, a 100k-step timeline, 160x48.")
    var render = false

    @Flag(help: "Measure session files instead: write, load, replay and verify a --session-lines session.")
    var sessions = false

    @Option(help: "With --sessions: action lines in the session.")
    var sessionLines: Int = 1_000_000

    func validate() throws {
        let modes = [sysfs != nil, render, sessions].filter { $0 }.count
        if modes > 1 { throw ValidationError("give one of --sysfs, --render and --sessions") }
        if ssh != nil && sysfs == nil { throw ValidationError("--ssh measures a --sysfs root on the board: give --sysfs too") }
    }

    func run() throws {
        if let sysfs, let ssh {
            return try SysfsBench.runRemote(host: ssh, port: sshPort, options: sshOptions, root: sysfs, polls: polls, interval: interval)
        }
        if let sysfs { return try SysfsBench.run(root: sysfs, polls: polls) }
        if sessions { return try SessionsBench.run(lines: sessionLines) }
        if render {
            emit(try RenderBenchmark.run().description)
            emit(ScreenBenchmark.diff(width: 160, height: 48).description + "\n")
            return
        }
        guard steps > 0 else { throw BadInput("--steps must be positive") }
        let topology = try Loading.topology(board: board)
        guard topology.cpuCount >= 2 else { throw BadInput("the benchmark needs a board with 2 or more CPUs") }
        #if DEBUG
        emit("note: debug build; use `swift run -c release csx bench` for representative figures\n")
        #endif
        for variant in Variant.allCases {
            for recording in [false, true] {
                let result = EngineBenchmark.run(topology: topology, variant: variant, steps: steps, recordEvents: recording)
                let rate = Double(result.steps) / result.seconds
                // %-8@ does not pad a Swift String on Linux: pad by hand so the columns line up.
                let figures = String(
                    format: "%10d steps in %.3f s = %6.2f M steps/s  (%d violations)",
                    result.steps, result.seconds, rate / 1e6, result.violations)
                emit("engine  " + Self.padded(topology.name, 8) + " " + Self.padded(variant.rawValue, 6)
                    + " events " + Self.padded(recording ? "on" : "off", 3) + " " + figures + "\n")
            }
        }
    }
}

extension Bench {
    /// `text` left-aligned in at least `width` columns.
    static func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}

/// A fixed workload over every tracer: cpu0 enables and disables etmK while cpuK idles and
/// wakes; the external debugger claims and releases every fifth tracer around it.
enum EngineBenchmark {
    struct Result {
        var steps: Int
        var seconds: Double
        var violations: Int
    }

    static func run(topology: CoreSightModel.Topology, variant: Variant, steps target: Int, recordEvents: Bool) -> Result {
        let engine = Engine(topology: topology)
        var world = engine.initialWorld(variant: variant)
        var log = EventLog(recordsEvents: recordEvents)
        let sink = topology.id(named: "tmc_etr0") ?? topology.components.firstIndex { $0.type == .sink }!
        try? engine.apply(.queue(cpu: 0, .enableSink(sink)), to: &world, log: &log)
        try? engine.apply(.run(cpu: 0), to: &world, log: &log)
        var violations = 0
        let firstStep = log.nextStep
        var k = 1
        let start = DispatchTime.now().uptimeNanoseconds
        while log.nextStep - firstStep < target {
            let tracer = topology.tracerOfCPU[k]!
            let external = k % 5 == 0
            if external { try? engine.apply(.extClaim(tracer), to: &world, log: &log) }
            try? engine.apply(.queue(cpu: 0, .enableSource(tracer)), to: &world, log: &log)
            try? engine.apply(.queue(cpu: 0, .disableSource(tracer)), to: &world, log: &log)
            var turn = 0
            while world.cpus[0].thread != nil || !world.cpus[0].queue.isEmpty || world.cpus[k].idle != .running
                || !world.cpus[k].pendingCalls.isEmpty || world.cpus[k].handler != nil
            {
                turn += 1
                if turn % 3 == 0, world.cpus[k].mayBeginIdle {
                    try? engine.apply(.idle(cpu: k), to: &world, log: &log)
                } else if world.cpus[k].idle == .wfi {
                    try? engine.apply(.wake(cpu: k), to: &world, log: &log)
                } else if turn % 2 == 0, engine.stepability(of: k, in: world) == .ready {
                    engine.step(k, in: &world, log: &log)
                } else if engine.stepability(of: 0, in: world) == .ready {
                    engine.step(0, in: &world, log: &log)
                } else if engine.stepability(of: k, in: world) == .ready {
                    engine.step(k, in: &world, log: &log)
                }
            }
            if external { try? engine.apply(.extRelease(tracer), to: &world, log: &log) }
            violations += log.violationCount
            log.clear()
            k = k % (topology.cpuCount - 1) + 1
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Result(steps: log.nextStep - firstStep, seconds: seconds, violations: violations)
    }
}
