import CoreSightModel
import FuzzSupport
import Sessions
import Testing

/// A live session's change lines must fit its header and run forward in time: nonsense once
/// read quietly (a `t` that goes backwards gave Perfetto timestamps of 1.8e16; `cpu4000` on a
/// 6-CPU board) is refused with `FILE:LINE: what is wrong`.
@Suite struct LiveSessionValidationTests {
    /// juno-r2: 6 CPUs, etm0-etm5, tmc_etf0/tmc_etr0/tpiu0 and more.
    static let liveHeader = #"{"format":"csx-session","version":"1.0","csx":"test","source":"live","board":"juno-r2","scenario":null,"variant":null}"#

    static func change(_ t: Int, _ body: String) -> String { #"{"type":"change","t":\#(t),"# + body + "}" }
    static let etm1On = #""change":"enabled","device":"etm1","kind":"source","enabled":true"#
    static let etm1Off = #""change":"enabled","device":"etm1","kind":"source","enabled":false"#

    static func load(_ lines: [String], header: String = liveHeader) throws -> LoadedSession {
        try SessionLoader.load(bytes: Array(([header] + lines).map { $0 + "\n" }.joined().utf8), name: "live.csxs")
    }

    static func refusal(_ lines: [String], header: String = liveHeader) throws -> SessionError {
        try #require(throws: SessionError.self) { try load(lines, header: header) }
    }

    @Test func aWellFormedSessionLoads() throws {
        let session = try Self.load([
            Self.change(100, Self.etm1Off), Self.change(100, #""change":"online","cpu":5,"online":true"#),
            Self.change(200, Self.etm1On), Self.change(300, #""change":"idle","cpu":0,"state":2,"count":3,"time-us":1500"#),
            Self.change(300, #""change":"enabled","device":"tmc_etr0","kind":"sink","enabled":true"#),
        ])
        #expect(session.changes.count == 5)
    }

    @Test func timeThatGoesBackwardsIsRefusedAtItsLine() throws {
        let error = try Self.refusal([Self.change(9_000, Self.etm1Off), Self.change(9_000, Self.etm1On), Self.change(5_000, Self.etm1Off)])
        #expect(error.line == 4)
        #expect(error.description == #"live.csxs:4: time goes backwards: "t" 5000 after 9000 (each line's "t" is at least the last one's)"#)
    }

    @Test(arguments: [4000, 6, -1])
    func aCPUTheBoardDoesNotHaveIsRefused(cpu: Int) throws {
        for body in [#""change":"online","cpu":\#(cpu),"online":false"#, #""change":"idle","cpu":\#(cpu),"state":0,"count":1,"time-us":1"#] {
            let error = try Self.refusal([Self.change(1, Self.etm1On), Self.change(2, body)])
            #expect(error.description == "live.csxs:3: cpu\(cpu) does not exist: juno-r2 has 6 CPUs (cpu0-cpu5)")
        }
    }

    @Test func aDeviceTheTopologyDoesNotHaveIsRefused() throws {
        let error = try Self.refusal([Self.change(1, #""change":"enabled","device":"etm99","kind":"source","enabled":true"#)])
        #expect(error.line == 2)
        #expect(error.message.hasPrefix("device etm99 is not in the header's topology"))
    }

    @Test(arguments: [
        (#""change":"enabled","device":"etm1","kind":"sink","enabled":true"#, "etm1 is a source, so it has no enable_sink"),
        (#""change":"enabled","device":"tmc_etr0","kind":"source","enabled":true"#, "tmc_etr0 is a sink, so it has no enable_source"),
        (#""change":"enabled","device":"funnel0","kind":"source","enabled":true"#, "funnel0 is a link, so it has no enable_source"),
        (#""change":"enabled","device":"etm1","kind":"bogus","enabled":true"#, #""kind" "bogus" is not source or sink"#),
        (#""change":"idle","cpu":1,"state":64,"count":1,"time-us":1"#, "idle state 64 is not from 0 to 63"),
        (#""change":"idle","cpu":1,"state":-1,"count":1,"time-us":1"#, "idle state -1 is not from 0 to 63"),
        (#""change":"idle","cpu":1,"state":1,"count":1000000000001,"time-us":1"#, #""count" 1000000000001 is more than"#),
        (#""change":"idle","cpu":1,"state":1,"count":1,"time-us":1000000000000001"#, #""time-us" 1000000000000001 is more than"#),
    ])
    func absurdChangesAreRefused(body: String, message: String) throws {
        let error = try Self.refusal([Self.change(7, body)])
        #expect(error.line == 2)
        #expect(error.message.hasPrefix(message), "\(error)")
    }

    @Test func aChangeLineInASimulationSessionIsRefused() throws {
        let error = try Self.refusal([Self.change(1, Self.etm1On)], header: header)  // RoundTripTests' simulation header
        #expect(error.description.hasPrefix("live.csxs:2: a change line in a simulation session"))
    }

    @Test func namesFromTheFileAreEscapedInTheOneLineMessage() throws {
        let error = try Self.refusal([Self.change(1, #""change":"enabled","device":"\u001b]0;pwned\u0007\u202e","kind":"source","enabled":true"#)])
        #expect(Fuzzing.isCleanMessage(error.description), "\(error)")
        #expect(error.message.hasPrefix(#"device \x1b]0;pwned\x07\u{202e} is not in"#))
    }

    @Test func whatARecorderLeavesOutIsWhatAReaderRefuses() throws {
        let juno = try #require(Board.named("juno-r2")).topology()
        #expect(LiveChange.enabled(device: "etm1", kind: "source", enabled: true).fits(juno))
        #expect(!LiveChange.enabled(device: "cti_sys0", kind: "source", enabled: true).fits(juno))
        #expect(!LiveChange.online(cpu: 6, online: true).fits(juno))
        #expect(LiveChange.idle(cpu: 5, state: 63, count: 1, timeMicroseconds: 1).fits(juno))
    }
}
