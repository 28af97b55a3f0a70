import Foundation

/// Files shipped inside csx: the built-in scenarios and kernel profiles.
public enum BuiltinResources {
    /// Every built-in scenario file as (file name without extension, contents), sorted by name.
    public static func scenarioFiles() -> [(name: String, text: String)] {
        yamlFiles(in: "scenarios")
    }

    /// Every shipped kernel profile (Resources/kernels) as (file name without extension, contents).
    public static func kernelFiles() -> [(name: String, text: String)] {
        yamlFiles(in: "kernels")
    }

    /// Kernel profiles that are no release but a step a series went through (Resources/kernels/what-if).
    public static func whatIfKernelFiles() -> [(name: String, text: String)] {
        yamlFiles(in: "kernels", subfolder: "what-if")
    }

    private static func yamlFiles(in folder: String, subfolder: String? = nil) -> [(name: String, text: String)] {
        guard var directory = Bundle.module.url(forResource: folder, withExtension: nil) else { return [] }
        if let subfolder { directory.appendPathComponent(subfolder) }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return names.filter { $0.hasSuffix(".yaml") }.sorted().compactMap { file in
            let url = directory.appendingPathComponent(file)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
            return (String(file.dropLast(5)), text)
        }
    }
}
