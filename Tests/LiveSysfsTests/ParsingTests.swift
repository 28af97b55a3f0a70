@testable import LiveSysfs
import Testing

/// Attribute parsing and device classification, on literal inputs.
@Suite struct ParsingTests {
    @Test func decimals() {
        #expect(SysfsValue.decimal(Array("123\n".utf8)) == 123)
        #expect(SysfsValue.decimal(Array("0".utf8)) == 0)
        #expect(SysfsValue.decimal(Array("18446744073709551615\n".utf8)) == UInt64.max)
        for bad in ["", "\n", "-5\n", "0x1\n", "1 2\n", "18446744073709551616", "banana"] {
            #expect(SysfsValue.decimal(Array(bad.utf8)) == nil, "\(bad)")
        }
        #expect(SysfsValue.flag(Array("2\n".utf8)) == true)
    }

    @Test func cpuLists() {
        #expect(SysfsValue.cpuList(Array("0-3,5\n".utf8)) == [0, 1, 2, 3, 5])
        #expect(SysfsValue.cpuList(Array("\n".utf8)) == [])
        #expect(SysfsValue.cpuList(Array("3-1".utf8)) == nil)
        var marks = [Bool](repeating: false, count: 8)
        let ok = Array("0-2,6\n".utf8).withUnsafeBytes { SysfsValue.markCPUs($0, in: &marks) }
        #expect(ok && marks == [true, true, true, false, false, false, true, false])
        for bad in ["0-", "-1", "1,,2", "0-9", "0-3x", "1-2-3"] {
            var marks = [Bool](repeating: false, count: 8)
            #expect(!Array(bad.utf8).withUnsafeBytes { SysfsValue.markCPUs($0, in: &marks) }, "\(bad)")
        }
        var none = [Bool](repeating: false, count: 2)
        #expect(Array("\n".utf8).withUnsafeBytes { SysfsValue.markCPUs($0, in: &none) })
    }

    @Test func addressesFromParentNames() {
        #expect(SysfsValue.address(fromParentName: "20010000.etf") == 0x2001_0000)
        #expect(SysfsValue.address(fromParentName: "85c000.etm") == 0x85_c000)
        #expect(SysfsValue.address(fromParentName: "soc:funnel") == nil)
        #expect(SysfsValue.address(fromParentName: "trbe") == nil)
    }

    @Test func classification() {
        func kind(_ name: String, _ devtype: String?, _ files: Set<String> = [], driver: String? = nil) -> DiscoveredDevice.Kind {
            DeviceClassifier.classify(name: name, devtype: devtype, files: files) { driver }.kind
        }
        #expect(kind("etm0", "source", ["trcidr", "cpu"]) == .component(.etm4))
        #expect(kind("etm0", "source", ["cpu"]) == .component(.etm3))
        #expect(kind("ete3", "source") == .component(.ete))
        #expect(kind("tmc_etf1", "linksink") == .component(.etf))
        #expect(kind("tmc_etb0", "sink") == .component(.etb))
        #expect(kind("trbe7", "sink") == .component(.trbe))
        #expect(kind("cti_cpu2", "helper") == .other(devtype: "helper"))
        #expect(kind("catu0", "helper") == .other(devtype: "helper"))
        #expect(kind("tpdm0", "source") == .other(devtype: "source"))
        // Before v5.3: the device is named like its parent.
        #expect(kind("22040000.etm", "source", ["trcidr"]) == .component(.etm4))
        #expect(kind("20010000.tmc", "linksink", driver: "coresight-tmc") == .component(.etf))
        #expect(kind("20070000.tmc", "sink", driver: "coresight-tmc") == .other(devtype: "sink"))
        let mismatch = DeviceClassifier.classify(name: "funnel0", devtype: "sink", files: []) { nil }
        #expect(mismatch.problems == ["uevent: DEVTYPE=sink, but a funnel is a link"])
    }

    @Test func naturalOrder() {
        let names = ["etm10", "funnel0", "etm2", "out:10", "out:2", "etm1"]
        #expect(names.sorted(by: NaturalOrder.precedes) == ["etm1", "etm2", "etm10", "funnel0", "out:2", "out:10"])
    }
}
