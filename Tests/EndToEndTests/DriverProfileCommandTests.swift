import Foundation
import Testing

/// `--kernel`, `--pm-save` and `csx kernels` through the real binary: the profile and the
/// resolved pm_save_enable named in the reports, notes that exit 0, and bad profile files.
@Suite("Kernel profiles on the command line")
struct DriverProfileCommandTests {
    /// Race A by hand on the bare Juno (docs/driver-model.md §7).
    static let raceA = "cpu0 enable-sink tmc_etr0; ext-claim etm1; cpu0 enable etm1; run cpu0; run cpu1; idle cpu1; run cpu1"

    func csx(_ arguments: [String]) throws -> Subprocess.Result {
        try Subprocess.run(try CSXBinary.path(), arguments)
    }

    func document(_ result: Subprocess.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any], "\(result)")
    }

    func eventKinds(_ document: [String: Any]) -> [String] {
        let steps = document["steps"] as? [[String: Any]] ?? []
        return steps.flatMap { ($0["events"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String } }
    }

    @Test func raceAOnABoardWhoseContextIsSavedBreaksTheLegacyDriver() throws {
        // The race's mechanics need pm_save_enable=2; Juno's firmware default is never.
        let result = try csx(["run", "--board", "juno-r2", "--kernel", "v6.18", "--pm-save", "self-hosted", "--actions", Self.raceA])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.standardOutput.hasPrefix("scenario bare juno-r2 on juno-r2, kernel v6.18, pm-save self-hosted\n"), "\(result)")
        #expect(result.standardOutput.contains("pm-reads-stale-mode"), "\(result)")
        #expect(!result.standardOutput.contains("note"), "\(result)")
        let json = try document(try csx(["run", "--board", "juno-r2", "--variant", "legacy", "--pm-save", "self-hosted",
                                         "--actions", Self.raceA, "--json"]))
        #expect(json["kernel"] as? String == "v6.18")
        #expect(json["pm-save"] as? String == "self-hosted")
        #expect(json["variant"] as? String == "legacy")
        #expect((json["violations"] as? [Any])?.count == 1)
    }

    @Test func raceAOnAStockJunoIsANoteAndExitsZero() throws {
        let result = try csx(["run", "--board", "juno-r2", "--kernel", "v6.18", "--actions", Self.raceA])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.standardOutput.hasPrefix("scenario bare juno-r2 on juno-r2, kernel v6.18, pm-save never\n"), "\(result)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex(of: "1 note:"), "\(result)")
        #expect(lines[header + 1].hasPrefix("  step 15 (cpu1): stale-read-decides-nothing: "), "\(lines)")
        #expect(lines.last == "no invariant broke", "\(lines)")
        let json = try document(try csx(["run", "--board", "juno-r2", "--kernel", "legacy", "--actions", Self.raceA, "--json"]))
        #expect(json["pm-save"] as? String == "never")
        #expect(json["kernel"] as? String == "v6.18")
        #expect(eventKinds(json).filter { $0 == "note" }.count == 1, "\(eventKinds(json))")
        #expect((json["violations"] as? [Any])?.isEmpty == true)
    }

    @Test func keysKeepTheirOrderWithKernelAndPMSaveAfterVariant() throws {
        let result = try csx(["run", "claim-failure-vs-idle", "--kernel", "v7.1", "--json"])
        #expect(result.exitCode == 0, "\(result)")
        let positions = ["scenario", "variant", "kernel", "pm-save", "steps", "violations"].map {
            result.standardOutput.range(of: "\"\($0)\"")?.lowerBound
        }
        #expect(positions.allSatisfy { $0 != nil } && positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "\(result)")
        let json = try document(result)
        #expect(json["kernel"] as? String == "v7.1")
        #expect(json["variant"] as? String == "fixed")
        #expect(json["pm-save"] as? String == "self-hosted")  // the scenario says so
    }

    @Test func anAliasRunsTheSameAsItsVariant() throws {
        let byVariant = try csx(["run", "claim-failure-vs-idle", "--variant", "fixed", "--actions", "run cpu0; run cpu1", "--json"])
        let byKernel = try csx(["run", "claim-failure-vs-idle", "--kernel", "v6.19", "--actions", "run cpu0; run cpu1", "--json"])
        #expect(byVariant.exitCode == byKernel.exitCode)
        #expect(byVariant.standardOutput == byKernel.standardOutput)
    }

    @Test(arguments: [
        ["run", "--kernel", "v6.19", "--variant", "fixed"],
        ["explore", "claim-failure-vs-idle", "--kernel", "v6.19", "--variant", "legacy"],
        ["screenshot", "--svg", "-", "--kernel", "v6.18", "--variant", "legacy"],
    ])
    func kernelAndVariantExcludeEachOther(arguments: [String]) throws {
        let result = try csx(arguments)
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.hasPrefix("csx: give --kernel or --variant, not both"), "\(result)")
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result)")
    }

    @Test(arguments: [
        ("name: x\nmode-placement: caller\npm-code: v9\n", ":3:10: expected v1, v2 or v3"),
        ("name: x\nmode-placement: caller\npm-code: v3\nfrobnicate: yes\n", ":4:1: unknown key \"frobnicate\""),
        ("name: x\nmode-placement: caller\n", "missing key \"pm-code\""),
    ])
    func aBadProfileFileIsNamedAtItsPlace(text: String, message: String) throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("patch.yaml")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        for command in [["run"], ["explore", "claim-failure-vs-idle"], ["matrix", "claim-failure-vs-idle", "--kernels"]] {
            let result = try csx(command + (command.first == "matrix" ? [path] : ["--kernel", path]))
            #expect(result.exitCode == 2, "\(command): \(result)")
            #expect(result.standardOutput.isEmpty)
            #expect(result.standardError.hasPrefix("csx: \(path):"), "\(command): \(result)")
            #expect(result.standardError.contains(message), "\(command): \(result)")
            #expect(result.standardError.split(separator: "\n").count == 1, "\(command): \(result)")
        }
    }

    @Test func anUnknownKernelNameListsTheShippedOnes() throws {
        let result = try csx(["run", "--kernel", "v5.4"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("no such kernel"), "\(result)")
        #expect(result.standardError.contains("v6.18 (legacy)"), "\(result)")
    }

    @Test func exploreNamesTheProfileAndItsReplayLineReproducesTheViolation() throws {
        let json = try document(try csx(["explore", "claim-failure-vs-idle", "--kernel", "v6.18", "--json"]))
        #expect(json["kernel"] as? String == "v6.18")
        #expect(json["pm-save"] as? String == "self-hosted")
        #expect(json["verdict"] as? String == "violation")
        let text = try csx(["explore", "claim-failure-vs-idle", "--kernel", "legacy"])
        #expect(text.exitCode == 1, "\(text)")
        #expect(text.standardOutput.hasPrefix("explored claim-failure-vs-idle, kernel v6.18, pm-save self-hosted\n"), "\(text)")
        let replay = try #require(text.standardOutput.split(separator: "\n").first { $0.hasPrefix("replay: csx run ") })
        let prefix = "replay: csx run claim-failure-vs-idle --kernel v6.18 --pm-save self-hosted --actions \""
        #expect(replay.hasPrefix(prefix), "\(replay)")
        let actions = String(replay.dropFirst(prefix.count).dropLast())
        let replayed = try csx(["run", "claim-failure-vs-idle", "--kernel", "v6.18", "--pm-save", "self-hosted", "--actions", actions])
        #expect(replayed.exitCode == 1, "\(replayed)")
    }

    @Test func exploreOutRecordsAProfileFileSoReplayPlaysIt() throws {
        let directory = try TemporaryDirectory()
        let profile = directory.path("mine.yaml")
        try Data("name: mine\nmode-placement: caller\npm-code: v1\n".utf8).write(to: URL(fileURLWithPath: profile))
        let session = directory.path("race.csxs")
        let explored = try csx(["explore", "claim-failure-vs-idle", "--kernel", profile, "--out", session])
        #expect(explored.exitCode == 1, "\(explored)")
        #expect(explored.standardOutput.contains("--kernel \(profile) --pm-save self-hosted"), "\(explored)")
        let replayed = try csx(["replay", session, "--headless"])
        #expect(replayed.exitCode == 1, "\(replayed)")
        #expect(replayed.standardOutput.hasPrefix("scenario claim-failure-vs-idle on juno-r2, kernel mine, pm-save self-hosted\n"), "\(replayed)")
        #expect(try csx(["replay", session, "--verify"]).exitCode == 0)
    }

    /// A recorded race replayed on another kernel: the same actions, judged by that driver.
    @Test func replayPlaysTheRecordedActionsOnAnotherKernel() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("csx-replay-kernel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("race.csxs").path
        let recorded = try csx(["run", "claim-failure-vs-idle", "--actions", "run cpu0; run cpu1; idle cpu1; run cpu1", "--record", path])
        #expect(recorded.exitCode == 1, "\(recorded)")
        let own = try csx(["replay", path, "--headless"])
        #expect(own.exitCode == 1 && own.standardOutput == recorded.standardOutput, "\(own)")
        let fixed = try csx(["replay", path, "--headless", "--kernel", "v6.19"])
        #expect(fixed.exitCode == 0, "\(fixed)")
        #expect(fixed.standardOutput.hasPrefix("scenario claim-failure-vs-idle on juno-r2, kernel v6.19, pm-save self-hosted\n"), "\(fixed)")
        let never = try csx(["replay", path, "--headless", "--pm-save", "never"])
        #expect(never.exitCode == 0 && never.standardOutput.contains("stale-read-decides-nothing"), "\(never)")
        let verify = try csx(["replay", path, "--verify", "--kernel", "v6.19"])
        #expect(verify.exitCode == 2 && verify.standardError.contains("--verify checks the recording against its own kernel"), "\(verify)")
    }

    @Test func pmSaveNeverOnTheCommandLineOverridesTheScenario() throws {
        let result = try csx(["explore", "claim-failure-vs-idle", "--kernel", "v6.18", "--pm-save", "never", "--json"])
        #expect(result.exitCode == 0, "\(result)")
        let json = try document(result)
        #expect(json["pm-save"] as? String == "never")
        #expect(json["verdict"] as? String == "ok")
    }

    @Test func kernelsListsTheShippedProfilesOneLineEach() throws {
        let text = try csx(["kernels"])
        #expect(text.exitCode == 0, "\(text)")
        let lines = text.standardOutput.split(separator: "\n")
        let names = ["v6.18", "v6.18.2", "v6.19", "v7.0", "v7.1", "v7.2"]
        #expect(lines.count == names.count, "\(text)")
        for (line, name) in zip(lines, names) { #expect(line.hasPrefix(name + " "), "\(line)") }
        #expect(lines.first?.contains("legacy") == true && lines.first?.contains("mode-placement caller") == true)
        #expect(lines[2].contains("fixed") && lines[2].contains("pm-code v3") && lines[2].contains("9e9182cab5eb"), "\(lines[2])")
        let json = try document(try csx(["kernels", "--json"]))
        let kernels = try #require(json["kernels"] as? [[String: Any]])
        #expect(kernels.compactMap { $0["name"] as? String } == names)
        #expect(kernels.first?["aliases"] as? [String] == ["legacy"])
        #expect(kernels[1]["pm-code"] as? String == "v2")
        #expect(kernels.compactMap { $0["hotplug"] as? String } == ["driver", "driver", "driver", "driver", "driver", "core"])
        #expect(lines.last?.contains("hotplug core") == true, "\(lines.last ?? "")")
        let commits = kernels[1]["commits"] as? [[String: Any]] ?? []
        #expect(commits.compactMap { $0["id"] as? String } == ["28eee2158575", "1fdc2cd347a7"])
    }
}
