import Testing
@testable import TerminalUI

@Suite("ScreenBuffer layout")
struct ScreenBufferLayoutTests {
    @Test func asciiTextLandsWhereAskedAndReturnsTheNextColumn() {
        var buffer = ScreenBuffer(width: 10, height: 2)
        let next = buffer.put(text: "abc", at: Point(x: 2, y: 1))
        #expect(next == 5)
        #expect(buffer.text() == "\n  abc")
    }

    @Test func wideCharactersTakeTwoColumns() {
        var buffer = ScreenBuffer(width: 8, height: 1)
        let next = buffer.put(text: "中文x", at: .zero)
        #expect(next == 5)
        #expect(buffer[0, 0].glyph == "中")
        #expect(buffer[0, 0].width == 2)
        #expect(buffer[1, 0].isContinuation)
        #expect(buffer[4, 0].glyph == "x")
        #expect(buffer.text() == "中文x")
    }

    @Test func combiningMarksStayWithTheirBase() {
        var buffer = ScreenBuffer(width: 6, height: 1)
        let next = buffer.put(text: "e\u{301}a\u{308}!", at: .zero)
        #expect(next == 3)
        #expect(buffer[0, 0].glyph == "e\u{301}")
        #expect(buffer[1, 0].glyph == "a\u{308}")
        #expect(buffer[2, 0].glyph == "!")
    }

    @Test func loneCombiningMarksAndFormatCharactersAreDropped() {
        var buffer = ScreenBuffer(width: 6, height: 1)
        let next = buffer.put(text: "\u{301}ab\u{200B}", at: .zero)
        #expect(next == 2)
        #expect(buffer.text() == "ab")
    }

    @Test func controlCharactersShowAsReplacement() {
        var buffer = ScreenBuffer(width: 6, height: 1)
        buffer.put(text: "a\nb\tc", at: .zero)
        #expect(buffer.text() == "a\u{FFFD}b\u{FFFD}c")
    }

    @Test func clipCutsTextAndShowsCutWideGlyphsAsSpaces() {
        var buffer = ScreenBuffer(width: 10, height: 1, filling: Cell("."))
        let clip = Rect(x: 2, y: 0, width: 5, height: 1)
        buffer.put(text: "中abc文d", at: Point(x: 1, y: 0), style: Style(foreground: .red), clip: clip)
        // 中 covers columns 1-2 (2 visible → space); a b c at 3-5; 文 covers 6-7 (6 visible → space).
        #expect(buffer.text() == ".. abc ...")
        #expect(buffer[2, 0].style.foreground == .red)
        #expect(buffer.wideGlyphInvariantHolds)
    }

    @Test func textOutsideTheBufferIsIgnored() {
        var buffer = ScreenBuffer(width: 4, height: 1)
        buffer.put(text: "abcdef", at: Point(x: -2, y: 0))
        buffer.put(text: "zz", at: Point(x: 0, y: 5))
        #expect(buffer.text() == "cdef")
    }

    @Test func wideGlyphAtTheRightEdgeDoesNotSpill() {
        var buffer = ScreenBuffer(width: 3, height: 1)
        buffer.put(text: "ab中", at: .zero)
        #expect(buffer.text() == "ab")
        #expect(buffer.wideGlyphInvariantHolds)
    }

    @Test func writingIntoTheRightHalfOfAWideGlyphBlanksItsLeftHalf() {
        var buffer = ScreenBuffer(width: 6, height: 1)
        buffer.put(text: "中文", at: .zero)
        buffer.put(text: "x", at: Point(x: 1, y: 0))
        #expect(buffer.text() == " x文")
        #expect(buffer.wideGlyphInvariantHolds)
    }

    @Test func writingIntoTheLeftHalfOfAWideGlyphBlanksItsRightHalf() {
        var buffer = ScreenBuffer(width: 6, height: 1)
        buffer.put(text: "中文", at: .zero)
        buffer.put(text: "x", at: Point(x: 2, y: 0))
        #expect(buffer.text() == "中x")
        #expect(buffer[3, 0].glyph == " ")
        #expect(!buffer[3, 0].isContinuation)
    }

    @Test func aWideGlyphStraddlingTwoWideGlyphsBlanksBothOuterHalves() {
        var buffer = ScreenBuffer(width: 6, height: 1)
        buffer.put(text: "中文", at: .zero)
        buffer.put(text: "字", at: Point(x: 1, y: 0))
        #expect(buffer.text() == " 字")
        #expect(buffer.wideGlyphInvariantHolds)
    }

    @Test func fillCoversTheRectOnly() {
        var buffer = ScreenBuffer(width: 5, height: 3)
        buffer.fill(Rect(x: 1, y: 1, width: 3, height: 5), with: "#")
        #expect(buffer.text() == "\n ###\n ###")
    }

    @Test func fillWithAWideGlyphLeavesAnOddColumnBlank() {
        var buffer = ScreenBuffer(width: 5, height: 1, filling: Cell("."))
        buffer.fill(Rect(x: 0, y: 0, width: 5, height: 1), with: "中")
        #expect(buffer.text() == "中中")
        #expect(buffer[4, 0].glyph == " ")
    }

    @Test func clearBlanksEverything() {
        var buffer = ScreenBuffer(width: 3, height: 2)
        buffer.put(text: "abc", at: .zero)
        buffer.clear(style: Style(background: .blue))
        #expect(buffer.text() == "\n")
        #expect(buffer[2, 1].style.background == .blue)
    }

    @Test func textKeepsOneLinePerRow() {
        let buffer = ScreenBuffer(width: 3, height: 3)
        #expect(buffer.text() == "\n\n")
    }

    @Test func randomDrawingKeepsTheWideGlyphInvariant() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            var buffer = ScreenBuffer(width: Int.random(in: 1...12, using: &generator),
                                      height: Int.random(in: 1...5, using: &generator))
            for _ in 0..<20 { RandomDrawing.apply(to: &buffer, &generator) }
            #expect(buffer.wideGlyphInvariantHolds, "\(buffer.text())")
        }
    }
}

@Suite("Cells")
struct CellTests {
    @Test(arguments: ["a", "~", "é", "e\u{301}", "─", "中", "🙂", "🇫🇷", "👍🏽", "o\u{302}\u{323}", "\u{FFFD}"] as [Character])
    func glyphsSurviveStorage(glyph: Character) {
        #expect(Cell(glyph).glyph == glyph)
    }

    @Test func overlongClustersKeepTheScalarsThatFit() {
        let family: Character = "👨\u{200D}👩\u{200D}👧\u{200D}👦"  // 25 UTF-8 bytes
        let stored = Cell(family).glyph
        #expect(stored.unicodeScalars.first == "👨")
        #expect(String(stored).utf8.count <= 15)
        #expect(Cell(family).width == 2)
    }

    @Test func cellsCompareByGlyphWidthAndStyle() {
        #expect(Cell("a") == Cell("a"))
        #expect(Cell("a") != Cell("b"))
        #expect(Cell("a") != Cell("a", style: Style(attributes: .bold)))
        #expect(Cell.blank(.plain) == Cell.blank)
        #expect(Cell.continuation(.plain) != Cell.blank)
    }
}

@Suite("Display width")
struct DisplayWidthTests {
    @Test(arguments: [
        ("a", 1), ("中", 2), ("ｆ", 2), ("한", 2), ("🙂", 2), ("e\u{301}", 1), ("\u{301}", 0), ("─", 1), ("é", 1),
        ("\u{200B}", 0), ("\u{AD}", 1), ("\u{7}", 0), ("→", 1),
    ] as [(Character, Int)])
    func widthOfOneCharacter(character: Character, width: Int) {
        #expect(DisplayWidth.of(character) == width)
    }

    @Test func widthOfAString() {
        #expect(DisplayWidth.of("ab中e\u{301}") == 5)
    }

    @Test func truncateAddsAnEllipsisWhenItCuts() {
        #expect(DisplayWidth.truncate("hello", toWidth: 10) == "hello")
        #expect(DisplayWidth.truncate("hello", toWidth: 4) == "hel…")
        #expect(DisplayWidth.truncate("中文字", toWidth: 4) == "中…")
        #expect(DisplayWidth.truncate("hello", toWidth: 0) == "")
    }
}
