import Testing
@testable import TerminalUI

@Suite("SVG renderer")
struct SVGRendererTests {
    func sample() -> ScreenBuffer {
        var buffer = ScreenBuffer(width: 20, height: 4)
        buffer.drawBox(buffer.bounds, style: Style(foreground: .cyan), title: "a<b>&\"c'")
        buffer.put(text: "ok", at: Point(x: 2, y: 1), style: Style(foreground: .green, attributes: .bold))
        buffer.put(text: "中x", at: Point(x: 6, y: 1))
        buffer.put(text: "FAIL", at: Point(x: 2, y: 2), style: Style(foreground: .white, background: .red))
        return buffer
    }

    @Test func documentIsWellFormed() throws {
        let svg = SVGRenderer().render(sample())
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        try XMLShapeCheck.check(svg)
    }

    @Test func textIsEscapedAndSpacesPreserved() {
        let svg = SVGRenderer().render(sample())
        #expect(svg.contains("a&lt;b&gt;&amp;&quot;c&apos;"))
        #expect(!svg.contains("a<b>"))
        #expect(svg.contains("xml:space=\"preserve\""))
        #expect(svg.contains("font-family=\"DejaVu Sans Mono, monospace\""))
    }

    @Test func glyphsSitOnTheFontsAdvanceGrid() {
        let renderer = SVGRenderer(fontSize: 10, padding: 0)
        let svg = renderer.render(sample())
        // Column 2 at 0.602 em × 10 px: x = 12.04; the wide glyph at columns 6-7 stands alone, centred at 42.14.
        #expect(svg.contains("<text x=\"12.04\""))
        #expect(svg.contains(">中</text>"))
        #expect(svg.contains("<text x=\"42.14\" y=\"21.01\" text-anchor=\"middle\""))
        // The run after a wide glyph restarts at its own cell (column 8).
        #expect(svg.contains("<text x=\"48.16\""))
    }

    @Test func backgroundsAreRectsAndStylesAreAttributes() {
        let svg = SVGRenderer().render(sample())
        let theme = SVGTheme.dark
        #expect(svg.contains("fill=\"\(theme.palette[1])\"/>"))  // the red FAIL background
        #expect(svg.contains("font-weight=\"bold\""))
        #expect(svg.contains("fill=\"\(theme.palette[2])\" font-weight=\"bold\">ok</text>"))
    }

    @Test func monochromeRendersReverseInsteadOfColours() {
        let svg = SVGRenderer(colorMode: .monochrome).render(sample())
        let theme = SVGTheme.dark
        #expect(!svg.contains(theme.palette[1]))
        #expect(svg.contains("fill=\"\(theme.foreground)\"/>"))  // reverse: a foreground-coloured block
    }

    @Test func sizeFollowsTheGrid() {
        let renderer = SVGRenderer(fontSize: 10, lineHeight: 1.2, padding: 5)
        let svg = renderer.render(ScreenBuffer(width: 10, height: 2))
        #expect(svg.contains("width=\"70.21\" height=\"34\""))
    }
}

/// A minimal XML shape check: tags balance, attributes are quoted, no raw `&` or `<` in text.
enum XMLShapeCheck {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func check(_ xml: String) throws {
        var stack: [String] = []
        var rest = Substring(xml)
        if rest.hasPrefix("<?xml") {
            guard let end = rest.firstRange(of: "?>") else { throw Failure(description: "unterminated declaration") }
            rest = rest[end.upperBound...]
        }
        while let open = rest.firstIndex(of: "<") {
            try checkText(rest[..<open])
            guard let close = rest[open...].firstIndex(of: ">") else { throw Failure(description: "unterminated tag") }
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("/") {
                let name = String(tag.dropFirst())
                guard stack.popLast() == name else { throw Failure(description: "unbalanced </\(name)>") }
                continue
            }
            let name = String(tag.prefix { !$0.isWhitespace && $0 != "/" })
            guard !name.isEmpty else { throw Failure(description: "empty tag name") }
            guard tag.filter({ $0 == "\"" }).count % 2 == 0 else { throw Failure(description: "unquoted attribute in <\(name)>") }
            if !tag.hasSuffix("/") { stack.append(name) }
        }
        try checkText(rest)
        guard stack.isEmpty else { throw Failure(description: "unclosed \(stack)") }
    }

    static func checkText(_ text: Substring) throws {
        var remaining = text
        while let ampersand = remaining.firstIndex(of: "&") {
            let entity = remaining[ampersand...].prefix { $0 != ";" }
            guard ["&amp", "&lt", "&gt", "&quot", "&apos"].contains(String(entity)) else {
                throw Failure(description: "raw & in text: \(remaining.prefix(20))")
            }
            remaining = remaining[remaining.index(after: ampersand)...]
        }
    }
}
