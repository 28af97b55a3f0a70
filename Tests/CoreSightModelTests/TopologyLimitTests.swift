import CoreSightModel
import Testing

/// Every number a topology carries is checked against `TopologyLimits` before anything is sized
/// by it, whatever the source (a session header, a device tree, a sysfs tree).
@Suite struct TopologyLimitTests {
    static let etm = Component(name: "etm0", subtype: .etm4, cpu: 0)
    static let etr = Component(name: "tmc_etr0", subtype: .etr)

    static func link(out: Int, in inport: Int) throws(TopologyError) -> Topology {
        try Topology(
            name: "t", cpuCount: 1, components: [etm, etr],
            connections: [Connection(from: "etm0", outport: out, to: "tmc_etr0", inport: inport)])
    }

    @Test(arguments: [Int.max, Int.max - 1, 1_000_000_000_000, 1_000_000_000, TopologyLimits.maxPort + 1, -1, Int.min])
    func portNumbersPastTheLimitAreRefusedOnEitherSide(port: Int) {
        #expect(throws: TopologyError.portOutOfRange(component: "etm0", port: port, direction: "output")) {
            try Self.link(out: port, in: 0)
        }
        #expect(throws: TopologyError.portOutOfRange(component: "tmc_etr0", port: port, direction: "input")) {
            try Self.link(out: 0, in: port)
        }
    }

    @Test func theLargestPortIsAcceptedAndSizesOnlyItsOwnPorts() throws {
        let topology = try Self.link(out: TopologyLimits.maxPort, in: TopologyLimits.maxPort)
        #expect(topology.portCount(of: 0) == TopologyLimits.maxPort + 1)
        #expect(topology.portCount(of: 1) == TopologyLimits.maxPort + 1)
    }

    @Test(arguments: [0, -1, TopologyLimits.maxCPUs + 1, Int.max, Int.min])
    func cpuCountsOutsideTheLimitAreRefused(count: Int) {
        #expect(throws: TopologyError.badCPUCount(count)) {
            try Topology(name: "t", cpuCount: count, components: [], connections: [])
        }
    }

    @Test func tooManyComponentsOrConnectionsAreRefusedBeforeTheyAreRead() {
        let many = (0...TopologyLimits.maxComponents).map { Component(name: "f\($0)", subtype: .funnel) }
        #expect(throws: TopologyError.tooManyComponents(TopologyLimits.maxComponents + 1)) {
            try Topology(name: "t", cpuCount: 1, components: many, connections: [])
        }
        // Never looked at: the count alone is refused.
        let connections = Array(
            repeating: Connection(from: "nowhere", outport: 0, to: "nowhere", inport: 0),
            count: TopologyLimits.maxConnections + 1)
        #expect(throws: TopologyError.tooManyConnections(TopologyLimits.maxConnections + 1)) {
            try Topology(name: "t", cpuCount: 1, components: [], connections: connections)
        }
    }

    @Test(arguments: ["", String(repeating: "x", count: TopologyLimits.maxNameLength + 1), "etm\u{1b}[31m", "a b", "etm\u{202e}0", "etm\n0"])
    func unusableComponentNamesAreRefusedWithAnEscapedMessage(name: String) {
        do {
            _ = try Topology(name: "t", cpuCount: 1, components: [Component(name: name, subtype: .funnel)], connections: [])
            Issue.record("accepted component name \(name.debugDescription)")
        } catch {
            #expect(error == .badName(name, what: "component"))
            #expect(!error.description.contains("\n") && !error.description.contains("\u{1b}"))
            #expect(!error.description.contains("\u{202e}"))
        }
    }

    @Test func boardNamesMayHaveSpacesButNotControlCharacters() throws {
        _ = try Topology(name: "ARM Juno development board (r2)", cpuCount: 1, components: [], connections: [])
        #expect(throws: TopologyError.badName("juno\u{7}", what: "board")) {
            try Topology(name: "juno\u{7}", cpuCount: 1, components: [], connections: [])
        }
        let long = String(repeating: "j", count: TopologyLimits.maxNameLength + 1)
        #expect(throws: TopologyError.badName(long, what: "board")) {
            try Topology(name: long, cpuCount: 1, components: [], connections: [])
        }
    }

    @Test func unknownNamesAreEscapedInTheMessage() {
        do {
            _ = try Topology(
                name: "t", cpuCount: 1, components: [Self.etm],
                connections: [Connection(from: "etm0", outport: 0, to: "x\u{1b}]0;pwned\u{7}", inport: 0)])
            Issue.record("accepted an unknown component")
        } catch {
            #expect(!error.description.unicodeScalars.contains { $0.value < 0x20 })
            #expect(error.description.contains("\\x1b"))
        }
    }

    @Test func duplicatePortsAreFoundAmongManyConnections() throws {
        // Connections are checked in constant time each: the largest topology is quick to refuse.
        let count = TopologyLimits.maxPort + 1
        var components = [Component(name: "r", subtype: .replicator)]
        var connections: [Connection] = []
        for n in 0..<count {
            components.append(Component(name: "s\(n)", subtype: .etb))
            connections.append(Connection(from: "r", outport: n, to: "s\(n)", inport: 0))
        }
        _ = try Topology(name: "t", cpuCount: 1, components: components, connections: connections)
        connections.append(Connection(from: "r", outport: 7, to: "s0", inport: 1))
        #expect(throws: TopologyError.duplicatePort(component: "r", port: 7, direction: "output")) {
            try Topology(name: "t", cpuCount: 1, components: components, connections: connections)
        }
    }
}
