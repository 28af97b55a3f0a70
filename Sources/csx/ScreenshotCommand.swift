import ArgumentParser
import DriverSimulation
import Foundation
import Sessions
import TerminalUI

/// Renders the TUI's screen for a scenario after actions (and keys) to SVG, from the same screen
/// buffer the terminal shows: screenshots without a terminal, byte-for-byte reproducible.
struct Screenshot: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render the terminal UI after actions to SVG (and PNG with rsvg-convert).",
        discussion: """
            --keys presses keys after the actions, as in the UI: "?" opens help, "v" switches \
            variant, "<Tab>" moves between panels (<Enter> <Esc> <Up> <Down> <Left> <Right> too).
            Example: csx screenshot --actions "run cpu0; run cpu1" --keys "?" --svg shot.svg
            """
    )

    @Argument(help: "A built-in scenario name or a scenario .yaml path (default: the seed race).")
    var scenario: String?

    @OptionGroup var boardOptions: BoardOptions

    @OptionGroup var driverOptions: DriverOptions

    @Option(help: "Actions to apply first, in the action language.")
    var actions: String?

    @Option(help: "Keys to press after the actions, as in the UI.")
    var keys: String?

    @Option(help: "Screen size as WIDTHxHEIGHT.")
    var size: String = "160x48"

    @Option(help: ArgumentHelp("Write the SVG here.", valueName: "file"))
    var svg: String

    @Option(help: ArgumentHelp("Also write a PNG here, with rsvg-convert (Debian's librsvg2-bin).", valueName: "file"))
    var png: String?

    @Option(help: ArgumentHelp("Draw the live view of this sysfs tree (after one reading) instead of a simulation.", valueName: "root"))
    var live: String?

    func run() throws {
        if svg == OutputTarget.standardOutputName, png == OutputTarget.standardOutputName {
            throw BadInput("--svg and --png cannot both be - (standard output)")
        }
        try OutputFile.check(svg)
        if let png { try OutputFile.check(png) }
        var state: AppState
        if let live {
            state = try Live.open(root: live, intervalMilliseconds: 200, writesAllowed: false).0
        } else {
            let start = try Loading.start(scenario, options: boardOptions, fallback: Loading.seedScenario())
            Loading.reportNotes(start.board.notes)
            let simulation = try Loading.simulation(of: start, driver: driverOptions)
            state = try Loading.appState(simulation, actions: Loading.actions(actions))
        }
        state.screenSize = try Self.parseSize(size)
        for key in try Self.parseKeys(keys ?? "") {
            for command in KeyMap.commands(for: key, in: state) { state.handle(command) }
        }
        let buffer = AppView(state: state).render(state)
        let image = SVGRenderer().render(buffer)
        try OutputFile.write(image, to: svg)
        if let png { try Self.convert(svg: image, png: png) }
    }

    static func parseSize(_ text: String) throws -> Size {
        let parts = text.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, (1...1000).contains(parts[0]), (1...1000).contains(parts[1]) else {
            throw BadInput("--size must look like 160x48")
        }
        return Size(width: parts[0], height: parts[1])
    }

    static let namedKeys: [String: Key] = [
        "Tab": .tab, "Enter": .enter, "Esc": .escape, "Up": .up, "Down": .down, "Left": .left,
        "Right": .right, "Space": .character(" "), "BackTab": .backTab, "Home": .home, "End": .end,
    ]

    /// Characters are keys; `<Name>` is a named key.
    static func parseKeys(_ text: String) throws -> [Key] {
        var keys: [Key] = []
        var rest = Substring(text)
        while let first = rest.first {
            if first == "<", let close = rest.firstIndex(of: ">") {
                let name = String(rest[rest.index(after: rest.startIndex)..<close])
                guard let key = namedKeys[name] else {
                    throw BadInput("--keys: unknown key <\(name)> (known: \(namedKeys.keys.sorted().joined(separator: ", ")))")
                }
                keys.append(key)
                rest = rest[rest.index(after: close)...]
            } else {
                keys.append(.character(first))
                rest = rest.dropFirst()
            }
        }
        return keys
    }

    /// The SVG through rsvg-convert (on its standard input) into `png`, written as every output
    /// file is: a regular file replaced only once complete, or standard output for `-`.
    static func convert(svg: String, png: String) throws {
        do throws(OutputTarget.Failure) {
            try OutputTarget.write(to: png) { (descriptor) throws(OutputTarget.Failure) in
                if let problem = runConverter(svg: svg, into: descriptor) { throw OutputTarget.Failure(path: png, reason: problem) }
            }
        } catch {
            throw BadInput(error.description)
        }
    }

    /// Runs rsvg-convert with its output on `descriptor`; what went wrong, or nil.
    private static func runConverter(svg: String, into descriptor: Int32) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["rsvg-convert", "--format", "png"]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        do {
            try process.run()
        } catch {
            return "cannot run rsvg-convert (apt-get install librsvg2-bin): \(error.localizedDescription)"
        }
        try? input.fileHandleForWriting.write(contentsOf: Data(svg.utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return "rsvg-convert failed (exit \(process.terminationStatus)); is librsvg2-bin installed?"
        }
        return nil
    }
}
