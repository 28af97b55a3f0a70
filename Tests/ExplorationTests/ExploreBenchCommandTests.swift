import Foundation
import Testing

/// `csx explore-bench` and the ring scenarios from the command line: the real binary, small
/// sizes only (the benchmark's own sizes take minutes).
@Suite struct ExploreBenchCommandTests {
    static func csx(_ arguments: [String]) throws -> ExploreCommandTests.Output { try ExploreCommandTests.csx(arguments) }

    static func document(_ output: ExploreCommandTests.Output) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any], "\(output)")
    }

    /// ring-2 under both variants, reduced and not: the rows agree with `csx explore` and with
    /// each other, and say how much memory the process held.
    @Test func ringRowsAgreeWithExplore() throws {
        let bench = try Self.csx(["explore-bench", "--family", "ring", "--sizes", "2", "--json"])
        #expect(bench.status == 0, "\(bench)")
        let document = try Self.document(bench)
        #expect(document["family"] as? String == "ring")
        #expect(["debug", "release"].contains(document["build"] as? String ?? ""))
        let rows = try #require(document["rows"] as? [[String: Any]])
        #expect(rows.map { "\($0["scenario"] ?? "")/\($0["variant"] ?? "")/\($0["reductions"] ?? "")" }
            == ["ring-2/legacy/1", "ring-2/legacy/0", "ring-2/fixed/1", "ring-2/fixed/0"])
        for variant in ["legacy", "fixed"] {
            let explored = try Self.document(try Self.csx(["explore", "ring-2", "--variant", variant, "--json"]))
            let pair = rows.filter { $0["variant"] as? String == variant }
            #expect(pair.allSatisfy { $0["verdict"] as? String == explored["verdict"] as? String })
            #expect(pair.allSatisfy { ($0["shortest"] as? Int) == (explored["shortest"] as? Int) })
            #expect(pair[0]["states"] as? Int == explored["states"] as? Int)
            #expect((pair[0]["states"] as? Int ?? .max) <= (pair[1]["states"] as? Int ?? 0))
        }
        #expect(rows[0]["verdict"] as? String == "violation" && rows[2]["verdict"] as? String == "ok")
        for row in rows {
            let before = try #require(row["resident_before_bytes"] as? Int, "Linux resets the peak through /proc/self/clear_refs")
            let peak = try #require(row["peak_resident_bytes"] as? Int)
            #expect(before > 0 && peak >= before)
            #expect((row["states_per_second"] as? Int ?? 0) > 0)
            #expect((row["transitions"] as? Int ?? 0) >= (row["states"] as? Int ?? 0) - 1)
        }
    }

    @Test func theTableHasOneRowPerChoiceAndTheSeedFamilyStaysTheDefault() throws {
        let ring = try Self.csx(["explore-bench", "--family", "ring", "--sizes", "2...3", "--variant", "legacy", "--reductions", "on"])
        #expect(ring.status == 0, "\(ring)")
        let rows = ring.stdout.split(separator: "\n").filter { $0.hasPrefix("| ring-") }
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.contains(" | legacy | on | violation | ") }, "\(rows)")
        #expect(ring.stdout.contains("| states/s |") && ring.stdout.contains("| peak resident |"))
        let seed = try Self.csx(["explore-bench", "--sizes", "2", "--variant", "fixed", "--reductions", "off"])
        #expect(seed.status == 0, "\(seed)")
        #expect(seed.stdout.split(separator: "\n").filter { $0.hasPrefix("| seed-") }.map { $0.prefix(28) } == ["| seed-2 | fixed | off | ok "])
    }

    /// With --rounds a row is explored that many times: the figures are the fastest round's, the
    /// table shows the range of seconds, and the search's own figures are those of one round.
    @Test func roundsTakeTheFastestAndShowTheRange() throws {
        let arguments = ["explore-bench", "--family", "ring", "--sizes", "2", "--variant", "fixed", "--reductions", "on"]
        let once = try #require(try Self.document(try Self.csx(arguments + ["--json"]))["rows"] as? [[String: Any]])
        #expect(once.count == 1 && once[0]["rounds"] == nil && once[0]["slowest_seconds"] == nil, "\(once)")
        let thrice = try Self.csx(arguments + ["--rounds", "3", "--json"])
        #expect(thrice.status == 0, "\(thrice)")
        let rows = try #require(try Self.document(thrice)["rows"] as? [[String: Any]])
        let row = try #require(rows.first)
        #expect(rows.count == 1)
        #expect(row["rounds"] as? Int == 3)
        let fastest = try #require(row["seconds"] as? Double)
        let slowest = try #require(row["slowest_seconds"] as? Double)
        #expect(fastest > 0 && fastest <= slowest)
        for key in ["states", "transitions", "max_depth"] {
            #expect(row[key] as? Int == once[0][key] as? Int, "\(key)")
        }
        #expect(row["states_per_second"] as? Int == Int((Double(row["states"] as? Int ?? 0) / fastest).rounded()))
        let table = try Self.csx(arguments + ["--rounds", "2"])
        let line = try #require(table.stdout.split(separator: "\n").first { $0.hasPrefix("| ring-2 ") })
        let seconds = line.split(separator: "|")[7].trimmingCharacters(in: .whitespaces)
        let range = seconds.split(separator: "–").compactMap { Double($0) }
        #expect(range.count == 2 && range[0] <= range[1], "\(line)")
    }

    /// --jobs picks the threads each search runs on (the document and the table say how many);
    /// the rows' states, transitions, verdicts and lengths are the same on one thread as on three.
    @Test func jobsChangeTheThreadsNotTheRows() throws {
        let arguments = ["explore-bench", "--family", "ring", "--sizes", "2", "--variant", "fixed", "--json"]
        let one = try Self.document(try Self.csx(arguments + ["--jobs", "1"]))
        let three = try Self.document(try Self.csx(arguments + ["--jobs", "3"]))
        #expect(one["jobs"] as? Int == 1 && three["jobs"] as? Int == 3)
        let rows = try [one, three].map { try #require($0["rows"] as? [[String: Any]]) }
        #expect(rows[0].count == 2 && rows[1].count == 2)
        for (a, b) in zip(rows[0], rows[1]) {
            for key in ["reductions", "states", "transitions", "max_depth"] { #expect(a[key] as? Int == b[key] as? Int, "\(key)") }
            #expect(a["verdict"] as? String == b["verdict"] as? String)
        }
        let table = try Self.csx(["explore-bench", "--family", "ring", "--sizes", "2", "--variant", "fixed", "--reductions", "on", "--jobs", "1"])
        #expect(table.status == 0 && table.stdout.contains("\n1 thread per search (--jobs)\n| scenario |"), "\(table)")
    }

    @Test func maxMemoryReachesEveryRow() throws {
        let bench = try Self.csx(["explore-bench", "--family", "ring", "--sizes", "2", "--variant", "fixed", "--reductions", "on",
                                  "--max-memory", "64K", "--json"])
        #expect(bench.status == 0, "\(bench)")
        let rows = try #require(try Self.document(bench)["rows"] as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["verdict"] as? String == "bounded")
        #expect(rows.first?["bound"] as? String == "max-memory")
    }

    @Test(arguments: [
        (["explore-bench", "--family", "ring", "--sizes", "9"], "--sizes expects"),
        (["explore-bench", "--family", "ring", "--sizes", "1"], "--sizes expects"),
        (["explore-bench", "--sizes", "1"], "for the seed family"),
        (["explore-bench", "--family", "ring", "--sizes", "5...3"], "--sizes expects"),
        (["explore-bench", "--family", "ring", "--sizes", "3..."], "--sizes expects"),
        (["explore-bench", "--family", "ring", "--sizes", "...4"], "--sizes expects"),
        (["explore-bench", "--family", "ring", "--sizes", "3..4"], "--sizes expects"),
        (["explore-bench", "--family", "ring", "--sizes", "3...4...5"], "--sizes expects"),
        (["explore-bench", "--family", "ring", "--sizes", "-3"], "--sizes"),  // parsed as a missing value
        (["explore-bench", "--family", "ring", "--sizes", String(repeating: "9", count: 100_000)], "--sizes expects"),
        (["explore-bench", "--family", "ring", "--sizes", "3\u{1B}[2J\u{202E}"], "--sizes expects"),
        (["explore-bench", "--family", "rong"], "--family"),
        (["explore-bench", "--reductions", "maybe"], "--reductions"),
        (["explore-bench", "--variant", "new"], "--variant"),
        (["explore-bench", "--max-memory", "lots"], "--max-memory expects"),
        (["explore-bench", "--rounds", "0"], "--rounds expects 1 to 20"),
        (["explore-bench", "--rounds", "21"], "--rounds expects 1 to 20"),
        (["explore-bench", "--rounds", "many"], "--rounds"),
        (["explore-bench", "--jobs", "0"], "--jobs must be 1...16 (got 0)"),
        (["explore-bench", "--jobs", "17"], "--jobs must be 1...16 (got 17)"),
        (["explore-bench", "--jobs", "two"], "--jobs"),
    ])
    func badInputIsOneCleanMessageAndExitTwo(arguments: [String], message: String) throws {
        let result = try Self.csx(arguments)
        #expect(result.status == 2, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("csx: ") && result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(!result.stderr.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" }, "\(result.stderr)")
        #expect(result.stderr.utf8.count < 2_000)
    }

    @Test func ringsAreListedRunAndExplored() throws {
        let listed = try Self.csx(["scenarios"])
        #expect(listed.status == 0)
        for n in 2...8 { #expect(listed.stdout.contains("\nring-\(n) "), "ring-\(n)") }
        let two = try #require(listed.stdout.split(separator: "\n").first { $0.hasPrefix("ring-2 ") })
        #expect(two.contains("cpu0 and cpu1 at once") && !two.contains("cpu0..cpu1"), "\(two)")

        let run = try Self.csx(["run", "ring-4", "--variant", "fixed"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.hasPrefix("scenario ring-4 on grid-4, kernel v6.19, pm-save self-hosted"), "\(run.stdout)")
        for cpu in 0..<4 { #expect(run.stdout.contains("cpu\(cpu)  queued: enable etm\((cpu + 1) % 4)"), "\(run.stdout)") }

        let explored = try Self.csx(["explore", "ring-3"])
        #expect(explored.status == 1, "\(explored)")
        #expect(explored.stdout.contains("pm-reads-stale-mode") || explored.stdout.contains("restore-on-unowned-tracer"), "\(explored.stdout)")

        // A ring name as the first word is a scenario for the UI, not an unknown subcommand.
        let tui = try Self.csx(["ring-3", "--no-such-flag"])
        #expect(tui.status == 2 && tui.stderr.contains("--no-such-flag") && !tui.stderr.contains("unknown subcommand"), "\(tui)")
        let nine = try Self.csx(["ring-9"])
        #expect(nine.status == 2 && nine.stderr.contains("unknown subcommand ring-9"), "\(nine)")
    }
}
