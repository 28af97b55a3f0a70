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

    // MARK: - readings that give no value (a write caught half done, an unreadable file)

    static let etm1Source = LiveAttribute(device: "etm1", target: .source)
    static let etrSink = LiveAttribute(device: "tmc_etr0", target: .sink)

    static func narration(_ state: AppState) -> String { AppView(state: state).render(state).text() }

    /// The events of the latest column, as the inspector lists them.
    static func latestEvents(_ state: AppState) -> [String] {
        guard let column = state.timeline.columns.last else { return [] }
        let describer = EventDescriber(topology: state.topology)
        return state.timeline.events(in: column).map { "\($0.actor) \(describer.describe($0.kind))" }
    }

    @Test func oneThenEmptyThenZeroGivesAColumnForEachReading() throws {
        var state = try Self.state()
        state.observe(LiveReading(sourceEnabled: ["etm1": true]))
        state.observe(LiveReading(unreadable: [Self.etm1Source: "empty"]))
        #expect(state.timeline.columns.count == 1)
        #expect(Self.latestEvents(state) == ["cpu1 etm1 enable_source: empty (showing the last value read, 1)"])
        #expect(state.world.tracers[1].mode == .sysfs)  // the last value read stays on screen
        #expect(Self.narration(state).contains("poll 2: cpu1 etm1 enable_source: empty"))
        state.observe(LiveReading(sourceEnabled: ["etm1": false]))
        #expect(state.timeline.columns.count == 2)
        #expect(Self.latestEvents(state) == ["cpu1 etm1 mode SYSFS -> DISABLED (set)"])
        #expect(state.world.tracers[1].mode == .disabled)
        #expect(Self.narration(state).contains("poll 3: cpu1 etm1 mode SYSFS -> DISABLED"))
    }

    @Test func oneThenUnreadableThenZeroGivesAColumnForEachReading() throws {
        var state = try Self.state()
        state.observe(LiveReading(sourceEnabled: ["etm1": true]))
        state.observe(LiveReading(unreadable: [Self.etm1Source: "unreadable (EACCES)"]))
        #expect(Self.latestEvents(state) == ["cpu1 etm1 enable_source: unreadable (EACCES) (showing the last value read, 1)"])
        state.observe(LiveReading(sourceEnabled: ["etm1": false]))
        #expect(state.timeline.columns.count == 2)
        #expect(Self.latestEvents(state) == ["cpu1 etm1 mode SYSFS -> DISABLED (set)"])
    }

    @Test func zeroThenEmptyThenOneIsTheChangeTheEndToEndTestsWaitFor() throws {
        var state = try Self.state()
        state.observe(LiveReading(sourceEnabled: ["etm1": false]))
        state.observe(LiveReading(unreadable: [Self.etm1Source: "empty"]))
        state.observe(LiveReading(sourceEnabled: ["etm1": true]))
        #expect(state.timeline.columns.count == 2)
        #expect(Self.narration(state).contains("poll 3: cpu1 etm1 mode DISABLED -> SYSFS"))
    }

    @Test func theSameValueAfterAnEmptyReadingSaysItReadsAgain() throws {
        var state = try Self.state()
        state.observe(LiveReading(sourceEnabled: ["etm1": true]))
        state.observe(LiveReading(unreadable: [Self.etm1Source: "empty"]))
        state.observe(LiveReading(sourceEnabled: ["etm1": true]))
        #expect(state.timeline.columns.count == 2)
        #expect(Self.latestEvents(state) == ["cpu1 etm1 enable_source: reads 1 again"])
        #expect(state.world.tracers[1].mode == .sysfs)
    }

    @Test func aFaultThatLastsIsOneColumnAndAnotherFaultIsAnother() throws {
        var state = try Self.state()
        state.observe(LiveReading(sourceEnabled: ["etm1": false]))
        state.observe(LiveReading(unreadable: [Self.etm1Source: "empty"]))
        state.observe(LiveReading(unreadable: [Self.etm1Source: "empty"]))
        #expect(state.timeline.columns.count == 1)
        state.observe(LiveReading(unreadable: [Self.etm1Source: "garbage \"x\""]))
        #expect(state.timeline.columns.count == 2)
        #expect(Self.latestEvents(state) == ["cpu1 etm1 enable_source: garbage \"x\" (showing the last value read, 0)"])
    }

    @Test func aSinkCaughtEmptyThenActivatedGetsItsColumns() throws {
        var state = try Self.state()
        state.observe(LiveReading(sinkEnabled: ["tmc_etr0": false]))
        state.observe(LiveReading(unreadable: [Self.etrSink: "empty"]))
        state.observe(LiveReading(sinkEnabled: ["tmc_etr0": true]))
        #expect(state.timeline.columns.count == 2)
        #expect(Self.latestEvents(state) == ["ext tmc_etr0: enable_sink = 1 (activated)"])
        let etr = try #require(state.topology.id(named: "tmc_etr0"))
        #expect(state.world.parts[etr].activated)
    }

    @Test func aFileUnreadableFromTheStartThenReadIsAChange() throws {
        var state = try Self.state()
        state.observe(LiveReading(unreadable: [Self.etm1Source: "unreadable (EACCES)"]))
        #expect(state.timeline.columns.isEmpty)  // the baseline is not a change
        state.observe(LiveReading(sourceEnabled: ["etm1": true]))
        #expect(Self.latestEvents(state) == ["cpu1 etm1 mode DISABLED -> SYSFS (set)"])
        state.observe(LiveReading(unreadable: [Self.etm1Source: "unreadable (EACCES)"]))
        state.observe(LiveReading(sourceEnabled: ["etm1": false]))
        #expect(state.timeline.columns.count == 3)
        #expect(Self.latestEvents(state) == ["cpu1 etm1 mode SYSFS -> DISABLED (set)"])
    }
}
