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

    @Flag(help: "JSON: {\"kernels\": [{\"name\", \"aliases\", \"mode-placement\", \"pm-code\", \"hotplug\", \"path-pointer\", \"about\", \"commits\": [{\"id\", \"subject\"}]}], \"what-if\": [the same]}.")
    var json = false

    func run() throws {
        let profiles: [DriverProfile]
        let whatIf: [DriverProfile]
        do {
            profiles = try KernelCatalogue.shipped()
            whatIf = try KernelCatalogue.whatIf()
        } catch { throw BadInput(error.description) }
        if json { return emit(Self.json(profiles, whatIf: whatIf).rendered() + "\n") }
        let more = whatIf.isEmpty ? "" : "\nwhat-if, not releases (--kernel NAME takes them; v skips them):\n" + Self.text(whatIf)
        emit(Self.text(profiles) + more)
    }

    static func text(_ profiles: [DriverProfile]) -> String {
        let rows = profiles.map { profile in
            [
                profile.name,
                profile.aliases.isEmpty ? "–" : profile.aliases.joined(separator: ", "),
                "mode-placement " + profile.knobs.modePlacement.rawValue,
                "pm-code " + profile.knobs.pmCode.rawValue,
                "hotplug " + profile.knobs.hotplug.rawValue,
                profile.knobs.pmCode == .core ? "path-pointer " + profile.knobs.pathPointer.rawValue : "",
                profile.commits.isEmpty ? "no commits" : profile.commits.map(\.id).joined(separator: ", "),
                profile.about,
            ].map { Echo.escaped($0) }
        }
        return Columns.render(rows)
    }

    static func json(_ profiles: [DriverProfile], whatIf: [DriverProfile] = []) -> JSON {
        .object([
            ("kernels", .array(profiles.map(Self.json))),
            ("what-if", .array(whatIf.map(Self.json))),
        ])
    }

    static func json(_ profile: DriverProfile) -> JSON {
        .object([
            ("name", .string(profile.name)),
            ("aliases", .array(profile.aliases.map(JSON.string))),
            ("mode-placement", .string(profile.knobs.modePlacement.rawValue)),
            ("pm-code", .string(profile.knobs.pmCode.rawValue)),
            ("hotplug", .string(profile.knobs.hotplug.rawValue)),
            ("path-pointer", .string(profile.knobs.pathPointer.rawValue)),
            ("about", .string(profile.about)),
            ("commits", .array(profile.commits.map { commit in
                .object([("id", .string(commit.id)), ("subject", .string(commit.subject))])
            })),
        ])
    }
}
