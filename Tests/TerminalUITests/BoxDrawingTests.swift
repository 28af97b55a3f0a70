import Testing
@testable import TerminalUI

@Suite("Box drawing")
struct BoxDrawingTests {
    @Test func lightBox() {
        var buffer = ScreenBuffer(width: 6, height: 3)
        buffer.drawBox(buffer.bounds)
        #expect(buffer.text() == """
            ┌────┐
            │    │
            └────┘
            """)
    }

    @Test func boxStylesUseTheirOwnGlyphs() {
        var buffer = ScreenBuffer(width: 12, height: 3)
        buffer.drawBox(Rect(x: 0, y: 0, width: 4, height: 3), lines: .heavy)
        buffer.drawBox(Rect(x: 4, y: 0, width: 4, height: 3), lines: .rounded)
        buffer.drawBox(Rect(x: 8, y: 0, width: 4, height: 3), lines: .double)
        #expect(buffer.text() == """
            ┏━━┓╭──╮╔══╗
            ┃  ┃│  │║  ║
            ┗━━┛╰──╯╚══╝
            """)
    }

    @Test func titleSitsInTheTopBorderAndIsTruncated() {
        var buffer = ScreenBuffer(width: 10, height: 3)
        buffer.drawBox(buffer.bounds, title: "Topology")
        #expect(buffer.text().split(separator: "\n").first == "┌ Topol… ┐")
    }

    @Test func rulesJoinTheBoxTheyDivide() {
        var buffer = ScreenBuffer(width: 7, height: 5)
        buffer.drawBox(buffer.bounds)
        buffer.drawHorizontalLine(y: 2, columns: 0..<7)
        buffer.drawVerticalLine(x: 3, rows: 0..<5)
        #expect(buffer.text() == """
            ┌──┬──┐
            │  │  │
            ├──┼──┤
            │  │  │
            └──┴──┘
            """)
    }

    @Test func adjacentBoxesShareNothingButMergeWhenOverlapping() {
        var buffer = ScreenBuffer(width: 7, height: 3)
        buffer.drawBox(Rect(x: 0, y: 0, width: 4, height: 3))
        buffer.drawBox(Rect(x: 3, y: 0, width: 4, height: 3))
        #expect(buffer.text() == """
            ┌──┬──┐
            │  │  │
            └──┴──┘
            """)
    }

    @Test func aFreeStandingRuleIsAFullLine() {
        var buffer = ScreenBuffer(width: 4, height: 1)
        buffer.drawHorizontalLine(y: 0, columns: 0..<4, lines: .heavy)
        #expect(buffer.text() == "━━━━")
    }

    @Test func tooSmallBoxesDrawNothing() {
        var buffer = ScreenBuffer(width: 4, height: 4)
        buffer.drawBox(Rect(x: 0, y: 0, width: 1, height: 4))
        #expect(buffer.text() == "\n\n\n")
    }

    @Test func clippedBoxKeepsTheVisiblePart() {
        var buffer = ScreenBuffer(width: 4, height: 2)
        buffer.drawBox(Rect(x: 1, y: 0, width: 6, height: 4))
        #expect(buffer.text() == " ┌──\n │")
    }
}

@Suite("Rect layout")
struct RectLayoutTests {
    let area = Rect(x: 2, y: 1, width: 100, height: 30)

    @Test func columnsServeFixedAndPercentThenShareTheRestByWeight() {
        let columns = area.columns([.fixed(10), .percent(20), .fill(weight: 1), .fill(weight: 2)])
        #expect(columns.map(\.width) == [10, 20, 24, 46])
        #expect(columns.map(\.x) == [2, 12, 32, 56])
        #expect(columns.allSatisfy { $0.y == 1 && $0.height == 30 })
    }

    @Test func rowsWithSpacing() {
        let rows = area.rows([.fixed(3), .fill, .fixed(1)], spacing: 1)
        #expect(rows.map(\.height) == [3, 24, 1])
        #expect(rows.map(\.y) == [1, 5, 30])
    }

    @Test func roundingRemainderGoesToTheFirstFills() {
        let columns = Rect(x: 0, y: 0, width: 10, height: 1).columns([.fill, .fill, .fill])
        #expect(columns.map(\.width) == [4, 3, 3])
    }

    @Test func tooLittleSpaceClampsWithoutOverlap() {
        let columns = Rect(x: 0, y: 0, width: 5, height: 1).columns([.fixed(4), .fixed(4), .fill])
        #expect(columns.map(\.width) == [4, 1, 0])
        #expect(columns.map(\.maxX).allSatisfy { $0 <= 5 })
    }

    @Test func splitsAndInsets() {
        let (left, right) = area.split(leftWidth: 30)
        #expect(left == Rect(x: 2, y: 1, width: 30, height: 30))
        #expect(right == Rect(x: 32, y: 1, width: 70, height: 30))
        let (top, bottom) = area.split(topHeight: 40)
        #expect(top == area && bottom.isEmpty)
        #expect(area.inset(by: 1) == Rect(x: 3, y: 2, width: 98, height: 28))
        #expect(Rect(x: 0, y: 0, width: 1, height: 1).inset(by: 1).isEmpty)
        #expect(area.centered(width: 10, height: 4) == Rect(x: 47, y: 14, width: 10, height: 4))
    }

    @Test func intersectionAndContains() {
        let other = Rect(x: 90, y: 20, width: 50, height: 50)
        #expect(area.intersection(other) == Rect(x: 90, y: 20, width: 12, height: 11))
        #expect(area.intersection(Rect(x: 500, y: 0, width: 1, height: 1)).isEmpty)
        #expect(area.contains(Point(x: 2, y: 1)))
        #expect(!area.contains(Point(x: 102, y: 1)))
    }
}
