import SafeText

/// Why a set of components and connections is not a usable topology.
public enum TopologyError: Error, Sendable, Hashable, CustomStringConvertible {
    case duplicateName(String)
    case unknownComponent(String, in: String)
    case cpuOutOfRange(component: String, cpu: Int, cpuCount: Int)
    case tracerWithoutCPU(String)
    case twoTracersOnOneCPU(cpu: Int, first: String, second: String)
    case badCPUCount(Int)
    case duplicatePort(component: String, port: Int, direction: String)
    /// A port number outside 0...TopologyLimits.maxPort (it would size per-port arrays).
    case portOutOfRange(component: String, port: Int, direction: String)
    case tooManyComponents(Int)
    case tooManyConnections(Int)
    /// An empty name, one longer than TopologyLimits.maxNameLength, or one with control characters.
    case badName(String, what: String)

    public var description: String {
        switch self {
        case .duplicateName(let name): "two components are named \(Self.echo(name))"
        case .unknownComponent(let name, let context): "\(Self.echo(context)) names unknown component \(Self.echo(name))"
        case .cpuOutOfRange(let component, let cpu, let count):
            "\(Self.echo(component)) is bound to cpu\(cpu), but the board has \(count) CPUs (cpu0..cpu\(count - 1))"
        case .tracerWithoutCPU(let name): "\(Self.echo(name)) is a per-CPU tracer without a cpu"
        case .twoTracersOnOneCPU(let cpu, let first, let second):
            "cpu\(cpu) has two tracers: \(Self.echo(first)) and \(Self.echo(second))"
        case .badCPUCount(let count): "a board needs 1 to \(TopologyLimits.maxCPUs) CPUs, not \(count)"
        case .duplicatePort(let component, let port, let direction):
            "\(Self.echo(component)) has two connections on \(direction) port \(port)"
        case .portOutOfRange(let component, let port, let direction):
            "\(Self.echo(component)) \(direction) port \(port) is out of range (ports are 0 to \(TopologyLimits.maxPort))"
        case .tooManyComponents(let count):
            "\(count) components is more than csx reads (at most \(TopologyLimits.maxComponents))"
        case .tooManyConnections(let count):
            "\(count) connections is more than csx reads (at most \(TopologyLimits.maxConnections))"
        case .badName(let name, let what):
            "\(what) name \"\(Self.echo(name))\" is not usable (1 to \(TopologyLimits.maxNameLength) characters, no control characters)"
        }
    }

    /// Names and contexts come from files: escaped and cut before they reach a terminal.
    private static func echo(_ text: String) -> String { Echo.escaped(text) }
}
