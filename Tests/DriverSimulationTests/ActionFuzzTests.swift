import DriverSimulation
import Foundation
import FuzzSupport
import Testing

/// The action language reader (`--actions`, the `:` line, scenario actions) on hostile text:
/// it returns actions or a `ParseError` (exit 2 in the CLI), never crashes, and every message
/// is one clean line.
@Suite struct ActionFuzzTests {
    static let dictionary: [[UInt8]] = [
        "cpu0 ", "cpu99999999999999999999", "enable ", "disable ", "perf-start ", "perf-stop", "enable-sink ",
        "step ", "run ", "idle ", "wake ", "ext-claim ", "ext-release ", "ext-program ", "variant ", "fixed",
        "legacy", "etm1", "tmc_etr0", ";", "#", "\n", "\r\n", ",", "\u{1b}[31m", "\u{202e}", "\0",
    ].map { Array($0.utf8) }

    /// Parses `text` every way the language is read and checks each outcome.
    static func check(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let actions = try ActionParser.parse(text)
            // Bounded by construction: never more actions than the text has bytes.
            #expect(actions.count <= max(1, text.utf8.count), sourceLocation: sourceLocation)
            // What was read prints back to text that reads the same.
            #expect((try? ActionParser.parse(actions.joinedActions)) == actions, sourceLocation: sourceLocation)
        } catch {
            expectClean(error, sourceLocation: sourceLocation)
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(50) {
            do { _ = try ActionParser.parseOne(String(line)) } catch { expectClean(error, sourceLocation: sourceLocation) }
            do { _ = try ActionParser.parseOperation(String(line)) } catch { expectClean(error, sourceLocation: sourceLocation) }
        }
    }

    static func expectClean(_ error: ParseError, sourceLocation: SourceLocation) {
        #expect(Fuzzing.isCleanMessage(error.description), "\(error.description.debugDescription)", sourceLocation: sourceLocation)
        #expect(error.line >= 1 && error.column >= 1, sourceLocation: sourceLocation)
    }

    @Test func everyCorpusFileIsReadOrRefusedCleanly() throws {
        let files = Fuzzing.corpus("actions")
        #expect(files.count >= 5)
        for file in files {
            let bytes = try Data(contentsOf: file)
            Self.check(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func mutatedCorpusIsReadOrRefusedCleanly() throws {
        let seeds = try Fuzzing.corpus("actions").map { Array(try Data(contentsOf: $0)) }
        try #require(!seeds.isEmpty)
        Fuzzing.run(minimum: 200) { generator, iteration in
            var bytes = seeds[iteration % seeds.count]
            for _ in 0...(generator.next() % 3) {
                bytes = Fuzzing.mutate(bytes, using: &generator, dictionary: Self.dictionary)
            }
            Self.check(String(decoding: bytes, as: UTF8.self))
        }
    }
}

/// The bounds of the action language, each hit exactly: one past is refused with a message that
/// says which, at the limit is read.
@Suite struct ActionLimitTests {
    @Test func textPastTheByteLimitIsRefusedBeforeItIsSplit() {
        let text = String(repeating: ";", count: ActionParser.maxTextBytes + 1)
        #expect(throws: ParseError(line: 1, column: 1, message: "the text is \(ActionParser.maxTextBytes + 1) bytes; at most \(ActionParser.maxTextBytes) are read")) {
            try ActionParser.parse(text)
        }
    }

    @Test func aLineAtTheLimitIsReadAndOneLongerIsRefused() throws {
        let atLimit = "step cpu0" + String(repeating: " ", count: ActionParser.maxLineLength - 9)
        #expect(try ActionParser.parse(atLimit) == [.step(cpu: 0)])
        #expect(throws: ParseError(line: 2, column: ActionParser.maxLineLength + 1, message: "line 2 is longer than \(ActionParser.maxLineLength) characters")) {
            try ActionParser.parse("run cpu0\n" + atLimit + " ")
        }
    }

    @Test func theActionCountIsBounded() throws {
        let atLimit = Array(repeating: "run cpu1", count: ActionParser.maxActions).joined(separator: "\n")
        #expect(try ActionParser.parse(atLimit).count == ActionParser.maxActions)
        do {
            _ = try ActionParser.parse(atLimit + "\nrun cpu2")
            Issue.record("read more than \(ActionParser.maxActions) actions")
        } catch {
            #expect(error.message == "more than \(ActionParser.maxActions) actions")
        }
    }

    @Test(arguments: ["cpu99999999999999999999 enable etm1", "step cpu18446744073709551616", "run cpu100000", "idle cpu-1"])
    func hugeCPUNumbersAreRefusedNotOverflowed(text: String) {
        #expect(throws: ParseError.self) { try ActionParser.parse(text) }
    }

    @Test func aHugeTokenIsEchoedCutAndEscaped() {
        let token = "\u{1b}[31m" + String(repeating: "x", count: ActionParser.maxLineLength - 100)
        do {
            _ = try ActionParser.parse("ext-claim " + token)
            Issue.record("accepted a megabyte name")
        } catch {
            #expect(Fuzzing.isCleanMessage(error.description))
            #expect(error.description.contains("\\x1b"))
            #expect(error.description.count < 300)
        }
    }
}
