/// A logical CPU under `devices/system/cpu` and the idle states csx polls for it.
public struct DiscoveredCPU: Sendable, Hashable {
    public var cpu: Int
    /// `cpuN/online` exists (absent for CPUs that cannot be unplugged).
    public var hasOnlineFile: Bool
    /// `cpuN/cpuidle/stateK`, by K; empty without a cpuidle driver.
    public var idleStates: [IdleState]

    public init(cpu: Int, hasOnlineFile: Bool, idleStates: [IdleState]) {
        self.cpu = cpu
        self.hasOnlineFile = hasOnlineFile
        self.idleStates = idleStates
    }

    public struct IdleState: Sendable, Hashable {
        /// K of `stateK`.
        public var index: Int
        /// The `name` file: `WFI` for state0 on arm64, else the DT idle-state node name.
        public var name: String

        public init(index: Int, name: String) {
            self.index = index
            self.name = name
        }
    }
}
