import CoreSightModel
import DriverSimulation
import Scenarios
import SysfsFixtures
import Testing

/// One board, three readings: the built-in board, its DTS fixture and its sysfs fixture give
/// the same topology — the same CPUs, the same components in the same order and the same
/// connections — so `csx topology --json` prints the same bytes whichever way it was read.
@Suite struct BoardAgreementTests {
    @Test(arguments: DTSFixtures.boards.map(\.board))
    func builtInDeviceTreeAndSysfsAgree(board name: String) throws {
        let entry = try #require(DTSFixtures.boards.first { $0.board == name })
        let builtin = try BoardLoader.load(.builtin(name)).topology
        let dts = try BoardLoader.load(.dts(DTSFixtures.path(entry.file), bootCPU: entry.bootCPU))
        let tree = try FixtureTree(name)
        let sysfs = try BoardLoader.load(.sysfs(tree.root))

        for (reading, topology) in [("dts", dts.topology), ("sysfs", sysfs.topology)] {
            #expect(topology.cpuCount == builtin.cpuCount, "\(reading)")
            #expect(topology.components == builtin.components, "\(reading)")
            #expect(Set(topology.connections) == Set(builtin.connections), "\(reading)")
            #expect(topology.connections.count == builtin.connections.count, "\(reading)")
            #expect(topology.json() == builtin.json(), "\(reading)")
        }
        #expect(sysfs.problems == [])
        #expect(dts.problems == [] && sysfs.warnings == [] && sysfs.assumptions == [])
    }

    /// Every sysfs fixture of a real or synthetic board, including those read through the
    /// device-tree fallback (no `connections/`), loads as its built-in board with no problem.
    @Test(arguments: [
        ("juno-r2", "juno-r2"), ("juno-r2-noconn", "juno-r2"), ("hikey960", "hikey960"),
        ("db410c", "db410c"), ("db410c-noconn", "db410c"), ("grid-256", "grid-256"),
        ("fvp-base-revc", "fvp-base-revc"),
    ])
    func everySysfsFixtureLoadsAsItsBuiltInBoard(fixture: String, board: String) throws {
        let tree = try FixtureTree(fixture)
        let loaded = try BoardLoader.load(.sysfs(tree.root))
        let builtin = try BoardLoader.load(.builtin(board)).topology
        #expect(loaded.topology.json() == builtin.json())
        #expect(loaded.topology.cpuCount == builtin.cpuCount)
        #expect(loaded.notes == [])
    }

    @Test func aBrokenTreeLoadsWithItsProblemsAndTheRestOfItsTopology() throws {
        let tree = try FixtureTree("broken")
        let loaded = try BoardLoader.load(.sysfs(tree.root))
        #expect(loaded.problems.count > 10)
        #expect(loaded.problems.contains { $0.subject == "etm3" && $0.message == "enable_source: unreadable (EISDIR)" })
        #expect(loaded.notes.contains("sysfs problem: stm0: enable_source: garbage \"banana\""))
        #expect(loaded.topology.id(named: "tmc_etr0") != nil && loaded.topology.id(named: "etm0") != nil)
    }

    @Test func treesWithNothingToReadAreErrors() throws {
        #expect(throws: BoardError.sysfs(.rootUnreadable(path: "/nonexistent/sys", errno: "ENOENT"))) {
            try BoardLoader.load(.sysfs("/nonexistent/sys"))
        }
        let empty = try FixtureTree(empty: "emptybus")
        try FileManager.default.createDirectory(atPath: empty.path("sys/bus/coresight/devices"), withIntermediateDirectories: true)
        #expect {
            try BoardLoader.load(.sysfs(empty.root))
        } throws: { error in
            guard case BoardError.nothingReadable = error else { return false }
            return "\(error)".hasPrefix("nothing could be read from the sysfs tree \(empty.root)")
        }
    }

    @Test func aMalformedDeviceTreeIsAnErrorAtItsPlace() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("bad.dts", "/dts-v1/;\n/ {\n    cpus {\n        cpu@0 { reg = <0> }\n    };\n};\n")
        #expect {
            try BoardLoader.load(.dts(scratch.path("bad.dts")))
        } throws: { error in
            "\(error)" == "\(scratch.path("bad.dts")):4:27: unexpected '}' (expected ',' or ';' after the value)"
        }
        #expect(throws: BoardError.self) { try BoardLoader.load(.dts(scratch.path("none.dts"))) }
        #expect(throws: BoardError.self) { try BoardLoader.load(.dts(DTSFixtures.path("juno-r2/juno-r2.dts"), bootCPU: "cpu@999")) }
    }

    @Test func deviceTreeWarningsAndAssumptionsBecomeNotes() throws {
        let juno = DTSFixtures.boards[0]
        let loaded = try BoardLoader.load(.dts(DTSFixtures.path(juno.file), bootCPU: juno.bootCPU))
        #expect(loaded.notes.contains { $0.hasSuffix("warning: cannot read #include \"juno-motherboard.dtsi\"") || $0.contains("juno-motherboard.dtsi") })
        #expect(loaded.notes.contains { $0.hasPrefix("assumed: boot CPU (logical CPU 0): cpu@100") })
    }
}

import Foundation
