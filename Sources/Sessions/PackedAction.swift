import DriverSimulation

/// An action line in eight bytes, so a million-step session stays small in memory:
/// bits 0-4 the verb, bit 5 setup, bits 8-31 the CPU, bits 32-63 a name's index in `names`
/// (a component or a kernel profile) or the variant (0 legacy, 1 fixed).
struct PackedAction: Hashable {
    var raw: UInt64

    enum Verb: UInt64 {
        case enable, disable, perfStart, perfStartDefault, perfStop, enableSink, disableSink
        case step, run, idle, wake, extClaim, extRelease, extProgram, variant, kernel
        case offline, online
    }

    static let largestCPU = (1 << 24) - 1

    init(raw: UInt64) { self.raw = raw }

    init(_ verb: Verb, cpu: Int = 0, name: UInt32 = 0, setup: Bool) {
        raw = verb.rawValue | (setup ? 1 << 5 : 0) | UInt64(cpu) << 8 | UInt64(name) << 32
    }

    var verb: Verb { Verb(rawValue: raw & 0x1F) ?? .step }
    var isSetup: Bool { raw & (1 << 5) != 0 }
    var cpu: Int { Int((raw >> 8) & 0xFF_FFFF) }
    var name: Int { Int(raw >> 32) }

    func action(names: [String]) -> Action {
        let name = { names[self.name] }
        switch verb {
        case .enable: return .operation(cpu: cpu, .enable(name()))
        case .disable: return .operation(cpu: cpu, .disable(name()))
        case .perfStart: return .operation(cpu: cpu, .perfStart(sink: name()))
        case .perfStartDefault: return .operation(cpu: cpu, .perfStart(sink: nil))
        case .perfStop: return .operation(cpu: cpu, .perfStop)
        case .enableSink: return .operation(cpu: cpu, .enableSink(name()))
        case .disableSink: return .operation(cpu: cpu, .disableSink(name()))
        case .step: return .step(cpu: cpu)
        case .run: return .run(cpu: cpu)
        case .idle: return .idle(cpu: cpu)
        case .wake: return .wake(cpu: cpu)
        case .offline: return .offline(cpu: cpu)
        case .online: return .online(cpu: cpu)
        case .extClaim: return .extClaim(name())
        case .extRelease: return .extRelease(name())
        case .extProgram: return .extProgram(name())
        case .variant: return .variant(self.name == 0 ? .legacy : .fixed)
        case .kernel: return .kernel(name())
        }
    }
}

/// Interned component names, so a packed action holds an index.
struct NameTable {
    private(set) var names: [String] = []
    private var indices: [String: UInt32] = [:]

    mutating func index(of name: String) -> UInt32 {
        if let known = indices[name] { return known }
        let index = UInt32(names.count)
        names.append(name)
        indices[name] = index
        return index
    }

    /// Packs a parsed action (the slow path's result); nil for a CPU beyond 24 bits.
    mutating func pack(_ action: Action, setup: Bool) -> PackedAction? {
        func cpuFits(_ cpu: Int) -> Bool { (0...PackedAction.largestCPU).contains(cpu) }
        switch action {
        case .operation(let cpu, let op):
            guard cpuFits(cpu) else { return nil }
            switch op {
            case .enable(let n): return PackedAction(.enable, cpu: cpu, name: index(of: n), setup: setup)
            case .disable(let n): return PackedAction(.disable, cpu: cpu, name: index(of: n), setup: setup)
            case .perfStart(let sink?): return PackedAction(.perfStart, cpu: cpu, name: index(of: sink), setup: setup)
            case .perfStart(nil): return PackedAction(.perfStartDefault, cpu: cpu, setup: setup)
            case .perfStop: return PackedAction(.perfStop, cpu: cpu, setup: setup)
            case .enableSink(let n): return PackedAction(.enableSink, cpu: cpu, name: index(of: n), setup: setup)
            case .disableSink(let n): return PackedAction(.disableSink, cpu: cpu, name: index(of: n), setup: setup)
            }
        case .step(let cpu): return cpuFits(cpu) ? PackedAction(.step, cpu: cpu, setup: setup) : nil
        case .run(let cpu): return cpuFits(cpu) ? PackedAction(.run, cpu: cpu, setup: setup) : nil
        case .idle(let cpu): return cpuFits(cpu) ? PackedAction(.idle, cpu: cpu, setup: setup) : nil
        case .wake(let cpu): return cpuFits(cpu) ? PackedAction(.wake, cpu: cpu, setup: setup) : nil
        case .offline(let cpu): return cpuFits(cpu) ? PackedAction(.offline, cpu: cpu, setup: setup) : nil
        case .online(let cpu): return cpuFits(cpu) ? PackedAction(.online, cpu: cpu, setup: setup) : nil
        case .extClaim(let n): return PackedAction(.extClaim, name: index(of: n), setup: setup)
        case .extRelease(let n): return PackedAction(.extRelease, name: index(of: n), setup: setup)
        case .extProgram(let n): return PackedAction(.extProgram, name: index(of: n), setup: setup)
        case .variant(let v): return PackedAction(.variant, name: v == .legacy ? 0 : 1, setup: setup)
        case .kernel(let n): return PackedAction(.kernel, name: index(of: n), setup: setup)
        }
    }

    var residentBytes: Int {
        names.capacity * MemoryLayout<String>.stride + indices.capacity * (MemoryLayout<String>.stride + 4)
            + names.reduce(0) { $0 + ($1.utf8.count > 15 ? $1.utf8.count + 32 : 0) }
    }
}
