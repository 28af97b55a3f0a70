import Testing
@testable import TerminalUI

@Suite("Frame diff")
struct ScreenDiffTests {
    @Test func identicalFramesNeedNoWrites() {
        var buffer = ScreenBuffer(width: 20, height: 5)
        buffer.drawBox(buffer.bounds, title: "x")
        #expect(buffer.diff(from: buffer).isEmpty)
    }

    @Test func oneChangedFieldIsOneRun() {
        var previous = ScreenBuffer(width: 20, height: 3)
        previous.put(text: "step 41", at: Point(x: 2, y: 1))
        var next = previous
        next.put(text: "step 42", at: Point(x: 2, y: 1))
        let runs = next.diff(from: previous)
        #expect(runs == [ScreenBuffer.Run(row: 1, column: 8, cells: [Cell("2")])])
        #expect(runs.cellCount == 1)
    }

    @Test func styleChangesAreChanges() {
        let previous = ScreenBuffer(width: 4, height: 1)
        var next = previous
        next.fill(Rect(x: 1, y: 0, width: 2, height: 1), style: Style(background: .red))
        let runs = next.diff(from: previous)
        #expect(runs.map(\.column) == [1])
        #expect(runs.first?.cells.count == 2)
    }

    @Test func runsCoverWholeWideGlyphs() {
        var previous = ScreenBuffer(width: 6, height: 1)
        previous.put(text: "中", at: Point(x: 2, y: 0), style: Style(foreground: .red))
        var next = previous
        next.put(text: "中", at: Point(x: 2, y: 0), style: Style(foreground: .green))
        let runs = next.diff(from: previous)
        #expect(runs.count == 1)
        #expect(runs[0].column == 2)
        #expect(runs[0].cells.count == 2)
        #expect(runs[0].cells[1].isContinuation)
    }

    @Test func aDifferentSizeRepaintsEverything() {
        let previous = ScreenBuffer(width: 4, height: 2)
        let next = ScreenBuffer(width: 5, height: 2)
        let runs = next.diff(from: previous)
        #expect(runs.map(\.row) == [0, 1])
        #expect(runs.cellCount == 10)
        #expect(next.fullRepaint() == runs)
    }

    /// The property the terminal relies on: writing the diff over the last frame gives the new one.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func applyingTheDiffToThePreviousFrameYieldsTheNextOne(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<100 {
            var previous = ScreenBuffer(width: Int.random(in: 1...16, using: &generator),
                                        height: Int.random(in: 1...6, using: &generator))
            for _ in 0..<Int.random(in: 0...10, using: &generator) { RandomDrawing.apply(to: &previous, &generator) }
            var next = previous
            for _ in 0..<Int.random(in: 0...6, using: &generator) { RandomDrawing.apply(to: &next, &generator) }
            let runs = next.diff(from: previous)
            #expect(previous.applying(runs) == next)
            for run in runs {
                #expect(run.cells.first?.isContinuation == false)
                #expect(run.cells.last?.width != 2)
                #expect(run.column + run.cells.count <= next.width)
            }
            let changed = (0..<next.height).flatMap { row in
                (0..<next.width).filter { next[$0, row] != previous[$0, row] }
            }.count
            #expect(runs.cellCount >= changed)
            #expect(runs.cellCount <= changed + 2 * runs.count)
        }
    }
}

@Suite("Monochrome mapping")
struct MonochromeTests {
    @Test func colourModeKeepsStylesAsTheyAre() {
        let style = Style(foreground: .red, background: .blue, attributes: .dim)
        #expect(style.resolved(for: .color) == style)
    }

    @Test func redTextBecomesBoldUnderlined() {
        #expect(Style(foreground: .red).resolved(for: .monochrome) == Style(attributes: [.bold, .underline]))
        #expect(Style(foreground: .brightRed).resolved(for: .monochrome) == Style(attributes: [.bold, .underline]))
    }

    @Test func warningColoursBecomeBoldAndGreyBecomesDim() {
        #expect(Style(foreground: .yellow).resolved(for: .monochrome) == Style(attributes: .bold))
        #expect(Style(foreground: .magenta).resolved(for: .monochrome) == Style(attributes: .bold))
        #expect(Style(foreground: .brightBlack).resolved(for: .monochrome) == Style(attributes: .dim))
        #expect(Style(foreground: .green).resolved(for: .monochrome) == .plain)
    }

    @Test func anyBackgroundBecomesReverseAndAttributesSurvive() {
        #expect(Style(background: .red).resolved(for: .monochrome) == Style(attributes: .reverse))
        #expect(Style(foreground: .cyan, background: .blue, attributes: .underline).resolved(for: .monochrome)
            == Style(attributes: [.underline, .reverse]))
        let violation = Style(foreground: .brightWhite, background: .red, attributes: .bold)
        #expect(violation.resolved(for: .monochrome).attributes.isSuperset(of: [.bold, .reverse]))
    }

    @Test func monochromeStylesHaveNoColours() {
        for foreground in Color.allCases {
            for background in Color.allCases {
                let resolved = Style(foreground: foreground, background: background).resolved(for: .monochrome)
                #expect(resolved.foreground == .default && resolved.background == .default)
            }
        }
    }

    @Test func noColorOrAColourlessTerminalMeansMonochrome() {
        #expect(ColorMode.detect(environment: [:], terminalHasColors: true) == .color)
        #expect(ColorMode.detect(environment: ["NO_COLOR": "1"], terminalHasColors: true) == .monochrome)
        #expect(ColorMode.detect(environment: ["NO_COLOR": ""], terminalHasColors: true) == .monochrome)
        #expect(ColorMode.detect(environment: [:], terminalHasColors: false) == .monochrome)
    }
}
