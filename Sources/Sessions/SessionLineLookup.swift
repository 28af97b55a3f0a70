import Foundation
import OrderedJSON

/// Re-reads one line of a session file (only when something must be explained, so slow is fine).
enum SessionLineLookup {
    /// The events of action line `number`, each as `{"step","cpu","kind","text"}` compact JSON
    /// (keys in that order, whatever the file's order), or nil when it cannot be read.
    static func events(onLine number: Int, of path: String) throws -> [String]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        var current = 1
        var start = 0
        for (offset, byte) in bytes.enumerated() where byte == 0x0A {
            if current == number { return try parseEvents(Array(bytes[start..<offset])) }
            current += 1
            start = offset + 1
        }
        return current == number ? try parseEvents(Array(bytes[start...])) : nil
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
