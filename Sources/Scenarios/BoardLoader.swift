public import CoreSightModel
public import DeviceTree
public import DriverSimulation
public import LiveSysfs

/// A board turned into a topology, with what the user should know about how it was read.
public struct LoadedBoard: Sendable {
    public var topology: Topology
    public var source: BoardSource
    /// DTS only: what the parser could not use (unreadable includes, unknown macros, ...).
    public var warnings: [DeviceTreeDiagnostic]
    /// DTS only: facts the file does not state that the topology depends on.
    public var assumptions: [String]
    /// sysfs only: what is wrong or missing, per device (then per CPU, then global).
    public var problems: [SysfsProblem]

    public init(
        topology: Topology, source: BoardSource, warnings: [DeviceTreeDiagnostic] = [], assumptions: [String] = [],
        problems: [SysfsProblem] = []
    ) {
        self.topology = topology
        self.source = source
        self.warnings = warnings
        self.assumptions = assumptions
        self.problems = problems
    }

    /// Everything above as one line each, for standard error or a TUI panel.
    public var notes: [String] {
        warnings.map(\.description) + assumptions.map { "assumed: \($0)" } + problems.map { "sysfs problem: \($0)" }
    }
}

/// Why a board could not be loaded at all.
public enum BoardError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownBuiltin(String)
    case invalidBuiltin(String, TopologyError)
    /// Carries `file:line:column` whenever the fault has a place in the source.
    case deviceTree(DeviceTreeError)
    case sysfs(SysfsDiscoveryError)
    /// The bus is there but no device on it gave anything usable.
    case nothingReadable(root: String, problems: [SysfsProblem])

    public var description: String {
        switch self {
        case .unknownBuiltin(let name):
            "unknown board \(name) (built-in: \(Board.catalogue.map(\.name).joined(separator: ", ")))"
        case .invalidBuiltin(let name, let error): "board \(name): \(error)"
        case .deviceTree(let error): error.description
        case .sysfs(let error): error.description
        case .nothingReadable(let root, let problems):
            "nothing could be read from the sysfs tree \(root)"
                + (problems.first.map { " (first problem: \($0))" } ?? "")
        }
    }
}

/// Loads any board source: a built-in name, a device tree source, or a live (or fixture) sysfs.
public enum BoardLoader {
    /// `includeDirectories`: where a DTS's `#include <...>` files are looked for (`cpp -I`),
    /// e.g. a kernel tree's `include/` for `dt-bindings/`.
    public static func load(_ source: BoardSource, includeDirectories: [String] = []) throws(BoardError) -> LoadedBoard {
        switch source {
        case .builtin(let name):
            guard let board = Board.named(name) else { throw .unknownBuiltin(name) }
            do {
                return LoadedBoard(topology: try board.topology(), source: source)
            } catch {
                throw .invalidBuiltin(name, error)
            }
        case .dts(let path, let bootCPU):
            let result: DeviceTreeResult
            do {
                result = try DeviceTreeTopology.load(
                    path: path, options: DeviceTreeOptions(bootCPU: bootCPU, includeDirectories: includeDirectories))
            } catch {
                throw .deviceTree(error)
            }
            return LoadedBoard(
                topology: result.topology, source: source, warnings: result.warnings, assumptions: result.assumptions)
        case .sysfs(let root):
            let result: SysfsDiscoveryResult
            do {
                result = try SysfsDiscovery.discover(root: root)
            } catch {
                throw .sysfs(error)
            }
            // A bus with no devices, or none readable, leaves nothing to show or simulate.
            guard let topology = result.topology, !topology.components.isEmpty else {
                throw .nothingReadable(root: root, problems: result.problems)
            }
            return LoadedBoard(topology: topology, source: source, problems: result.problems)
        }
    }
}
