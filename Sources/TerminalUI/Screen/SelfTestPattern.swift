/// The `csx terminal-check` screen: colours, attributes, wide and combining characters, line
/// styles and junctions, the size and the last key. Pure, so it doubles as the screenshot sample.
public enum SelfTestPattern {
    /// Below this the pattern shows a "too small" notice instead.
    public static let minimumSize = Size(width: 60, height: 18)

    public struct Status: Sendable, Hashable {
        public var colorMode: ColorMode
        public var lastKey: Key?
        public var frame: Int
        public var cellsWrittenLastFrame: Int
        public var resizes: Int

        public init(colorMode: ColorMode, lastKey: Key? = nil, frame: Int = 0, cellsWrittenLastFrame: Int = 0, resizes: Int = 0) {
            self.colorMode = colorMode
            self.lastKey = lastKey
            self.frame = frame
            self.cellsWrittenLastFrame = cellsWrittenLastFrame
            self.resizes = resizes
        }
    }

    static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    public static func render(size: Size, status: Status) -> ScreenBuffer {
        var buffer = ScreenBuffer(size: size)
        guard size.fits(minimumSize) else {
            let lines = ["Terminal too small: \(size)", "csx terminal-check needs \(minimumSize)", "q quits"]
            for (index, line) in lines.enumerated() {
                let width = DisplayWidth.of(line)
                buffer.put(text: line, at: Point(x: max(0, (size.width - width) / 2), y: size.height / 2 - 1 + index),
                           style: index == 0 ? Style(attributes: .bold) : .plain)
            }
            return buffer
        }
        let screen = buffer.bounds
        let label = Style(foreground: .brightBlack)
        let heading = Style(foreground: .cyan, attributes: .bold)
        buffer.drawBox(screen, style: Style(foreground: .blue), lines: .rounded, title: "csx terminal-check",
                       titleStyle: heading)
        let sizeText = " \(size) · \(status.colorMode == .color ? "colour" : "monochrome") "
        buffer.put(text: sizeText, at: Point(x: screen.maxX - 2 - DisplayWidth.of(sizeText), y: 0), style: heading)
        let help = " q quits · Ctrl-C quits · resize the window to test "
        buffer.put(text: help, at: Point(x: 2, y: screen.maxY - 1), style: label,
                   clip: Rect(x: 1, y: screen.maxY - 1, width: screen.width - 2, height: 1))

        let inside = screen.inset(horizontal: 2, vertical: 1)
        var row = inside.minY
        func line(_ title: String) -> Int {
            buffer.put(text: title, at: Point(x: inside.minX, y: row), style: label, clip: inside)
            return inside.minX + 12
        }

        var column = line("foreground")
        for (index, name) in names.enumerated() {
            column = buffer.put(text: name, at: Point(x: column, y: row), style: Style(foreground: Color(rawValue: UInt8(index + 1))!),
                                clip: inside) + 1
        }
        row += 1
        column = line("bright")
        for (index, name) in names.enumerated() {
            column = buffer.put(text: name, at: Point(x: column, y: row), style: Style(foreground: Color(rawValue: UInt8(index + 9))!),
                                clip: inside) + 1
        }
        row += 1
        column = line("background")
        for index in 0..<16 {
            let color = Color(rawValue: UInt8(index + 1))!
            let text = index < 10 ? " \(index) " : "\(index) "
            column = buffer.put(text: text, at: Point(x: column, y: row),
                                style: Style(foreground: index == 0 || index == 8 ? .white : .black, background: color), clip: inside)
        }
        row += 2

        column = line("attributes")
        let attributes: [(String, Style.Attributes)] = [("plain", []), ("bold", .bold), ("dim", .dim), ("reverse", .reverse),
                                                        ("underline", .underline)]
        for (name, attribute) in attributes {
            column = buffer.put(text: name, at: Point(x: column, y: row), style: Style(attributes: attribute), clip: inside) + 2
        }
        row += 1
        column = line("violation")
        let violation = Style(foreground: .brightWhite, background: .red, attributes: .bold)
        let error = Style(foreground: .red, attributes: .bold)
        column = buffer.put(text: " ✗ claim lost ", at: Point(x: column, y: row), style: violation, clip: inside) + 1
        column = buffer.put(text: "mode≠hw", at: Point(x: column, y: row), style: error, clip: inside) + 3
        column = buffer.put(text: "monochrome:", at: Point(x: column, y: row), style: label, clip: inside) + 1
        column = buffer.put(text: " ✗ claim lost ", at: Point(x: column, y: row), style: violation.resolved(for: .monochrome),
                            clip: inside) + 1
        buffer.put(text: "mode≠hw", at: Point(x: column, y: row), style: error.resolved(for: .monochrome), clip: inside)
        row += 2

        column = line("wide")
        buffer.put(text: "中文 漢字 かな 한국어 ｆｕｌｌ 🙂|", at: Point(x: column, y: row), clip: inside)
        row += 1
        column = line("combining")
        buffer.put(text: "e\u{301} n\u{303} a\u{308} o\u{302}\u{323} → é ñ ä ộ|", at: Point(x: column, y: row), clip: inside)
        row += 2

        let lineArea = Rect(x: inside.minX, y: row, width: inside.width, height: 5).intersection(inside)
        if lineArea.height >= 4 {
            _ = line("lines")
            let boxes = Rect(x: lineArea.minX + 12, y: lineArea.minY, width: lineArea.width - 12, height: lineArea.height)
                .columns([.fixed(13), .fixed(13), .fixed(13), .fixed(13)], spacing: 1)
            for (box, lines) in zip(boxes, LineStyle.allCases) {
                guard box.width >= 5 else { continue }
                buffer.drawBox(box, style: Style(foreground: .green), lines: lines, title: "\(lines)")
                buffer.drawHorizontalLine(y: box.minY + box.height / 2, columns: box.minX..<box.maxX,
                                          style: Style(foreground: .green), lines: lines)
                buffer.drawVerticalLine(x: box.minX + box.width / 2, rows: (box.minY + box.height / 2)..<box.maxY,
                                        style: Style(foreground: .green), lines: lines)
            }
            row = lineArea.maxY + 1
        }

        if row < inside.maxY {
            column = line("last key")
            let key = status.lastKey.map { "\($0)" } ?? "(press a key, click, or scroll)"
            column = buffer.put(text: key, at: Point(x: column, y: row), style: Style(foreground: .yellow, attributes: .bold),
                                clip: inside) + 3
            buffer.put(text: "frame \(status.frame) · \(status.cellsWrittenLastFrame) cells written · \(status.resizes) resizes",
                       at: Point(x: column, y: row), style: label, clip: inside)
        }
        return buffer
    }
}
