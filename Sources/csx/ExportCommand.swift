import ArgumentParser
import Foundation
import Sessions

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export a recorded session for other tools.",
        discussion: """
            --perfetto writes the Chrome trace event format, which ui.perfetto.dev and
            chrome://tracing open: a track per CPU and one for the external debugger; idle,
            IPI handlers and driver flows as slices; mode changes, claims and violations as
            instant events. Simulated sessions put step N at N microseconds.
            """
    )

    @Argument(help: "A session file (JSON Lines).")
    var file: String

    @Option(help: ArgumentHelp("Write a Chrome trace (JSON) to this file.", valueName: "file"))
    var perfetto: String

    func run() throws {
        let session = try SessionFiles.load(file)
        let trace: String
        do { trace = try PerfettoExport.trace(of: session).rendered(indent: nil) + "\n" } catch {
            throw BadInput(error.description)
        }
        try OutputFile.write(trace, to: perfetto)
    }
}
