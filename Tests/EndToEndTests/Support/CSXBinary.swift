import Foundation

/// Finds the `csx` executable under test.
///
/// Order: `CSX_BINARY` when set (an explicit choice wins, e.g. a release build or another scratch
/// path); then `csx` next to the test bundle (SwiftPM builds both into the same directory,
/// whatever `--scratch-path` says); then `<repo>/.build/debug/csx`, found from this file's path.
enum CSXBinary {
    struct NotFound: Error, CustomStringConvertible {
        var tried: [String]
        var description: String { "no csx binary found (build it first, or set CSX_BINARY); tried \(tried)" }
    }

    static func path(filePath: String = #filePath) throws -> String {
        let candidates = candidatePaths(filePath: filePath)
        for candidate in candidates where isExecutableFile(candidate) {
            return candidate
        }
        throw NotFound(tried: candidates)
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }

    static func candidatePaths(filePath: String) -> [String] {
        var candidates: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["CSX_BINARY"], !explicit.isEmpty {
            candidates.append(explicit)
        }
        for executable in [Bundle.main.executablePath, CommandLine.arguments.first].compactMap({ $0 }) {
            // Linux: the runner is <build>/debug/csxPackageTests.xctest, a file beside csx.
            // macOS: it sits inside <build>/debug/csxPackageTests.xctest/Contents/MacOS/.
            let url = URL(fileURLWithPath: executable)
            candidates.append(url.deletingLastPathComponent().appendingPathComponent("csx").path)
            var bundle = url
            while bundle.pathComponents.count > 1, !bundle.lastPathComponent.hasSuffix(".xctest") {
                bundle.deleteLastPathComponent()
            }
            if bundle.lastPathComponent.hasSuffix(".xctest") {
                candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("csx").path)
            }
        }
        // Tests/EndToEndTests/Support/CSXBinary.swift → repository root.
        let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/csx").path)
        var seen = Set<String>()
        return candidates.filter { seen.insert($0).inserted }
    }
}
