public import CoreSightModel

/// An action resolved against a topology: what `Engine.apply` takes.
public enum EngineAction: Sendable, Hashable {
    /// Queue a user-space operation on a CPU (not a step: the CPU starts it when stepped).
    case queue(cpu: Int, Operation)
    /// One atomic step of a CPU.
    case step(cpu: Int)
    /// Step a CPU until it waits, sleeps in WFI, or has nothing left to do.
    case run(cpu: Int)
    /// The CPU begins idle entry (step 1 of §4.6).
    case idle(cpu: Int)
    /// An interrupt ends the CPU's WFI.
    case wake(cpu: Int)
    /// The CPU begins a hotplug transition down or up (then steps through it).
    case offline(cpu: Int)
    case online(cpu: Int)
    case extClaim(Topology.ComponentID)
    case extRelease(Topology.ComponentID)
    case extProgram(Topology.ComponentID)
}

/// Whether a CPU can take a step now, and if not, why.
public enum Stepability: Sendable, Hashable {
    case ready
    case waitingForMutex(holder: Int)
    case waitingForCall(target: Int)
    case inWFI
    case nothingToDo
    case offline
    /// A sysfs write waits for the CPU hotplug lock, held by `cpu`'s transition.
    case waitingForHotplug(cpu: Int)
}

/// Why an action cannot be applied now. The world is unchanged when one is thrown.
public struct ActionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
