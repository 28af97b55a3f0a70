import DriverSimulation
import FuzzSupport
import RaceDiagram
import Scenarios
import Testing

/// Random schedules of every hand-written scenario, under every profile and pm-save, drawn at
/// random widths, folded and full: always plain ASCII within the width, always the same bytes
/// twice, a mark for each violated step.
@Suite struct DiagramFuzzTests {
    @Test func randomSchedulesDrawWithinTheirWidth() throws {
        let scenarios = try ScenarioCatalogue.builtins().filter { !$0.name.hasPrefix("seed-") } + [try ScenarioCatalogue.load("seed-3")]
        let profiles = try KernelCatalogue.shipped() + [Fixtures.callerWithExitPM]
        let widths = Array(DiagramOptions.widthRange)
        try Fuzzing.run(minimum: 60) { generator, _ in
            let scenario = scenarios[Int(generator.next() % UInt64(scenarios.count))]
            let profile = profiles[Int(generator.next() % UInt64(profiles.count))]
            let pmSave: PMSave = generator.next() % 2 == 0 ? .selfHosted : .never
            var simulation = try ScenarioCatalogue.simulation(of: scenario, kernel: profile, pmSave: pmSave)
            for _ in 0..<Int(generator.next() % 60) {
                guard let action = LegalMoves.pick(Int(generator.next() % 1_000), in: simulation) else { break }
                try simulation.perform(action)
            }
            let width = widths[Int(generator.next() % UInt64(widths.count))]
            let full = generator.next() % 2 == 0
            let text = Fixtures.draw(simulation, width: width, full: full)
            checkPastable(text, width: width)
            #expect(Fixtures.draw(simulation, width: width, full: full) == text)
            if !simulation.violations.isEmpty { #expect(DrawnDiagram(text).body.contains { $0.contains("^^^") }, "\(text)") }
        }
    }
}
