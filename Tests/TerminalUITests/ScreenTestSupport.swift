@testable import TerminalUI

/// A small seeded generator (SplitMix64) so property tests are reproducible without a dependency.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

extension ScreenBuffer {
    /// Whether every double-width glyph is followed by its continuation (same style) and every
    /// continuation follows one.
    var wideGlyphInvariantHolds: Bool {
        for row in 0..<height {
            for column in 0..<width {
                let cell = self[column, row]
                if cell.width == 2 {
                    guard column + 1 < width, self[column + 1, row].isContinuation,
                          self[column + 1, row].style == cell.style else { return false }
                }
                if cell.isContinuation {
                    guard column > 0, self[column - 1, row].width == 2 else { return false }
                }
            }
        }
        return true
    }
}

/// Random drawing operations mixing narrow, wide and combining text, boxes and fills.
enum RandomDrawing {
    static let samples = ["a", "hello", "中文", "e\u{301}", "漢字かな", "─┼─", "x中y", " ", "🙂ok", "ｆｕｌｌ"]
    static let colors: [Color] = [.default, .red, .green, .brightBlue]

    static func style(_ generator: inout SeededGenerator) -> Style {
        Style(foreground: colors.randomElement(using: &generator)!,
              background: colors.randomElement(using: &generator)!,
              attributes: Style.Attributes(rawValue: UInt8.random(in: 0...15, using: &generator)))
    }

    static func apply(to buffer: inout ScreenBuffer, _ generator: inout SeededGenerator) {
        let point = Point(x: Int.random(in: -3...buffer.width, using: &generator),
                          y: Int.random(in: 0..<buffer.height, using: &generator))
        switch Int.random(in: 0..<10, using: &generator) {
        case 0:
            let rect = Rect(x: point.x, y: point.y, width: Int.random(in: 0...8, using: &generator),
                            height: Int.random(in: 0...4, using: &generator))
            buffer.drawBox(rect, style: style(&generator), lines: LineStyle.allCases.randomElement(using: &generator)!)
        case 1:
            let rect = Rect(x: point.x, y: point.y, width: Int.random(in: 0...6, using: &generator), height: 2)
            buffer.fill(rect, with: ["#", "中", " "].randomElement(using: &generator)!, style: style(&generator))
        case 2:
            let clip = Rect(x: Int.random(in: 0...4, using: &generator), y: 0, width: Int.random(in: 0...9, using: &generator),
                            height: buffer.height)
            buffer.put(text: samples.randomElement(using: &generator)!, at: point, style: style(&generator), clip: clip)
        default:
            buffer.put(text: samples.randomElement(using: &generator)!, at: point, style: style(&generator))
        }
    }
}
