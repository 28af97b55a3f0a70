import DriverSimulation
import Foundation
import FuzzSupport
import Scenarios
import Testing

/// The scenario YAML reader on hostile files: a scenario or a `ScenarioError` (exit 2 in the
/// CLI), never a crash, work bounded before Yams composes anything, every message one clean line.
@Suite struct ScenarioFuzzTests {
    static let dictionary: [[UInt8]] = [
        "board: ", "juno-r2", "setup: ", "threads:\n  cpu0: ", "environment:\n  idle: {cpu1: ", "ext-claim: ",
        "&a ", "*a", "? ", ": ", "- ", "[", "]", "{", "}", ",", "\n  ", "\t", "\"", "'", "!!str ", "<<: ", "---\n", "\\e",
        "99999999999999999999", "\u{1b}[31m", "\u{202e}", "\0",
    ].map { Array($0.utf8) }

    static func check(_ yaml: String, file: String = "fuzz.yaml", sourceLocation: SourceLocation = #_sourceLocation) -> ScenarioError? {
        do {
            let scenario = try ScenarioFile.parse(yaml, file: file)
            #expect(scenario.setup.count <= ScenarioLimits.maxSetupActions, sourceLocation: sourceLocation)
            #expect(scenario.threads.allSatisfy { $0.operations.count <= ScenarioLimits.maxOperationsPerThread }, sourceLocation: sourceLocation)
            #expect(scenario.environment.idle.allSatisfy { (0...ScenarioLimits.maxEnvironmentCount).contains($0.times) }, sourceLocation: sourceLocation)
            #expect(scenario.environment.extClaim.allSatisfy { (0...ScenarioLimits.maxEnvironmentCount).contains($0.times) }, sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(Fuzzing.isCleanMessage(error.description), "\(error.description.debugDescription)", sourceLocation: sourceLocation)
            return error
        }
    }

    /// What each hostile file must be refused with (files not listed may be read or refused).
    static let refusals: [String: String] = [
        "aliased-keys-nested.yaml": "refused YAML: a list or mapping as a mapping key",
        "alias-as-key.yaml": "refused YAML: an alias (*name) as a mapping key",
        "aliases-expanding-tenfold.yaml": "refused YAML: more than 100000 values once aliases are expanded",
        "nested-100-deep.yaml": "refused YAML: nested more than 32 levels deep",
        "nested-mappings-100-deep.yaml": "refused YAML: nested more than 32 levels deep",
        "huge-counts.yaml": "expected a count from 0 to 64",
        "negative-count.yaml": "expected a count from 0 to 64",
        "count-as-float.yaml": "expected a count from 0 to 64",
        "huge-cpu-numbers.yaml": "expected a CPU like cpu1",
        "escapes-in-values.yaml": "found \"\\x1b[31mred\\x1b]0;pwned\\x07\"",
        "escapes-in-keys.yaml": "unknown key \"\\x1b[2J\\u{202e}\"",
        "escapes-in-actions.yaml": "\\x1b[31metm1",
        "raw-control-characters.yaml": "malformed YAML: control characters are not allowed",
        "unknown-alias.yaml": "found undefined alias",
        "recursive-anchor.yaml": "found undefined alias",
        "two-documents.yaml": "but found another document",
        "duplicate-keys.yaml": "duplicate key board",
        "huge-name.yaml": "expected a scenario name of at most 128 characters",
    ]

    @Test func everyCorpusFileIsReadOrRefusedWithOneCleanLine() throws {
        let files = Fuzzing.corpus("scenarios")
        #expect(files.count >= 15)
        for file in files {
            let text = String(decoding: try Data(contentsOf: file), as: UTF8.self)
            let name = file.lastPathComponent
            let refusal = Self.check(text, file: name)
            if let expected = Self.refusals[name] {
                #expect(refusal?.description.contains(expected) == true, "\(name): \(refusal?.description ?? "read")")
            }
            // Read from disk as the CLI reads it: the same outcome.
            do {
                _ = try ScenarioCatalogue.load(file.path)
                #expect(refusal == nil, "\(name) read from disk but not from memory")
            } catch {
                #expect(Fuzzing.isCleanMessage(error.description), "\(error.description.debugDescription)")
                if refusal != nil { #expect(error.message == refusal?.message, "\(name)") }
            }
        }
    }

    @Test func mutatedCorpusAndBuiltinsAreReadOrRefusedCleanly() throws {
        var seeds = try Fuzzing.corpus("scenarios").map { Array(try Data(contentsOf: $0)) }
        seeds += try ScenarioCatalogue.builtins().prefix(4).map { Array("name: \($0.name)\nboard: juno-r2\n".utf8) }
        seeds.append(Array("""
            name: example
            board: juno-r2
            variant: legacy
            sink: tmc_etr0
            setup: [ext-claim etm1]
            threads:
              cpu0: [enable etm1, disable etm1]
            environment:
              idle: {cpu1: 2}
              ext-claim: {etm1: 1}
            """.utf8))
        Fuzzing.run(minimum: 200) { generator, iteration in
            var bytes = seeds[iteration % seeds.count]
            for _ in 0...(generator.next() % 3) {
                bytes = Fuzzing.mutate(bytes, using: &generator, dictionary: Self.dictionary)
            }
            _ = Self.check(String(decoding: bytes, as: UTF8.self))
        }
    }
}

/// The scenario limits, each hit exactly: at the limit read, one past refused with a message
/// that says which.
@Suite struct ScenarioLimitTests {
    static func refusal(_ yaml: String) -> String? {
        do {
            _ = try ScenarioFile.parse(yaml, file: "s.yaml")
            return nil
        } catch {
            #expect(Fuzzing.isCleanMessage(error.description))
            return error.description
        }
    }

    @Test func fileSize() {
        let padding = String(repeating: "#", count: ScenarioFile.maxFileBytes - 16) + "\n"
        let atLimit = "board: juno-r2\n" + padding
        #expect(atLimit.utf8.count == ScenarioFile.maxFileBytes)
        #expect(Self.refusal(atLimit) == nil)
        #expect(Self.refusal(atLimit + "\n") == "s.yaml: the file is \(ScenarioFile.maxFileBytes + 1) bytes; at most \(ScenarioFile.maxFileBytes) are read")
    }

    @Test func nestingDepth() {
        // The root mapping is one level; `setup` holds the rest.
        let nested = { (depth: Int) in "board: juno-r2\nabout: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n" }
        #expect(Self.refusal(nested(ScenarioFile.maxDepth - 1))?.contains("refused YAML") == false)
        #expect(Self.refusal(nested(ScenarioFile.maxDepth)) == "s.yaml:2:\(7 + ScenarioFile.maxDepth): refused YAML: nested more than \(ScenarioFile.maxDepth) levels deep")
    }

    @Test func valuesOnceAliasesAreExpanded() {
        // Root 1 + key 1 + anchored list 1 + 100 + key 1 + list 1 + n × 101.
        let document = { (n: Int) in
            "board: juno-r2\na: &a [" + Array(repeating: "x", count: 100).joined(separator: ", ") + "]\nb: ["
                + Array(repeating: "*a", count: n).joined(separator: ", ") + "]\n"
        }
        let fits = (ScenarioFile.maxValues - 107) / 101
        #expect(Self.refusal(document(fits))?.contains("refused YAML") == false)
        #expect(Self.refusal(document(fits + 1))?.contains("refused YAML: more than \(ScenarioFile.maxValues) values once aliases are expanded") == true)
    }

    @Test func listLengths() {
        let setup = { (n: Int) in "board: juno-r2\nsetup: [" + Array(repeating: "step cpu0", count: n).joined(separator: ", ") + "]\n" }
        #expect(Self.refusal(setup(ScenarioLimits.maxSetupActions)) == nil)
        #expect(Self.refusal(setup(ScenarioLimits.maxSetupActions + 1)) == "s.yaml:2:8: expected at most \(ScenarioLimits.maxSetupActions) items in a list of actions, found \(ScenarioLimits.maxSetupActions + 1)")
        let thread = { (n: Int) in "board: juno-r2\nthreads:\n  cpu0: [" + Array(repeating: "perf-stop", count: n).joined(separator: ", ") + "]\n" }
        #expect(Self.refusal(thread(ScenarioLimits.maxOperationsPerThread)) == nil)
        #expect(Self.refusal(thread(ScenarioLimits.maxOperationsPerThread + 1))?.contains("expected at most \(ScenarioLimits.maxOperationsPerThread) items") == true)
    }

    @Test func countsTheExplorerBranchesOn() {
        let idle = { (count: String) in "board: juno-r2\nenvironment:\n  idle: {cpu1: \(count)}\n  ext-claim: {etm1: \(count)}\n" }
        #expect(Self.refusal(idle("\(ScenarioLimits.maxEnvironmentCount)")) == nil)
        for bad in ["\(ScenarioLimits.maxEnvironmentCount + 1)", "-1", "99999999999999999999999999999", "0x10", "1e3"] {
            #expect(Self.refusal(idle(bad)) == "s.yaml:3:16: expected a count from 0 to \(ScenarioLimits.maxEnvironmentCount)", "\(bad)")
        }
    }

    @Test func aScenarioFileThatIsAFIFOIsRefusedWithoutBlocking() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("csx-yaml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let fifo = directory.appendingPathComponent("s.yaml").path
        try #require(mkfifo(fifo, 0o600) == 0)
        #expect(throws: ScenarioError(file: fifo, message: "cannot read the file: it is a FIFO, not a regular file")) {
            try ScenarioCatalogue.load(fifo)
        }
        #expect(throws: ScenarioError(file: directory.path + "/", message: "cannot read the file: it is a directory, not a regular file")) {
            try ScenarioCatalogue.load(directory.path + "/")
        }
    }
}
