public import DriverSimulation
import Yams

/// Reads a kernel profile (Resources/kernels/*.yaml, or a user's own for a patch under review):
/// `name`, `aliases`, `about`, the knobs `mode-placement`, `pm-code` and `hotplug` (optional:
/// `driver`, the callbacks every release before v7.2 has), and `commits`.
public enum KernelProfileFile {
    static let keys = ["name", "aliases", "about", "mode-placement", "pm-code", "hotplug", "commits"]
    /// Other names one profile answers to.
    public static let maxAliases = 16
    /// Commits one profile cites.
    public static let maxCommits = 256

    /// Parses profile YAML; `file` names it in error messages (and in the profile, when
    /// `shipped` is false).
    public static func parse(_ yaml: String, file: String, shipped: Bool = false) throws(ScenarioError) -> DriverProfile {
        guard let root = try ScenarioFile.compose(yaml, file: file) else {
            throw ScenarioError(file: file, message: "empty file: a kernel profile needs mode-placement and pm-code")
        }
        let reader = Reader(file: file)
        guard let mapping = root.mapping else {
            throw reader.fail(root, "expected a mapping with mode-placement, pm-code, ...")
        }
        var values: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string, keys.contains(name) else {
                throw reader.fail(key, "unknown key \"\(key.string ?? "?")\" (expected one of: \(keys.joined(separator: ", ")))")
            }
            values[name] = value
        }
        func required(_ key: String) throws(ScenarioError) -> Node {
            guard let node = values[key] else { throw reader.fail(root, "missing key \"\(key)\"") }
            return node
        }
        let placementNode = try required("mode-placement")
        let placementText = try reader.string(placementNode, "caller or target")
        guard let placement = ModePlacement(rawValue: placementText) else {
            throw reader.fail(placementNode, "expected caller or target, found \"\(placementText)\"")
        }
        let pmNode = try required("pm-code")
        let pmText = try reader.string(pmNode, "v1, v2 or v3")
        guard let pmCode = PMCode(rawValue: pmText) else {
            throw reader.fail(pmNode, "expected v1, v2 or v3, found \"\(pmText)\"")
        }
        var hotplug = HotplugCode.driver
        if let node = values["hotplug"] {
            let text = try reader.string(node, "driver or core")
            guard let code = HotplugCode(rawValue: text) else {
                throw reader.fail(node, "expected driver or core, found \"\(text)\"")
            }
            hotplug = code
        }
        let fallbackName = file.split(separator: "/").last.map { String($0.hasSuffix(".yaml") ? $0.dropLast(5) : $0) } ?? file
        var profile = DriverProfile(
            name: try values["name"].map { (node) throws(ScenarioError) in try reader.name(node, "a profile name") } ?? fallbackName,
            knobs: DriverKnobs(modePlacement: placement, pmCode: pmCode, hotplug: hotplug),
            file: shipped ? nil : file)
        profile.about = try values["about"].map { (node) throws(ScenarioError) in try reader.string(node, "a one-line description") } ?? ""
        if let node = values["aliases"] {
            profile.aliases = try reader.list(node, "a list of names", atMost: maxAliases).map { (item) throws(ScenarioError) in
                try reader.name(item, "a name")
            }
        }
        if let node = values["commits"] {
            profile.commits = try reader.pairs(node, "a mapping of commit ids to subjects", atMost: maxCommits).map { (id, subject) throws(ScenarioError) in
                try commit(id, subject, reader: reader)
            }
        }
        return profile
    }

    /// `28eee2158575: "coresight: etm4x: Always set ..."`: an id of 7 to 40 hex digits, a subject.
    static func commit(_ idNode: Node, _ subjectNode: Node, reader: Reader) throws(ScenarioError) -> KernelCommit {
        let id = try reader.string(idNode, "a commit id")
        guard (7...40).contains(id.count), id.allSatisfy(\.isHexDigit) else {
            throw reader.fail(idNode, "expected a commit id of 7 to 40 hex digits, found \"\(id)\"")
        }
        return KernelCommit(id: id, subject: try reader.string(subjectNode, "the commit's subject in quotes"))
    }
}
