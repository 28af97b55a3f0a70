import DriverSimulation
import Scenarios
import Testing
@testable import TerminalUI

/// The main screen, help and playback at the sizes people use: every one says how to get help
/// and quit, the step and the verdict, and the help cuts no word.
@Suite("Screen sizes")
struct ScreenSizeSnapshotTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 100, height: 30), Size(width: 160, height: 48)]

    static func name(_ size: Size) -> String { "\(size.width)x\(size.height)" }

    /// The header and footer of a screen say how to get help and quit, the step and the verdict.
    static func expectOrientation(_ buffer: ScreenBuffer, _ layout: AppLayout, step: Int, verdict: String,
                                  sourceLocation: SourceLocation = #_sourceLocation) {
        let header = buffer.text(in: layout.header)
        let footer = buffer.text(in: layout.footer)
        #expect(header.contains("? help  q quit"), "\(header)", sourceLocation: sourceLocation)
        #expect(header.contains("step \(step) ·"), "\(header)", sourceLocation: sourceLocation)
        #expect(header.contains(verdict), "\(header)", sourceLocation: sourceLocation)
        #expect(footer.contains("? help") && footer.contains("q quit"), "\(footer)", sourceLocation: sourceLocation)
    }

    @Test(arguments: sizes)
    func mainScreen(size: Size) throws {
        let state = try AppFixtures.state(variant: .legacy, actions: AppFixtures.seedRaceActions, size: size)
        let buffer = AppFixtures.render(state)
        Self.expectOrientation(buffer, state.layout, step: 16, verdict: "1 VIOLATION")
        #expect(buffer.text(in: state.layout.header).contains("4 actions"))
        GoldenText.assertMatches(buffer.text(), named: "main-\(Self.name(size))")
    }

    @Test(arguments: sizes)
    func helpScreen(size: Size) throws {
        var state = try AppFixtures.state(size: size)
        state.handle(.toggleHelp)
        var pages: [String] = []
        // Every page of the help, scrolling until the last line is in view.
        for _ in 0..<10 {
            let buffer = AppFixtures.render(state)
            Self.expectOrientation(buffer, state.layout, step: 2, verdict: "no violation")
            pages.append(buffer.text())
            if !pages.last!.contains("j ↓ more") { break }
            state.handle(.scrollHelp(state.layout.size.height))
        }
        #expect(!pages.last!.contains("j ↓ more"))
        GoldenText.assertMatches(pages.joined(separator: "\n"), named: "help-pages-\(Self.name(size))")
        // No word cut: every line the help lays out fits inside the box.
        let width = min(size.width - 4, 96) - 4
        for row in HelpView(layout: state.layout).rows(width: width) {
            for segment in row {
                #expect(segment.x + DisplayWidth.of(segment.text) <= width, "cut at \(Self.name(size)): \(segment.text)")
            }
        }
    }

    @Test(arguments: sizes)
    func playbackAtAStepInsideARun(size: Size) throws {
        var state = try PlaybackTests.replay()
        state.screenSize = size
        state.handle(.openCommandLine)
        for character in "3" { state.handle(.commandInput(character)) }
        state.handle(.commandSubmit)
        let buffer = AppFixtures.render(state)
        Self.expectOrientation(buffer, state.layout, step: 3, verdict: "no violation")
        #expect(buffer.text(in: state.layout.narration).contains("step 3"))
        GoldenText.assertMatches(buffer.text(), named: "playback-step3-\(Self.name(size))")
    }

    /// Below the minimum, the notice fits the window: whole words, never a wrong number.
    @Test(arguments: [Size(width: 20, height: 5), Size(width: 79, height: 23), Size(width: 12, height: 2), Size(width: 40, height: 10)])
    func tooSmallNoticeFits(size: Size) throws {
        let state = try AppFixtures.state(size: size)
        let text = AppFixtures.render(state).text()
        #expect(text.contains("80x24"), "\(text)")
        #expect(text.contains("q"), "\(text)")
        #expect(!text.contains("…"))
    }

    /// After `v`, the divergence marker sits on the axis without eating a step label, and the
    /// legend and help say what it is.
    @Test(arguments: sizes)
    func divergenceMarkerOverwritesNothing(size: Size) throws {
        var state = try AppFixtures.state(variant: .legacy, actions: AppFixtures.seedRaceActions, size: size)
        state.handle(.cycleKernel)
        let divergence = try #require(state.divergence)
        let buffer = AppFixtures.render(state)
        let timeline = buffer.text(in: state.layout.timeline).split(separator: "\n").map(String.init)
        let axis = try #require(timeline.first { $0.contains("step   ") && $0.contains("╵") })
        #expect(axis.contains("◆"), "\(axis)")
        // Every label is a whole step number of a column, followed by a space or the border.
        let steps = Set(state.timeline.columns.map(\.step))
        for label in axis.split(separator: "╵").dropFirst() {
            let digits = label.prefix { $0.isNumber }
            #expect(Int(digits).map(steps.contains) == true, "\(axis)")
            #expect(label.dropFirst(digits.count).first.map { $0 == " " || $0 == "│" } ?? true, "\(axis)")
        }
        #expect(divergence.step > 0)
        if TimelineView(state: state, layout: state.layout).legend != nil {
            #expect(timeline.contains { $0.contains("◆ runs diverge") })
        }
        let help = HelpView(layout: state.layout).rows(width: 200).flatMap { $0.map(\.text) }.joined(separator: " ")
        #expect(help.contains("◆") && help.contains("runs diverge"))
    }
}
