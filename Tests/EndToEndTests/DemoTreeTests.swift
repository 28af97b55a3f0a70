import Foundation
import Testing

/// `csx demo-tree DIR --board B` writes a tree the live reader reads back as B, and writes only
/// where it may: a new or empty directory, or a tree it wrote before.
@Suite("csx demo-tree")
struct DemoTreeTests {
    static func run(_ arguments: [String]) throws -> Subprocess.Result {
        try Subprocess.run(try CSXBinary.path(), arguments)
    }

    /// A JSON document with sorted keys and without `dropping`, for comparing two documents.
    static func normalized(_ text: String, dropping: String? = nil) throws -> Data {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        if let dropping { object.removeValue(forKey: dropping) }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// The board-agreement check of the fixtures: the tree's topology is the built-in board's,
    /// apart from the trailing "kernel" member a sysfs reading adds.
    @Test(arguments: ["juno-r2", "hikey960", "db410c", "fvp-base-revc", "grid-4"])
    func treeReadsBackAsTheBoard(board: String) throws {
        let directory = try TemporaryDirectory()
        let tree = directory.path("demo")
        let written = try Self.run(["demo-tree", tree, "--board", board])
        #expect(written.exitCode == 0, "\(written)")
        #expect(written.standardOutput.contains("csx live --sysfs-root \(tree)/sys"), "\(written)")
        let read = try Self.run(["topology", "--sysfs", tree + "/sys", "--json"])
        #expect(read.exitCode == 0 && read.standardError.isEmpty, "\(read)")
        let builtin = try Self.run(["topology", "--board", board, "--json"])
        #expect(read.standardOutput.contains("\"kernel\""), "\(read)")
        #expect(try Self.normalized(read.standardOutput, dropping: "kernel") == Self.normalized(builtin.standardOutput),
                "\(board): \(read.standardOutput.prefix(3000))")
    }

    /// `--release` writes the kernel the board runs beside `sys`, where the live reader finds
    /// it and ties it to a shipped profile; a later tree without it removes it; a release that
    /// `uname -r` could not print is refused.
    @Test func releaseTiesTheTreeToAProfile() throws {
        let directory = try TemporaryDirectory()
        let tree = directory.path("demo")
        #expect(try Self.run(["demo-tree", tree, "--release", "6.18.2"]).exitCode == 0)
        #expect(try String(contentsOfFile: tree + "/proc/sys/kernel/osrelease", encoding: .utf8) == "6.18.2\n")
        let read = try Self.run(["topology", "--sysfs", tree + "/sys", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(read.standardOutput.utf8)) as? [String: Any])
        let kernel = try #require(object["kernel"] as? [String: Any], "\(read)")
        #expect(kernel["release"] as? String == "6.18.2")
        #expect(kernel["profile"] as? String == "v6.18.2")
        // Rewritten without it: the release file goes with the old tree.
        #expect(try Self.run(["demo-tree", tree]).exitCode == 0)
        #expect(!FileManager.default.fileExists(atPath: tree + "/proc"))
        for bad in ["", "x;rm -rf", "6.18/../..", String(repeating: "6", count: 65), "v6.18"] {
            let refused = try Self.run(["demo-tree", tree, "--release", bad])
            #expect(refused.exitCode == 2, "--release \(bad): \(refused)")
            #expect(refused.standardError.hasPrefix("csx: --release expects a kernel release"), "\(refused)")
        }
    }

    /// Regular files, directories and links only; every link relative, resolving inside the tree.
    @Test func linksStayInsideTheTree() throws {
        let directory = try TemporaryDirectory()
        let tree = directory.path("demo")
        #expect(try Self.run(["demo-tree", tree, "--board", "juno-r2"]).exitCode == 0)
        let manager = FileManager.default
        var links = 0
        for case let relative as String in try #require(manager.enumerator(atPath: tree)) {
            let path = tree + "/" + relative
            let type = try manager.attributesOfItem(atPath: path)[.type] as? FileAttributeType
            #expect(type == .typeRegular || type == .typeDirectory || type == .typeSymbolicLink, "\(relative): \(String(describing: type))")
            guard type == .typeSymbolicLink else { continue }
            links += 1
            let target = try manager.destinationOfSymbolicLink(atPath: path)
            #expect(!target.hasPrefix("/"), "\(relative) -> \(target)")
            var parts = relative.split(separator: "/").dropLast().map(String.init)
            for part in target.split(separator: "/") {
                if part == ".." { #expect(!parts.isEmpty, "\(relative) -> \(target) leaves the tree"); parts = Array(parts.dropLast()) } else { parts.append(String(part)) }
            }
            #expect(parts.first == "sys" && manager.fileExists(atPath: tree + "/" + parts.joined(separator: "/")), "\(relative) -> \(target)")
        }
        #expect(links > 20)
    }

    /// A previous demo tree is replaced; a link planted in it is removed, not followed.
    @Test func previousTreeIsReplacedWithoutFollowingLinks() throws {
        let directory = try TemporaryDirectory()
        let tree = directory.path("demo")
        let outside = directory.path("outside")
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try Data("keep\n".utf8).write(to: URL(fileURLWithPath: outside + "/keep"))
        #expect(try Self.run(["demo-tree", tree, "--board", "juno-r2"]).exitCode == 0)
        try FileManager.default.createSymbolicLink(atPath: tree + "/sys/planted", withDestinationPath: outside)
        let again = try Self.run(["demo-tree", tree + "/", "--board", "db410c"])
        #expect(again.exitCode == 0, "\(again)")
        #expect(FileManager.default.fileExists(atPath: outside + "/keep"))
        #expect(!FileManager.default.fileExists(atPath: tree + "/sys/planted"))
        let read = try Self.run(["topology", "--sysfs", tree + "/sys", "--json"])
        let builtin = try Self.run(["topology", "--board", "db410c", "--json"])
        #expect(try Self.normalized(read.standardOutput, dropping: "kernel") == Self.normalized(builtin.standardOutput))
    }

    /// Anything that is not new, empty or a previous tree is refused in one line, untouched.
    @Test func refusesWhatIsNotItsOwn() throws {
        let directory = try TemporaryDirectory()
        let full = directory.path("full")
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        try Data("mine\n".utf8).write(to: URL(fileURLWithPath: full + "/notes"))
        let link = directory.path("link")
        let emptyTarget = directory.path("empty")
        try FileManager.default.createDirectory(atPath: emptyTarget, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: emptyTarget)
        let previous = directory.path("previous")
        #expect(try Self.run(["demo-tree", previous]).exitCode == 0)
        try Data("mine\n".utf8).write(to: URL(fileURLWithPath: previous + "/notes"))
        let cases: [(String, String)] = [
            (full, "is not empty and holds no previous demo tree"),
            (link, "is a symlink"),
            (link + "/", "is a symlink"),
            (full + "/notes", "is not a directory"),
            (previous, "is not empty and holds no previous demo tree"),
        ]
        for (target, says) in cases {
            let result = try Self.run(["demo-tree", target])
            #expect(result.exitCode == 2, "\(target): \(result)")
            #expect(result.standardError.hasPrefix("csx: ") && result.standardError.contains(says), "\(target): \(result)")
            #expect(result.standardError.split(separator: "\n").count == 1)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: full) == ["notes"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: emptyTarget).isEmpty)
        #expect(FileManager.default.fileExists(atPath: previous + "/sys/bus/coresight/devices"))
    }
}
