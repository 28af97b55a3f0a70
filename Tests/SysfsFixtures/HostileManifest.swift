public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Manifests that may be hostile (the corpus under Tests/HostileCorpus/sysfs, mutated fixtures)
/// written out so that nothing lands outside the tree, whatever they say: a path with `..`, an
/// absolute path, or one that passes through a symlink or a file is skipped, as is a line whose
/// path already exists (no write follows a link). Besides the fixture kinds `f` (escapes in the
/// path too), `l` and `d`, a hostile manifest may ask for what a sysfs tree must survive but a
/// fixture cannot hold: `p PATH` a FIFO, `s PATH` a bound Unix socket, `c PATH` a character
/// device (/dev/null's numbers; only as root, skipped otherwise).
extension FixtureTree {
    /// A fresh temporary tree from `manifest`; `skippedLines` counts the lines left out.
    public init(hostileManifest manifest: String, name: String) throws {
        try self.init(empty: name)
        skippedLines = Self.materializeHostile(manifest, into: directory)
    }

    /// Writes what it safely can; returns how many lines it left out.
    @discardableResult
    public static func materializeHostile(_ manifest: String, into directory: URL) -> Int {
        var skipped = 0
        for line in manifest.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
            if !HostileLine.write(line, under: directory.path) { skipped += 1 }
        }
        return skipped
    }
}

enum HostileLine {
    static func write(_ line: Substring, under base: String) -> Bool {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[1] == UInt8(ascii: " ") else { return false }
        let kind = bytes[0]
        let rest = bytes[2...]
        let space = rest.firstIndex(of: UInt8(ascii: " "))
        let pathBytes = FixtureTree.unescape(String(decoding: rest[..<(space ?? rest.endIndex)], as: UTF8.self))
        let value = space.map { String(decoding: rest[($0 + 1)...], as: UTF8.self) } ?? ""
        guard let components = safeComponents(pathBytes), let parent = makeParents(components.dropLast(), under: base) else {
            return false
        }
        let path = parent + "/" + components.last!
        var status = stat()
        if lstat(path, &status) == 0 { return kind == UInt8(ascii: "d") && status.st_mode & S_IFMT == S_IFDIR }
        switch kind {
        case UInt8(ascii: "f"):
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { return false }
            defer { close(descriptor) }
            let content = FixtureTree.unescape(value)
            return writeAll(descriptor, content)
        case UInt8(ascii: "l"):
            return !value.isEmpty && !value.utf8.contains(0) && symlink(value, path) == 0
        case UInt8(ascii: "d"):
            return mkdir(path, 0o755) == 0
        case UInt8(ascii: "p"):
            return mkfifo(path, 0o644) == 0
        case UInt8(ascii: "s"):
            return FixtureTree.makeSocket(at: path)
        case UInt8(ascii: "c"):
            return geteuid() == 0 && mknod(path, S_IFCHR | 0o600, dev_t(1 << 8 | 3)) == 0
        default:
            return false
        }
    }

    /// The path's components, when it is relative, has no `.`, `..`, empty or NUL-holding
    /// component, and is of sane depth and length.
    static func safeComponents(_ bytes: [UInt8]) -> [String]? {
        guard !bytes.isEmpty, bytes.first != UInt8(ascii: "/"), !bytes.contains(0) else { return nil }
        let parts = bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard parts.count <= 64 else { return nil }
        var names: [String] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 255, part.elementsEqual([0x2E]) == false, part.elementsEqual([0x2E, 0x2E]) == false
            else { return nil }
            // Names are bytes on Linux; invalid UTF-8 is left out rather than repaired.
            guard let name = String(bytes: part, encoding: .utf8) else { return nil }
            names.append(name)
        }
        return names
    }

    /// Creates the directories of `components` under `base`, each a real directory (not a
    /// link, not a file); nil when one is in the way.
    static func makeParents(_ components: ArraySlice<String>, under base: String) -> String? {
        var path = base
        for component in components {
            path += "/" + component
            var status = stat()
            if lstat(path, &status) == 0 {
                guard status.st_mode & S_IFMT == S_IFDIR else { return nil }
            } else if mkdir(path, 0o755) != 0 {
                return nil
            }
        }
        return path
    }

}

extension FixtureTree {
    /// A Unix socket at `path` (in a tree under `base`), bound under a short name (sun_path
    /// holds 108 bytes) and linked into place (link(2) never replaces what is there).
    public static func makeSocket(at path: String) -> Bool {
        // Bound beside the trees when that name is short enough, so link(2) stays on one file system.
        let name = "csx-sock-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let beside = base.path + "/" + name
        let short = beside.utf8.count < 100 ? beside : "/tmp/" + name
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in short.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { return false }
        defer { unlink(short) }
        return link(short, path) == 0
    }
}

/// The C `write` of all of `bytes`, out of reach of `HostileLine.write`'s name.
private func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
    var done = 0
    while done < bytes.count {
        let count = bytes[done...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if count < 0 { if errno == EINTR { continue } else { return false } }
        done += count
    }
    return true
}
