import ArgumentParser
import Foundation

/// Exit statuses: 0 all good, 1 an invariant broke, 2 bad input (flags, files, actions).
enum ExitStatus {
    static let ok: Int32 = 0
    static let violation: Int32 = 1
    static let badInput: Int32 = 2
}

/// A user error: one message, exit 2.
struct BadInput: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

@main
enum Main {
    static func main() {
        CrashReportMode.ensureNonInteractive()
        do {
            var command = try CSX.parseAsRoot()
            try command.run()
        } catch let error as BadInput {
            fail(error.message)
        } catch let error as ExitCode {
            exit(error.rawValue)
        } catch {
            let code = CSX.exitCode(for: error)
            if code == .success {
                print(CSX.fullMessage(for: error))
                exit(0)
            }
            fail(CSX.message(for: error), usage: true)
        }
    }

    static func fail(_ message: String, usage: Bool = false) -> Never {
        var text = "csx: \(message)\n"
        if usage { text += "(see csx --help)\n" }
        FileHandle.standardError.write(Data(text.utf8))
        exit(ExitStatus.badInput)
    }
}

struct CSX: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csx",
        abstract: "See and check CoreSight ETM driver races: simulate, step, explore.",
        discussion: """
            With no command, opens the terminal UI on the seed race (claim-failure-vs-idle on \
            juno-r2). Exit status: 0 no invariant broke, 1 one did, 2 bad input.
            """,
        version: CSXVersion.string,
        subcommands: [TUI.self, Run.self, Explore.self, ExploreBench.self, Topology.self, Boards.self, Scenarios.self, Bench.self, Replay.self, Export.self, Live.self, Screenshot.self, TerminalCheck.self],
        defaultSubcommand: TUI.self
    )
}

enum CSXVersion {
    static let string = "0.1.0"
}

/// Writes to standard output without Foundation's buffering surprises.
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
