#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// CPU time, for `csx bench --ssh`: a local process's from /proc, a remote shell's from the
/// lines its `times` prints.
enum ProcessCPU {
    /// User + system seconds of `pid` (Linux /proc/PID/stat fields 14 and 15); nil elsewhere.
    static func seconds(of pid: pid_t) -> Double? {
        guard case .success(let bytes) = FileAccess.readBytes("/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        // After "pid (comm) ": field 3 is the state; utime and stime are fields 14 and 15.
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return ticks > 0 ? (user + system) / ticks : nil
    }

    /// The sum of a `times` line: `0m0.040000s 0m0.012000s` → 0.052.
    static func seconds(inTimesLine line: [UInt8]) -> Double {
        var total = 0.0
        for word in line.split(separator: UInt8(ascii: " ")) {
            let text = String(decoding: word, as: UTF8.self)
            guard text.hasSuffix("s"), let m = text.firstIndex(of: "m"),
                  let minutes = Double(text[..<m]), let seconds = Double(text[text.index(after: m)...].dropLast()) else { continue }
            total += minutes * 60 + seconds
        }
        return total
    }
}
