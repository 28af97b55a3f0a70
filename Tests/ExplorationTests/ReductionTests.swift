import DriverSimulation
import Exploration
import Scenarios
import Testing

/// Reductions must cut states without changing any answer: the same verdict and the same
/// shortest length with and without them, on every built-in scenario small enough to explore
/// unreduced (seed-4 and up take minutes without reductions).
@Suite struct ReductionTests {
    static let unreducible = Set((4...8).map { "seed-\($0)" })
    static var names: [String] {
        ((try? ScenarioCatalogue.builtins()) ?? []).map(\.name).filter { !unreducible.contains($0) }
    }

    @Test(arguments: names, Variant.allCases)
    func sameVerdictAndShortestLength(name: String, variant: Variant) throws {
        let reduced = try explore(name, variant, reductions: true)
        let full = try explore(name, variant, reductions: false)
        #expect(reduced.verdict == full.verdict)
        #expect(reduced.shortest == full.shortest)
        #expect(reduced.invariant == full.invariant)
        #expect(reduced.states <= full.states)
    }

    /// The larger seeds under legacy: unreduced, the search still ends at the violation's depth,
    /// so these run in seconds (fixed ones need the whole space: minutes and gigabytes).
    @Test(arguments: ["seed-4", "seed-5"])
    func largerSeedsAgreeUnderLegacy(name: String) throws {
        let reduced = try explore(name, .legacy, reductions: true)
        let full = try explore(name, .legacy, reductions: false)
        #expect(reduced.verdict == .violation && full.verdict == .violation)
        #expect(reduced.shortest == full.shortest)
        #expect(reduced.invariant == full.invariant)
    }

    @Test func everyBuiltinIsCovered() throws {
        #expect(Self.names.count >= 7)  // the five YAML scenarios, seed-2 and seed-3
    }

    @Test func reductionsCutTheSeedFamilyALot() throws {
        let reduced = try explore("seed-3", .fixed, reductions: true)
        let full = try explore("seed-3", .fixed, reductions: false)
        #expect(reduced.states * 10 < full.states, "\(reduced.states) vs \(full.states)")
    }
}
