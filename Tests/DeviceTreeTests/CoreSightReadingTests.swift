import CoreSightModel
import Testing
@testable import DeviceTree

/// Which nodes become components, with which names, flavours and connections.
@Suite struct CoreSightReadingTests {
    private func etm(_ unit: String, cpu: String, to endpoint: String, label: String, extra: String = "") -> String {
        """
            etm@\(unit) {
                compatible = "arm,coresight-etm4x", "arm,primecell";
                reg = <0x\(unit) 0x1000>;
                cpu = <&\(cpu)>;
                \(extra)
                out-ports { port { \(label): endpoint { remote-endpoint = <&\(endpoint)>; }; }; };
            };
        """
    }

    private func names(_ result: DeviceTreeResult) -> [String] { result.topology.components.map(\.name) }

    @Test func disabledNodesAreLeftOutAndTheirLinksReported() throws {
        let source = Fixtures.minimalBoard("""
            \(etm("1000", cpu: "cpu0", to: "f_in0", label: "etm_out"))
                funnel@2000 {
                    compatible = "arm,coresight-dynamic-funnel", "arm,primecell";
                    in-ports { port { f_in0: endpoint { remote-endpoint = <&etm_out>; }; }; };
                    out-ports { port { f_out: endpoint { remote-endpoint = <&sink_in>; }; }; };
                };
                etf@3000 {
                    compatible = "arm,coresight-tmc", "arm,primecell";
                    status = "disabled";
                    in-ports { port { sink_in: endpoint { remote-endpoint = <&f_out>; }; }; };
                };
                bus {
                    status = "fail";
                    tpiu@4000 { compatible = "arm,coresight-tpiu", "arm,primecell"; };
                };
                tpiu@5000 { compatible = "arm,coresight-tpiu", "arm,primecell"; status = "ok"; };
            """)
        let result = try Fixtures.build(source)
        #expect(names(result) == ["etm0", "funnel0", "tpiu0"])
        #expect(result.topology.connections == [Connection(from: "etm0", outport: 0, to: "funnel0", inport: 0)])
        #expect(result.warnings.contains { $0.message == "funnel0 output port 0 leads to etf@3000, which is disabled; the connection is left out" })
        let tpiu = try #require(result.topology.id(named: "tpiu0"))
        #expect(result.topology[tpiu].address == 0x5000, "status = \"ok\" counts as enabled; a disabled bus hides its children")
    }

    @Test func overridesCanEnableAndDeleteNodes() throws {
        let source = Fixtures.minimalBoard("""
                s: stm@1000 { compatible = "arm,coresight-stm", "arm,primecell"; status = "disabled"; };
                t: tpiu@2000 { compatible = "arm,coresight-tpiu", "arm,primecell"; };
                tpiu@3000 { compatible = "arm,coresight-tpiu", "arm,primecell"; };
            """) + "\n&s { status = \"okay\"; };\n/delete-node/ &t;\n"
        let result = try Fixtures.build(source)
        #expect(names(result) == ["stm0", "tpiu0"])
        #expect(result.topology.components.map(\.address) == [0x1000, 0x3000], "the deleted tpiu takes no index")
    }

    @Test func tmcFlavourFromConfigurationThenName() throws {
        let source = Fixtures.minimalBoard("""
                tmc@1000 {
                    compatible = "arm,coresight-tmc", "arm,primecell";
                    out-ports { port { a_out: endpoint { remote-endpoint = <&r_in>; }; }; };
                };
                replicator@2000 {
                    compatible = "arm,coresight-dynamic-replicator", "arm,primecell";
                    in-ports { port { r_in: endpoint { remote-endpoint = <&a_out>; }; }; };
                };
                tmc@3000 { compatible = "arm,coresight-tmc", "arm,primecell"; arm,scatter-gather; };
                etb@4000 { compatible = "arm,coresight-tmc", "arm,primecell"; };
                tmc@5000 { compatible = "arm,coresight-tmc", "arm,primecell"; };
                etb10@6000 { compatible = "arm,coresight-etb10", "arm,primecell"; };
                etr@7000 {
                    compatible = "arm,coresight-tmc", "arm,primecell";
                    out-ports { port { e_out: endpoint { remote-endpoint = <&c_in>; }; }; };
                };
                catu@8000 {
                    compatible = "arm,coresight-catu", "arm,primecell";
                    in-ports { port { c_in: endpoint { remote-endpoint = <&e_out>; }; }; };
                };
            """)
        let result = try Fixtures.build(source)
        let byAddress = Dictionary(uniqueKeysWithValues: result.topology.components.compactMap { c in c.address.map { ($0, c) } })
        #expect(byAddress[0x1000]?.name == "tmc_etf0", "an output feeding a replicator makes an ETF")
        #expect(byAddress[0x3000]?.subtype == .etr, "arm,scatter-gather is ETR-only")
        #expect(byAddress[0x4000]?.name == "tmc_etb0", "from the node name")
        #expect(byAddress[0x5000]?.subtype == .etr, "nothing to go on: ETR assumed")
        #expect(byAddress[0x6000]?.name == "etb0", "an ETB10 has its own prefix")
        #expect(byAddress[0x7000]?.subtype == .etr, "an output to a CATU is an ETR's")
        #expect(byAddress[0x8000] == nil, "CATU is left out")
        #expect(result.assumptions.contains("etb@4000: ETB assumed from the node name (the TMC configuration is read from DEVID at probe, not described in DT)"))
        #expect(result.assumptions.contains { $0.hasPrefix("tmc@5000: ETR assumed (no output link") })
        #expect(result.assumptions.contains { $0.hasPrefix("catu@8000: CATU left out") })
        #expect(!result.assumptions.contains { $0.hasPrefix("tmc@1000") || $0.hasPrefix("tmc@3000") })
    }

    @Test func aNameThatDisagreesWithTheConfigurationIsWarnedAbout() throws {
        let source = Fixtures.minimalBoard("""
                etf@1000 { compatible = "arm,coresight-tmc", "arm,primecell"; iommus = <&smmu 0>; };
            """)
        let result = try Fixtures.build(source)
        #expect(result.topology.components.map(\.subtype) == [.etr])
        #expect(result.warnings.contains { $0.message.hasPrefix("etf@1000: its name suggests ETF, but it has iommus (ETR only)") })
    }

    @Test func ambaDevicesAreNumberedBeforeStaticOnes() throws {
        let source = Fixtures.minimalBoard("""
                funnel { compatible = "arm,coresight-static-funnel"; };
                funnel@1000 { compatible = "arm,coresight-dynamic-funnel", "arm,primecell"; };
                replicator { compatible = "arm,coresight-static-replicator"; };
                soc { funnel@2000 { compatible = "arm,coresight-dynamic-funnel", "arm,primecell"; }; };
            """)
        let result = try Fixtures.build(source)
        #expect(result.topology.components.map { "\($0.name)@\($0.address.map { String($0, radix: 16) } ?? "-")" }
            == ["funnel0@1000", "funnel1@2000", "funnel2@-", "replicator0@-"])
        #expect(result.assumptions.contains { $0.hasPrefix("funnel numbering: AMBA") })
        #expect(!result.assumptions.contains { $0.hasPrefix("replicator numbering") })
    }

    @Test func bootCPUDecidesTheLogicalNumbers() throws {
        let source = Fixtures.minimalBoard("""
            \(etm("1000", cpu: "cpu0", to: "x", label: "o0"))
            \(etm("2000", cpu: "cpu1", to: "x", label: "o1"))
            \(etm("3000", cpu: "cpu2", to: "x", label: "o2"))
                f { port { x: endpoint { }; }; };
            """, cpus: 3)
        func addresses(bootCPU: String?) throws -> [String: UInt64?] {
            let result = try Fixtures.build(source, options: .init(bootCPU: bootCPU))
            return Dictionary(uniqueKeysWithValues: result.topology.components.map { ($0.name, $0.address) })
        }
        #expect(try addresses(bootCPU: nil) == ["etm0": 0x1000, "etm1": 0x2000, "etm2": 0x3000])
        #expect(try addresses(bootCPU: "cpu@2") == ["etm0": 0x3000, "etm1": 0x1000, "etm2": 0x2000])
        #expect(try addresses(bootCPU: "cpu1") == ["etm0": 0x2000, "etm1": 0x1000, "etm2": 0x3000])
        #expect(try addresses(bootCPU: "/cpus/cpu@1") == ["etm0": 0x2000, "etm1": 0x1000, "etm2": 0x3000])
    }

    @Test func aTraceUnitOnADisabledCPUIsLeftOut() throws {
        let source = Fixtures.minimalBoard("""
                etm@1000 { compatible = "arm,coresight-etm4x", "arm,primecell"; cpu = <&cpu0>; };
                etm@2000 { compatible = "arm,coresight-etm4x", "arm,primecell"; cpu = <&cpu1>; };
            """, cpus: 2) + "\n&cpu0 { status = \"disabled\"; };\n"
        let result = try Fixtures.build(source)
        #expect(result.topology.cpuCount == 1)
        #expect(result.topology.components.map(\.name) == ["etm0"])
        #expect(result.topology.components.first?.address == 0x2000)
        #expect(result.warnings.contains { $0.message == "etm@1000 is bound to cpu@0, which is disabled; it is left out" })
    }

    @Test func eteAndTRBEArePerCPU() throws {
        let source = Fixtures.minimalBoard("""
                ete0 { compatible = "arm,embedded-trace-extension"; cpu = <&cpu0>; };
                ete1 { compatible = "arm,embedded-trace-extension"; cpu = <&cpu1>; };
                trbe { compatible = "arm,trace-buffer-extension"; interrupts = <GIC_PPI 15 IRQ_TYPE_LEVEL_HIGH>; };
            """, cpus: 3)
        let result = try Fixtures.build(source)
        #expect(result.topology.components == [
            Component(name: "ete0", subtype: .ete, cpu: 0),
            Component(name: "ete1", subtype: .ete, cpu: 1),
            Component(name: "trbe0", subtype: .trbe, cpu: 0),
            Component(name: "trbe1", subtype: .trbe, cpu: 1),
        ])
        #expect(result.topology.connections.isEmpty)
        #expect(result.assumptions.contains { $0.hasPrefix("trbe: one TRBE sink per CPU with an ETE (CPU 0, 1)") })
    }

    @Test func olderTracersAndTheSystemRegisterETMv4() throws {
        let source = Fixtures.minimalBoard("""
                ptm@1000 { compatible = "arm,coresight-etm3x", "arm,primecell"; reg = <0x1000 0x1000>; cpu = <&cpu0>; };
                etm1 { compatible = "arm,coresight-etm4x-sysreg"; cpu = <&cpu1>; };
            """, cpus: 2)
        let result = try Fixtures.build(source)
        #expect(result.topology.components == [
            Component(name: "etm0", subtype: .etm3, cpu: 0, address: 0x1000),
            Component(name: "etm1", subtype: .etm4, cpu: 1),
        ])
    }

    @Test func theOlderPortsLayoutWithSlaveMode() throws {
        let source = Fixtures.minimalBoard("""
                etm@1000 {
                    compatible = "arm,coresight-etm4x", "arm,primecell";
                    cpu = <&cpu0>;
                    port { etm_out: endpoint { remote-endpoint = <&f_in1>; }; };
                };
                funnel@2000 {
                    compatible = "arm,coresight-funnel", "arm,primecell";
                    ports {
                        #address-cells = <1>;
                        #size-cells = <0>;
                        port@0 { reg = <0>; f_out: endpoint { remote-endpoint = <&t_in>; }; };
                        port@1 { reg = <1>; f_in1: endpoint { slave-mode; remote-endpoint = <&etm_out>; }; };
                    };
                };
                tpiu@3000 {
                    compatible = "arm,coresight-tpiu", "arm,primecell";
                    port { t_in: endpoint { slave-mode; remote-endpoint = <&f_out>; }; };
                };
            """)
        let result = try Fixtures.build(source)
        #expect(Set(result.topology.connections) == [
            Connection(from: "etm0", outport: 0, to: "funnel0", inport: 1),
            Connection(from: "funnel0", outport: 0, to: "tpiu0", inport: 0),
        ])
    }

    @Test func aPortWithoutRegUsesItsUnitAddressWithAWarning() throws {
        let source = Fixtures.minimalBoard("""
                replicator@1000 {
                    compatible = "arm,coresight-dynamic-replicator", "arm,primecell";
                    out-ports { port@1 { r_out1: endpoint { remote-endpoint = <&t_in>; }; }; };
                };
                tpiu@2000 {
                    compatible = "arm,coresight-tpiu", "arm,primecell";
                    in-ports { port { t_in: endpoint { remote-endpoint = <&r_out1>; }; }; };
                };
            """)
        let result = try Fixtures.build(source)
        #expect(result.topology.connections == [Connection(from: "replicator0", outport: 1, to: "tpiu0", inport: 0)])
        #expect(result.warnings.contains { $0.message == "/replicator@1000/out-ports/port@1 has no reg property; using port 1 from its unit address" })
    }

    @Test func onlyOutputEndpointsMakeConnections() throws {
        // The input side names the wrong port; the kernel reads only the output side.
        let source = Fixtures.minimalBoard("""
                stm@1000 {
                    compatible = "arm,coresight-stm", "arm,primecell";
                    out-ports { port { s_out: endpoint { remote-endpoint = <&f_in2>; }; }; };
                };
                funnel@2000 {
                    compatible = "arm,coresight-dynamic-funnel", "arm,primecell";
                    in-ports {
                        port@2 { reg = <2>; f_in2: endpoint { remote-endpoint = <&s_out>; }; };
                        port@3 { reg = <3>; f_in3: endpoint { remote-endpoint = <&s_out>; }; };
                    };
                };
            """)
        let result = try Fixtures.build(source)
        #expect(result.topology.connections == [Connection(from: "stm0", outport: 0, to: "funnel0", inport: 2)])
    }

    @Test func modelNameOrFileName() throws {
        let named = try Fixtures.build(Fixtures.minimalBoard("", rootExtras: "    model = \"My Board\";"))
        #expect(named.topology.name == "My Board")
        let unnamed = try DeviceTreeTopology.build(source: Fixtures.minimalBoard(""), fileName: "dir/my-board.dts") { _ in nil }
        #expect(unnamed.topology.name == "my-board")
        #expect(unnamed.warnings.map(\.message) == ["no enabled CoreSight trace component found"])
    }

    /// `pm_save_enable=firmware`: the first ETM's node decides (`etm4_probe()`); the option wins.
    @Test func contextSaveFollowsTheFirstTraceUnitOrTheOption() throws {
        let without = Fixtures.minimalBoard("    etm@1000 { compatible = \"arm,coresight-etm4x\", \"arm,primecell\"; cpu = <&cpu0>; };")
        #expect(try !Fixtures.build(without).topology.savesContextOverIdle)
        #expect(try Fixtures.build(without).assumptions.contains {
            $0.hasPrefix("pm_save_enable=firmware resolves to never: the first trace unit, /etm@1000, has no arm,coresight-loses-context-with-cpu")
        })
        #expect(try Fixtures.build(without, options: .init(savesContextOverIdle: true)).topology.savesContextOverIdle)
        let with = Fixtures.minimalBoard("    etm@1000 { compatible = \"arm,coresight-etm4x\", \"arm,primecell\"; cpu = <&cpu0>; arm,coresight-loses-context-with-cpu; };")
        #expect(try Fixtures.build(with).topology.savesContextOverIdle)
        #expect(try !Fixtures.build(with, options: .init(savesContextOverIdle: false)).topology.savesContextOverIdle)
    }
}
