import Foundation
import Sessions
import Testing

/// The benchmark's own session round-trips, and what a loaded line keeps stays compact
/// (the speed figures come from `csx bench --sessions` in release; debug builds are slow).
@Suite struct BenchmarkTests {
    @Test func aBenchmarkSessionVerifiesAndStaysCompact() throws {
        let directory = try TemporaryDirectory()
        let result = try SessionBenchmark.run(lines: 20_000, path: directory.path("bench.csxs"))
        #expect(result.lines == 20_000)
        #expect(result.verified)
        #expect(result.heldBytesPerLine <= 64)
    }
}
