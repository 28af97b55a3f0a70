import DriverSimulation
import Exploration
import Foundation
import Testing

/// The differential check: an independent Promela model of the seed scenario
/// (models/seed-race.pml), checked by Spin, gives the same verdict as csx's explorer, for both
/// variants. Really runs spin, gcc and pan; fails (never skips) when spin is missing.
@Suite(.serialized) struct SpinAgreementTests {
    static let model = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("models/seed-race.pml").path

    @Test(arguments: [2, 3], Variant.allCases)
    func spinAgreesWithTheExplorer(cpus: Int, variant: Variant) throws {
        let spin = try #require(
            SpinRun.which("spin"),
            "spin is not installed: the differential check needs it (apt-get install -y spin; .ci/run installs it)")
        let gcc = try #require(SpinRun.which("gcc"), "gcc is not installed: Spin's verifier pan is C and needs it")
        let spinFound = try SpinRun.check(model: Self.model, cpus: cpus, fixed: variant == .fixed, spin: spin, gcc: gcc)
        let csx = try explore("seed-\(cpus)", variant)
        #expect(csx.verdict != .bounded)
        #expect(spinFound == (csx.verdict == .violation), "spin: \(spinFound ? "violation" : "ok"), csx: \(csx.verdict)")
        // And the answer itself is the known one: legacy races, fixed does not.
        #expect(spinFound == (variant == .legacy))
    }
}

/// Runs `spin -a`, compiles pan with gcc and runs it in a scratch directory.
enum SpinRun {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func which(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// True when pan reports an assertion violation, false when it reports none.
    static func check(model: String, cpus: Int, fixed: Bool, spin: String, gcc: String) throws -> Bool {
        // Named by the model too: the seed and ring suites run side by side in one process.
        let name = URL(fileURLWithPath: model).deletingPathExtension().lastPathComponent
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("csx-spin-\(getpid())-\(name)-\(cpus)-\(fixed)")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var defines = ["-DNCPU=\(cpus)"]
        if fixed { defines.append("-DFIXED") }
        _ = try run(spin, defines + ["-a", model], in: directory)
        _ = try run(gcc, ["-O2", "-w", "-DSAFETY", "-o", "pan", "pan.c"], in: directory)
        let output = try run(directory.appendingPathComponent("pan").path, ["-m100000"], in: directory, allowFailure: true)
        guard let range = output.range(of: #"errors: (\d+)"#, options: .regularExpression),
            let count = Int(output[range].dropFirst("errors: ".count))
        else { throw Failure(description: "pan printed no error count:\n\(output)") }
        if count > 0, !output.contains("assertion violated") {
            throw Failure(description: "pan found errors that are not assertion violations:\n\(output)")
        }
        return count > 0
    }

    static func run(_ tool: String, _ arguments: [String], in directory: URL, allowFailure: Bool = false) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        if process.terminationStatus != 0, !allowFailure {
            throw Failure(description: "\(tool) \(arguments.joined(separator: " ")) failed (\(process.terminationStatus)):\n\(text)")
        }
        return text
    }
}
