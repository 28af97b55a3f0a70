import Foundation
import Testing

/// `csx ring-3`: the ring family opens in the terminal UI like any built-in, and `x` finds its
/// legacy race there.
@Suite("Ring scenarios in the TUI", .serialized)
struct RingTUITests {
    @Test func ringThreeOpensOnItsGridAndExploreFindsTheRace() throws {
        let session = try TUITests.start("ring-3")
        defer { session.kill() }
        let screen = try session.waitFor(text: "ring-3")
        #expect(screen.contains("grid-3"))
        #expect(screen.contains("etm2"))
        let played = try TUITests.exploreAndPlay(session, opensOn: "ring-3", finds: "pm-reads-stale-mode")
        #expect(played.contains("VIOLATION"))
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }
}
