import CoreSightModel
import DriverSimulation
import Foundation
import Scenarios
import SysfsFixtures
import Testing

/// `board: {dts: ...}` and `board: {sysfs: ...}` in scenario files, paths relative to the file.
@Suite struct ScenarioBoardTests {
    static let threads = "variant: legacy\nsink: tmc_etr0\nthreads:\n  cpu0: [enable etm1]\n"

    @Test func aDeviceTreeNextToTheScenarioFile() throws {
        let scratch = try ScratchDirectory()
        try FileManager.default.createDirectory(atPath: scratch.path("juno"), withIntermediateDirectories: true)
        for name in ["juno-r2.dts", "juno-base.dtsi", "juno-cs-r1r2.dtsi", "juno-clocks.dtsi"] {
            try FileManager.default.copyItem(atPath: DTSFixtures.path("juno-r2/" + name), toPath: scratch.path("juno/" + name))
        }
        try scratch.write("race.yaml", "board: {dts: juno/juno-r2.dts, boot-cpu: cpu@100}\n" + Self.threads)
        let scenario = try ScenarioCatalogue.load(scratch.path("race.yaml"))
        #expect(scenario.board == .dts(scratch.path("juno/juno-r2.dts"), bootCPU: "cpu@100"))
        let board = try ScenarioCatalogue.board(for: scenario)
        #expect(board.topology.json() == (try Board.junoR2.topology()).json())
        #expect(!board.assumptions.isEmpty)
        _ = try ScenarioCatalogue.simulation(of: scenario)
    }

    @Test func aSysfsTreeNextToTheScenarioFile() throws {
        let tree = try FixtureTree("juno-r2")
        try tree.write("race.yaml", "board: {sysfs: sys}\n" + Self.threads)
        let scenario = try ScenarioCatalogue.load(tree.path("race.yaml"))
        #expect(scenario.board == .sysfs(tree.root))
        #expect(try ScenarioCatalogue.topology(for: scenario).json() == (try Board.junoR2.topology()).json())
    }

    @Test func absolutePathsAndBuiltInsAreKept() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("a.yaml", "board: {sysfs: /sys}\n")
        #expect(try ScenarioCatalogue.load(scratch.path("a.yaml")).board == .sysfs("/sys"))
        try scratch.write("b.yaml", "board: hikey960\n")
        #expect(try ScenarioCatalogue.load(scratch.path("b.yaml")).board == .builtin("hikey960"))
    }

    @Test(arguments: [
        ("board: {sysfs: /sys, boot-cpu: cpu@1}\n", "x.yaml:1:8: boot-cpu goes with dts only"),
        ("board: {dts: a.dts, sysfs: /sys}\n", "x.yaml:1:8: expected a board name, {dts: path}"),
        ("board: {boot-cpu: cpu@1}\n", "x.yaml:1:8: expected a board name, {dts: path}"),
        ("board: {tpiu: x}\n", "x.yaml:1:9: expected dts, sysfs or boot-cpu, found \"tpiu\""),
    ])
    func malformedBoardsAreErrorsAtTheirPlace(yaml: String, message: String) {
        #expect {
            try ScenarioFile.parse(yaml, file: "x.yaml")
        } throws: { error in
            "\(error)".hasPrefix(message)
        }
    }

    @Test func aBoardThatCannotBeReadNamesTheScenario() throws {
        let scenario = try ScenarioFile.parse("name: far\nboard: {dts: /nonexistent/board.dts}\n", file: "far.yaml")
        #expect(throws: ScenarioError(file: "far", message: "cannot read /nonexistent/board.dts (expected a readable .dts file)")) {
            try ScenarioCatalogue.simulation(of: scenario)
        }
    }
}
