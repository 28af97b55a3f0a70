import CoreSightModel
import DriverSimulation
import Foundation

/// Figures for `csx bench --render`: the pure render of a whole frame on a big board with a long
/// timeline, and how few cells one more step changes. Build with `-c release` for real figures.
public enum RenderBenchmark {
    public struct Result: Sendable, CustomStringConvertible {
        public var board: String
        public var size: Size
        public var timelineSteps: Int
        public var frames: Int
        public var secondsPerFrame: Double
        /// Cells a single step rewrites (mean over `stepSamples`), and a full repaint's.
        public var cellsPerStep: Double
        public var cellsPerFullRepaint: Int
        public var stepSamples: Int

        public var description: String {
            let percent = cellsPerStep / Double(cellsPerFullRepaint) * 100
            return String(format: "render  %@ %dx%d, %d-step timeline: %.3f ms per full frame (%d frames)\n",
                          board, size.width, size.height, timelineSteps, secondsPerFrame * 1e3, frames)
                + String(format: "render  one step rewrites %.0f of %d cells (%.1f%%, mean of %d steps)\n",
                         cellsPerStep, cellsPerFullRepaint, percent, stepSamples)
        }
    }

    /// Builds a `board` session of at least `steps` steps through the app state (so undo, the
    /// timeline and the narration carry their real load), then measures.
    public static func run(board name: String = "grid-256", steps: Int = 100_000, size: Size = Size(width: 160, height: 48),
                           frames: Int = 200, stepSamples: Int = 200) throws -> Result {
        guard let board = Board.named(name) else { throw BenchmarkError(message: "unknown board \(name)") }
        let topology = try board.topology()
        let simulation = try Simulation(engine: Engine(topology: topology), scenario: .bare(board: name), variant: .legacy)
        var state = AppState(simulation: simulation)
        state.screenSize = size
        state.perform(.operation(cpu: 0, .enableSink("tmc_etr0")))
        state.perform(.run(cpu: 0))
        var k = 1
        while state.simulation.nextStep < steps {
            for action in workload(cpu: k, tracer: topology.components[topology.tracerOfCPU[k]!].name) { state.perform(action) }
            k = k % (topology.cpuCount - 1) + 1
        }
        state.notice = nil
        let view = AppView(state: state)
        var buffer = ScreenBuffer(size: size)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<frames { view.render(state, into: &buffer) }
        }
        // Steady state: one atomic step at a time, as `s` does, each frame diffed with the last:
        // cpu0 enables and disables cpuK's tracer, K moving on when that is done.
        var previous = view.render(state)
        var changed = 0
        var samples = 0
        k = 1
        while samples < stepSamples {
            guard let cpu = [0, k].first(where: { state.simulation.engine.stepability(of: $0, in: state.world) == .ready }) else {
                k = k % (topology.cpuCount - 1) + 1
                let tracer = topology.components[topology.tracerOfCPU[k]!].name
                state.perform(.operation(cpu: 0, .enable(tracer)))
                state.perform(.operation(cpu: 0, .disable(tracer)))
                previous = view.render(state)
                continue
            }
            state.selectedCPU = cpu
            state.handle(.step)
            let next = view.render(state)
            changed += next.diff(from: previous).cellCount
            previous = next
            samples += 1
        }
        return Result(board: name, size: size, timelineSteps: state.simulation.nextStep - 1, frames: frames,
                      secondsPerFrame: seconds(elapsed) / Double(frames), cellsPerStep: Double(changed) / Double(max(1, samples)),
                      cellsPerFullRepaint: previous.fullRepaint().cellCount, stepSamples: samples)
    }

    /// cpu0 enables and disables cpuK's tracer while cpuK idles in between.
    static func workload(cpu k: Int, tracer: String) -> [Action] {
        [.operation(cpu: 0, .enable(tracer)), .run(cpu: 0), .run(cpu: k), .run(cpu: 0),
         .idle(cpu: k), .run(cpu: k), .wake(cpu: k), .run(cpu: k),
         .operation(cpu: 0, .disable(tracer)), .run(cpu: 0), .run(cpu: k), .run(cpu: 0)]
    }

    public struct BenchmarkError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
