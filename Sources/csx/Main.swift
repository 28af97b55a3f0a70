import ArgumentParser
import Foundation
import SafeText

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
        if let problem = SubcommandCheck.problem(Array(CommandLine.arguments.dropFirst())) {
            fail(problem)
        }
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

    /// The one line every error ends in: `csx: what is wrong`, escaped (it may echo a flag, a
    /// file name or what a file held) and cut to a screen's worth.
    static func fail(_ message: String, usage: Bool = false) -> Never {
        FileHandle.standardError.write(Data(UserMessage.line(message, suffix: usage ? " (see csx --help)" : "").utf8))
        exit(ExitStatus.badInput)
    }
}

struct CSX: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csx",
        abstract: "See and check CoreSight ETM driver races: simulate, step, explore.",
        discussion: """
            With no command, opens the terminal UI on the seed race (claim-failure-vs-idle on \
            juno-r2). Exit status: 0 no invariant broke, 1 one did, 2 bad input. Shell \
            completion: csx --generate-completion-script bash (or zsh, fish) prints a script \
            for your shell to load.
            """,
        version: CSXVersion.string,
        subcommands: [TUI.self, Run.self, Explore.self, ExploreBench.self, Topology.self, Boards.self, Scenarios.self, Kernels.self, Matrix.self, Bench.self, Replay.self, Diagram.self, Export.self, Live.self, DemoTree.self, Screenshot.self, TerminalCheck.self],
        defaultSubcommand: TUI.self
    )
}

enum CSXVersion {
    static let string = "0.1.0"
}

/// A note on standard error: one escaped line, `csx: ...`.
func note(_ text: String) {
    FileHandle.standardError.write(Data(UserMessage.line(text).utf8))
}

/// A warning on standard error: one escaped line, `csx: warning: ...`.
func warn(_ text: String) {
    note("warning: " + text)
}

/// What csx says to its user, made safe: every message goes through here or `Echo` directly.
enum UserMessage {
    /// `csx: ` + the message on one line, control characters escaped, long tokens and the
    /// whole cut (`Echo.line`), then `suffix` and a newline.
    static func line(_ message: String, suffix: String = "") -> String {
        "csx: " + Echo.line(message) + suffix + "\n"
    }
}

/// Writes to standard output without Foundation's buffering surprises.
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
