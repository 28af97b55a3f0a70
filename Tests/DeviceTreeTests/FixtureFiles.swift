import Foundation
@testable import DeviceTree

/// The board DTS files under `Fixtures/` (read from disk next to this file, not bundled), and
/// in-memory sources for everything else.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }

    static func text(_ relative: String) throws -> String {
        try String(contentsOfFile: path(relative), encoding: .utf8)
    }

    /// Builds from in-memory text; `files` answers includes by the path the parser asks for.
    static func build(
        _ source: String, files: [String: String] = [:], options: DeviceTreeOptions = .init()
    ) throws(DeviceTreeError) -> DeviceTreeResult {
        try DeviceTreeTopology.build(source: source, fileName: "board.dts", options: options) { files[$0] }
    }

    static func parse(_ source: String, files: [String: String] = [:]) throws(DeviceTreeError) -> DeviceTree {
        try DeviceTreeTopology.parse(source: source, fileName: "board.dts") { files[$0] }.tree
    }

    /// The smallest board: one CPU, so CoreSight snippets can be appended to it.
    static func minimalBoard(_ body: String, cpus: Int = 1, rootExtras: String = "") -> String {
        let cpuNodes = (0..<cpus).map { "        cpu\($0): cpu@\($0) { device_type = \"cpu\"; reg = <\($0)>; };" }
        return """
            /dts-v1/;
            / {
                #address-cells = <1>;
                #size-cells = <1>;
            \(rootExtras)
                cpus {
                    #address-cells = <1>;
                    #size-cells = <0>;
            \(cpuNodes.joined(separator: "\n"))
                };
            \(body)
            };
            """
    }
}
