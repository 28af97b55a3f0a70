/// A user-space operation as written in the action language (names, not indices).
public enum ActionOperation: Sendable, Hashable {
    case enable(String)
    case disable(String)
    case perfStart(sink: String?)
    case perfStop
    case enableSink(String)
    case disableSink(String)
}

/// One statement of the action language (the README's "The action language"): what the TUI's `:` line, `--actions`,
/// scenario files, sessions and counterexamples are written in.
public enum Action: Sendable, Hashable {
    /// `cpuN <operation>`: queue an operation on cpuN.
    case operation(cpu: Int, ActionOperation)
    case step(cpu: Int)
    case run(cpu: Int)
    case idle(cpu: Int)
    case wake(cpu: Int)
    /// CPU hotplug: the CPU begins going down (`cpu_down()`), or coming back up (`cpu_up()`).
    case offline(cpu: Int)
    case online(cpu: Int)
    case extClaim(String)
    case extRelease(String)
    case extProgram(String)
    /// Switch the driver variant (restarts from the scenario start).
    case variant(Variant)
    /// Switch to a kernel profile by name (restarts from the scenario start).
    case kernel(String)
}

extension ActionOperation: CustomStringConvertible {
    public var description: String {
        switch self {
        case .enable(let name): "enable \(name)"
        case .disable(let name): "disable \(name)"
        case .perfStart(let sink): sink.map { "perf-start \($0)" } ?? "perf-start"
        case .perfStop: "perf-stop"
        case .enableSink(let name): "enable-sink \(name)"
        case .disableSink(let name): "disable-sink \(name)"
        }
    }
}

extension Action: CustomStringConvertible {
    /// The canonical text; `ActionParser` reads it back to the same action.
    public var description: String {
        switch self {
        case .operation(let cpu, let op): "cpu\(cpu) \(op)"
        case .step(let cpu): "step cpu\(cpu)"
        case .run(let cpu): "run cpu\(cpu)"
        case .idle(let cpu): "idle cpu\(cpu)"
        case .wake(let cpu): "wake cpu\(cpu)"
        case .offline(let cpu): "offline cpu\(cpu)"
        case .online(let cpu): "online cpu\(cpu)"
        case .extClaim(let name): "ext-claim \(name)"
        case .extRelease(let name): "ext-release \(name)"
        case .extProgram(let name): "ext-program \(name)"
        case .variant(let variant): "variant \(variant)"
        case .kernel(let name): "kernel \(name)"
        }
    }
}

extension Array where Element == Action {
    /// `a; b; c`: the form `csx run --actions` takes.
    public var joinedActions: String { map(\.description).joined(separator: "; ") }
}
