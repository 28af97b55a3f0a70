import ArgumentParser
import DriverSimulation
import Exploration
import OrderedJSON
import SafeText
import Scenarios

/// `csx kernels`: the shipped driver profiles (Resources/kernels), one line each.
struct Kernels: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the shipped kernel profiles (--kernel NAME takes a name or an alias).",
        discussion: """
            One line each: name, other names, mode-placement, pm-code, hotplug, the commits it stands \
            for, what it does. A profile file of your own (--kernel my-patch.yaml) takes the same \
            keys; docs/driver-model.md §0.
            """)

    @Flag(help: "JSON: {\"kernels\": [{\"name\", \"aliases\", \"mode-placement\", \"pm-code\", \"hotplug\", \"about\", \"commits\": [{\"id\", \"subject\"}]}]}.")
    var json = false

    func run() throws {
        let profiles: [DriverProfile]
        do { profiles = try KernelCatalogue.shipped() } catch { throw BadInput(error.description) }
        emit(json ? Self.json(profiles).rendered() + "\n" : Self.text(profiles))
    }

    static func text(_ profiles: [DriverProfile]) -> String {
        let rows = profiles.map { profile in
            [
                profile.name,
                profile.aliases.isEmpty ? "–" : profile.aliases.joined(separator: ", "),
                "mode-placement " + profile.knobs.modePlacement.rawValue,
                "pm-code " + profile.knobs.pmCode.rawValue,
                "hotplug " + profile.knobs.hotplug.rawValue,
                profile.commits.isEmpty ? "no commits" : profile.commits.map(\.id).joined(separator: ", "),
                profile.about,
            ].map { Echo.escaped($0) }
        }
        return Columns.render(rows)
    }

    static func json(_ profiles: [DriverProfile]) -> JSON {
        .object([
            ("kernels", .array(profiles.map { profile in
                .object([
                    ("name", .string(profile.name)),
                    ("aliases", .array(profile.aliases.map(JSON.string))),
                    ("mode-placement", .string(profile.knobs.modePlacement.rawValue)),
                    ("pm-code", .string(profile.knobs.pmCode.rawValue)),
                    ("hotplug", .string(profile.knobs.hotplug.rawValue)),
                    ("about", .string(profile.about)),
                    ("commits", .array(profile.commits.map { commit in
                        .object([("id", .string(commit.id)), ("subject", .string(commit.subject))])
                    })),
                ])
            })),
        ])
    }
}
