import DriverSimulation
import SafeText
import Testing
@testable import TerminalUI

/// A recording's file name in the header ("replay NAME", "● REC PATH") and in the footer's
/// notice: a long one is cut with an ellipsis and never pushes out the help/quit hint, the step
/// or the verdict; control and bidi characters show escaped, never raw.
@Suite("Long recording names")
struct LongNameSnapshotTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 160, height: 48)]
    static let names = [
        ("long", String(repeating: "a-very-long-recording-name-", count: 7) + String(repeating: "x", count: 5) + ".jsonl"),
        ("control", "evil\u{1B}[31mred\u{202E}rtl\u{07}bell\u{200F}-name.jsonl"),
    ]

    struct Case: CustomTestStringConvertible, Sendable {
        var size: Size
        var label: String
        var name: String
        var recording: Bool
        var testDescription: String { "\(label) \(size.width)x\(size.height)\(recording ? " recording" : "")" }
    }

    static let cases: [Case] = sizes.flatMap { size in
        names.flatMap { label, name in [false, true].map { Case(size: size, label: label, name: name, recording: $0) } }
    }

    @Test(arguments: cases)
    func headerAndFooterKeepWhatMatters(_ test: Case) throws {
        #expect(test.label != "long" || test.name.count >= 200)
        var state = try PlaybackTests.replay()
        state.screenSize = test.size
        for _ in 0..<4 { state.handle(.step) }  // the fourth action breaks the invariant
        state.notice = Notice("\(test.name): 7 actions · Space plays, . steps, :N jumps to step N, n next violation")
        let badges = ["replay \(test.name)"] + (test.recording ? ["● REC /tmp/recordings/\(test.name)"] : [])
        let buffer = AppView(state: state).render(state, badges: badges)
        let header = buffer.text(in: state.layout.header)
        let footer = buffer.text(in: state.layout.footer)
        ScreenSizeSnapshotTests.expectOrientation(buffer, state.layout, step: state.shownStep, verdict: "1 VIOLATION")
        #expect(header.contains("4 actions"), "\(header)")
        #expect(header.contains("replay"), "\(header)")
        #expect(!test.recording || header.contains("● REC"), "\(header)")
        #expect(test.label != "long" || header.contains("…"), "the name is cut with an ellipsis: \(header)")
        #expect(header.hasSuffix("? help  q quit"), "\(header.debugDescription)")
        for text in [header, footer] {
            #expect(Echo.isInert(text), "raw control or bidi characters on screen: \(text.debugDescription)")
            #expect(DisplayWidth.of(text) <= test.size.width, "\(text)")
        }
        GoldenText.assertMatches(header + "\n" + footer, named: "long-name-\(test.label)-\(test.size.width)x\(test.size.height)\(test.recording ? "-rec" : "")")
    }

    /// The verdict keeps a blank between it and the help hint: nothing drawn over it.
    @Test(arguments: cases)
    func verdictIsNotOverwritten(_ test: Case) throws {
        var state = try PlaybackTests.replay()
        state.screenSize = test.size
        for _ in 0..<4 { state.handle(.step) }
        let badges = ["replay \(test.name)"] + (test.recording ? ["● REC \(test.name)"] : [])
        let header = AppView(state: state).render(state, badges: badges).text(in: state.layout.header)
        let verdict = try #require(header.range(of: " 1 VIOLATION "))
        let help = try #require(header.range(of: "? help  q quit"))
        #expect(verdict.upperBound <= help.lowerBound, "\(header)")
    }

    @Test func middleCutKeepsTheStartAndTheExtension() {
        let cut = DisplayWidth.truncateMiddle("a-very-long-recording-name.jsonl", toWidth: 16)
        #expect(DisplayWidth.of(cut) == 16)
        #expect(cut.hasPrefix("a-very-"))
        #expect(cut.hasSuffix(".jsonl"))
        #expect(cut.contains("…"))
        #expect(DisplayWidth.truncateMiddle("short", toWidth: 16) == "short")
    }
}
