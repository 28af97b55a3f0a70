import FuzzSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Every command that writes a file writes only a regular file (or standard output for `-`):
/// a FIFO, a character device, a symbolic link or a directory at the path is refused in one
/// line (exit 2) and left exactly as it was.
@Suite("Output files end to end")
struct OutputFileTests {
    enum Obstacle: String, CaseIterable, CustomStringConvertible {
        case fifo, characterDevice, symbolicLink, directory

        var description: String { rawValue }

        /// The path to write to, with the obstacle in place.
        func make(in directory: TemporaryDirectory) throws -> String {
            switch self {
            case .characterDevice:
                return "/dev/null"  // only ever refused: nothing is written to it
            case .fifo:
                let path = directory.path("out")
                #expect(mkfifo(path, 0o644) == 0)
                return path
            case .symbolicLink:
                try Data("the link's target".utf8).write(to: URL(fileURLWithPath: directory.path("target")))
                let path = directory.path("out")
                try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: directory.path("target"))
                return path
            case .directory:
                let path = directory.path("out")
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
                return path
            }
        }

        func isIntact(_ path: String, in directory: TemporaryDirectory) -> Bool {
            var status = stat()
            guard lstat(path, &status) == 0 else { return false }
            switch self {
            case .characterDevice: return status.st_mode & S_IFMT == S_IFCHR
            case .fifo: return status.st_mode & S_IFMT == S_IFIFO
            case .directory:
                return status.st_mode & S_IFMT == S_IFDIR && (try? FileManager.default.contentsOfDirectory(atPath: path))?.isEmpty == true
            case .symbolicLink:
                return status.st_mode & S_IFMT == S_IFLNK
                    && (try? String(contentsOfFile: directory.path("target"), encoding: .utf8)) == "the link's target"
            }
        }
    }

    /// The commands that write, each with the output path in its place.
    static let writers: [(String, @Sendable (String, String) -> [String])] = [
        ("screenshot --svg", { out, _ in ["screenshot", "--svg", out] }),
        ("screenshot --png", { out, scratch in ["screenshot", "--svg", scratch + "/shot.svg", "--png", out] }),
        ("export --perfetto", { out, scratch in ["export", scratch + "/session.jsonl", "--perfetto", out] }),
        ("run --record", { out, _ in ["run", "claim-failure-vs-idle", "--actions", "run cpu0", "--record", out] }),
        ("explore --out", { out, _ in ["explore", "claim-failure-vs-idle", "--out", out] }),
        ("terminal-check --svg", { out, _ in ["terminal-check", "--svg", out] }),
    ]

    @Test(arguments: Obstacle.allCases)
    func everyWriterRefusesWhatIsNotARegularFile(obstacle: Obstacle) throws {
        let binary = try CSXBinary.path()
        for (name, arguments) in Self.writers {
            let directory = try TemporaryDirectory()
            let session = try Subprocess.run(binary, ["run", "claim-failure-vs-idle", "--actions", "run cpu0",
                                                      "--record", directory.path("session.jsonl")])
            try #require(session.exitCode == 0, "\(session)")
            let path = try obstacle.make(in: directory)
            let result = try Subprocess.run(binary, arguments(path, directory.url.path))
            #expect(result.exitCode == 2, "\(name) on a \(obstacle): \(result)")
            let message = result.standardError
            #expect(message.hasPrefix("csx: ") && message.hasSuffix("\n"), "\(name): \(message)")
            #expect(Fuzzing.isCleanMessage(String(message.dropLast())), "\(name): \(message)")
            #expect(message.contains("regular file"), "\(name): \(message)")
            #expect(obstacle.isIntact(path, in: directory), "\(name) changed the \(obstacle)")
            let partial = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).filter { $0.contains("csx-partial") }
            #expect(partial.isEmpty, "\(name) left \(partial)")
        }
    }

    @Test func aRegularFileIsReplacedAndDashIsStandardOutput() throws {
        let binary = try CSXBinary.path()
        let directory = try TemporaryDirectory()
        let path = directory.path("shot.svg")
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        let written = try Subprocess.run(binary, ["screenshot", "--svg", path])
        #expect(written.exitCode == 0, "\(written)")
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("<?xml"))
        let toStandardOutput = try Subprocess.run(binary, ["screenshot", "--svg", "-"])
        #expect(toStandardOutput.exitCode == 0)
        #expect(toStandardOutput.standardOutput.hasPrefix("<?xml"))
    }

    @Test func aRecordingCannotGoToStandardOutput() throws {
        let result = try Subprocess.run(try CSXBinary.path(), ["run", "--record", "-"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("must be a file"), "\(result)")
    }

    @Test func theTUIRefusesToRecordOntoAFIFOAndCarriesOn() throws {
        let directory = try TemporaryDirectory()
        let fifo = directory.path("session.jsonl")
        #expect(mkfifo(fifo, 0o644) == 0)
        let session = try TmuxSession(command: "exec '\(try CSXBinary.path())' --record '\(fifo)'", width: 160, height: 48)
        defer { session.kill() }
        try session.waitFor(text: "it is a FIFO")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
        var status = stat()
        #expect(lstat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
    }
}
