public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixture manifest (`Tests/LiveSysfsTests/Fixtures/<name>.sysfs`, see make-fixtures.py)
/// written out as a real tree of files, symlinks and directories in a fresh temporary
/// directory, so that tests can also change it. Fixtures are manifests because SwiftPM walks
/// target directories through symlinks, and sysfs trees are full of symlink cycles. A module
/// of its own so every test target that needs a sysfs tree (LiveSysfs, board agreement,
/// end-to-end) expands the same manifests the same way.
public struct FixtureTree: ~Copyable {
    /// The temporary directory holding the tree.
    public let directory: URL
    /// Lines of a hostile manifest that were left out (see `init(hostileManifest:name:)`).
    public internal(set) var skippedLines = 0

    /// `<directory>/sys`: what csx takes as `--sysfs-root`.
    public var root: String { directory.appendingPathComponent("sys").path }

    public init(_ name: String) throws {
        directory = Self.base.appendingPathComponent("csx-sysfs-\(name)-\(UUID().uuidString)")
        let manifest = Self.manifestDirectory.appendingPathComponent("\(name).sysfs")
        try Self.materialize(String(contentsOf: manifest, encoding: .utf8), into: directory)
    }

    /// An empty temporary directory, for trees a test builds itself.
    public init(empty name: String) throws {
        directory = Self.base.appendingPathComponent("csx-sysfs-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Where trees go: `CSX_FIXTURE_DIR` when set; else /dev/shm when it is a memory file system
    /// with room to spare (making and removing thousands of entries there takes a fraction of
    /// the time it takes on a disk under load); else the temporary directory.
    static let base: URL = {
        if let chosen = ProcessInfo.processInfo.environment["CSX_FIXTURE_DIR"], !chosen.isEmpty {
            return URL(fileURLWithPath: chosen)
        }
        var status = statvfs()
        if statvfs("/dev/shm", &status) == 0, access("/dev/shm", W_OK) == 0,
            UInt64(status.f_bavail) * UInt64(status.f_frsize) >= 1 << 30
        {
            return URL(fileURLWithPath: "/dev/shm")
        }
        return FileManager.default.temporaryDirectory
    }()

    /// A path inside the tree: `path("sys/devices/...")`.
    public func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }

    /// A device's directory through its bus link: `device("etm0")`.
    public func device(_ name: String) -> String { root + "/bus/coresight/devices/" + name }

    /// Overwrites a file inside the tree.
    public func write(_ relative: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: relative.hasPrefix("/") ? relative : path(relative)))
    }

    public func read(_ absolute: String) throws -> String {
        try String(contentsOfFile: absolute, encoding: .utf8)
    }

    public static func materialize(_ manifest: String, into directory: URL) throws {
        let files = FileManager.default
        for line in manifest.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
            let kind = line.prefix(1)
            let rest = line.dropFirst(2)
            let space = rest.firstIndex(of: " ")
            let relative = String(space.map { rest[..<$0] } ?? rest)
            let value = space.map { String(rest[rest.index(after: $0)...]) } ?? ""
            let url = directory.appendingPathComponent(relative)
            try files.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            switch kind {
            case "f": try Data(unescape(value)).write(to: url)
            case "l": try files.createSymbolicLink(atPath: url.path, withDestinationPath: value)
            case "d": try files.createDirectory(at: url, withIntermediateDirectories: true)
            default: throw ManifestError(line: String(line))
            }
        }
    }

    public struct ManifestError: Error { public var line: String }

    /// `Tests/LiveSysfsTests/Fixtures`, found from this file (manifests are read from the
    /// source tree, not bundled).
    public static let manifestDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("LiveSysfsTests/Fixtures")

    /// `\n`, `\\`, `\xHH`.
    static func unescape(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var input = Array(text.utf8)[...]
        while let byte = input.popFirst() {
            guard byte == UInt8(ascii: "\\"), let next = input.popFirst() else {
                bytes.append(byte)
                continue
            }
            switch next {
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "x"):
                let hex = String(decoding: input.prefix(2), as: UTF8.self)
                input = input.dropFirst(2)
                bytes.append(UInt8(hex, radix: 16) ?? 0)
            default: bytes.append(next)
            }
        }
        return bytes
    }
}
