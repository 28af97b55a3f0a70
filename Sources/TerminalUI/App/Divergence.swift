import DriverSimulation

/// The first step at which two runs of the same actions differ.
public struct Divergence: Sendable, Hashable {
    public var step: Int
    /// The kernel profile the earlier run used.
    public var kernel: String
    /// What the earlier run did at that step (for the inspector).
    public var otherEvents: [String]

    static func between(_ old: Simulation, _ new: Simulation) -> Divergence? {
        func byStep(_ simulation: Simulation) -> [Int: [Event]] {
            var result: [Int: [Event]] = [:]
            for record in simulation.records { for event in record.events where event.step > 0 { result[event.step, default: []].append(event) } }
            return result
        }
        let a = byStep(old)
        let b = byStep(new)
        let last = max(a.keys.max() ?? 0, b.keys.max() ?? 0)
        guard last > 0 else { return nil }
        let describer = EventDescriber(topology: old.topology)
        for step in 1...last where a[step] != b[step] {
            let other = (a[step] ?? []).map { "\($0.actor) \(describer.describe($0.kind))" }
            return Divergence(step: step, kernel: old.profile.name, otherEvents: other)
        }
        return nil
    }
}
