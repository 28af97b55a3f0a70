import CoreSightModel
import DriverSimulation
import FuzzSupport
import OrderedJSON
import Scenarios
@testable import Sessions
import Testing

/// The topology and scenario a session header carries: every number is checked before it
/// sizes anything, every list against its limit, and every message is one clean line.
@Suite struct HeaderLimitTests {
    static func topologyJSON(outport: Int = 0, inport: Int = 0, cpus: Int = 1) -> JSON {
        .object([
            ("name", .string("hostile")), ("cpus", .int(cpus)),
            ("components", .array([
                .object([("name", .string("etm0")), ("subtype", .string("etm4")), ("cpu", .int(0))]),
                .object([("name", .string("tmc_etr0")), ("subtype", .string("etr"))]),
            ])),
            ("connections", .array([
                .object([("from", .string("etm0")), ("outport", .int(outport)), ("to", .string("tmc_etr0")), ("inport", .int(inport))]),
            ])),
        ])
    }

    static func problem(_ body: () throws(FormatProblem) -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            #expect(Fuzzing.isCleanMessage(error.message), "\(error.message.debugDescription)")
            return error.message
        }
    }

    @Test(arguments: [Int.max, Int.max - 1, 1_000_000_000_000, 1_000_000_000, TopologyLimits.maxPort + 1, -1, Int.min])
    func portNumbersThatOnceTrappedOrExhaustedMemoryAreRefused(port: Int) {
        #expect(Self.problem { () throws(FormatProblem) in _ = try TopologyJSON.decode(Self.topologyJSON(outport: port)) }
            == "topology: etm0 output port \(port) is out of range (ports are 0 to \(TopologyLimits.maxPort))")
        #expect(Self.problem { () throws(FormatProblem) in _ = try TopologyJSON.decode(Self.topologyJSON(inport: port)) }
            == "topology: tmc_etr0 input port \(port) is out of range (ports are 0 to \(TopologyLimits.maxPort))")
    }

    @Test func aPortNearIntMaxInASessionFileIsBadInputNotATrap() throws {
        let header = #"{"format":"csx-session","version":"1.0","csx":"x","source":"live","board":"hostile","topology":{"name":"hostile","cpus":1,"components":[{"name":"etm0","subtype":"etm4","cpu":0},{"name":"tmc_etr0","subtype":"etr"}],"connections":[{"from":"etm0","outport":9223372036854775807,"to":"tmc_etr0","inport":0}]},"scenario":null,"variant":null}"#
        do {
            _ = try SessionLoader.load(bytes: Array((header + "\n").utf8), name: "hostile.csxs")
            Issue.record("loaded a port near Int.max")
        } catch {
            #expect(error.description.contains("output port 9223372036854775807 is out of range"), "\(error)")
        }
    }

    @Test func componentAndConnectionCountsAreCheckedBeforeTheListsAreRead() {
        let components = JSON.array(Array(repeating: .null, count: TopologyLimits.maxComponents + 1))
        let json = JSON.object([("name", .string("t")), ("cpus", .int(1)), ("components", components), ("connections", .array([]))])
        #expect(Self.problem { () throws(FormatProblem) in _ = try TopologyJSON.decode(json) }
            == "topology: \(TopologyLimits.maxComponents + 1) components; at most \(TopologyLimits.maxComponents) are read")
        let connections = JSON.array(Array(repeating: .null, count: TopologyLimits.maxConnections + 1))
        let many = JSON.object([("name", .string("t")), ("cpus", .int(1)), ("components", .array([])), ("connections", connections)])
        #expect(Self.problem { () throws(FormatProblem) in _ = try TopologyJSON.decode(many) }
            == "topology: \(TopologyLimits.maxConnections + 1) connections; at most \(TopologyLimits.maxConnections) are read")
        #expect(Self.problem { () throws(FormatProblem) in _ = try TopologyJSON.decode(Self.topologyJSON(cpus: Int.max)) }
            == "topology: a board needs 1 to \(TopologyLimits.maxCPUs) CPUs, not \(Int.max)")
    }

    /// A header can carry a chain of diamonds: the default-sink search the generated scenario
    /// makes on it enters each component once.
    @Test func aDiamondChainInAHeaderIsSearchedOncePerComponent() throws {
        var components: [JSON] = [.object([("name", .string("etm0")), ("subtype", .string("etm4")), ("cpu", .int(0))])]
        var connections: [JSON] = []
        func connect(_ from: String, _ outport: Int, _ to: String, _ inport: Int) {
            connections.append(.object([("from", .string(from)), ("outport", .int(outport)), ("to", .string(to)), ("inport", .int(inport))]))
        }
        var previous = "etm0"
        for level in 0..<60 {
            components.append(.object([("name", .string("replicator\(level)")), ("subtype", .string("replicator"))]))
            components.append(.object([("name", .string("funnel\(level)")), ("subtype", .string("funnel"))]))
            connect(previous, 0, "replicator\(level)", 0)
            connect("replicator\(level)", 0, "funnel\(level)", 0)
            connect("replicator\(level)", 1, "funnel\(level)", 1)
            previous = "funnel\(level)"
        }
        components.append(.object([("name", .string("tmc_etr0")), ("subtype", .string("etr"))]))
        connect(previous, 0, "tmc_etr0", 0)
        let topology = try TopologyJSON.decode(.object([
            ("name", .string("diamonds")), ("cpus", .int(1)), ("components", .array(components)), ("connections", .array(connections)),
        ]))
        let scenario = ScenarioCatalogue.generated(for: topology, boardSource: .builtin("diamonds"))
        #expect(scenario.sink == "tmc_etr0")
    }

    static func scenarioJSON(_ change: (inout [(String, JSON)]) -> Void) -> JSON {
        var members: [(String, JSON)] = [
            ("name", .string("s")), ("board", .string("juno-r2")), ("variant", .string("legacy")),
            ("setup", .array([])), ("threads", .object([])),
            ("environment", .object([("idle", .object([("cpu1", .int(2))])), ("ext-claim", .object([]))])),
        ]
        change(&members)
        return .object(members)
    }

    static func replacing(_ key: String, with value: JSON) -> (inout [(String, JSON)]) -> Void {
        { members in
            members.removeAll { $0.0 == key }
            members.append((key, value))
        }
    }

    @Test func scenarioCountsAndListsAreHeldToTheScenarioLimits() throws {
        _ = try ScenarioJSON.decode(Self.scenarioJSON { _ in })
        for times in [ScenarioLimits.maxEnvironmentCount + 1, -1, Int.max] {
            let json = Self.scenarioJSON(Self.replacing("environment", with: .object([("idle", .object([("cpu1", .int(times))]))])))
            #expect(Self.problem { () throws(FormatProblem) in _ = try ScenarioJSON.decode(json) }
                == "expected environment idle counts to be integers from 0 to \(ScenarioLimits.maxEnvironmentCount)")
        }
        let setup = JSON.array(Array(repeating: .string("step cpu0"), count: ScenarioLimits.maxSetupActions + 1))
        #expect(Self.problem { () throws(FormatProblem) in _ = try ScenarioJSON.decode(Self.scenarioJSON(Self.replacing("setup", with: setup))) }
            == "\(ScenarioLimits.maxSetupActions + 1) scenario setup actions; at most \(ScenarioLimits.maxSetupActions) are read")
        let operations = JSON.array(Array(repeating: .string("perf-stop"), count: ScenarioLimits.maxOperationsPerThread + 1))
        let thread = JSON.object([("cpu0", operations)])
        #expect(Self.problem { () throws(FormatProblem) in _ = try ScenarioJSON.decode(Self.scenarioJSON(Self.replacing("threads", with: thread))) }
            == "\(ScenarioLimits.maxOperationsPerThread + 1) operations in thread cpu0; at most \(ScenarioLimits.maxOperationsPerThread) are read")
        let escaped = JSON.array([.string("ext-claim \u{1b}[31metm1")])
        #expect(Self.problem { () throws(FormatProblem) in _ = try ScenarioJSON.decode(Self.scenarioJSON(Self.replacing("setup", with: escaped))) }?
            .contains("\\x1b[31metm1") == true)
    }

    // MARK: Fuzz target: the header's topology and scenario

    static let header: [UInt8] = {
        let topology = (try? Board.junoR2.topology()).map(TopologyJSON.encode) ?? .null
        let scenario = (try? ScenarioCatalogue.load(ScenarioCatalogue.defaultName)).map(ScenarioJSON.encode) ?? .null
        return Array(JSON.object([("topology", topology), ("scenario", scenario)]).rendered(indent: nil).utf8)
    }()

    static let dictionary: [[UInt8]] = [
        "9223372036854775807", "-9223372036854775808", "1e400", "255", "256", "4096", "null", "[]", "{}", "\"\\u001b[31m\"",
        "\"outport\":", "\"cpu\":", "\"cpus\":", "\"components\":", "\"idle\":", "\"ext-claim\":", "\"setup\":",
    ].map { Array($0.utf8) }

    @Test func mutatedHeadersDecodeOrGiveOneCleanLine() throws {
        #expect(!Self.header.isEmpty)
        Fuzzing.run(minimum: 300) { generator, _ in
            var bytes = Self.header
            for _ in 0...(generator.next() % 4) {
                bytes = Fuzzing.mutate(bytes, using: &generator, dictionary: Self.dictionary)
            }
            bytes.withUnsafeBytes { buffer in
                var scanner = JSONScanner(buffer)
                guard let json = try? scanner.readValue() else { return }
                if let topology = json["topology"] {
                    _ = Self.problem { () throws(FormatProblem) in
                        let decoded = try TopologyJSON.decode(topology)
                        // Every number that sizes something is within its limit.
                        #expect(decoded.cpuCount <= TopologyLimits.maxCPUs)
                        #expect(decoded.components.indices.allSatisfy { decoded.portCount(of: $0) <= TopologyLimits.maxPort + 1 })
                    }
                }
                if let scenario = json["scenario"] {
                    _ = Self.problem { () throws(FormatProblem) in _ = try ScenarioJSON.decode(scenario) }
                }
            }
        }
    }
}
