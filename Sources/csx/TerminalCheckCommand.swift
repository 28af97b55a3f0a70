import ArgumentParser
import Foundation
import NcursesTerminal
import TerminalUI

/// A hidden diagnostic: draws a test pattern to check a terminal (colours, wide characters, line
/// glyphs, keys, mouse, resize) and that csx leaves it as it found it.
struct TerminalCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terminal-check",
        abstract: "Draw a terminal test pattern; q quits.",
        shouldDisplay: false)

    @Flag(help: "Do not report mouse clicks (keeps the terminal's own text selection).")
    var noMouse = false

    @Option(help: ArgumentHelp("Write the pattern as SVG to this file instead of opening the terminal.", valueName: "file"))
    var svg: String?

    @Option(help: "Size of the SVG pattern, as WIDTHxHEIGHT.")
    var size: String = "100x30"

    /// For the end-to-end test that a crash still gives the terminal back.
    @Flag(help: .hidden)
    var crashAfterFirstFrame = false

    func run() throws {
        if let svg {
            try writeSVG(to: svg)
            return
        }
        try TerminalSession.run(mouse: !noMouse) { interact(with: $0) }
    }

    /// The key loop; returns the key that ended it.
    private func interact(with terminal: Terminal) -> Key {
        var status = SelfTestPattern.Status(colorMode: terminal.colorMode)
        while true {
            status.frame += 1
            status.cellsWrittenLastFrame = terminal.present(SelfTestPattern.render(size: terminal.size, status: status))
            if crashAfterFirstFrame { fatalError("deliberate crash (terminal-check --crash-after-first-frame)") }
            guard let key = terminal.readKey(timeoutMilliseconds: -1) else { continue }
            if key.endsSession || key == .character("q") { return key }
            if key == .resize { status.resizes += 1 }
            if key == .control("l") { terminal.forceFullRepaint() }
            status.lastKey = key
        }
    }

    private func writeSVG(to path: String) throws {
        let buffer = SelfTestPattern.render(size: try Screenshot.parseSize(size),
                                            status: SelfTestPattern.Status(colorMode: .color, lastKey: .up, frame: 1))
        try OutputFile.write(SVGRenderer().render(buffer), to: path)
    }
}
