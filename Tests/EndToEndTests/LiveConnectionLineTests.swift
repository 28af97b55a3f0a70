import Foundation
import Testing

/// A live session's `connection` lines (csx live --ssh): read and listed by a replay; a state
/// other than lost or restored is refused at its line like any damaged change.
@Suite("Live session connection lines")
struct LiveConnectionLineTests {
    static let header = #"{"format":"csx-session","version":"1.0","csx":"test","source":"live","board":"juno-r2","scenario":null,"variant":null}"#

    static func replay(_ lines: [String]) throws -> Subprocess.Result {
        let directory = try TemporaryDirectory()
        let file = directory.path("board.jsonl")
        try ([header] + lines).joined(separator: "\n").appending("\n").write(toFile: file, atomically: false, encoding: .utf8)
        return try Subprocess.run(try CSXBinary.path(), ["replay", file, "--headless"])
    }

    @Test func aDropAndAReturnAreListed() throws {
        let result = try Self.replay([
            #"{"type":"change","t":1000,"change":"online","cpu":1,"online":true}"#,
            #"{"type":"change","t":2000,"change":"connection","state":"lost","detail":"root@juno: Connection reset\u001b[2J"}"#,
            #"{"type":"change","t":3000,"change":"connection","state":"restored","detail":"root@juno"}"#,
        ])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("connection lost: root@juno: Connection reset\\x1b[2J"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("connection restored: root@juno"))
    }

    @Test func anUnknownStateIsRefusedAtItsLine() throws {
        let result = try Self.replay([#"{"type":"change","t":2000,"change":"connection","state":"maybe","detail":"x"}"#])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains(":2: "), "\(result.standardError)")
        #expect(result.standardError.contains("is not lost or restored"))
    }
}
