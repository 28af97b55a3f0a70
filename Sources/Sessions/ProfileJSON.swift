import DriverSimulation
import OrderedJSON
import SafeText
import Scenarios

/// A kernel profile as the session header records it, whole (a user's own profile file need not
/// exist where the session is replayed): name, aliases, knobs, commits.
enum ProfileJSON {
    static func encode(_ profile: DriverProfile) -> JSON {
        var members: [(String, JSON)] = [
            ("name", .string(profile.name)),
            ("mode-placement", .string(profile.knobs.modePlacement.rawValue)),
            ("pm-code", .string(profile.knobs.pmCode.rawValue)),
        ]
        // Only when not the default, so headers of older profiles read as they always did.
        if profile.knobs.hotplug != .driver { members.append(("hotplug", .string(profile.knobs.hotplug.rawValue))) }
        if !profile.aliases.isEmpty { members.append(("aliases", .array(profile.aliases.map(JSON.string)))) }
        if !profile.about.isEmpty { members.append(("about", .string(profile.about))) }
        if !profile.commits.isEmpty {
            members.append(("commits", .object(profile.commits.map { ($0.id, .string($0.subject)) })))
        }
        if let file = profile.file { members.append(("file", .string(file))) }
        return .object(members)
    }

    static let maxAliases = KernelProfileFile.maxAliases
    static let maxCommits = KernelProfileFile.maxCommits

    static func decode(_ json: JSON) throws(FormatProblem) -> DriverProfile {
        guard json.members != nil else { throw FormatProblem("expected \"kernel\" to be an object") }
        let name = try text(json, "name") ?? "unnamed"
        let placementName = try text(json, "mode-placement") ?? ""
        guard let placement = ModePlacement(rawValue: placementName) else {
            throw FormatProblem("kernel mode-placement \"\(Echo.escaped(placementName))\" is not caller or target")
        }
        let pmName = try text(json, "pm-code") ?? ""
        guard let pmCode = PMCode(rawValue: pmName) else {
            throw FormatProblem("kernel pm-code \"\(Echo.escaped(pmName))\" is not v1, v2 or v3")
        }
        var hotplug = HotplugCode.driver
        if let hotplugName = try text(json, "hotplug") {
            guard let code = HotplugCode(rawValue: hotplugName) else {
                throw FormatProblem("kernel hotplug \"\(Echo.escaped(hotplugName))\" is not driver or core")
            }
            hotplug = code
        }
        var profile = DriverProfile(name: name, knobs: DriverKnobs(modePlacement: placement, pmCode: pmCode, hotplug: hotplug))
        profile.about = try text(json, "about") ?? ""
        profile.file = try text(json, "file")
        if let aliases = json["aliases"], aliases != .null {
            guard case .array(let items) = aliases, items.count <= maxAliases else {
                throw FormatProblem("expected kernel aliases to be at most \(maxAliases) names")
            }
            for item in items {
                guard case .string(let alias) = item, alias.count <= ScenarioLimits.maxNameLength, Echo.isInert(alias) else {
                    throw FormatProblem("expected kernel aliases to be names")
                }
                profile.aliases.append(alias)
            }
        }
        if let commits = json["commits"], commits != .null {
            guard let members = commits.members, members.count <= maxCommits else {
                throw FormatProblem("expected kernel commits to be an object of at most \(maxCommits) commits")
            }
            for (id, subject) in members {
                guard case .string(let text) = subject, (7...40).contains(id.count), id.allSatisfy(\.isHexDigit),
                    text.count <= ScenarioLimits.maxTextLength, Echo.isInert(text)
                else { throw FormatProblem("expected kernel commits as commit id: subject") }
                profile.commits.append(KernelCommit(id: id, subject: text))
            }
        }
        return profile
    }

    private static func text(_ json: JSON, _ key: String) throws(FormatProblem) -> String? {
        guard let value = json[key], value != .null else { return nil }
        guard case .string(let text) = value, text.count <= ScenarioLimits.maxTextLength, Echo.isInert(text) else {
            throw FormatProblem("expected kernel \(key) to be a text without control characters")
        }
        return text
    }
}
