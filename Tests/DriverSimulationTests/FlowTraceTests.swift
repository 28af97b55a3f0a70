import DriverSimulation
import Testing

/// Every flow of docs/driver-model.md §4, event by event: `#step actor kind` (`-` = not a step).
/// These pin down the atomic steps; a change here is a change of the model, on purpose.
@Suite struct FlowTraceTests {
    /// 4.2 and 4.3, legacy: the mode is taken (#10) and reset (#18) on cpu0, around the IPIs
    @Test func sysfsEnableAndDisableOnLegacy() throws {
        let simulation = try play("cpu0 enable-sink tmc_etr0; cpu0 enable etm1; run cpu0; run cpu1; run cpu0; cpu0 disable etm1; run cpu0; run cpu1; run cpu0", variant: .legacy)
        #expect(trace(simulation) == """
            - cpu0 queued
            - cpu0 queued
            #1 cpu0 sink-activated
            #1 cpu0 returned
            #2 cpu0 mutex-taken
            #3 cpu0 path-built
            #4 cpu0 claimed
            #4 cpu0 part-enabled
            #5 cpu0 claimed
            #5 cpu0 part-enabled
            #6 cpu0 claimed
            #6 cpu0 part-enabled
            #7 cpu0 claimed
            #7 cpu0 part-enabled
            #8 cpu0 claimed
            #8 cpu0 part-enabled
            #9 cpu0 claimed
            #9 cpu0 part-enabled
            #10 cpu0 mode-taken
            #11 cpu0 ipi-sent
            #12 cpu1 ipi-taken
            #12 cpu1 claimed
            #12 cpu1 unit-enabled
            #12 cpu1 call-completed
            #13 cpu0 call-returned
            #14 cpu0 source-refcount
            #14 cpu0 mutex-released
            #14 cpu0 returned
            - cpu0 queued
            #15 cpu0 mutex-taken
            #15 cpu0 source-refcount
            #16 cpu0 ipi-sent
            #17 cpu1 ipi-taken
            #17 cpu1 unit-disabled
            #17 cpu1 disclaimed
            #17 cpu1 call-completed
            #18 cpu0 call-returned
            #18 cpu0 mode-set
            #19 cpu0 part-disabled
            #19 cpu0 disclaimed
            #20 cpu0 part-disabled
            #20 cpu0 disclaimed
            #21 cpu0 part-disabled
            #21 cpu0 disclaimed
            #22 cpu0 part-disabled
            #22 cpu0 disclaimed
            #23 cpu0 part-disabled
            #23 cpu0 disclaimed
            #24 cpu0 part-disabled
            #24 cpu0 disclaimed
            #25 cpu0 path-released
            #25 cpu0 mutex-released
            #25 cpu0 returned
            """.split(separator: "\n").map(String.init))
        #expect(simulation.violations.isEmpty)
    }

    /// 4.2 and 4.3, fixed: the mode is taken (#11) and reset (#17) by cpu1 inside its IPI handlers
    @Test func sysfsEnableAndDisableOnFixed() throws {
        let simulation = try play("cpu0 enable-sink tmc_etr0; cpu0 enable etm1; run cpu0; run cpu1; run cpu0; cpu0 disable etm1; run cpu0; run cpu1; run cpu0", variant: .fixed)
        #expect(trace(simulation) == """
            - cpu0 queued
            - cpu0 queued
            #1 cpu0 sink-activated
            #1 cpu0 returned
            #2 cpu0 mutex-taken
            #3 cpu0 path-built
            #4 cpu0 claimed
            #4 cpu0 part-enabled
            #5 cpu0 claimed
            #5 cpu0 part-enabled
            #6 cpu0 claimed
            #6 cpu0 part-enabled
            #7 cpu0 claimed
            #7 cpu0 part-enabled
            #8 cpu0 claimed
            #8 cpu0 part-enabled
            #9 cpu0 claimed
            #9 cpu0 part-enabled
            #10 cpu0 ipi-sent
            #11 cpu1 ipi-taken
            #11 cpu1 mode-taken
            #12 cpu1 claimed
            #12 cpu1 unit-enabled
            #12 cpu1 call-completed
            #13 cpu0 call-returned
            #14 cpu0 source-refcount
            #14 cpu0 mutex-released
            #14 cpu0 returned
            - cpu0 queued
            #15 cpu0 mutex-taken
            #15 cpu0 source-refcount
            #16 cpu0 ipi-sent
            #17 cpu1 ipi-taken
            #17 cpu1 unit-disabled
            #17 cpu1 disclaimed
            #17 cpu1 mode-set
            #17 cpu1 call-completed
            #18 cpu0 call-returned
            #19 cpu0 part-disabled
            #19 cpu0 disclaimed
            #20 cpu0 part-disabled
            #20 cpu0 disclaimed
            #21 cpu0 part-disabled
            #21 cpu0 disclaimed
            #22 cpu0 part-disabled
            #22 cpu0 disclaimed
            #23 cpu0 part-disabled
            #23 cpu0 disclaimed
            #24 cpu0 part-disabled
            #24 cpu0 disclaimed
            #25 cpu0 path-released
            #25 cpu0 mutex-released
            #25 cpu0 returned
            """.split(separator: "\n").map(String.init))
        #expect(simulation.violations.isEmpty)
    }

    /// 4.2 failure, legacy: cpu1's claim fails, cpu0 rolls the mode back (step 8) and tears the path down
    @Test func failedClaimOnLegacyRollsBackOnTheCaller() throws {
        let simulation = try play("cpu0 enable-sink tmc_etf0; ext-claim etm1; cpu0 enable etm1; run cpu0; run cpu1; run cpu0", variant: .legacy)
        #expect(trace(simulation) == """
            - cpu0 queued
            #1 ext ext-claimed
            - cpu0 queued
            #2 cpu0 sink-activated
            #2 cpu0 returned
            #3 cpu0 mutex-taken
            #4 cpu0 path-built
            #5 cpu0 claimed
            #5 cpu0 part-enabled
            #6 cpu0 claimed
            #6 cpu0 part-enabled
            #7 cpu0 claimed
            #7 cpu0 part-enabled
            #8 cpu0 mode-taken
            #9 cpu0 ipi-sent
            #10 cpu1 ipi-taken
            #10 cpu1 claim-failed
            #10 cpu1 call-completed
            #11 cpu0 call-returned
            #11 cpu0 mode-set
            #12 cpu0 part-disabled
            #12 cpu0 disclaimed
            #13 cpu0 part-disabled
            #13 cpu0 disclaimed
            #14 cpu0 part-disabled
            #14 cpu0 disclaimed
            #15 cpu0 path-released
            #15 cpu0 mutex-released
            #15 cpu0 returned
            """.split(separator: "\n").map(String.init))
        #expect(simulation.violations.isEmpty)
    }

    /// 4.2 failure, fixed: the handler takes SYSFS, fails the claim and sets DISABLED itself (7a-7d)
    @Test func failedClaimOnFixedRollsBackInTheHandler() throws {
        let simulation = try play("cpu0 enable-sink tmc_etf0; ext-claim etm1; cpu0 enable etm1; run cpu0; run cpu1; run cpu0", variant: .fixed)
        #expect(trace(simulation) == """
            - cpu0 queued
            #1 ext ext-claimed
            - cpu0 queued
            #2 cpu0 sink-activated
            #2 cpu0 returned
            #3 cpu0 mutex-taken
            #4 cpu0 path-built
            #5 cpu0 claimed
            #5 cpu0 part-enabled
            #6 cpu0 claimed
            #6 cpu0 part-enabled
            #7 cpu0 claimed
            #7 cpu0 part-enabled
            #8 cpu0 ipi-sent
            #9 cpu1 ipi-taken
            #9 cpu1 mode-taken
            #10 cpu1 claim-failed
            #10 cpu1 mode-set
            #10 cpu1 call-completed
            #11 cpu0 call-returned
            #12 cpu0 part-disabled
            #12 cpu0 disclaimed
            #13 cpu0 part-disabled
            #13 cpu0 disclaimed
            #14 cpu0 part-disabled
            #14 cpu0 disclaimed
            #15 cpu0 path-released
            #15 cpu0 mutex-released
            #15 cpu0 returned
            """.split(separator: "\n").map(String.init))
        #expect(simulation.violations.isEmpty)
    }

    /// 4.2 with N = X: the cross-call runs inline, IRQs off, as steps of cpu1's own flow
    @Test func selfEnableRunsTheHandlerInline() throws {
        let simulation = try play("cpu0 enable-sink tmc_etf0; run cpu0; cpu1 enable etm1; run cpu1", variant: .legacy)
        #expect(trace(simulation) == """
            - cpu0 queued
            #1 cpu0 sink-activated
            #1 cpu0 returned
            - cpu1 queued
            #2 cpu1 mutex-taken
            #3 cpu1 path-built
            #4 cpu1 claimed
            #4 cpu1 part-enabled
            #5 cpu1 claimed
            #5 cpu1 part-enabled
            #6 cpu1 claimed
            #6 cpu1 part-enabled
            #7 cpu1 mode-taken
            #8 cpu1 call-inline
            #9 cpu1 claimed
            #9 cpu1 unit-enabled
            #9 cpu1 call-completed
            #10 cpu1 call-returned
            #11 cpu1 source-refcount
            #11 cpu1 mutex-released
            #11 cpu1 returned
            """.split(separator: "\n").map(String.init))
        #expect(simulation.violations.isEmpty)
    }

    /// 4.4 and 4.6: perf on cpu1, a deep idle that saves and restores an owned tracer (fixed is
    /// v6.19: its CPU_PM_EXIT reads the mode to decide the restore)
    @Test func perfStartIdleAndStop() throws {
        let simulation = try play("cpu1 perf-start; run cpu1; idle cpu1; run cpu1; wake cpu1; run cpu1; cpu1 perf-stop; run cpu1", variant: .fixed)
        #expect(trace(simulation) == """
            - cpu1 queued
            #1 cpu1 path-built
            #2 cpu1 claimed
            #2 cpu1 part-enabled
            #3 cpu1 claimed
            #3 cpu1 part-enabled
            #4 cpu1 claimed
            #4 cpu1 part-enabled
            #5 cpu1 claimed
            #5 cpu1 part-enabled
            #6 cpu1 claimed
            #6 cpu1 part-enabled
            #7 cpu1 claimed
            #7 cpu1 part-enabled
            #8 cpu1 mode-taken
            #9 cpu1 claimed
            #9 cpu1 unit-enabled
            #9 cpu1 returned
            #10 cpu1 idle-entered
            #11 cpu1 pm-enter-read
            #11 cpu1 context-saved
            #12 cpu1 wfi
            #13 cpu1 woke
            #14 cpu1 pm-exit-read
            #14 cpu1 context-restored
            #15 cpu1 idle-exited
            - cpu1 queued
            #16 cpu1 unit-disabled
            #16 cpu1 disclaimed
            #17 cpu1 mode-set
            #18 cpu1 part-disabled
            #18 cpu1 disclaimed
            #19 cpu1 part-disabled
            #19 cpu1 disclaimed
            #20 cpu1 part-disabled
            #20 cpu1 disclaimed
            #21 cpu1 part-disabled
            #21 cpu1 disclaimed
            #22 cpu1 part-disabled
            #22 cpu1 disclaimed
            #23 cpu1 part-disabled
            #23 cpu1 disclaimed
            #24 cpu1 path-released
            #24 cpu1 returned
            """.split(separator: "\n").map(String.init))
        #expect(simulation.violations.isEmpty)
    }

    /// no activated sink: -EINVAL; an externally claimed sink fails the enable before the ETM is touched
    @Test func busySinkAndMissingSink() throws {
        let simulation = try play("cpu0 enable etm1; run cpu0; cpu0 enable-sink tmc_etr0; ext-claim tmc_etr0; cpu0 enable etm1; run cpu0", variant: .legacy)
        #expect(trace(simulation) == """
            - cpu0 queued
            #1 cpu0 mutex-taken
            #2 cpu0 no-sink
            #2 cpu0 mutex-released
            #2 cpu0 returned
            - cpu0 queued
            #3 ext ext-claimed
            - cpu0 queued
            #4 cpu0 sink-activated
            #4 cpu0 returned
            #5 cpu0 mutex-taken
            #6 cpu0 path-built
            #7 cpu0 claim-failed
            #8 cpu0 path-released
            #8 cpu0 mutex-released
            #8 cpu0 returned
            """.split(separator: "\n").map(String.init))
        #expect(simulation.violations.isEmpty)
    }

    /// 4.6 with a DISABLED tracer: nothing saved, nothing restored; 4.5 the debugger's steps
    @Test func idleWithNothingEnabledAndTheExternalDebugger() throws {
        let simulation = try play("idle cpu2; step cpu2; step cpu2; wake cpu2; step cpu2; step cpu2; ext-claim etm2; ext-program etm2; ext-release etm2", variant: .legacy)
        #expect(trace(simulation) == """
            #1 cpu2 idle-entered
            #2 cpu2 pm-enter-read
            #2 cpu2 save-skipped
            #3 cpu2 wfi
            #4 cpu2 woke
            #5 cpu2 restore-skipped
            #6 cpu2 idle-exited
            #7 ext ext-claimed
            #8 ext ext-programmed
            #9 ext ext-released
            """.split(separator: "\n").map(String.init))
        #expect(simulation.violations.isEmpty)
    }
}
