import DriverSimulation
import RaceDiagram
import Testing

/// Issue 18's golden tests: the seed race under v6.18 draws the legacy chain on CPU0, the handler
/// and the stale read (`^^^`) on CPU1, then CPU0's rollback; under v6.19 the take and the
/// rollback are in CPU1's column and nothing is marked.
@Suite struct SeedRaceGoldenTests {
    @Test func legacyDrawsTheCallerChainTheHandlerTheMarkedReadThenTheRollback() throws {
        let simulation = try Fixtures.run("claim-failure-vs-idle", kernel: try Fixtures.profile("v6.18"), actions: Fixtures.seedActions)
        let text = Fixtures.draw(simulation)
        GoldenFile.assertMatches(text, named: "seed-v6.18")
        checkPastable(text)
        let diagram = DrawnDiagram(text)
        let cpu1 = try #require(diagram.columnX("CPU1"))
        var line = diagram.titleLine
        // CPU0's chain, in order, left of CPU1's column.
        for call in ["etm4_enable()", "coresight_take_mode(SYSFS)", "etm4_enable_sysfs()", "smp_call_function_single()"] {
            let found = try #require(diagram.find(call, after: line), "\(call) after line \(line)")
            #expect(found.x < cpu1, "\(call) is not in CPU0's column")
            line = found.line
        }
        // CPU1's handler, its idle entry reading the mode in etm4_cpu_save(), marked.
        for call in ["etm4_enable_hw_smp_call()", "cpu_pm_enter()", "etm4_cpu_save()", "coresight_get_mode()", "^^^"] {
            let found = try #require(diagram.find(call, after: line - 1), "\(call) after line \(line)")
            #expect(found.x >= cpu1, "\(call) is not in CPU1's column")
            #expect(found.line >= line)
            line = found.line
        }
        // Then CPU0 rolls the mode back.
        let rollback = try #require(diagram.find("coresight_set_mode(DISABLED)", after: line))
        #expect(rollback.x < cpu1)
        #expect(diagram.find("etm4_enable_sysfs_smp_call()", after: 0) == nil)
    }

    @Test func fixedDrawsTheTakeAndRollbackOnTheTargetAndNoMark() throws {
        let simulation = try Fixtures.run("claim-failure-vs-idle", kernel: try Fixtures.profile("v6.19"), actions: Fixtures.seedActions)
        let text = Fixtures.draw(simulation)
        GoldenFile.assertMatches(text, named: "seed-v6.19")
        checkPastable(text)
        #expect(!text.contains("^^^"))
        let diagram = DrawnDiagram(text)
        let cpu1 = try #require(diagram.columnX("CPU1"))
        let handler = try #require(diagram.find("etm4_enable_sysfs_smp_call()", after: diagram.titleLine))
        #expect(handler.x >= cpu1)
        let take = try #require(diagram.find("coresight_take_mode(SYSFS)", after: diagram.titleLine))
        let rollback = try #require(diagram.find("coresight_set_mode(DISABLED)", after: diagram.titleLine))
        #expect(take.x >= cpu1 && rollback.x >= cpu1, "the take and the rollback are in CPU1's column")
        #expect(take.line > handler.line - 1 && rollback.line > take.line)
        let read = try #require(diagram.find("etm4_cpu_save()", after: rollback.line))
        #expect(read.x >= cpu1)
        #expect(diagram.find("etm4_enable_hw_smp_call()", after: 0) == nil)
    }

    /// With nothing broken, every CPU that acted is drawn, with the tracers it acted on: cpu0
    /// stopped at its IPI, which cpu1 has not taken yet.
    @Test func aRunWithoutViolationDrawsWhatHappened() throws {
        let text = Fixtures.draw(try Fixtures.run("claim-failure-vs-idle", actions: "run cpu0"))
        let diagram = DrawnDiagram(text)
        #expect(diagram.columnX("CPU1") == nil)
        let send = try #require(diagram.find("smp_call_function_single() --> CPU1", after: diagram.titleLine))
        #expect(diagram.find("coresight_take_mode(SYSFS)", after: diagram.titleLine).map { $0.line < send.line } == true)
        #expect(text.contains("no invariant broke"))
    }

    /// The same input gives the same bytes.
    @Test func drawingIsDeterministic() throws {
        let simulation = try Fixtures.run("claim-failure-vs-idle", actions: Fixtures.seedActions)
        let first = Fixtures.draw(simulation, full: true)
        for _ in 0..<3 { #expect(Fixtures.draw(simulation, full: true) == first) }
    }
}
