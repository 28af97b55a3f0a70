import CoreSightModel
import Testing
@testable import DeviceTree

/// The DTS fixtures of four real boards give exactly the built-in boards' topologies.
@Suite struct BoardFixtureTests {
    static let boards: [(file: String, board: Board, bootCPU: String?)] = [
        ("juno-r2/juno-r2.dts", .junoR2, "cpu@100"),
        ("hikey960/hi3660-hikey960.dts", .hikey960, nil),
        ("db410c/apq8016-sbc.dts", .db410c, nil),
        ("fvp-base-revc/fvp-base-revc-ete-trbe.dts", .fvpBaseRevC, nil),
    ]

    @Test(arguments: 0..<boards.count)
    func fixtureMatchesTheBuiltInBoard(_ index: Int) throws {
        let (file, board, bootCPU) = Self.boards[index]
        let result = try DeviceTreeTopology.load(path: Fixtures.path(file), options: .init(bootCPU: bootCPU))
        let topology = result.topology
        #expect(topology.cpuCount == board.cpuCount)
        #expect(Set(topology.components) == Set(board.components), "\(Self.difference(topology.components, board.components))")
        #expect(Set(topology.connections) == Set(board.connections), "\(Self.difference(topology.connections, board.connections))")
        #expect(topology.components.count == board.components.count)
        #expect(topology.connections.count == board.connections.count)
    }

    @Test func junoNamesFollowTheBootCPU() throws {
        let result = try DeviceTreeTopology.load(path: Fixtures.path("juno-r2/juno-r2.dts"), options: .init(bootCPU: "A53_0"))
        let etm0 = try #require(result.topology.id(named: "etm0"))
        #expect(result.topology[etm0].address == 0x2304_0000)
        #expect(result.topology.name == "ARM Juno development board (r2)")
        #expect(result.assumptions.contains { $0.contains("boot CPU (logical CPU 0): cpu@100 (A53_0), as given") })
    }

    @Test func junoWithTheFirstCPUBootingNumbersETMsLikeTheirLabels() throws {
        let result = try DeviceTreeTopology.load(path: Fixtures.path("juno-r2/juno-r2.dts"))
        let etm0 = try #require(result.topology.id(named: "etm0"))
        #expect(result.topology[etm0].address == 0x2204_0000)
        #expect(result.assumptions.contains { $0.contains("the first cpu node") })
    }

    @Test func fixturesReportWhatTheyCouldNotRead() throws {
        let juno = try DeviceTreeTopology.load(path: Fixtures.path("juno-r2/juno-r2.dts"), options: .init(bootCPU: "cpu@100"))
        #expect(juno.warnings.contains { $0.message.contains("cannot read #include \"juno-motherboard.dtsi\"") })
        #expect(juno.warnings.contains { $0.message.contains("dt-bindings/interrupt-controller/arm-gic.h") && $0.line == 10 })
        #expect(juno.warnings.contains { $0.message.contains("unknown macros") && $0.message.contains("GIC_SPI") })
        let hikey = try DeviceTreeTopology.load(path: Fixtures.path("hikey960/hi3660-hikey960.dts"))
        #expect(hikey.assumptions.contains { $0.hasPrefix("etr@ec033000: ETR assumed from the node name") })
        #expect(hikey.assumptions.contains { $0.hasPrefix("funnel numbering: AMBA") })
        let db410c = try DeviceTreeTopology.load(path: Fixtures.path("db410c/apq8016-sbc.dts"))
        #expect(db410c.warnings.contains { $0.message.contains("&pm8916_gpios is not defined") })
        #expect(db410c.assumptions.contains { $0.contains("left out") && $0.contains("6 CTI") && $0.contains("4 CPU debug") })
    }

    @Test func parsingABoardTakesMilliseconds() throws {
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for (file, _, bootCPU) in Self.boards {
                _ = try DeviceTreeTopology.load(path: Fixtures.path(file), options: .init(bootCPU: bootCPU))
            }
        }
        // Generous for a debug build on a loaded machine; a release build takes a few ms.
        #expect(elapsed < .seconds(2))
    }

    private static func difference<T: Hashable>(_ actual: [T], _ expected: [T]) -> String {
        let extra = Set(actual).subtracting(expected)
        let missing = Set(expected).subtracting(actual)
        return "extra: \(extra.map { "\($0)" }.sorted()), missing: \(missing.map { "\($0)" }.sorted())"
    }
}

extension BoardFixtureTests {
    /// Mainline ships the FVP's ETE and TRBE nodes disabled (the model has them only when
    /// launched with has_ete/has_trbe): the file alone has no trace component at all.
    @Test func theMainlineFVPFileAloneHasNoTraceComponent() throws {
        let result = try DeviceTreeTopology.load(path: Fixtures.path("fvp-base-revc/fvp-base-revc.dts"))
        #expect(result.topology.components.isEmpty)
        #expect(result.topology.cpuCount == 8)
        #expect(result.warnings.contains { $0.message == "no enabled CoreSight trace component found" })
    }

    /// Enabled, each ETE is bound by its `cpu` phandle and the one TRBE node becomes one sink per
    /// CPU with an ETE; no ETE node has arm,coresight-loses-context-with-cpu.
    @Test func theFVPWithETEAndTRBESaysWhatItAssumed() throws {
        let result = try DeviceTreeTopology.load(path: Fixtures.path("fvp-base-revc/fvp-base-revc-ete-trbe.dts"))
        #expect(result.topology.name == "FVP Base RevC")
        #expect(result.topology.savesContextOverIdle == false)
        #expect(result.topology.perCPUPairs.count == 8)
        #expect(result.assumptions.contains("trbe: one TRBE sink per CPU with an ETE (CPU 0, 1, 2, 3, 4, 5, 6, 7); TRBE is perf-only and has no trace connections"))
        #expect(result.assumptions.contains { $0.hasPrefix("pm_save_enable=firmware resolves to never: the first trace unit, /ete-0,") })
        #expect(result.warnings.contains { $0.message.contains("cannot read #include \"rtsm_ve-motherboard.dtsi\"") })
    }

    @Test func anUnreadableTopFileIsAnError() {
        #expect(throws: DeviceTreeError(location: nil, message: "cannot read /nonexistent/board.dts", expected: "a readable .dts file")) {
            try DeviceTreeTopology.load(path: "/nonexistent/board.dts")
        }
        #expect(throws: DeviceTreeError.self) { try DeviceTreeTopology.load(path: Fixtures.path("juno-r2")) }
    }
}
