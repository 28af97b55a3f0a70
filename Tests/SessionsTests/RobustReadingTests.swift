import DriverSimulation
import PropertyBased
import Scenarios
import Sessions
import Testing

/// A reader that keeps what it can and says exactly what it cannot.
@Suite struct RobustReadingTests {
    /// The seed race with a handful of actions, as bytes.
    static func seedRecording() throws -> [UInt8] {
        let scenario = try ScenarioCatalogue.load("claim-failure-vs-idle")
        let directory = try TemporaryDirectory()
        let actions = try ActionParser.parse("run cpu0; run cpu1; idle cpu1; run cpu1; run cpu0; wake cpu1; run cpu1")
        return try bytes(of: try record(scenario, variant: .legacy, actions: actions, in: directory))
    }

    @Test func aFileCutAtEveryByteOffsetLoadsEveryCompleteLine() throws {
        let full = try Self.seedRecording()
        let newlines = full.indices.filter { full[$0] == 0x0A }
        let headerEnd = newlines[0]
        for cut in 0...full.count {
            let prefix = Array(full[..<cut])
            let complete = newlines.filter { $0 < cut }.count
            // A cut just before a newline leaves a whole line without its newline: still complete.
            let wholeButUnterminated = cut < full.count && full[cut] == 0x0A && cut > 0 && prefix.last != 0x0A
            let torn = !wholeButUnterminated && cut > 0 && prefix.last != 0x0A
            if cut < headerEnd {
                #expect(throws: SessionError.self, "cut at \(cut)") { try SessionLoader.load(bytes: prefix, name: "cut") }
                continue
            }
            let loaded = try SessionLoader.load(bytes: prefix, name: "cut")
            let lines = complete + (wholeButUnterminated ? 1 : 0)
            #expect(loaded.steps.count == lines - 1, "cut at \(cut)")
            #expect(loaded.warnings.count == (torn ? 1 : 0), "cut at \(cut): \(loaded.warnings)")
            if torn { #expect(loaded.warnings[0].hasPrefix("cut:\(complete + 1): torn last line skipped")) }
            #expect(try SessionVerifier.verify(loaded) == .matches(lines: lines - 1), "cut at \(cut)")
        }
    }

    @Test func aMalformedLineElsewhereNamesFileAndLine() throws {
        var lines = String(decoding: try Self.seedRecording(), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        lines[4] = lines[4].dropLast(3)  // no longer closes its objects
        let error = try #require(throws: SessionError.self) {
            try SessionLoader.load(bytes: Array(lines.joined(separator: "\n").utf8), name: "broken.csxs")
        }
        #expect(error.line == 5)
        #expect(error.description.hasPrefix("broken.csxs:5: malformed JSON at column "))
    }

    @Test(arguments: [
        (#"{"type":"action","action":"run cpu9x","events":[]}"#, #"action "run cpu9x": 1:5: expected a CPU like cpu1, found "cpu9x""#),
        (#"{"type":"action","events":[]}"#, #"an action line needs "action""#),
        (#"{"type":"action","action":"run cpu1"}"#, #"an action line needs "events""#),
        (#"{"action":"run cpu1","events":[]}"#, #"the line has no "type" (action or change)"#),
        (#"{"type":"action","action":"run cpu1","events":[{"step":1,"cpu":1}]}"#, #"needs "step", "cpu", "kind" and "text""#),
        (#"{"type":"change","t":-1,"change":"online","cpu":1,"online":true}"#, #"expected "t" to be 0 or more"#),
        (#"[1,2]"#, #"expected an object ({), found "[""#),
        (#"{"type":"action","action":"run cpu1","events":[]} x"#, #"unexpected "x" after the line's object"#),
    ])
    func malformedLinesSayWhatIsWrong(line: String, message: String) throws {
        let file = header + "\n" + line + "\n" + #"{"type":"action","action":"run cpu0","events":[]}"# + "\n"
        let error = try #require(throws: SessionError.self) { try SessionLoader.load(bytes: Array(file.utf8), name: "f") }
        #expect(error.line == 2)
        #expect(error.message.contains(message), "\(error)")
    }

    @Test func aNewerMajorVersionIsRefusedByName() throws {
        let newer = header.replacingOccurrences(of: #""version":"1.0""#, with: #""version":"2.1""#)
        let error = try #require(throws: SessionError.self) { try SessionLoader.load(bytes: Array((newer + "\n").utf8), name: "new.csxs") }
        #expect(error.description == "new.csxs:1: csx-session format 2.x is newer than this csx reads (1.x)")
    }

    @Test func otherFilesAreNotSessions() throws {
        for (text, message) in [
            ("", "f: empty file: not a csx session"),
            ("hello\n", "f:1: not a csx session: malformed JSON at column 1: expected a value, found \"h\""),
            (#"{"format":"other","version":"1.0"}"# + "\n", #"f:1: not a csx session: format "other" (expected "csx-session")"#),
        ] {
            let error = try #require(throws: SessionError.self) { try SessionLoader.load(bytes: Array(text.utf8), name: "f") }
            #expect(error.description == message)
        }
    }

    @Test func unknownKeysAndLineTypesAndANewerMinorAreIgnored() throws {
        let newerMinor = header.replacingOccurrences(of: #""version":"1.0""#, with: #""version":"1.7","extra":{"a":[1,2.5e3]}"#)
        let file = [
            newerMinor,
            #"{"future":true,"type":"action","action":"cpu0 enable-sink tmc_etr0","events":[{"note":"x","step":0,"cpu":0,"kind":"queued","text":"queued: enable-sink tmc_etr0","extra":[{}]}]}"#,
            #"{"type":"bookmark","label":"here"}"#,
            "",
            #"{ "events" : [ ] , "action" : "run cpu0", "type" : "action" }"#,
        ].joined(separator: "\n") + "\n"
        let loaded = try SessionLoader.load(bytes: Array(file.utf8), name: "f")
        #expect(loaded.actions == [.operation(cpu: 0, .enableSink("tmc_etr0")), .run(cpu: 0)])
        #expect(loaded.unknownLines == 1)
        #expect(loaded.warnings.isEmpty)
        #expect(loaded.header.formatVersion == "1.7")
    }

    @Test func tamperedEventsAreFoundAtTheirLine() throws {
        var text = String(decoding: try Self.seedRecording(), as: UTF8.self)
        text = text.replacingOccurrences(of: "enters idle (IRQs off)", with: "enters idle (IRQs on)")
        let loaded = try SessionLoader.load(bytes: Array(text.utf8), name: "t")
        guard case .differs(let line, let action, _) = try SessionVerifier.verify(loaded) else {
            Issue.record("verify should fail")
            return
        }
        #expect(line == 8)
        #expect(action == "action 3 (idle cpu1)")
    }

    /// Random damage — flipped bytes, deleted and duplicated lines, truncation — never crashes
    /// the reader, the replay or the verifier: each gives a result or a SessionError.
    @Test func randomMutationsNeverCrashTheReader() async throws {
        let original = try Self.seedRecording()
        await propertyCheck(count: 400, input: Gen.int(in: 0...Int.max).array(of: 1...6)) { mutations in
            var bytes = original
            for code in mutations { Self.mutate(&bytes, code: code) }
            guard let loaded = try? SessionLoader.load(bytes: bytes, name: "fuzz") else { return }
            _ = try? SessionVerifier.verify(loaded)
            _ = try? SessionReplay.simulation(of: loaded)
        }
    }

    static func mutate(_ bytes: inout [UInt8], code: Int) {
        guard !bytes.isEmpty else { return }
        let at = (code >> 3) % bytes.count
        switch code % 6 {
        case 0: bytes[at] ^= UInt8(truncatingIfNeeded: 1 << ((code >> 40) % 8))  // flip a bit
        case 1: bytes.remove(at: at)
        case 2: bytes.removeSubrange(at..<min(bytes.count, at + (code >> 40) % 64))  // delete a run
        case 3: bytes.removeSubrange(at...)  // truncate
        case 4, 5:  // duplicate or delete the line holding `at`
            let start = bytes[..<at].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            let end = bytes[at...].firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count
            if code % 6 == 4 { bytes.insert(contentsOf: bytes[start..<end], at: end) } else { bytes.removeSubrange(start..<end) }
        default: break
        }
    }
}
