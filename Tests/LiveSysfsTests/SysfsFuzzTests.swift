#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoreSightModel
import Foundation
import FuzzSupport
import LiveSysfs
import SysfsFixtures
import Testing

/// The sysfs reader's fuzz target: fixture manifests mutated line by line, the checked-in
/// hostile corpus (Tests/HostileCorpus/sysfs), and big trees generated here. Discovery and two
/// polls must return well inside a generous deadline, never crash, keep every topology count
/// within `TopologyLimits`, and say every problem in one clean line. Random trees for
/// `CSX_FUZZ_SECONDS` (2 s by default).
@Suite struct SysfsFuzzTests {
    /// Far beyond what discovery and polls of these trees take (milliseconds): only a hang
    /// (a blocking open, an endless walk) comes near it, even on a loaded machine.
    static let deadlineSeconds = 60.0

    @Test func everyCorpusTreeIsReadWithoutHangOrCrash() throws {
        let files = Fuzzing.corpus("sysfs").filter { $0.pathExtension == "sysfs" }
        #expect(files.count >= 20)
        for file in files {
            let manifest = try String(contentsOf: file, encoding: .utf8)
            let tree = try FixtureTree(hostileManifest: manifest, name: "corpus")
            // Every line is made (character devices only as root): the corpus has not rotted.
            let deviceLines = manifest.split(separator: "\n").filter { $0.hasPrefix("c ") }.count
            #expect(tree.skippedLines == (geteuid() == 0 ? 0 : deviceLines), "\(file.lastPathComponent)")
            Self.check(root: tree.root, name: file.lastPathComponent)
        }
    }

    @Test func mutatedFixturesAreReadWithoutHangOrCrash() throws {
        let manifests = try ["db410c", "broken", "juno-r2-noconn", "db410c-noconn", "hikey960", "fvp-base-revc"].map { name in
            try String(contentsOf: FixtureTree.manifestDirectory.appendingPathComponent("\(name).sysfs"), encoding: .utf8)
                .split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
        }
        Fuzzing.run(minimum: 20) { generator, iteration in
            let lines = TreeMutation.mutate(manifests[Int(generator.next() % UInt64(manifests.count))], using: &generator)
            guard let tree = try? FixtureTree(hostileManifest: lines.joined(separator: "\n"), name: "fuzz") else { return }
            Self.check(root: tree.root, name: "mutated tree \(iteration) (seed \(Fuzzing.seed))")
        }
    }

    @Test func aBusOfAHundredThousandEntriesIsOneErrorForTheRoot() throws {
        let tree = try FixtureTree("db410c")
        let bus = tree.path("sys/bus/coresight/devices")
        for index in 0..<100_000 {
            guard symlink("etm0", bus + "/x\(index)") == 0 else { throw POSIXError(.EIO) }
        }
        let root = tree.root
        let outcome = try #require(Self.withinDeadline { () -> String in
            do throws(SysfsDiscoveryError) {
                _ = try SysfsDiscovery.discover(root: root)
                return "discovered"
            } catch {
                return error.description
            }
        })
        #expect(outcome.hasPrefix("cannot list ") && outcome.hasSuffix("(more than \(SysfsDiscovery.busEntryLimit) entries)"), "\(outcome)")
        #expect(Fuzzing.isCleanMessage(outcome))
    }

    @Test func bigGeneratedTreesStayWithinTheLimits() throws {
        // A device directory of 5,000 entries, a 10 MB uevent, 300 ports on a funnel's
        // connections/, a diamond chain 40 deep (a replicator feeding both inputs of a funnel).
        let tree = try FixtureTree("db410c")
        let etm0 = tree.device("etm0")
        for index in 0..<5_000 { try tree.write(etm0 + "/attr\(index)", "0\n") }
        try Data(repeating: UInt8(ascii: "x"), count: 10 << 20).write(to: URL(fileURLWithPath: tree.device("etm1") + "/uevent"))
        let connections = tree.device("funnel0") + "/connections"
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: connections + "/out:0")
        for port in 1..<300 { try FileManager.default.createSymbolicLink(atPath: connections + "/out:\(port)", withDestinationPath: target) }
        try Self.addDiamondChain(depth: 40, to: tree)
        let result = try #require(Self.check(root: tree.root, name: "big tree"))
        #expect(result.problems.map(\.description).contains { $0.hasPrefix("etm0: unreadable (more than ") })
        let topology = try #require(result.topology)
        #expect(topology.components.count >= 80)
    }

    /// `replicatorN` out:0/out:1 → `funnelN` in:0/in:1 → `replicatorN+1`: 2^depth paths.
    static func addDiamondChain(depth: Int, to tree: borrowing FixtureTree) throws {
        let bus = tree.path("sys/bus/coresight/devices")
        func directory(_ name: String) -> String { tree.path("sys/devices/platform/diamond/\(name)") }
        func link(_ from: String, _ entry: String, _ to: String) throws {
            try FileManager.default.createSymbolicLink(atPath: directory(from) + "/connections/" + entry, withDestinationPath: "../../\(to)")
        }
        for level in 0..<depth {
            for (name, devtype) in [("replicator\(100 + level)", "link"), ("funnel\(100 + level)", "link")] {
                try FileManager.default.createDirectory(atPath: directory(name) + "/connections", withIntermediateDirectories: true)
                try tree.write(directory(name) + "/uevent", "DEVTYPE=\(devtype)\n")
                try FileManager.default.createSymbolicLink(atPath: bus + "/" + name, withDestinationPath: "../../../devices/platform/diamond/\(name)")
            }
        }
        for level in 0..<depth {
            let (replicator, funnel) = ("replicator\(100 + level)", "funnel\(100 + level)")
            for port in 0..<2 {
                try link(replicator, "out:\(port)", funnel)
                try link(funnel, "in:\(port)", replicator)
            }
            if level + 1 < depth {
                try link(funnel, "out:0", "replicator\(101 + level)")
                try link("replicator\(101 + level)", "in:0", funnel)
            }
        }
    }

    // MARK: - the checks

    /// Discovers `root` and polls it twice on a thread of its own, waiting at most the
    /// deadline; records an issue for a hang, a broken limit or an unclean message.
    @discardableResult
    static func check(root: String, name: String) -> SysfsDiscoveryResult? {
        let outcome = withinDeadline { () -> Outcome in
            do throws(SysfsDiscoveryError) {
                let discovery = try SysfsDiscovery.discover(root: root)
                var poller = SysfsPoller(discovery: discovery)
                let polls = [poller.poll(), poller.poll()]
                return .read(discovery, polls)
            } catch {
                return .refused(error.description)
            }
        }
        switch outcome {
        case nil:
            Issue.record("\(name): discovery and two polls did not finish in \(deadlineSeconds) s")
            return nil
        case .refused(let message)?:
            #expect(Fuzzing.isCleanMessage(message), "\(name): \(message.debugDescription)")
            return nil
        case .read(let discovery, let polls)?:
            let messages = discovery.problems.map(\.description) + polls.flatMap { $0.state.problems.map(\.description) }
            for message in messages where !Fuzzing.isCleanMessage(message) {
                Issue.record("\(name): unclean message \(message.debugDescription)")
            }
            if let topology = discovery.topology { checkLimits(topology, name: name) }
            return discovery
        }
    }

    enum Outcome: Sendable {
        case read(SysfsDiscoveryResult, [SysfsPollResult])
        case refused(String)
    }

    static func checkLimits(_ topology: Topology, name: String) {
        #expect(topology.cpuCount <= TopologyLimits.maxCPUs, "\(name)")
        #expect(topology.components.count <= TopologyLimits.maxComponents, "\(name)")
        #expect(topology.connections.count <= TopologyLimits.maxConnections, "\(name)")
        #expect(topology.connections.allSatisfy {
            (0...TopologyLimits.maxPort).contains($0.outport) && (0...TopologyLimits.maxPort).contains($0.inport)
        }, "\(name)")
        #expect(topology.components.allSatisfy { $0.name.count <= TopologyLimits.maxNameLength && Fuzzing.isCleanMessage($0.name) }, "\(name)")
    }

    /// `work` on a thread of its own (8 MB of stack), or nil when it is not done by the
    /// deadline (the thread is left behind: the test fails instead of hanging).
    static func withinDeadline<T: Sendable>(_ work: @escaping @Sendable () -> T) -> T? {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.set(work())
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        guard done.wait(timeout: .now() + deadlineSeconds) == .success else { return nil }
        return box.get()
    }
}

/// One value handed from a worker thread.
final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T?

    func set(_ newValue: T) { lock.withLock { value = newValue } }
    func get() -> T? { lock.withLock { value } }
}

/// Line-level mutations of a fixture manifest: what a damaged or crafted tree would hold.
enum TreeMutation {
    static let values: [String] = [
        "", "0\\n", "1\\n", "\\x00", "banana\\n", "-1\\n", "99999999999999999999\\n", "0-4095\\n", "0-99999999\\n",
        "\\xff\\xff\\xff\\xff", "\\x00\\x00\\x00\\x00", "\\x7f\\xff\\xff\\xff", "\\x1b[2J\\x1b]0;x\\x07", "\\xe2\\x80\\xae\\n",
        "DEVTYPE=source\\n", "DEVTYPE=\\x1b[31m\\n", String(repeating: "A", count: 5000),
    ]
    static let targets: [String] = [
        ".", "..", "/", "/dev", "/dev/zero", "/proc/self/fd/0", "../../../devices", "loop", "x/../../../../../..",
        String(repeating: "../", count: 300),
    ]
    static let names: [String] = [
        "port@7fffffffffffffff", "port@ffffffff", "port@" + String(repeating: "f", count: 40), "out:256", "in:-1",
        "out:99999999999999999999", "state4000", "cpu4095", "cpu99999999999", "etm\\x1b[1m7", String(repeating: "n", count: 250),
        "endpoint@1", "reg", "phandle", "remote-endpoint", "connections", "nr_links", "of_node",
    ]
    static let kinds = ["p", "s", "d", "c"]

    static func mutate(_ lines: [String], using generator: inout SplitMix64) -> [String] {
        var lines = lines
        let edits = 1 + Int(generator.next() % 6)
        for _ in 0..<edits where !lines.isEmpty {
            let index = Int(generator.next() % UInt64(lines.count))
            let parts = lines[index].split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 2 else { continue }
            let path = parts[1]
            func pick(_ list: [String]) -> String { list[Int(generator.next() % UInt64(list.count))] }
            switch generator.next() % 8 {
            case 0: lines[index] = "f \(path) \(pick(values))"
            case 1: lines[index] = "l \(path) \(pick(targets) == "loop" ? String(path.split(separator: "/").last ?? "x") : pick(targets))"
            case 2: lines[index] = "\(pick(kinds)) \(path)"
            case 3: lines.remove(at: index)
            case 4:
                // The same entry under a hostile name beside it.
                let renamed = (path.split(separator: "/").dropLast().map(String.init) + [pick(names)]).joined(separator: "/")
                lines.append(([parts[0], renamed] + parts.dropFirst(2)).joined(separator: " "))
            case 5:
                // A directory on the way replaced by a link to somewhere in the tree (a loop).
                let components = path.split(separator: "/").map(String.init)
                guard components.count > 2 else { continue }
                let cut = 1 + Int(generator.next() % UInt64(components.count - 2))
                let directory = components[..<cut].joined(separator: "/")
                lines.removeAll { $0.split(separator: " ").dropFirst().first.map { $0.hasPrefix(directory + "/") } ?? false }
                lines.append("l \(directory) \(String(repeating: "../", count: Int(generator.next() % UInt64(cut))))")
            case 6:
                let bytes = Fuzzing.mutate(Array(lines[index].utf8), using: &generator)
                lines[index] = String(decoding: bytes.filter { $0 != 0x0A }, as: UTF8.self)
            default:
                lines.insert(lines[index], at: index)  // a duplicate: skipped, the tree unchanged
            }
        }
        return lines
    }
}
