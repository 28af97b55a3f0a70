import CoreSightModel
import DriverSimulation
import Exploration
import LiveSysfs
import OrderedJSON
import SafeText
import Scenarios
import TerminalUI

/// The board's kernel tied to the model: its release mapped to the nearest shipped driver
/// profile, and the known races that profile has on this board at its pm_save_enable.
///
/// The rule: every shipped profile stands at its release and at each alias that is a release
/// (`v6.18.2` also at `v6.17.13`, the stable backport); a kernel maps to the highest such point
/// at or below its own release (`6.18.0`, `6.18.1` → v6.18; `6.18.2`+ → v6.18.2; `6.19.y` →
/// v6.19; `7.0.y` → v7.0; `7.1.y` → v7.1; anything newer → the newest shipped at or below it).
/// A release older than every point maps to the oldest profile, said as such. A new profile
/// file is picked up by its name alone.
enum LiveKernel {
    /// A release's leading numbers: `6.18.5-arm64` → [6, 18, 5]; nil without one.
    static func version(_ text: String) -> [Int]? {
        let trimmed = text.hasPrefix("v") ? text.dropFirst() : Substring(text)
        var parts: [Int] = []
        for field in trimmed.split(separator: ".", maxSplits: 3, omittingEmptySubsequences: false) {
            let digits = field.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 6, let value = Int(digits) else { break }
            parts.append(value)
            if digits.count != field.count { break }  // `5-rc1`: the rest is not a version
        }
        return parts.isEmpty ? nil : parts
    }

    static func precedesOrEquals(_ a: [Int], _ b: [Int]) -> Bool {
        for index in 0..<max(a.count, b.count) {
            let (x, y) = (index < a.count ? a[index] : 0, index < b.count ? b[index] : 0)
            if x != y { return x < y }
        }
        return true
    }

    /// The profile for `release` and the rule that chose it, or nil without a version.
    static func profile(forRelease release: String, among profiles: [DriverProfile]) -> (DriverProfile, rule: String)? {
        guard let wanted = version(release) else { return nil }
        var points: [(version: [Int], label: String, profile: DriverProfile)] = []
        for profile in profiles {
            for name in [profile.name] + profile.aliases {
                if let point = version(name), name.hasPrefix("v") { points.append((point, name, profile)) }
            }
        }
        points.sort { !precedesOrEquals($1.version, $0.version) }
        guard let match = points.last(where: { precedesOrEquals($0.version, wanted) }) else {
            // Older than every point: the oldest release's own driver (an alias is a backport
            // into an older series, not what came before it).
            let named = points.filter { $0.label == $0.profile.name }
            guard let oldest = named.first ?? points.first else { return nil }
            return (oldest.profile, "\(release) is older than every shipped profile: the oldest, \(oldest.profile.name), assumed")
        }
        let next = points.first { !precedesOrEquals($0.version, match.version) && $0.profile.name != match.profile.name }
        let through = match.label == match.profile.name ? "" : " (as \(match.label))"
        let below = next.map { ", below \($0.label)" } ?? ", the newest shipped"
        return (match.profile, "\(release) is at or above \(match.label)\(below): \(match.profile.name)\(through)")
    }

    /// What pm_save_enable means for the model: 1 never, 2 self-hosted, 0 or unknown: the board
    /// decides (firmware).
    static func pmSave(_ value: Int?) -> PMSave {
        switch value {
        case 1: .never
        case 2: .selfHosted
        default: .firmware
        }
    }

    struct Race {
        var scenario: String
        var invariant: String
        var length: Int
    }

    struct Summary {
        var facts: BoardFacts
        var profile: DriverProfile?
        var rule: String?
        var pmSave: PMSave
        var races: [Race]
        /// Scenarios that name what this board lacks, or a search cut short.
        var skipped: [String]
    }

    /// Memory for each race's search: the built-in scenarios need a few MiB.
    static let raceMemoryBytes = 256 << 20

    /// The profile for the board's release, before any race is explored.
    static func mapping(facts: BoardFacts) -> Summary {
        let profiles = (try? KernelCatalogue.shipped()) ?? []
        let matched = facts.kernelRelease.flatMap { profile(forRelease: $0, among: profiles) }
        return Summary(facts: facts, profile: matched?.0, rule: matched?.rule, pmSave: pmSave(facts.pmSaveEnable), races: [], skipped: [])
    }

    /// The profile and the shipped race scenarios explored on this board under it.
    static func summary(facts: BoardFacts, topology: CoreSightModel.Topology) -> Summary {
        var summary = mapping(facts: facts)
        let pmSave = summary.pmSave
        guard let profile = summary.profile else { return summary }
        let seeds = Set(ScenarioCatalogue.seeds.map(\.name))
        for scenario in ((try? ScenarioCatalogue.builtins()) ?? []) where !seeds.contains(scenario.name) {
            guard let simulation = try? ScenarioCatalogue.simulation(of: scenario, on: topology, kernel: profile, pmSave: pmSave),
                  let explorer = try? Explorer(simulation: simulation, options: ExplorationOptions(maxMemoryBytes: raceMemoryBytes)) else {
                summary.skipped.append(scenario.name)
                continue
            }
            let result = explorer.explore(simulation)
            switch result.verdict {
            case .violation:
                summary.races.append(Race(scenario: scenario.name, invariant: result.invariant?.rawValue ?? "?", length: result.counterexample.count))
            case .ok: break
            case .bounded: summary.skipped.append(scenario.name)
            }
        }
        return summary
    }

    /// For the live view.
    static func screenSummary(_ summary: Summary) -> LiveKernelSummary {
        let facts = summary.facts
        let pmSaveWhy = facts.pmSaveEnable == nil
            ? "\(summary.pmSave) (pm_save_enable unknown: the board decides, as when it is 0)"
            : "\(summary.pmSave) (pm_save_enable is \(facts.pmSaveEnable!))"
        var note: String?
        if summary.profile == nil {
            note = facts.kernelRelease == nil ? "no kernel release known: no profile to explore" : "the release is not a version: no profile"
        } else if summary.races.isEmpty {
            note = "no known race under \(summary.profile!.name) with pm-save \(summary.pmSave)"
        }
        if !summary.skipped.isEmpty {
            note = (note.map { $0 + "; " } ?? "") + "not run here: " + summary.skipped.joined(separator: ", ")
        }
        return LiveKernelSummary(
            pmSaveEnable: facts.pmSaveEnable, pmSaveFile: BoardFacts.pmSaveFile, release: facts.kernelRelease,
            releaseSource: facts.kernelReleaseSource, profile: summary.profile?.name, profileRule: summary.rule,
            modelPMSave: pmSaveWhy,
            races: summary.races.map { "\($0.scenario): \($0.invariant) in \($0.length) moves" }, racesNote: note)
    }

    /// The `"kernel"` member `csx topology --sysfs ROOT --json` adds.
    static func json(_ summary: Summary) -> JSON {
        let facts = summary.facts
        return .object([
            ("release", facts.kernelRelease.map { .string($0) } ?? .null),
            ("release-from", facts.kernelReleaseSource.map { .string($0) } ?? .null),
            ("pm-save-enable", facts.pmSaveEnable.map { .int($0) } ?? .null),
            ("pm-save-enable-from", facts.pmSaveEnable == nil ? .null : .string(BoardFacts.pmSaveFile)),
            ("profile", summary.profile.map { .string($0.name) } ?? .null),
            ("profile-rule", summary.rule.map { .string($0) } ?? .null),
            ("pm-save", .string(summary.pmSave.rawValue)),
            ("known-races", .array(summary.races.map { race in
                .object([("scenario", .string(race.scenario)), ("invariant", .string(race.invariant)), ("length", .int(race.length))])
            })),
            ("not-run", .array(summary.skipped.map { .string($0) })),
        ])
    }

    /// A sysfs board's topology document with `"kernel"` added last (every other member as
    /// it was): the release and pm_save_enable as read, the profile they map to, and the
    /// known races under it.
    static func annotated(_ document: JSON, sysfsRoot: String, topology: CoreSightModel.Topology) -> JSON {
        guard case .object(var members) = document else { return document }
        members.append(("kernel", json(summary(facts: BoardFacts.read(root: sysfsRoot), topology: topology))))
        return .object(members)
    }

    /// `x` in the live view: the scenario generated for this board, explored under its profile.
    static func explore(topology: CoreSightModel.Topology, root: String, summary: LiveKernelSummary) -> (lines: [String], notice: String, isError: Bool) {
        let profiles = (try? KernelCatalogue.shipped()) ?? []
        guard let profile = profiles.first(where: { $0.name == summary.profile }) ?? profiles.last else {
            return ([], "no kernel profile to explore with", true)
        }
        let pmSave = pmSave(summary.pmSaveEnable)
        let scenario = ScenarioCatalogue.generated(for: topology, boardSource: BoardSource.sysfs(root))
        let simulation: Simulation
        let explorer: Explorer
        do {
            simulation = try ScenarioCatalogue.simulation(of: scenario, on: topology, kernel: profile, pmSave: pmSave)
            explorer = try Explorer(simulation: simulation, options: ExplorationOptions(maxMemoryBytes: raceMemoryBytes))
        } catch {
            return ([], "cannot explore this board: \(Echo.escaped("\(error)"))", true)
        }
        let result = explorer.explore(simulation)
        let head = "explored the generated scenario under \(profile.name), pm-save \(pmSave): \(result.states) states"
        switch result.verdict {
        case .violation:
            let moves = result.counterexample.map(\.description)
            return ([head, "breaks \(result.invariant?.rawValue ?? "?") in \(moves.count) moves:"] + moves.map { "  " + $0 },
                    "\(profile.name) on this board: \(result.invariant?.rawValue ?? "?") in \(moves.count) moves (inspector)", true)
        case .ok:
            return ([head, "no schedule breaks an invariant"], "\(profile.name) on this board: no schedule breaks an invariant", false)
        case .bounded:
            return ([head, "cut short at \(raceMemoryBytes >> 20) MiB: no verdict"], "exploration cut short: no verdict", true)
        }
    }
}
