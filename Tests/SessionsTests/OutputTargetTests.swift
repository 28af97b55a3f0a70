import CoreSightModel
import Foundation
import Sessions
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Outputs go only to regular files (or standard output): anything else at the path is refused
/// and left exactly as it was.
@Suite struct OutputTargetTests {
    /// Something that is not a regular file, made at `path`, and how to tell it is still there.
    enum Obstacle: String, CaseIterable, CustomStringConvertible {
        case fifo, directory, symbolicLink, socket, danglingLink

        var description: String { rawValue }

        func make(at path: String, in directory: TemporaryDirectory) throws {
            switch self {
            case .fifo:
                #expect(mkfifo(path, 0o644) == 0)
            case .directory:
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
                try Data("inside".utf8).write(to: URL(fileURLWithPath: path + "/kept"))
            case .symbolicLink:
                try Data("the link's target".utf8).write(to: URL(fileURLWithPath: directory.path("target")))
                try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: directory.path("target"))
            case .danglingLink:
                try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: directory.path("nowhere"))
            case .socket:
                try makeSocket(at: path)
            }
        }

        /// Whether what `make` put there is there, unchanged.
        func isIntact(at path: String, in directory: TemporaryDirectory) -> Bool {
            var status = stat()
            guard lstat(path, &status) == 0 else { return false }
            switch self {
            case .fifo: return status.st_mode & S_IFMT == S_IFIFO
            case .socket: return status.st_mode & S_IFMT == S_IFSOCK
            case .directory:
                return status.st_mode & S_IFMT == S_IFDIR
                    && (try? String(contentsOfFile: path + "/kept", encoding: .utf8)) == "inside"
            case .symbolicLink:
                return status.st_mode & S_IFMT == S_IFLNK
                    && (try? String(contentsOfFile: directory.path("target"), encoding: .utf8)) == "the link's target"
            case .danglingLink:
                return status.st_mode & S_IFMT == S_IFLNK && access(directory.path("nowhere"), F_OK) != 0
            }
        }
    }

    static func makeSocket(at path: String) throws {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        try #require(bytes.count < MemoryLayout.size(ofValue: address.sun_path))
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
    }

    /// Nothing but the obstacle (and what it was made of) in the directory afterwards: no
    /// temporary left behind either.
    static func leftovers(in directory: TemporaryDirectory) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.url.path).filter { $0.contains("csx-partial") }
    }

    @Test(arguments: Obstacle.allCases)
    func aWholeFileWriteRefusesAndLeavesItAlone(obstacle: Obstacle) throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("out.svg")
        try obstacle.make(at: path, in: directory)
        let failure = #expect(throws: OutputTarget.Failure.self) { try OutputTarget.write(Array("new".utf8), to: path) }
        #expect(failure?.description.contains("csx writes only to a regular file") == true, "\(String(describing: failure))")
        #expect(obstacle.isIntact(at: path, in: directory))
        #expect(try Self.leftovers(in: directory).isEmpty)
    }

    @Test(arguments: Obstacle.allCases)
    func aRecordingRefusesAndLeavesItAlone(obstacle: Obstacle) throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("session.jsonl")
        try obstacle.make(at: path, in: directory)
        #expect(throws: OutputTarget.Failure.self) { _ = try OutputTarget.openForRecording(path) }
        #expect(obstacle.isIntact(at: path, in: directory))
    }

    /// A character device: only refusal is tried (nothing would be written to /dev/null anyway).
    @Test func aCharacterDeviceIsRefused() throws {
        var status = stat()
        try #require(lstat("/dev/null", &status) == 0 && status.st_mode & S_IFMT == S_IFCHR)
        let failure = #expect(throws: OutputTarget.Failure.self) { try OutputTarget.write(Array("x".utf8), to: "/dev/null") }
        #expect(failure?.reason.hasPrefix("it is a character device") == true)
        #expect(throws: OutputTarget.Failure.self) { _ = try OutputTarget.openForRecording("/dev/null") }
        #expect(lstat("/dev/null", &status) == 0 && status.st_mode & S_IFMT == S_IFCHR)
    }

    @Test func aRegularFileIsReplacedWholeKeepingItsPermissions() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("trace.json")
        try Data("old contents, longer than the new".utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o600)
        try OutputTarget.write(Array("new".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        var status = stat()
        #expect(lstat(path, &status) == 0 && status.st_mode & 0o777 == 0o600)
        #expect(try Self.leftovers(in: directory).isEmpty)
    }

    @Test func aSymbolicLinkPlantedAtTheTemporaryNameIsNotFollowed() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("out.svg")
        let victim = directory.path("victim")
        try Data("precious".utf8).write(to: URL(fileURLWithPath: victim))
        let planted = path + ".csx-partial-planted"
        try FileManager.default.createSymbolicLink(atPath: planted, withDestinationPath: victim)
        try OutputTarget.write(to: path, temporaryNames: [planted, path + ".csx-partial-free"]) { (descriptor) throws(OutputTarget.Failure) in
            _ = "written".withCString { write(descriptor, $0, 7) }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "written")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious")
        var status = stat()
        #expect(lstat(planted, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK)
    }

    @Test func everyTemporaryNameTakenIsAFailureNotAnOverwrite() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("out.svg")
        let taken = path + ".csx-partial-taken"
        try Data("someone else's".utf8).write(to: URL(fileURLWithPath: taken))
        #expect(throws: OutputTarget.Failure.self) {
            try OutputTarget.write(to: path, temporaryNames: [taken]) { (_) throws(OutputTarget.Failure) in }
        }
        #expect(try String(contentsOfFile: taken, encoding: .utf8) == "someone else's")
        #expect(access(path, F_OK) != 0)
    }

    @Test func aFailedFillLeavesTheOldFileAndNoTemporary() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("out.png")
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: OutputTarget.Failure.self) {
            try OutputTarget.write(to: path) { (_) throws(OutputTarget.Failure) in
                throw OutputTarget.Failure(path: path, reason: "the converter failed")
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        #expect(try Self.leftovers(in: directory).isEmpty)
    }

    @Test func aRecordingEmptiesARegularFileAndRefusesStandardOutput() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("session.jsonl")
        try Data("an older, longer session".utf8).write(to: URL(fileURLWithPath: path))
        let descriptor = try OutputTarget.openForRecording(path)
        _ = "{}\n".withCString { write(descriptor, $0, 3) }
        close(descriptor)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{}\n")
        #expect(throws: OutputTarget.Failure.self) { _ = try OutputTarget.openForRecording("-") }
    }

    @Test func aRecorderOnAFIFOFailsAtOnceWithoutBlocking() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("session.jsonl")
        #expect(mkfifo(path, 0o644) == 0)
        let header = SessionHeader.live(topology: try Board.junoR2.topology(), csxVersion: "test")
        let error = #expect(throws: SessionError.self) { _ = try SessionRecorder(path: path, header: header) }
        #expect(error?.description.contains("it is a FIFO") == true)
    }
}
