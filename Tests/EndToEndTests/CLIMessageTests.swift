import Foundation
import Testing

/// What a newcomer's mistakes and first looks get back (issue 15, item 6): the subcommand, the
/// file and the placeholder named; examples that paste; columns that line up.
@Suite("CLI messages")
struct CLIMessageTests {
    static func run(_ arguments: [String]) throws -> Subprocess.Result {
        try Subprocess.run(try CSXBinary.path(), arguments)
    }

    @Test(arguments: [["explor", "claim-failure-vs-idle"], ["version"], ["xyzzy"]])
    func unknownSubcommandIsSaidSo(arguments: [String]) throws {
        let result = try Self.run(arguments)
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.standardError.hasPrefix("csx: unknown subcommand \(arguments[0])"), "\(result)")
        #expect(result.standardError.contains("subcommands: tui, run, explore,"), "\(result)")
        #expect(!result.standardError.contains("no such scenario") && !result.standardError.contains("Unexpected argument"))
        #expect(result.standardError.split(separator: "\n").count == 1)
    }

    @Test func nearMissesGetASuggestion() throws {
        #expect(try Self.run(["explor", "x"]).standardError.contains("(did you mean explore?)"))
        #expect(try Self.run(["version"]).standardError.contains("(did you mean --version?)"))
    }

    /// A scenario name or file as the first word still opens the default command.
    @Test func scenariosAndFilesAreNotSubcommands() throws {
        let named = try Self.run(["claim-failure-vs-idle", "--no-such-flag"])
        #expect(named.standardError.contains("--no-such-flag") && !named.standardError.contains("unknown subcommand"), "\(named)")
        let seed = try Self.run(["seed-3", "--no-such-flag"])
        #expect(!seed.standardError.contains("unknown subcommand"), "\(seed)")
        let file = try Self.run(["no-such-file.yaml"])
        #expect(file.standardError.hasPrefix("csx: no-such-file.yaml: cannot read the file"), "\(file)")
    }

    /// Each of these files is wrong about something only the simulation finds; every command
    /// that takes a scenario names the file, not the scenario's `name:`.
    @Test(arguments: [
        ("threads:\n  cpu0: [enable etm9]\n", "scenario myrace: cpu0 enable etm9: unknown tracer etm9"),
        ("kernel: v9.9\nthreads:\n  cpu0: [enable etm1]\n", "v9.9: no such kernel"),
        ("setup: [idle cpu1, idle cpu1]\n", "scenario myrace: idle cpu1:"),
        ("board: nosuch\n", "unknown board nosuch"),
        ("board: {dts: missing.dts}\n", "cannot read"),
    ])
    func scenarioFileErrorsNameTheFile(body: String, says: String) throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("race.yaml")
        let text = "name: myrace\n" + (body.hasPrefix("board:") ? "" : "board: juno-r2\n") + body
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        var commands = [["run", path], ["explore", path], ["diagram", path], ["screenshot", path, "--svg", directory.path("x.svg")]]
        if !body.hasPrefix("kernel:") { commands.append(["matrix", path]) }  // the matrix sets the kernel itself
        for command in commands {
            let result = try Self.run(command)
            #expect(result.exitCode == 2, "\(command): \(result)")
            #expect(result.standardError.hasPrefix("csx: \(path): "), "\(command): \(result)")
            #expect(result.standardError.contains(says), "\(command): \(result)")
            #expect(!result.standardError.contains("myrace: scenario myrace"), "\(command): \(result)")
        }
    }

    /// A built-in scenario that does not fit another board is named once.
    @Test func builtinScenarioIsNamedOnce() throws {
        let result = try Self.run(["run", "seed-8", "--board", "juno-r2"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.hasPrefix("csx: scenario seed-8: cpu0 enable etm6: unknown tracer etm6"), "\(result)")
    }

    /// `csx run --help`'s example, pasted into a shell as printed, runs race A to its violation.
    @Test func runHelpExamplePastes() throws {
        let help = try Self.run(["run", "--help"]).standardOutput
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0.hasPrefix("Example") }) + 1
        let example = lines[start...].prefix { !$0.isEmpty }.joined(separator: "\n")
        #expect(example.hasPrefix("  csx run "), "\(help)")
        let script = "csx() { \"$CSX\" \"$@\"; }\n" + example + "\n"
        var environment = Subprocess.baseEnvironment
        environment["CSX"] = try CSXBinary.path()
        let result = try Subprocess.run("/bin/sh", ["-c", script], environment: environment)
        #expect(result.exitCode == 1, "\(example)\n\(result)")
        #expect(result.standardOutput.contains("1 violation:\n  step 15 (cpu1): pm-reads-stale-mode"), "\(result)")
    }

    /// Options that take a file say `<file>`, not the option's own name again.
    @Test(arguments: [
        ("run", ["--record <file>", "--variant <legacy|fixed>"]), ("tui", ["--record <file>"]), ("explore", ["--out <file>"]),
        ("diagram", ["--out <file>", "--session <file>"]), ("screenshot", ["--svg <file>", "--png <file>"]),
        ("export", ["--perfetto <file>"]), ("terminal-check", ["--svg <file>"]),
    ])
    func fileOptionsSayFile(command: String, placeholders: [String]) throws {
        let help = try Self.run([command, "--help"]).standardOutput
        for placeholder in placeholders { #expect(help.contains(placeholder), "\(command): \(help)") }
        for vague in ["<record>", "<out>", "<session>", "<svg>", "<png>", "<perfetto>", "<variant>"] {
            #expect(!help.contains(vague), "\(command): \(vague)")
        }
    }

    /// Every engine line has its figures in the same columns, whatever the board's name.
    @Test(arguments: ["juno-r2", "grid-4", "grid-256"])
    func benchColumnsLineUp(board: String) throws {
        let result = try Self.run(["bench", "--board", board, "--steps", "2000"])
        #expect(result.exitCode == 0, "\(result)")
        let engine = result.standardOutput.split(separator: "\n").filter { $0.hasPrefix("engine") }
        #expect(engine.count == 4, "\(result)")
        for column in [" events ", " steps in ", " M steps/s"] {
            let offsets = Set(engine.compactMap { line in line.range(of: column).map { line.distance(from: line.startIndex, to: $0.lowerBound) } })
            #expect(offsets.count == 1, "\(column): \(engine)")
        }
    }

    @Test func seedTwoNamesOneTracer() throws {
        let list = try Self.run(["scenarios"]).standardOutput
        let seed2 = try #require(list.split(separator: "\n").first { $0.hasPrefix("seed-2 ") })
        #expect(seed2.contains("disables etm1 in turn") && !seed2.contains("etm1..etm1"), "\(seed2)")
        #expect(list.contains("disables etm1..etm2 in turn"))
    }
}
