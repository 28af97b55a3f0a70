import Foundation

/// The DTS fixtures of DeviceTreeTests, read in place from the source tree.
enum DTSFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DeviceTreeTests/Fixtures")

    static func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }

    /// Each real board's top file, and the cpu node it boots on (Juno boots on an A53).
    static let boards: [(board: String, file: String, bootCPU: String?)] = [
        ("juno-r2", "juno-r2/juno-r2.dts", "cpu@100"),
        ("hikey960", "hikey960/hi3660-hikey960.dts", nil),
        ("db410c", "db410c/apq8016-sbc.dts", nil),
        // Mainline's file with its disabled ETE, TRBE and idle-state nodes turned on.
        ("fvp-base-revc", "fvp-base-revc/fvp-base-revc-ete-trbe.dts", nil),
    ]
}

/// A fresh temporary directory, removed with the value.
struct ScratchDirectory: ~Copyable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("csx-boards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: url.appendingPathComponent(name))
    }
}
