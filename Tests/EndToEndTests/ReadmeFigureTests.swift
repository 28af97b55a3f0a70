import Foundation
import SysfsFixtures
import Testing

/// The README's generated figures (`scripts/readme-figures.sh`) cannot drift silently: every
/// marker pair is well formed and names a block the script generates (and the other way round),
/// what is deterministic in the generated tables (verdicts, shortest lengths, states,
/// transitions) is what the code computes now, and the YAML example is the built-in file.
@Suite("README figures")
struct ReadmeFigureTests {
    static func repository(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func file(_ path: String) throws -> String {
        try String(contentsOf: repository().appendingPathComponent(path), encoding: .utf8)
    }

    struct Marker: Equatable {
        var name: String
        var closing: Bool
        var offset: Int
    }

    /// Every `<!-- figures:NAME -->` and `<!-- /figures:NAME -->`, in order.
    static func markers(_ text: String) -> [Marker] {
        text.matches(of: /<!-- (\/?)figures:([a-z0-9-]+) -->/).map {
            Marker(name: String($0.output.2), closing: !$0.output.1.isEmpty,
                   offset: text.distance(from: text.startIndex, to: $0.range.lowerBound))
        }
    }

    /// Pairs in order, none nested, none open, no name twice; nil when well formed, else what is wrong.
    static func markerProblem(_ markers: [Marker]) -> String? {
        var open: Marker?
        var seen: Set<String> = []
        for marker in markers {
            if let current = open {
                guard marker.closing, marker.name == current.name else {
                    return "figures:\(current.name) is still open at \(marker.closing ? "/" : "")figures:\(marker.name)"
                }
                open = nil
            } else {
                guard !marker.closing else { return "/figures:\(marker.name) closes nothing" }
                guard seen.insert(marker.name).inserted else { return "figures:\(marker.name) appears twice" }
                open = marker
            }
        }
        return open.map { "figures:\($0.name) is never closed" }
    }

    /// The text between a block's markers.
    static func block(_ name: String, in text: String) -> String? {
        guard let start = text.range(of: "<!-- figures:\(name) -->"), let end = text.range(of: "<!-- /figures:\(name) -->"),
              start.upperBound <= end.lowerBound else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }

    /// The block names in the script's `BLOCKS=( ... )` list, one line each.
    static func scriptBlocks(_ script: String) -> [String] {
        guard let list = script.firstMatch(of: /\nBLOCKS=\(\n((?:[^)]*\n)*?)\)\n/) else { return [] }
        return list.output.1.split(separator: "\n").compactMap { line in
            line.firstMatch(of: /^\s*"([a-z0-9-]+)\s+(?:debug|release)\s+gen_[a-z_]+/).map { String($0.output.1) }
        }
    }

    @Test func markersAreWellFormedAndMatchTheScript() throws {
        let readme = try ReadmeCommandTests.readme()
        let markers = Self.markers(readme)
        #expect(Self.markerProblem(markers) == nil, "\(Self.markerProblem(markers) ?? "")")
        let inReadme = Set(markers.filter { !$0.closing }.map(\.name))
        let generated = Self.scriptBlocks(try Self.file("scripts/readme-figures.sh"))
        #expect(generated.count >= 4, "the script's BLOCKS list was not found")
        #expect(Set(generated) == inReadme, "script blocks \(generated.sorted()), README markers \(inReadme.sorted())")
        #expect(generated.count == Set(generated).count, "a block listed twice: \(generated)")
        for name in generated {
            let body = try #require(Self.block(name, in: readme))
            #expect(!body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "figures:\(name) is empty")
        }
    }

    /// The checker itself: what it must refuse, it refuses.
    @Test func markerCheckerCatchesBrokenPairs() {
        let good = "a <!-- figures:x -->1<!-- /figures:x --> b\n<!-- figures:y -->\n\nt\n\n<!-- /figures:y -->\n"
        #expect(Self.markerProblem(Self.markers(good)) == nil)
        #expect(Self.markerProblem(Self.markers("<!-- figures:x --> <!-- figures:y --> <!-- /figures:y --> <!-- /figures:x -->")) != nil)
        #expect(Self.markerProblem(Self.markers("<!-- figures:x -->")) != nil)
        #expect(Self.markerProblem(Self.markers("<!-- /figures:x -->")) != nil)
        #expect(Self.markerProblem(Self.markers("<!-- figures:x --><!-- /figures:y -->")) != nil)
        #expect(Self.markerProblem(Self.markers("<!-- figures:x --><!-- /figures:x --><!-- figures:x --><!-- /figures:x -->")) != nil)
        #expect(Self.scriptBlocks("x\nBLOCKS=(\n    \"a  debug  gen_a\"\n    \"b-c  release  gen_b --family ring\"\n)\n") == ["a", "b-c"])
    }

    struct ExploreRow: CustomStringConvertible {
        var cells: [String: String]
        var description: String { "\(cells["scenario"] ?? "?") \(cells["variant"] ?? "?") reductions \(cells["reductions"] ?? "?")" }
    }

    /// The rows of every table in `text`, as header name → cell.
    static func tableRows(_ text: String) -> [ExploreRow] {
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("|") }
        guard lines.count > 2 else { return [] }
        func cells(_ line: String) -> [String] { line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } }
        let header = cells(lines[0])
        return lines.dropFirst(2).map { line in ExploreRow(cells: Dictionary(zip(header, cells(line)), uniquingKeysWith: { first, _ in first })) }
    }

    static func number(_ cell: String?) -> Int? { cell.flatMap { Int($0.replacingOccurrences(of: ",", with: "")) } }

    /// Rows this small are explored again here (a debug build, on a loaded machine): the work is
    /// bounded by the states the README claims, and by a memory cap should the code now disagree.
    static let largestRowRerun = 5_000

    @Test func exploreTablesMatchWhatTheExplorerComputesNow() throws {
        let readme = try ReadmeCommandTests.readme()
        let names = Self.markers(readme).filter { !$0.closing && $0.name.hasPrefix("explore-") }.map(\.name)
        #expect(!names.isEmpty, "no figures:explore-… block in the README")
        let binary = try CSXBinary.path()
        var checked = 0
        for name in names {
            let rows = Self.tableRows(try #require(Self.block(name, in: readme)))
            #expect(!rows.isEmpty, "figures:\(name) holds no table")
            for row in rows {
                guard let states = Self.number(row.cells["states"]), states <= Self.largestRowRerun else { continue }
                let scenario = try #require(row.cells["scenario"])
                var arguments = ["explore", scenario, "--json", "--max-memory", "256M"]
                // The driver as the table names it: a variant (legacy, fixed) or a kernel profile.
                if let variant = row.cells["variant"] { arguments += ["--variant", variant] }
                if let kernel = row.cells["kernel"] { arguments += ["--kernel", kernel] }
                if row.cells["reductions"] == "off" { arguments.append("--no-reductions") }
                let result = try Subprocess.run(binary, arguments)
                let data = Data(result.standardOutput.utf8)
                let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(row): \(result)")
                #expect(json["verdict"] as? String == row.cells["verdict"], "\(row): verdict")
                #expect(json["states"] as? Int == states, "\(row): states")
                #expect(json["transitions"] as? Int == Self.number(row.cells["transitions"]), "\(row): transitions")
                let shortest = json["shortest"] as? Int
                #expect(shortest.map(String.init) ?? "–" == row.cells["shortest"], "\(row): shortest")
                checked += 1
            }
        }
        #expect(checked >= 5, "only \(checked) rows small enough to check")
    }

    /// The sysfs fixture table's shapes and pread counts are what a poll of each tree reads now.
    @Test func sysfsTableMatchesTheFixtureTrees() throws {
        let block = try #require(Self.block("sysfs", in: try ReadmeCommandTests.readme()))
        let rows = Self.tableRows(String(block[block.range(of: "| fixture tree")!.lowerBound...]))
        #expect(rows.count >= 3, "no fixture table in figures:sysfs")
        let binary = try CSXBinary.path()
        for row in rows {
            let name = try #require(row.cells["fixture tree"]).trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            let tree = try FixtureTree(name)
            let result = try Subprocess.run(binary, ["bench", "--sysfs", tree.root, "--polls", "1"])
            let output = result.standardOutput
            let shape = try #require(output.firstMatch(of: /(\d+) devices, (\d+) CPUs, (\d+) idle states/), "\(name): \(result)")
            #expect("\(shape.output.1), \(shape.output.2), \(shape.output.3)" == row.cells["devices, CPUs, idle states"], "\(name)")
            let still = try #require(output.firstMatch(of: /still:.*?, (\d+) preads/)).output.1
            let moving = try #require(output.firstMatch(of: /moving:.*?, (\d+) preads/)).output.1
            let claimed = try #require(row.cells["poll"]?.firstMatch(of: /\(([\d,]+) \/ ([\d,]+) preads\)/), "\(name): no pread counts")
            #expect(Self.number(String(claimed.output.1)) == Int(still) && Self.number(String(claimed.output.2)) == Int(moving),
                    "\(name): the README says \(claimed.output.0), a poll reads \(still) / \(moving)")
        }
    }

    /// Keys and values without the comments: what a YAML file says.
    static func yamlContent(_ text: String) -> [String] {
        text.split(separator: "\n").map { line in
            let uncommented = line.firstRange(of: "#").map { line[..<$0.lowerBound] } ?? line[...]
            return String(uncommented).replacing(/\s+$/, with: "")
        }.filter { !$0.isEmpty }
    }

    @Test func yamlExampleIsTheBuiltInFile() throws {
        let readme = try ReadmeCommandTests.readme()
        let example = try #require(readme.firstMatch(of: /```yaml\n(name: claim-failure-vs-idle\n(?:.*\n)*?)```/), "no yaml example")
        let builtIn = try Self.file("Resources/scenarios/claim-failure-vs-idle.yaml")
        #expect(Self.yamlContent(String(example.output.1)) == Self.yamlContent(builtIn))
    }
}
