import CoreSightModel
import DriverSimulation
import Testing
@testable import TerminalUI

/// The live view's model: readings become a world and timeline columns.
@Suite("Live state")
struct LiveStateTests {
    static func state() throws -> AppState {
        let topology = try #require(Board.named("juno-r2")).topology()
        let status = LiveStatus(root: "/sys", intervalMilliseconds: 200, writesAllowed: true) { device, target in
            "/sys/bus/coresight/devices/\(device)/enable_\(target.rawValue)"
        }
        var state = try AppState(live: status, topology: topology)
        state.screenSize = Size(width: 160, height: 48)
        return state
    }

    @Test func anEnabledSourceShowsItsPathToTheActivatedSink() throws {
        var state = try Self.state()
        state.observe(LiveReading(sourceEnabled: ["etm1": false], sinkEnabled: ["tmc_etr0": false]))
        #expect(state.timeline.columns.isEmpty)  // the baseline is not a change
        state.observe(LiveReading(sourceEnabled: ["etm1": true], sinkEnabled: ["tmc_etr0": true], idleEntries: [2: 3]))
        let funnel1 = try #require(state.topology.id(named: "funnel1"))
        let etr = try #require(state.topology.id(named: "tmc_etr0"))
        #expect(state.world.tracers[1].mode == .sysfs)
        #expect(state.world.parts[funnel1].enabled && state.world.parts[funnel1].refcount == 1)
        #expect(state.world.parts[etr].activated)
        #expect(state.world.tracers[1].sysfsPath?.sink == etr)
        #expect(state.timeline.columns.count == 1)
        #expect(state.live?.idleTotals[2] == 3)
        let screen = AppView(state: state).render(state).text()
        #expect(screen.contains("poll 2: cpu1 etm1 mode DISABLED -> SYSFS"))
        #expect(screen.contains("dev"))  // the sink's change is on the devices' lane
    }

    @Test func writesAreConfirmedNamingTheFileAndRefusedWhenReadOnly() throws {
        var state = try Self.state()
        state.observe(LiveReading(sourceEnabled: ["etm1": false]))
        state.handle(.selectCPU(1))
        state.handle(.enableTracer)
        #expect(state.pendingWrite?.path == "/sys/bus/coresight/devices/etm1/enable_source")
        state.handle(.confirmWrite(true))
        let write = state.takeRequestedWrite()
        #expect(write?.enable == true && write?.device == "etm1")
        let again = state.takeRequestedWrite()
        #expect(again == nil)  // taken once
        state.handle(.step)  // the simulation's keys do nothing live
        #expect(state.notice?.isError == true)
    }
}
