import Testing
@testable import TerminalUI

@Suite("Keys")
struct KeyTests {
    @Test(arguments: [
        (0x0D, Key.enter), (0x0A, .enter), (0x09, .tab), (0x1B, .escape), (0x7F, .backspace), (0x08, .backspace),
        (0x0C, .control("l")), (0x01, .control("a")), (0x00, .control("@")), (0x1F, .control("_")),
        (0x71, .character("q")), (0x20, .character(" ")), (0x4E2D, .character("中")),
    ] as [(UInt32, Key)])
    func terminalCharactersMapToKeys(value: UInt32, key: Key) {
        #expect(Key(terminalCharacter: value) == key)
    }

    @Test func onlySignalsAndEndOfInputEndTheSession() {
        #expect(Key.terminationRequested(signal: 2).endsSession)
        #expect(Key.endOfInput.endsSession)
        #expect(!Key.character("q").endsSession)
        #expect(!Key.resize.endsSession)
    }

    @Test func descriptionsAreShortNames() {
        #expect(Key.control("l").description == "Ctrl-L")
        #expect(Key.character(" ").description == "Space")
        #expect(Key.function(5).description == "F5")
        #expect(Key.mouseClick(x: 3, y: 4).description == "click 3,4")
        #expect(Key.up.description == "↑")
    }
}

@Suite("Screen benchmark")
struct ScreenBenchmarkTests {
    @Test func oneFieldChangeWritesFarFewerCellsThanARepaint() {
        let result = ScreenBenchmark.diff(width: 80, height: 24, iterations: 3)
        #expect(result.cellsWrittenForFullRepaint == 80 * 24)
        #expect(result.cellsWrittenForOneFieldChange > 0)
        #expect(result.cellsWrittenForOneFieldChange <= 8)
        #expect(result.secondsPerUnchangedDiff > 0)
        #expect(result.description.contains("80x24"))
    }
}
