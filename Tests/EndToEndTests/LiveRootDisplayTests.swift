import Foundation
import SysfsFixtures
import Testing

/// Screens and recordings name a fixture root as it was given, or relative to the directory
/// csx runs in: never a temporary directory's name the user did not type.
@Suite("Live root display", .serialized)
struct LiveRootDisplayTests {
    @Test func aRootUnderTheWorkingDirectoryIsShownRelative() throws {
        let tree = try FixtureTree("juno-r2")
        let binary = try CSXBinary.path()
        let session = try TmuxSession(
            command: "cd '\(tree.directory.path)' && exec '\(binary)' live --sysfs-root '\(tree.root)' --interval 100",
            width: 200, height: 48)
        defer { session.kill() }
        let screen = try session.waitFor(text: "read-only")
        #expect(screen.contains(" sys"))
        #expect(!screen.contains(tree.directory.lastPathComponent), "\(screen)")
        try session.sendKeys("q")
        #expect(try session.waitForExit() == 0)
    }

    @Test func aScreenshotOfARelativeRootNamesItAsGiven() throws {
        let tree = try FixtureTree("juno-r2")
        let output = try TemporaryDirectory()
        let svg = output.path("live.svg")
        let binary = try CSXBinary.path()
        let session = try TmuxSession(
            command: "cd '\(tree.directory.path)' && exec '\(binary)' screenshot --live sys --svg '\(svg)'", width: 120, height: 40)
        defer { session.kill() }
        #expect(try session.waitForExit() == 0)
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.contains("sys"))
        #expect(!text.contains(tree.directory.lastPathComponent))
        #expect(!text.contains(FileManager.default.temporaryDirectory.path + "/"))
    }
}
