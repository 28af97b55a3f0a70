import Foundation
import Testing

/// CPU hotplug in the real terminal: `o` on the selected CPU, the fixed driver's window played by
/// keys, and found by `x` from the scenario's environment alone.
@Suite("TUI hotplug end to end", .serialized)
struct TUIHotplugTests {
    @Test func theFixedDriversWindowByKeys() throws {
        let session = try TUITests.start("disable-while-offline")
        defer { session.kill() }
        let start = try session.waitFor(text: "disable-while-offline")
        #expect(start.contains("v6.19"))
        // cpu0 takes the mutex and drops the refcount; cpu1 goes down through its transition.
        try session.sendKeys("0", "s", "1", "o")
        let going = try session.waitFor(text: "going down")
        #expect(going.contains("stop_machine, IRQs off: __cpu_disable() next"))
        try session.sendKeys("r")
        let down = try session.waitFor(text: "out of cpu_online_mask: o brings it back")
        #expect(down.contains("offline"))
        // cpu0's disable cannot reach cpu1: the path goes, SYSFS stays.
        try session.sendKeys("0", "r")
        let broken = try session.waitFor(text: "1 VIOLATION")
        #expect(broken.contains("tracer-matches-path"))
        #expect(broken.contains("etm1 is still SYSFS but its path is gone"))
        // cpu1 comes back: etm4_starting_cpu() turns the unit on with no path.
        try session.sendKeys("1", "o", "r")
        let back = try session.waitFor(text: "2 VIOLATIONS")
        #expect(back.contains("etm1 is SYSFS and traces, but no sysfs path holds it"))
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
        #expect(try session.modes() == .restored)
    }

    @Test func exploreFindsTheHotplugWindowAndPlaysIt() throws {
        let session = try TUITests.start("disable-while-offline")
        defer { session.kill() }
        let played = try TUITests.exploreAndPlay(session, opensOn: "disable-while-offline", finds: "tracer-matches-path")
        #expect(played.contains("offline"))
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }

    @Test func v72RefusesAnOfflineTracerOnScreen() throws {
        let session = try TUITests.start("disable-while-offline --kernel v7.2")
        defer { session.kill() }
        try session.waitFor(text: "v7.2")
        try session.sendKeys("1", "o", "r", "0", "r")
        let screen = try session.waitFor(text: "disable etm1 returns 0")
        #expect(screen.contains("no violation"))
        try session.sendKeys(":")
        try session.type("cpu0 enable etm1; run cpu0")
        try session.sendKeys("Enter")
        try session.waitFor(text: "enable etm1 returns -ENODEV")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }
}

/// v7.2's path power management in the real terminal: `x` finds the path-pointer window on the
/// series before b6d54a94dcf4 and plays it; on v7.2 the path goes dark through idle and comes back.
@Suite("TUI path PM end to end", .serialized)
struct TUIPathPMTests {
    @Test func exploreFindsThePathPointerWindowAndPlaysIt() throws {
        let session = try TUITests.start("path-pointer-window --kernel v7.2-pre-b6d54a94")
        defer { session.kill() }
        let played = try TUITests.exploreAndPlay(session, opensOn: "v7.2-pre-b6d54a94", finds: "pm-covers-active-path")
        #expect(played.contains("pm-covers-active-path") && played.contains("found no active path"))
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }

    @Test func onV72ThePathGoesDarkThroughIdleAndComesBack() throws {
        let session = try TUITests.start("--board juno-r2 --kernel v7.2 --pm-save self-hosted")
        defer { session.kill() }
        try session.waitFor(text: "v7.2")
        try session.sendKeys(":")
        try session.type("cpu0 enable-sink tmc_etr0; cpu0 enable etm1; run cpu0; run cpu1; run cpu0; idle cpu1; run cpu1")
        try session.sendKeys("Enter")
        let asleep = try session.waitFor(text: "in WFI")
        #expect(asleep.contains("replicator0 out-port 1 disabled (refcount 0)") || asleep.contains("enters WFI"))
        try session.sendKeys("1", "w", "r")
        let back = try session.waitFor(text: "leaves idle")
        #expect(back.contains("no violation"))
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }
}
