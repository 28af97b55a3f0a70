import SafeText
import Testing

@Suite("Echo: input made safe to print")
struct EchoTests {
    @Test func controlCharactersAreNamedNotSent() {
        #expect(Echo.escaped("a\u{1b}[2Jb") == "a\\x1b[2Jb")
        #expect(Echo.escaped("nul\u{0}here") == "nul\\x00here")
        #expect(Echo.escaped("tab\there\nnext\r") == "tab\\there\\nnext\\r")
        #expect(Echo.escaped("del\u{7f}") == "del\\x7f")
        #expect(Echo.escaped("c1\u{9b}31m") == "c1\\u{9b}31m")
    }

    @Test func bidiAndInvisibleFormatCharactersAreNamed() {
        #expect(Echo.escaped("etm\u{202e}1") == "etm\\u{202e}1")
        #expect(Echo.escaped("zero\u{200b}width") == "zero\\u{200b}width")
        #expect(Echo.escaped("bom\u{feff}") == "bom\\u{feff}")
    }

    @Test func ordinaryTextIsUntouched() {
        let text = "cpu1 read mode SYSFS while etm1 is not enabled: ✗ ▲ — über"
        #expect(Echo.escaped(text) == text)
        #expect(Echo.line(text) == text)
    }

    @Test func aHugeTokenIsCutWithItsSizeSaid() {
        let token = String(repeating: "A", count: 1_000_000) + "Z"
        let echoed = Echo.escaped("bad token \(token) here")
        #expect(echoed.count < 240)
        #expect(echoed.hasPrefix("bad token AAAA"))
        #expect(echoed.contains("…(999821 more)…"))
        #expect(echoed.hasSuffix("AAZ here"))
    }

    @Test func aLongPathKeepsItsFileName() {
        let path = "/" + Array(repeating: "some-rather-long-directory", count: 12).joined(separator: "/") + "/race.yaml"
        let echoed = Echo.escaped("cannot read \(path)")
        #expect(echoed.hasSuffix("/race.yaml"))
        #expect(echoed.contains("more)…"))
        let short = "/work/main/Tests/HostileCorpus/scenarios/aliased-keys.yaml"
        #expect(Echo.escaped(short) == short)
    }

    @Test func aLineIsOneLineAndBounded() {
        let line = Echo.line("first problem\n  second\r\nthird\n\n")
        #expect(line == "first problem; second; third")
        let long = Echo.line(String(repeating: "word ", count: 1000))
        #expect(long.count == Echo.messageLimit)
        #expect(long.hasSuffix("…"))
    }

    @Test func inertnessIsDecidedPerScalar() {
        #expect(Echo.isInert("plain \\x1b text"))
        #expect(!Echo.isInert("raw \u{1b} text"))
        #expect(!Echo.isInert("raw \u{202e} text"))
        #expect(Echo.isInert(Echo.escaped("raw \u{1b}\u{202e}\n\u{0} text")))
    }
}
