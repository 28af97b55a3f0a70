import Foundation

/// The process's peak resident memory over a stretch of work, in process (Linux): writing 5 to
/// /proc/self/clear_refs resets the kernel's high-water mark (VmHWM) to the current resident
/// set; VmHWM in /proc/self/status is then the peak since. Freed heap is handed back first, so
/// what an earlier stretch left in malloc's free lists does not count towards the next one.
enum PeakResidentSet {
    static let method = "in process: /proc/self/clear_refs 5 before each row, VmHWM after"

    /// Resets the peak; the resident bytes it starts from, or nil when it cannot be reset.
    static func reset() -> Int? {
        trimHeap()
        let descriptor = open("/proc/self/clear_refs", O_WRONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard write(descriptor, "5", 1) == 1 else { return nil }
        return statusBytes("VmHWM:")
    }

    /// The peak since the last reset, in bytes; nil when /proc/self/status does not say.
    static func peakBytes() -> Int? { statusBytes("VmHWM:") }

    /// A `Name:   1234 kB` line of /proc/self/status, in bytes.
    private static func statusBytes(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }),
            let kilobytes = Int(line.dropFirst(name.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
        else { return nil }
        return kilobytes * 1024
    }

    /// glibc's `malloc_trim(0)`, looked up at run time (Swift's Glibc module does not export it).
    private static func trimHeap() {
        #if canImport(Glibc)
        typealias Trim = @convention(c) (Int) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
            _ = unsafeBitCast(symbol, to: Trim.self)(0)
        }
        #endif
    }
}
