import Foundation
import Testing

/// `csx matrix` through the real binary: which shipped releases have the built-in races, with
/// pm_save_enable as the scenarios set it and forced to never, and a profile of one's own.
@Suite struct MatrixCommandTests {
    static let shipped = ["v6.18", "v6.18.2", "v6.19", "v7.0", "v7.1", "v7.2"]

    struct Cell: Equatable {
        var verdict: String
        var invariant: String?
    }

    /// The matrix's JSON: the kernels, and per scenario its cells by kernel.
    static func matrix(_ arguments: [String]) throws -> (status: Int32, kernels: [String], rows: [String: [String: Cell]], lengths: [Int]) {
        let result = try ExploreCommandTests.csx(["matrix"] + arguments + ["--json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
        var rows: [String: [String: Cell]] = [:]
        var lengths: [Int] = []
        for row in document["rows"] as? [[String: Any]] ?? [] {
            var cells: [String: Cell] = [:]
            for cell in row["cells"] as? [[String: Any]] ?? [] {
                let kernel = try #require(cell["kernel"] as? String)
                cells[kernel] = Cell(verdict: cell["verdict"] as? String ?? "?", invariant: cell["invariant"] as? String)
                #expect((cell["states"] as? Int ?? 0) > 0)
                if let length = cell["length"] as? Int { lengths.append(length) }
            }
            rows[try #require(row["scenario"] as? String)] = cells
        }
        return (result.status, document["kernels"] as? [String] ?? [], rows, lengths)
    }

    @Test func raceABreaksOnlyTheLegacyRelease() throws {
        let found = try Self.matrix(["claim-failure-vs-idle"])
        #expect(found.status == 1)
        #expect(found.kernels == Self.shipped)
        let row = try #require(found.rows["claim-failure-vs-idle"])
        #expect(row["v6.18"] == Cell(verdict: "violation", invariant: "pm-reads-stale-mode"))
        for kernel in Self.shipped.dropFirst() { #expect(row[kernel] == Cell(verdict: "ok", invariant: nil), "\(kernel)") }
        #expect(found.lengths.count == 1 && found.lengths[0] > 0)
    }

    @Test func raceAWithoutSelfHostedSavesBreaksNoRelease() throws {
        let found = try Self.matrix(["claim-failure-vs-idle", "--pm-save", "never"])
        #expect(found.status == 0)
        let row = try #require(found.rows["claim-failure-vs-idle"])
        #expect(Set(row.keys) == Set(Self.shipped))
        #expect(row.values.allSatisfy { $0.verdict == "ok" }, "\(row)")
    }

    @Test func idleBeforeTakeBreaksNoShippedRelease() throws {
        let found = try Self.matrix(["idle-before-take"])
        #expect(found.status == 0)
        let row = try #require(found.rows["idle-before-take"])
        #expect(Set(row.keys) == Set(Self.shipped))
        #expect(row.values.allSatisfy { $0.verdict == "ok" }, "\(row)")
    }

    /// CPU hotplug (docs/driver-model.md §4.7): the fixed driver's disable window (v6.18.2 to
    /// v7.1), a claim while offline (every release with the driver's callbacks) and the legacy
    /// driver's enable window (v6.18 only); v7.2's core callbacks have none of them.
    @Test func hotplugWindowsPerRelease() throws {
        let found = try Self.matrix(["disable-while-offline", "claim-while-offline", "enable-vs-online"])
        #expect(found.status == 1)
        #expect(found.kernels == Self.shipped)
        let ok = Cell(verdict: "ok", invariant: nil)
        let disable = try #require(found.rows["disable-while-offline"])
        #expect(disable["v6.18"] == ok && disable["v7.2"] == ok, "\(disable)")
        for kernel in ["v6.18.2", "v6.19", "v7.0", "v7.1"] {
            #expect(disable[kernel] == Cell(verdict: "violation", invariant: "tracer-matches-path"), "\(kernel)")
        }
        let claim = try #require(found.rows["claim-while-offline"])
        #expect(claim["v7.2"] == ok, "\(claim)")
        for kernel in Self.shipped.dropLast() {
            #expect(claim[kernel] == Cell(verdict: "violation", invariant: "quiescent-mode-matches-hw"), "\(kernel)")
        }
        let enable = try #require(found.rows["enable-vs-online"])
        #expect(enable["v6.18"] == Cell(verdict: "violation", invariant: "quiescent-mode-matches-hw"), "\(enable)")
        for kernel in Self.shipped.dropFirst() { #expect(enable[kernel] == ok, "\(kernel)") }
    }

    /// v7.2's path pointer: set on the writing CPU (the series before b6d54a94dcf4) the core's
    /// CPU PM misses an enabled path; v7.2 does not; older releases give their own answers.
    @Test func thePathPointerWindowBreaksOnlyTheCallerPointer() throws {
        let found = try Self.matrix(["path-pointer-window", "--kernels", "v6.18,v6.19,v7.1,v7.2,v7.2-pre-b6d54a94"])
        #expect(found.status == 1)
        let row = try #require(found.rows["path-pointer-window"])
        #expect(row["v7.2-pre-b6d54a94"]?.invariant == "pm-covers-active-path", "\(row)")
        #expect(row["v6.18"]?.invariant == "pm-reads-stale-mode")  // the seed's own window
        for kernel in ["v6.19", "v7.1", "v7.2"] { #expect(row[kernel]?.verdict == "ok", "\(kernel)") }
    }

    /// A TRBE idle cycle under perf on the FVP: only v7.2 saves and restores the per-CPU sink;
    /// before it the ETE is restored over a TRBE that lost its registers.
    @Test func aTRBEIdleCycleIsWholeOnlyOnV72() throws {
        let found = try Self.matrix(["trbe-idle-under-perf"])
        #expect(found.status == 1)
        let row = try #require(found.rows["trbe-idle-under-perf"])
        #expect(row["v7.2"] == Cell(verdict: "ok", invariant: nil), "\(row)")
        for kernel in Self.shipped.dropLast() {
            #expect(row[kernel] == Cell(verdict: "violation", invariant: "source-into-disabled-sink"), "\(kernel)")
        }
    }

    /// Leo Yan's second scenario: the caller placement composed with the exit-decided PM code,
    /// which no release shipped, in a profile file of one's own.
    @Test func callerPlacementWithV3BreaksIdleBeforeTake() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("csx-matrix-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("caller-with-exit-pm.yaml").path
        try """
            name: caller-with-exit-pm
            about: what if the PM rework had landed without the fix
            mode-placement: caller
            pm-code: v3
            commits:
              9e9182cab5eb: "coresight: etm4x: Remove the state_needs_restore flag"
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let found = try Self.matrix(["idle-before-take", "--kernels", "v6.19,\(path)"])
        #expect(found.status == 1)
        #expect(found.kernels == ["v6.19", "caller-with-exit-pm"])
        let row = try #require(found.rows["idle-before-take"])
        #expect(row["v6.19"]?.verdict == "ok")
        #expect(row["caller-with-exit-pm"]?.verdict == "violation", "\(row)")
    }

    @Test func theTextTableHasAColumnPerKernelAndARowPerScenario() throws {
        let result = try ExploreCommandTests.csx(["matrix", "claim-failure-vs-idle", "idle-before-take", "--kernels", "legacy,fixed"])
        #expect(result.status == 1, "\(result)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.split(separator: " ").map(String.init)
        }
        #expect(lines.count == 6, "\(result.stdout)")  // header, 2 rows, blank, summary, final newline
        #expect(lines[0] == ["scenario", "pm-save", "v6.18", "v6.19"])
        #expect(lines[1].count == 4 && lines[1][0] == "claim-failure-vs-idle" && lines[1][1] == "self-hosted")
        #expect(lines[1][2].hasPrefix("pm-reads-stale-mode/") && Int(lines[1][2].dropFirst("pm-reads-stale-mode/".count)) != nil)
        #expect(lines[1][3] == "ok")
        #expect(lines[2] == ["idle-before-take", "self-hosted", "ok", "ok"])
        #expect(result.stdout.contains("\n1 violation in 4 cells;"), "\(result.stdout)")
    }

    @Test func byDefaultEveryBuiltInScenarioButTheSeeds() throws {
        // v7.2 breaks none of them; v7.1 the driver's own hotplug windows and the TRBE it
        // does not save over idle.
        let clean = try Self.matrix(["--kernels", "v7.2"])
        #expect(clean.status == 0)
        #expect(clean.rows.values.allSatisfy { $0["v7.2"]?.verdict == "ok" })
        let found = try Self.matrix(["--kernels", "v7.1"])
        #expect(found.status == 1)
        let broken = Set(found.rows.filter { $0.value["v7.1"]?.verdict == "violation" }.keys)
        #expect(broken == ["disable-while-offline", "claim-while-offline", "trbe-idle-under-perf"])
        let listed = try ExploreCommandTests.csx(["scenarios"]).stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(Set(found.rows.keys) == Set(listed.filter { !$0.hasPrefix("seed-") && !$0.hasPrefix("ring-") }))
        #expect(found.rows.count >= 6)
    }

    @Test(arguments: [
        (["matrix", "claim-failure-vs-idle", "--kernels", "v9.9"], "no such kernel"),
        (["matrix", "claim-failure-vs-idle", "--kernels", "v6.18,,v6.19"], "--kernels: an empty name"),
        (["matrix", "claim-failure-vs-idle", "--kernels", Array(repeating: "v6.19", count: 33).joined(separator: ",")], "at most 32"),
        (["matrix", "no-such-scenario"], "no such scenario"),
        (["matrix", "claim-failure-vs-idle", "--pm-save", "sometimes"], "--pm-save"),
        (["matrix", "claim-failure-vs-idle", "--max-memory", "1K"], "no verdict"),
    ])
    func badInputIsOneMessageAndExitTwo(arguments: [String], message: String) throws {
        let result = try ExploreCommandTests.csx(arguments)
        #expect(result.status == 2, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("csx: ") && result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }

    @Test func tooManyScenariosAreRefusedBeforeAnyIsExplored() throws {
        let result = try ExploreCommandTests.csx(["matrix"] + Array(repeating: "self-enable", count: 65))
        #expect(result.status == 2)
        #expect(result.stderr == "csx: 65 scenarios given; at most 64 per matrix\n", "\(result.stderr)")
    }
}
