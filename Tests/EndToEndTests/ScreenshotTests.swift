import Foundation
import Testing

/// `csx screenshot`: the TUI's screen buffer as SVG, without a terminal.
@Suite("Screenshots")
struct ScreenshotTests {
    @Test func rendersTheViolationScreenToSVG() throws {
        let directory = try TemporaryDirectory()
        let svg = directory.path("shot.svg")
        let result = try Subprocess.run(try CSXBinary.path(), [
            "screenshot", "--variant", "legacy", "--actions", "run cpu0; run cpu1; idle cpu1; run cpu1",
            "--size", "120x40", "--svg", svg,
        ])
        #expect(result.exitCode == 0, "\(result)")
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.hasPrefix("<svg") || text.hasPrefix("<?xml"))
        #expect(text.contains("VIOLATION"))
        #expect(text.contains("will save context of a tracer it does not own"))
        // The same inputs give the same bytes.
        let again = directory.path("again.svg")
        _ = try Subprocess.run(try CSXBinary.path(), [
            "screenshot", "--variant", "legacy", "--actions", "run cpu0; run cpu1; idle cpu1; run cpu1",
            "--size", "120x40", "--svg", again,
        ])
        #expect(try String(contentsOfFile: again, encoding: .utf8) == text)
    }

    @Test(arguments: [
        (["screenshot", "--size", "0x0", "--svg", "/tmp/x.svg"], "--size"),
        (["screenshot", "--keys", "<Nope>", "--svg", "/tmp/x.svg"], "unknown key <Nope>"),
        (["screenshot", "--svg", "/nonexistent/dir/x.svg"], "cannot write"),
        (["screenshot", "--actions", "wake cpu1", "--svg", "/tmp/x.svg"], "action 1"),
    ])
    func badInputIsOneMessageAndExit2(arguments: [String], message: String) throws {
        let result = try Subprocess.run(try CSXBinary.path(), arguments)
        #expect(result.exitCode == 2)
        #expect(result.standardError.hasPrefix("csx: "))
        #expect(result.standardError.contains(message), "\(result.standardError)")
    }
}
