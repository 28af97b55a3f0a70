/// Why a set of components and connections is not a usable topology.
public enum TopologyError: Error, Sendable, Hashable, CustomStringConvertible {
    case duplicateName(String)
    case unknownComponent(String, in: String)
    case cpuOutOfRange(component: String, cpu: Int, cpuCount: Int)
    case tracerWithoutCPU(String)
    case twoTracersOnOneCPU(cpu: Int, first: String, second: String)
    case badCPUCount(Int)
    case duplicatePort(component: String, port: Int, direction: String)

    public var description: String {
        switch self {
        case .duplicateName(let name): "two components are named \(name)"
        case .unknownComponent(let name, let context): "\(context) names unknown component \(name)"
        case .cpuOutOfRange(let component, let cpu, let count):
            "\(component) is bound to cpu\(cpu), but the board has \(count) CPUs (cpu0..cpu\(count - 1))"
        case .tracerWithoutCPU(let name): "\(name) is a per-CPU tracer without a cpu"
        case .twoTracersOnOneCPU(let cpu, let first, let second):
            "cpu\(cpu) has two tracers: \(first) and \(second)"
        case .badCPUCount(let count): "a board needs 1 to 4096 CPUs, not \(count)"
        case .duplicatePort(let component, let port, let direction):
            "\(component) has two connections on \(direction) port \(port)"
        }
    }
}
