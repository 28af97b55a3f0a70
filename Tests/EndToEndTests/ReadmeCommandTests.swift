import Foundation
import Testing

/// Every `$ csx ...` line in the README's console blocks runs as shown: its exit status is the
/// one the README gives (`echo $?` or a `# exit N` comment, else 2 for a `csx:` error, 1 for a
/// shown violation, else 0)
/// and every output line it quotes appears, in order (`...` elides; timings and sizes are
/// compared as `#`).
@Suite("README commands")
struct ReadmeCommandTests {
    struct Command: CustomStringConvertible {
        var line: Int
        var text: String
        var output: [String]
        var description: String { "README.md:\(line): $ \(text)" }
    }

    static func readme(filePath: String = #filePath) throws -> String {
        let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    }

    /// The console blocks, each a list of commands with the output quoted under them.
    static func blocks(_ text: String) -> [[Command]] {
        var blocks: [[Command]] = []
        var current: [Command]?
        var continuing = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).enumerated() {
            if current == nil {
                if line.hasPrefix("```console") { current = [] }
                continue
            }
            if line.hasPrefix("```") {
                blocks.append(current ?? [])
                current = nil
                continue
            }
            if continuing, var last = current?.popLast() {
                last.text += "\n" + line
                current?.append(last)
                continuing = line.hasSuffix("\\")
            } else if line.hasPrefix("$ ") {
                current?.append(Command(line: index + 1, text: String(line.dropFirst(2)), output: []))
                continuing = line.hasSuffix("\\")
            } else if var last = current?.popLast() {
                last.output.append(line)
                current?.append(last)
            }
        }
        return blocks
    }

    /// Timings and sizes vary from run to run: `12 ms`, `55 KiB`, `0.3 s` all read `#`.
    static func stable(_ line: String) -> String {
        line.replacing(/\d+(?:\.\d+)? ?(?:ms|s|KiB|MiB|GiB)\b/, with: "#")
            .replacing(/\s+$/, with: "")
    }

    /// The first quoted line missing from `output` (in order), or nil when all are there.
    static func firstMissing(_ quoted: [String], in output: String) -> String? {
        let actual = output.split(separator: "\n").map { stable(String($0)) }
        var position = 0
        for line in quoted.map(stable) where !line.isEmpty && line.trimmingCharacters(in: .whitespaces) != "..." {
            let segments = line.components(separatedBy: "...")
            guard let found = actual[position...].firstIndex(where: { containsInOrder(segments, $0) }) else { return line }
            position = found + 1
        }
        return nil
    }

    static func containsInOrder(_ segments: [String], _ line: String) -> Bool {
        var rest = Substring(line)
        for (index, segment) in segments.enumerated() where !segment.isEmpty {
            if index == 0 {
                guard rest.hasPrefix(segment) else { return false }
                rest = rest.dropFirst(segment.count)
            } else {
                guard let range = rest.range(of: segment) else { return false }
                rest = rest[range.upperBound...]
            }
        }
        return segments.count > 1 || rest.isEmpty
    }

    static func expectedStatus(_ command: Command, next: Command?) -> Int32 {
        // A command shown without its output says its status in a comment: `# exit 1: ...`.
        if let said = command.text.firstMatch(of: /#.*\bexit (\d)\b/), let status = Int32(said.output.1) { return status }
        if let next, next.text == "echo $?", let shown = next.output.first.flatMap({ Int32($0) }) { return shown }
        if command.output.contains(where: { $0.hasPrefix("csx: ") }) { return 2 }
        return command.output.contains(where: { $0.contains("violation") }) ? 1 : 0
    }

    @Test func everyConsoleCommandRunsAsShown() throws {
        let blocks = Self.blocks(try Self.readme())
        #expect(blocks.count >= 6, "the README's console blocks were not found")
        let binary = try CSXBinary.path()
        var ran = 0
        for block in blocks {
            // Each block runs in a directory of its own: files one command writes, the next reads.
            let directory = try TemporaryDirectory()
            for (index, command) in block.enumerated() where command.text != "echo $?" {
                #expect(command.text.hasPrefix("csx ") || command.text.hasPrefix("swift run csx "), "\(command): not a csx command")
                let script = """
                    csx() { "$CSX" "$@"; }
                    swift() { shift 2; "$CSX" "$@"; }
                    cd "$DIR" || exit 99
                    \(command.text)
                    """
                var environment = Subprocess.baseEnvironment
                environment["CSX"] = binary
                environment["DIR"] = directory.url.path
                let result = try Subprocess.run("/bin/sh", ["-c", script], environment: environment)
                let expected = Self.expectedStatus(command, next: index + 1 < block.count ? block[index + 1] : nil)
                #expect(result.exitCode == expected, "\(command): exit \(String(describing: result.exitCode)), README says \(expected)\n\(result)")
                if let missing = Self.firstMissing(command.output, in: result.standardOutput + result.standardError) {
                    Issue.record("\(command): the README quotes a line the command does not print: \(missing)\n\(result.standardOutput.prefix(4000))\(result.standardError.prefix(2000))")
                }
                ran += 1
            }
        }
        #expect(ran >= 10, "only \(ran) commands found")
    }

    /// The matcher itself: a quoted line that is not printed is caught, elisions and timings are not.
    @Test func matcherCatchesWhatIsMissing() {
        #expect(Self.firstMissing(["a", "...", "c"], in: "a\nb\nc\n") == nil)
        #expect(Self.firstMissing(["c", "a"], in: "a\nb\nc\n") == "a")  // order counts
        #expect(Self.firstMissing(["run x; ...; z"], in: "run x; y; z\n") == nil)
        #expect(Self.firstMissing(["depth 11, 3 ms, peak 52 KiB"], in: "depth 11, 12 ms, peak 55 KiB\n") == nil)
        #expect(Self.firstMissing(["depth 11, 3 ms"], in: "depth 12, 3 ms\n") != nil)
        #expect(Self.firstMissing(["exact"], in: "exact but longer\n") != nil)
    }
}
