import DriverSimulation

/// The few words after `^^^`: why the marked step is wrong (the footer has the whole sentence).
enum Reasons {
    static func short(_ violation: Violation, names: EntryBuilder) -> String {
        let subject = names.name(violation.subject)
        switch violation.detail {
        case .staleRead(let mode, let owned):
            return owned ? "read \(mode), \(subject) is on" : "read \(mode), \(subject) not enabled"
        case .staleExitRead(let mode, let savedOwned):
            return savedOwned ? "read \(mode), \(subject) was saved" : "read \(mode), nothing saved"
        case .restoreOverExternalClaim: return "restored over the debugger"
        case .restoreOfUnownedCopy: return "restored a copy of an off unit"
        case .restoreWithoutSave: return "restored, nothing saved"
        case .modeVersusHardware(let mode, _, _): return "\(subject) \(mode), hardware disagrees"
        case .refcount(let id, _, let refcount, let paths): return "\(names.name(id)) refcount \(refcount), \(paths) paths"
        case .sourceWithoutPath: return "\(subject) enabled, no path"
        case .tracerWithoutPath(let mode, _): return "\(subject) \(mode), no sysfs path"
        case .pathWithoutMode(let mode): return "path kept, \(subject) \(mode)"
        case .activePathSkipped(let mode, let exit):
            return exit ? "no path at exit, \(subject) not restored" : "\(subject) \(mode), path pointer NULL"
        case .pathNotWhole(let down, _): return down > 0 ? "\(down) links still off" : "sink still saved"
        case .sinkDisabled(let sink): return "\(subject) on, \(names.name(sink)) off"
        }
    }
}
