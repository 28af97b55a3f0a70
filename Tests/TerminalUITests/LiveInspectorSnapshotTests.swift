import CoreSightModel
import DriverSimulation
import Testing
@testable import TerminalUI

/// The live inspector says where every value came from: read (the file named), inferred
/// (marked, with what from) or unknown (what no file shows is never the model's guess).
@Suite("Live inspector")
struct LiveInspectorSnapshotTests {
    static func state() throws -> AppState {
        let topology = try #require(Board.named("juno-r2")).topology()
        var status = LiveStatus(root: "root@juno:/sys", intervalMilliseconds: 200, writesAllowed: false) { device, target in
            "root@juno:/sys/bus/coresight/devices/\(device)/enable_\(target.rawValue)"
        }
        status.isRemote = true
        status.files = LiveFiles(
            deviceDirectory: ["etm1": "bus/coresight/devices/etm1", "etm2": "bus/coresight/devices/etm2", "tmc_etr0": "bus/coresight/devices/tmc_etr0"],
            onlineFile: [1: "devices/system/cpu/online", 2: "devices/system/cpu/online"],
            idleFiles: [1: "devices/system/cpu/cpu1/cpuidle/state{0,1}/usage", 2: "devices/system/cpu/cpu2/cpuidle/state{0,1}/usage"])
        status.kernel = LiveKernelSummary(
            pmSaveEnable: 1, release: "6.18.1", releaseSource: "proc/sys/kernel/osrelease", profile: "v6.18",
            profileRule: "6.18.1 is at or above v6.18, below v6.18.2: v6.18",
            modelPMSave: "never (pm_save_enable is 1)", races: [], racesNote: "no known race under v6.18 with pm-save never")
        var state = try AppState(live: status, topology: topology)
        state.screenSize = Size(width: 160, height: 60)
        state.observe(LiveReading(sourceEnabled: ["etm1": false, "etm2": false], sinkEnabled: ["tmc_etr0": true], online: [1: true, 2: true]))
        state.observe(LiveReading(sourceEnabled: ["etm1": true, "etm2": false], sinkEnabled: ["tmc_etr0": true], online: [1: true, 2: true]))
        state.observe(LiveReading(sourceEnabled: ["etm1": true, "etm2": false], sinkEnabled: ["tmc_etr0": true], online: [1: true, 2: true],
                                  idleEntries: [2: 1995]))
        state.handle(.selectCPU(1))
        return state
    }

    @Test func aReadValueNamesItsFileAnInferredOneIsMarkedAndAnUnknownOneSaysSo() throws {
        let state = try Self.state()
        let buffer = AppView(state: state).render(state)
        let inspector = buffer.text(in: state.layout.inspector)
        GoldenText.assertMatches(inspector, named: "live-inspector-cpu1")
        let lines = Self.lines(state)
        #expect(lines.contains("etm1 enable_source 1 — read from bus/coresight/devices/etm1/enable_source"))
        #expect(lines.contains("mode SYSFS — inferred from enable_source"))
        #expect(lines.contains("claim tags: unknown:"))
        #expect(lines.contains("TRCPRGCTLR, OS lock, power-up: unknown:"))
        #expect(lines.contains("release 6.18.1 — read from proc/sys/kernel/osrelease"))
        #expect(lines.contains("pm_save_enable 1 — read from module/coresight_etm4x/parameters/pm_save_enable"))
        #expect(lines.contains("profile v6.18 — inferred from the release"))
        #expect(lines.contains("issuer: unknown:"))
        #expect(!lines.contains("TRCPRGCTLR.EN="))
        #expect(!lines.contains("claim self"))
    }

    /// The inspector's lines before wrapping, one string.
    static func lines(_ state: AppState) -> String {
        InspectorView(state: state, layout: state.layout).lines().map(\.0).joined(separator: "\n")
    }

    @Test func theHeaderNamesTheKernelAndPMSaveAndNoIssuerIsShown() throws {
        let state = try Self.state()
        let buffer = AppView(state: state).render(state)
        let header = buffer.text(in: state.layout.header)
        #expect(header.contains("kernel 6.18.1 → v6.18"))
        #expect(header.contains("pm_save_enable 1 (never)"))
        #expect(!buffer.text(in: state.layout.cpus).contains("issuer"))
        #expect(!buffer.text(in: state.layout.cpus).contains("self"))
    }

    @Test func idleCountersAreNarratedAsCounts() throws {
        let state = try Self.state()
        #expect(state.narration == "poll 3: cpu2: 1995 idle entries since the last poll")
    }

    @Test func aSelectedSinkShowsItsFileAndWhatIsInferred() throws {
        var state = try Self.state()
        state.selectedComponent = state.topology.id(named: "tmc_etr0")
        let inspector = Self.lines(state)
        #expect(inspector.contains("enable_sink 1 — read from bus/coresight/devices/tmc_etr0/enable_sink"))
        #expect(inspector.contains("refcount 1 — inferred from the enabled sources' paths"))
    }

    @Test func rReconnectsOnlyADroppedBoardAndXAsksForAnExploration() throws {
        var state = try Self.state()
        state.handle(.run)
        #expect(state.live?.reconnectRequested == false)
        state.setConnection("LOST root@juno: retry in 4 s (r now)", lost: true)
        state.handle(.run)
        #expect(state.live?.reconnectRequested == true)
        #expect(AppView(state: state).render(state).text(in: state.layout.header).contains("LOST root@juno"))
        state.handle(.explore)
        #expect(state.live?.explorationRequested == true)
    }
}
