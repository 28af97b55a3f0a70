import DriverSimulation
import PropertyBased
import Testing

@Suite struct ActionLanguageTests {
    @Test func parsesEveryFormOfDesignSection4() throws {
        let text = """
            cpu0 enable etm1        # sysfs enable
            cpu0 disable etm1; cpu1 perf-start; cpu1 perf-start tmc_etf0; cpu1 perf-stop
            cpu0 enable-sink tmc_etr0 ; cpu0 disable-sink tmc_etr0
            step cpu1; run cpu1; idle cpu1; wake cpu1
            ext-claim etm1; ext-release etm1; ext-program etm1
            variant fixed
            """
        #expect(try ActionParser.parse(text) == [
            .operation(cpu: 0, .enable("etm1")), .operation(cpu: 0, .disable("etm1")),
            .operation(cpu: 1, .perfStart(sink: nil)), .operation(cpu: 1, .perfStart(sink: "tmc_etf0")),
            .operation(cpu: 1, .perfStop),
            .operation(cpu: 0, .enableSink("tmc_etr0")), .operation(cpu: 0, .disableSink("tmc_etr0")),
            .step(cpu: 1), .run(cpu: 1), .idle(cpu: 1), .wake(cpu: 1),
            .extClaim("etm1"), .extRelease("etm1"), .extProgram("etm1"),
            .variant(.fixed),
        ])
    }

    @Test func emptyStatementsAndCommentsAreNothing() throws {
        #expect(try ActionParser.parse(" ; ;\n# only a comment\n\n").isEmpty)
    }

    @Test(arguments: [
        ("jump cpu1", "1:1: expected an action (cpuN <operation>, step, run, idle, wake, offline, online, ext-claim, ext-release, ext-program, variant, kernel), found \"jump\""),
        ("step", "1:5: expected a CPU (e.g. cpu1) after \"step\""),
        ("step cpu", "1:6: expected a CPU like cpu1, found \"cpu\""),
        ("run cpu01", "1:5: expected a CPU like cpu1, found \"cpu01\""),
        ("cpu0 enable", "1:12: expected a tracer (e.g. etm1) after \"enable\""),
        ("cpu0 frobnicate etm1", "1:6: expected an operation (enable, disable, perf-start, perf-stop, enable-sink, disable-sink), found \"frobnicate\""),
        ("cpu0", "1:5: expected an operation (enable, disable, perf-start, perf-stop, enable-sink, disable-sink), found end of action"),
        ("run cpu1 now", "1:10: expected end of action (; or newline), found \"now\""),
        ("step cpu0\nvariant sideways", "2:9: expected legacy or fixed, found \"sideways\""),
        ("idle cpu1; wake cpu1; ext-claim (etm1)", "1:33: expected a component (e.g. etm1), found \"(etm1)\""),
        ("cpux enable etm1", "1:1: expected a CPU like cpu0, found \"cpux\""),
    ])
    func reportsLineColumnAndWhatItExpected(input: String, message: String) {
        #expect(throws: ParseError.self) { try ActionParser.parse(input) }
        do {
            _ = try ActionParser.parse(input)
        } catch {
            #expect(error.description == message)
        }
    }

    /// Every action, built from a code so the property test can generate them.
    static func action(code: Int, cpu: Int, name: String) -> Action {
        switch code % 15 {
        case 0: .operation(cpu: cpu, .enable(name))
        case 1: .operation(cpu: cpu, .disable(name))
        case 2: .operation(cpu: cpu, .perfStart(sink: nil))
        case 3: .operation(cpu: cpu, .perfStart(sink: name))
        case 4: .operation(cpu: cpu, .perfStop)
        case 5: .operation(cpu: cpu, .enableSink(name))
        case 6: .operation(cpu: cpu, .disableSink(name))
        case 7: .step(cpu: cpu)
        case 8: .run(cpu: cpu)
        case 9: .idle(cpu: cpu)
        case 10: .wake(cpu: cpu)
        case 11: .extClaim(name)
        case 12: .extRelease(name)
        case 13: .extProgram(name)
        default: .variant(cpu % 2 == 0 ? .legacy : .fixed)
        }
    }

    static let nameGenerator = Gen.letterOrNumber.string(of: 1...12)

    @Test func printingThenParsingGivesTheSameAction() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...14), Gen.int(in: 0...4095), Self.nameGenerator) { code, cpu, name in
            let action = Self.action(code: code, cpu: cpu, name: name)
            #expect((try? ActionParser.parseOne(action.description)) == action, "\(action)")
        }
    }

    @Test func printingThenParsingASequenceGivesTheSameSequence() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...10_000).array(of: 0...20)) { codes in
            let actions = codes.map { Self.action(code: $0, cpu: $0 % 300, name: "part\($0 % 97)") }
            #expect((try? ActionParser.parse(actions.joinedActions)) == actions)
        }
    }

    @Test func garbageNeverCrashesTheParser() async {
        await propertyCheck(count: 500, input: Gen.ascii.string(of: 0...60)) { text in
            _ = try? ActionParser.parse(text)
        }
    }
}
