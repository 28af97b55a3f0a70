import BuiltinResources
public import DriverSimulation
import Foundation

/// The shipped kernel profiles (Resources/kernels), and resolving `--kernel NAME|FILE`.
public enum KernelCatalogue {
    /// Every shipped profile, oldest release first. A shipped file that does not parse is a bug,
    /// so it is reported rather than skipped.
    public static func shipped() throws(ScenarioError) -> [DriverProfile] {
        try parsedShipped.get()
    }

    /// Read once: every simulation, matrix cell and replay asks for them.
    private static let parsedShipped = Result { () throws(ScenarioError) -> [DriverProfile] in
        var result: [DriverProfile] = []
        for file in BuiltinResources.kernelFiles() {
            result.append(try KernelProfileFile.parse(file.text, file: "builtin:kernels/\(file.name).yaml", shipped: true))
        }
        return result.sorted { releaseOrder($0.name).lexicographicallyPrecedes(releaseOrder($1.name)) }
    }

    /// Profiles that are no release: a step a patch series went through, kept to show what the
    /// next commit fixed (`csx kernels` lists them; `--kernel NAME` takes them; `v` skips them).
    public static func whatIf() throws(ScenarioError) -> [DriverProfile] {
        try parsedWhatIf.get()
    }

    private static let parsedWhatIf = Result { () throws(ScenarioError) -> [DriverProfile] in
        var result: [DriverProfile] = []
        for file in BuiltinResources.whatIfKernelFiles() {
            result.append(try KernelProfileFile.parse(file.text, file: "builtin:kernels/what-if/\(file.name).yaml", shipped: true))
        }
        return result
    }

    /// A shipped profile by name or alias (`v6.19`, `fixed`), or a profile file by path
    /// (anything with a `/` or ending in `.yaml`/`.yml`).
    public static func load(_ nameOrPath: String) throws(ScenarioError) -> DriverProfile {
        if isPath(nameOrPath) {
            let text = try ScenarioCatalogue.readTextFile(nameOrPath)
            return try KernelProfileFile.parse(text, file: nameOrPath)
        }
        let all = try shipped()
        if let found = all.first(where: { $0.answers(to: nameOrPath) }) {
            return found
        }
        let whatIf = try whatIf()
        if let found = whatIf.first(where: { $0.answers(to: nameOrPath) }) {
            return found
        }
        let names = all.map { profile in
            profile.aliases.isEmpty ? profile.name : "\(profile.name) (\(profile.aliases.joined(separator: ", ")))"
        }
        throw ScenarioError(
            file: nameOrPath,
            message: "no such kernel (shipped: \(names.joined(separator: ", ")); what-if: \(whatIf.map(\.name).joined(separator: ", ")); or give a path to a profile .yaml file)")
    }

    /// Anything with a `/` or ending in `.yaml`/`.yml` names a file.
    public static func isPath(_ text: String) -> Bool {
        text.contains("/") || text.hasSuffix(".yaml") || text.hasSuffix(".yml")
    }

    /// `v6.18.2` → [6, 18, 2]; anything not a version sorts after every release.
    static func releaseOrder(_ name: String) -> [Int] {
        let digits = name.hasPrefix("v") ? name.dropFirst() : Substring(name)
        let parts = digits.split(separator: ".").map { Int($0) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return [Int.max] }
        return parts.map { $0! }
    }
}
