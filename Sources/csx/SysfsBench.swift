import Foundation
import LiveSysfs
import SafeText

/// `csx bench --sysfs ROOT`: what one poll of a sysfs tree costs (the live view polls every
/// refresh, so this is its floor). Discovery is not timed: it happens once.
enum SysfsBench {
    static func run(root: String, polls: Int) throws {
        guard polls > 0 else { throw BadInput("--polls must be positive") }
        #if DEBUG
        emit("note: debug build; use `swift run -c release csx bench --sysfs ROOT` for representative figures\n")
        #endif
        let result: SysfsBenchmark.Result
        do { result = try SysfsBenchmark.run(root: root, polls: polls) } catch { throw BadInput(error.description) }
        emit(String(
            format: "sysfs   %@: %d devices, %d CPUs, %d idle states, %d files kept open\n",
            Echo.escaped(root), result.devicesPolled, result.cpus, result.idleStates, result.filesKeptOpen))
        emit(String(
            format: "sysfs   poll, idle counters still:  median %.3f ms (fastest %.3f ms), %d preads  (%d polls)\n",
            result.medianSeconds * 1e3, result.fastestSeconds * 1e3, result.syscallsPerPoll, result.polls))
        emit(String(
            format: "sysfs   poll, idle counters moving: median %.3f ms, %d preads\n",
            result.busyMedianSeconds * 1e3, result.busySyscallsPerPoll))
    }
}
