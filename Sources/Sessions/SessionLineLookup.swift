import OrderedJSON
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Re-reads one line of a session file (only when something must be explained, so slow is fine,
/// but streaming: a 1 MiB window, never more than one line of `SessionLimits.maxLineBytes`).
enum SessionLineLookup {
    /// The events of action line `number`, each as `{"step","cpu","kind","text"}` compact JSON
    /// (keys in that order, whatever the file's order), or nil when it cannot be read.
    static func events(onLine number: Int, of path: String) throws -> [String]? {
        guard let line = try line(number, of: path) else { return nil }
        return try parseEvents(line)
    }

    /// Line `number` (1-based), without its newline; nil when the file is shorter or unreadable.
    static func line(_ number: Int, of path: String) throws -> [UInt8]? {
        let descriptor = POSIXFile.openForReading(path)
        guard descriptor >= 0 else { return nil }
        defer { _ = POSIXFile.closeFile(descriptor) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var current = 1
        var line: [UInt8] = []
        while true {
            let got = chunk.withUnsafeMutableBytes { POSIXFile.readSome(descriptor, into: $0.baseAddress!, count: $0.count) }
            guard got > 0 else { return current == number && !line.isEmpty ? line : nil }
            var start = 0
            for index in 0..<got where chunk[index] == 0x0A {
                if current == number { return line + chunk[start..<index] }
                current += 1
                start = index + 1
            }
            if current == number {
                line += chunk[start..<got]
                if line.count > SessionLimits.maxLineBytes { return nil }
            }
        }
    }

    private static func parseEvents(_ line: [UInt8]) throws -> [String]? {
        try line.withUnsafeBytes { buffer in
            var scanner = JSONScanner(buffer)
            let json = try scanner.readValue()
            guard case .array(let events)? = json["events"] else { return nil }
            return events.map { event in
                JSON.object(["step", "cpu", "kind", "text"].map { ($0, event[$0] ?? .null) }).rendered(indent: nil)
            }
        }
    }
}
