import Foundation
import SysfsFixtures
import Testing

/// `csx topology` and `csx run` on boards read from a device tree source or a sysfs tree,
/// through the real binary.
@Suite("Boards from --dts and --sysfs")
struct BoardSourceTests {
    static let dtsFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DeviceTreeTests/Fixtures").path
    static let junoDTS = dtsFixtures + "/juno-r2/juno-r2.dts"

    func csx(_ arguments: [String]) throws -> Subprocess.Result {
        try Subprocess.run(try CSXBinary.path(), arguments)
    }

    @Test func junoFromItsDeviceTreePrintsTheBuiltInBoardsJSON() throws {
        let fromDTS = try csx(["topology", "--dts", Self.junoDTS, "--boot-cpu", "cpu@100", "--json"])
        let builtin = try csx(["topology", "--board", "juno-r2", "--json"])
        #expect(fromDTS.exitCode == 0, "\(fromDTS)")
        #expect(builtin.exitCode == 0)
        #expect(fromDTS.standardOutput == builtin.standardOutput)
        // What the reading assumed goes to stderr, not into the JSON.
        #expect(fromDTS.standardError.contains("csx: assumed: boot CPU (logical CPU 0): cpu@100"), "\(fromDTS)")
    }

    /// The FVP with ETE and TRBE, three ways: built in, from mainline's DTS with its trace nodes
    /// enabled, and from a sysfs tree of it: the same JSON, with the TRBEs' CPUs in it.
    @Test func theFVPReadsTheSameBuiltInFromItsDeviceTreeAndFromSysfs() throws {
        let builtin = try csx(["topology", "--board", "fvp-base-revc", "--json"])
        let fromDTS = try csx(["topology", "--dts", Self.dtsFixtures + "/fvp-base-revc/fvp-base-revc-ete-trbe.dts", "--json"])
        let tree = try FixtureTree("fvp-base-revc")
        let fromSysfs = try csx(["topology", "--sysfs", tree.root, "--json"])
        #expect(builtin.exitCode == 0 && fromDTS.exitCode == 0 && fromSysfs.exitCode == 0, "\(fromDTS) \(fromSysfs)")
        #expect(fromDTS.standardOutput == builtin.standardOutput)
        // A sysfs board adds its kernel as the last member; the rest is the same bytes.
        let kernel = try #require(fromSysfs.standardOutput.range(of: ",\n  \"kernel\": "))
        #expect(String(fromSysfs.standardOutput[..<kernel.lowerBound]) + "\n}\n" == builtin.standardOutput)
        #expect(fromSysfs.standardError.isEmpty, "\(fromSysfs)")
        #expect(builtin.standardOutput.contains("\"name\": \"trbe7\",\n      \"type\": \"sink\",\n      \"subtype\": \"trbe\",\n      \"cpu\": 7"), "\(builtin)")
        #expect(fromDTS.standardError.contains("csx: assumed: trbe: one TRBE sink per CPU with an ETE"), "\(fromDTS)")
    }

    @Test func theFVPIsListedAndPrintedWithItsPerCPUSinks() throws {
        let boards = try csx(["boards"])
        #expect(boards.exitCode == 0)
        #expect(boards.standardOutput.contains("fvp-base-revc  Arm FVP Base RevC: 8 CPUs, ETE + TRBE per CPU (per-CPU sink, perf only)\n"), "\(boards)")
        let text = try csx(["topology", "--board", "fvp-base-revc"])
        #expect(text.exitCode == 0)
        #expect(text.standardOutput.hasPrefix("fvp-base-revc: 8 CPUs, 16 components, 0 connections\n"), "\(text)")
        #expect(text.standardOutput.hasSuffix("per-CPU sinks (paired by CPU by the kernel, not connected; perf only):\n"
            + (0..<8).map { "  ete\($0) -> trbe\($0)\n" }.joined()), "\(text)")
        let dot = try csx(["topology", "--board", "fvp-base-revc", "--dot"])
        #expect(dot.standardOutput.contains("\"ete0\" -> \"trbe0\" [style=dashed, label=\"per-CPU\"];"), "\(dot)")
    }

    @Test func withoutTheBootCPUJunoNumbersItsCPUsDifferently() throws {
        let first = try csx(["topology", "--dts", Self.junoDTS, "--json"])
        let builtin = try csx(["topology", "--board", "juno-r2", "--json"])
        #expect(first.exitCode == 0)
        #expect(first.standardOutput != builtin.standardOutput)
    }

    @Test func aMalformedDeviceTreeExitsTwoAtItsPlace() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("bad.dts")
        try Data("/dts-v1/;\n/ {\n    cpus {\n        cpu@0 { reg = <0 };\n    };\n};\n".utf8).write(to: URL(fileURLWithPath: path))
        let result = try csx(["topology", "--dts", path])
        #expect(result.exitCode == 2)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError == "csx: \(path):4:26: unexpected '}' (expected a number, &label, (expression) or '>')\n", "\(result)")
    }

    @Test func includeDirectoriesResolveAngleBracketIncludes() throws {
        let hikey = Self.dtsFixtures + "/hikey960/hi3660-hikey960.dts"
        let without = try csx(["topology", "--dts", hikey])
        #expect(without.exitCode == 0)
        #expect(without.standardError.contains("cannot read 7 #include <...> headers"), "\(without)")
        // A kernel tree's include/ would have these; empty ones are enough to be found.
        let directory = try TemporaryDirectory()
        for header in ["interrupt-controller/arm-gic.h", "clock/hi3660-clock.h", "thermal/thermal.h", "pinctrl/hisi.h",
                       "gpio/gpio.h", "input/input.h", "interrupt-controller/irq.h"] {
            let url = URL(fileURLWithPath: directory.path("include/dt-bindings/" + header))
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("/* empty */\n".utf8).write(to: url)
        }
        let with = try csx(["topology", "--dts", hikey, "-I", directory.path("include"), "--json"])
        #expect(with.exitCode == 0, "\(with)")
        #expect(!with.standardError.contains("cannot read"), "\(with.standardError)")
        #expect(with.standardOutput == (try csx(["topology", "--dts", hikey, "--json"])).standardOutput)
    }

    @Test func bootCPUWithoutADeviceTreeIsBadInput() throws {
        let result = try csx(["topology", "--board", "juno-r2", "--boot-cpu", "cpu@100"])
        #expect(result.exitCode == 2)
        let unknownCPU = try csx(["topology", "--dts", Self.junoDTS, "--boot-cpu", "cpu@999"])
        #expect(unknownCPU.exitCode == 2)
        #expect(unknownCPU.standardError.hasPrefix("csx: "), "\(unknownCPU)")
    }

    @Test func junoFromSysfsPrintsTheBuiltInBoardsJSON() throws {
        let tree = try FixtureTree("juno-r2")
        let fromSysfs = try csx(["topology", "--sysfs", tree.root, "--json"])
        let builtin = try csx(["topology", "--board", "juno-r2", "--json"])
        #expect(fromSysfs.exitCode == 0, "\(fromSysfs)")
        // A sysfs board adds its kernel (issue 16) as the last member; the rest is the same bytes.
        let kernel = try #require(fromSysfs.standardOutput.range(of: ",\n  \"kernel\": "))
        #expect(String(fromSysfs.standardOutput[..<kernel.lowerBound]) + "\n}\n" == builtin.standardOutput)
        #expect(fromSysfs.standardError.isEmpty)
    }

    @Test func aBrokenSysfsTreeShowsItsProblemsAndTheRestOfTheTopology() throws {
        let tree = try FixtureTree("broken")
        let json = try csx(["topology", "--sysfs", tree.root, "--json"])
        #expect(json.exitCode == 0, "\(json)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(Array(document.keys).sorted() == ["components", "connections", "kernel", "problems"])
        #expect(document["kernel"] is [String: Any])
        let problems = try #require(document["problems"] as? [[String: String]])
        #expect(problems.contains(["device": "stm0", "error": "enable_source: garbage \"banana\""]))
        #expect(problems.allSatisfy { Set($0.keys) == ["device", "error"] })
        let names = (document["components"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
        #expect(names.contains("etm0") && names.contains("tmc_etr0"))
        #expect(json.standardError.isEmpty, "problems are in the JSON, not repeated on stderr")

        let text = try csx(["topology", "--sysfs", tree.root])
        #expect(text.exitCode == 0)
        #expect(text.standardOutput.contains("tmc_etr0"))
        #expect(text.standardError.contains("csx: sysfs problem: stm0: enable_source: garbage \"banana\""), "\(text)")
    }

    @Test func aSysfsTreeWithNothingToReadExitsTwoWithOneMessage() throws {
        let result = try csx(["topology", "--sysfs", "/nonexistent/sys", "--json"])
        #expect(result.exitCode == 2)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError == "csx: cannot read the sysfs root /nonexistent/sys (ENOENT)\n", "\(result)")
    }

    @Test func runOnADeviceTreePlaysTheGeneratedScenario() throws {
        let result = try csx([
            "run", "--dts", Self.junoDTS, "--boot-cpu", "cpu@100", "--variant", "legacy", "--json",
            "--actions", "run cpu0; run cpu1",
        ])
        #expect(result.exitCode == 0, "\(result)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(document["scenario"] as? String == "generated")
        let actions = (document["steps"] as? [[String: Any]])?.compactMap { $0["action"] as? String } ?? []
        #expect(actions.prefix(3) == ["cpu0 enable-sink tmc_etr0", "step cpu0", "cpu0 enable etm1"], "\(actions)")
    }

    @Test func aScenarioRunsOnAnotherBoardSource() throws {
        let actions = "run cpu0; run cpu1; idle cpu1; run cpu1"
        let onDTS = try csx([
            "run", "claim-failure-vs-idle", "--dts", Self.junoDTS, "--boot-cpu", "cpu@100", "--actions", actions, "--json",
        ])
        let onBuiltin = try csx(["run", "claim-failure-vs-idle", "--actions", actions, "--json"])
        #expect(onDTS.exitCode == 1, "\(onDTS)")
        #expect(onDTS.standardOutput == onBuiltin.standardOutput)
        // Juno's sysfs says pm_save_enable=1: no context is saved over idle, so race A's save of
        // a tracer the debugger owns cannot happen there, whatever the driver variant.
        let tree = try FixtureTree("juno-r2")
        let onSysfs = try csx(["run", "claim-failure-vs-idle", "--sysfs", tree.root, "--actions", actions, "--json"])
        #expect(onSysfs.standardOutput.contains("\"scenario\": \"claim-failure-vs-idle\""), "\(onSysfs)")
        #expect(onSysfs.exitCode != 2, "\(onSysfs)")
    }

    @Test func benchMeasuresASysfsPoll() throws {
        let tree = try FixtureTree("db410c")
        let result = try csx(["bench", "--sysfs", tree.root, "--polls", "5"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.standardOutput.contains("poll, idle counters still:  median"), "\(result)")
    }
}
