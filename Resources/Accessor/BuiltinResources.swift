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

    private static func yamlFiles(in folder: String) -> [(name: String, text: String)] {
        guard let directory = Bundle.module.url(forResource: folder, withExtension: nil),
            let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        else { return [] }
        return names.filter { $0.hasSuffix(".yaml") }.sorted().compactMap { file in
            let url = directory.appendingPathComponent(file)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
            return (String(file.dropLast(5)), text)
        }
    }
}
