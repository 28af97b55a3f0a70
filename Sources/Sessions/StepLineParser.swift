import CoreSightModel
import DriverSimulation
import OrderedJSON
import SafeText

/// Reads one line after the header. Action lines, the bulk of a session, are read in one pass
/// without building JSON values: the action text goes to `FastActionParser`, the events to a
/// digest. Change lines (live sessions, a few a second) are decoded the ordinary way.
enum StepLineParser {
    enum Line {
        case action(PackedAction, digest: UInt64)
        case change(TimedLiveChange)
        /// A line type a newer minor version added, or a change kind this csx does not know.
        case unknown
    }

    static func parse(_ bytes: UnsafeRawBufferPointer, names: inout NameTable) throws(FormatProblem) -> Line {
        var scanner = JSONScanner(bytes)
        var type: JSONScanner.RawString?
        var setup = false
        var action: JSONScanner.RawString?
        var digest: UInt64?
        do throws(JSONScanner.Failure) {
            try scanner.readObject { (s, key) throws(JSONScanner.Failure) in
                if s.equals(key, "type") {
                    guard s.peek() == UInt8(ascii: "\"") else { throw s.fail("expected \"type\" to be a string") }
                    type = try s.readRawString()
                } else if s.equals(key, "setup") {
                    setup = try s.readBool()
                } else if s.equals(key, "action") {
                    guard s.peek() == UInt8(ascii: "\"") else { throw s.fail("expected \"action\" to be a string") }
                    action = try s.readRawString()
                } else if s.equals(key, "events") {
                    digest = try readEvents(&s)
                } else {
                    try s.skipValue(depth: 1)
                }
            }
            guard scanner.peek() == nil else { throw scanner.fail("unexpected \(scanner.found()) after the line's object") }
        } catch {
            throw FormatProblem("malformed JSON at column \(error.offset + 1): \(error.message)")
        }
        guard let type else { throw FormatProblem("the line has no \"type\" (action or change)") }
        if scanner.equals(type, "action") {
            guard let action else { throw FormatProblem("an action line needs \"action\"") }
            guard let digest else { throw FormatProblem("an action line needs \"events\"") }
            guard action.end - action.start <= SessionLimits.maxActionBytes else {
                throw FormatProblem("an action longer than \(SessionLimits.maxActionBytes) bytes")
            }
            let packed = try pack(action, scanner: scanner, names: &names, setup: setup)
            guard names.names.count <= SessionLimits.maxNames else {
                throw FormatProblem("more than \(SessionLimits.maxNames) distinct component names in the actions")
            }
            return .action(packed, digest: digest)
        }
        if scanner.equals(type, "change") {
            return try change(bytes)
        }
        return .unknown
    }

    private static func pack(
        _ raw: JSONScanner.RawString, scanner: JSONScanner, names: inout NameTable, setup: Bool
    ) throws(FormatProblem) -> PackedAction {
        if !raw.escaped,
            let packed = FastActionParser.parse(
                UnsafeRawBufferPointer(rebasing: scanner.bytes[raw.start..<raw.end]), names: &names, setup: setup)
        {
            return packed
        }
        let text = scanner.string(raw)
        let parsed: Action
        do { parsed = try ActionParser.parseOne(text) } catch {
            throw FormatProblem("action \"\(Echo.escaped(text))\": \(error)")
        }
        guard let packed = names.pack(parsed, setup: setup) else {
            throw FormatProblem("action \"\(Echo.escaped(text))\": CPU number too large")
        }
        return packed
    }

    /// `[{"step", "cpu", "kind", "text"}, ...]` → their digest; other keys are skipped.
    private static func readEvents(_ s: inout JSONScanner) throws(JSONScanner.Failure) -> UInt64 {
        var digest = EventDigest()
        var index = 0
        try s.readArray(depth: 1) { (s) throws(JSONScanner.Failure) in
            index += 1
            var step: Int?
            var cpu: Int??
            var kind: JSONScanner.RawString?
            var text: JSONScanner.RawString?
            try s.readObject(depth: 2) { (s, key) throws(JSONScanner.Failure) in
                if s.equals(key, "step") {
                    step = try s.readInt()
                } else if s.equals(key, "cpu") {
                    cpu = try s.readNull() ? .some(nil) : .some(try s.readInt())
                } else if s.equals(key, "kind") {
                    guard s.peek() == UInt8(ascii: "\"") else { throw s.fail("expected \"kind\" to be a string") }
                    kind = try s.readRawString()
                } else if s.equals(key, "text") {
                    guard s.peek() == UInt8(ascii: "\"") else { throw s.fail("expected \"text\" to be a string") }
                    text = try s.readRawString()
                } else {
                    try s.skipValue(depth: 3)
                }
            }
            guard let step, let cpu, let kind, let text else {
                throw s.fail("event \(index) needs \"step\", \"cpu\", \"kind\" and \"text\"")
            }
            mix(kind, s) { kindBytes in
                mix(text, s) { textBytes in
                    digest.mixEvent(step: step, cpu: cpu, kind: kindBytes, text: textBytes)
                }
            }
        }
        return digest.value
    }

    /// Lends a raw string's decoded bytes: in place when it has no escapes.
    private static func mix(_ raw: JSONScanner.RawString, _ s: JSONScanner, _ body: (UnsafeRawBufferPointer) -> Void) {
        if raw.escaped {
            s.unescapedBytes(raw).withUnsafeBytes(body)
        } else {
            body(UnsafeRawBufferPointer(rebasing: s.bytes[raw.start..<raw.end]))
        }
    }

    private static func change(_ bytes: UnsafeRawBufferPointer) throws(FormatProblem) -> Line {
        var scanner = JSONScanner(bytes)
        let json: OrderedJSON.JSON
        do throws(JSONScanner.Failure) { json = try scanner.readValue() } catch {
            throw FormatProblem("malformed JSON at column \(error.offset + 1): \(error.message)")
        }
        let time = try json.int("t")
        guard time >= 0 else { throw FormatProblem("expected \"t\" to be 0 or more") }
        guard let change = try LiveChange.decode(json) else { return .unknown }
        // What a change keeps is a component name: no longer than a topology's names may be.
        if case .enabled(let device, let kind, _) = change,
            device.utf8.count > TopologyLimits.maxNameLength || kind.utf8.count > TopologyLimits.maxNameLength
        {
            throw FormatProblem("a device name longer than \(TopologyLimits.maxNameLength) bytes")
        }
        return .change(TimedLiveChange(monotonicNanoseconds: UInt64(time), change: change))
    }
}
