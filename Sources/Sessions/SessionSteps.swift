public import DriverSimulation

/// A session's action lines, compactly: per line a packed action, an events digest and the
/// line number (20 bytes), in three flat arrays. Events are not kept: a replay re-derives them
/// by simulating, and `--verify` compares digests.
public struct SessionSteps: Sendable {
    var packed: [UInt64] = []
    var digests: [UInt64] = []
    var lines: [UInt32] = []
    var names = NameTable()

    public var count: Int { packed.count }

    public func action(at index: Int) -> Action { PackedAction(raw: packed[index]).action(names: names.names) }
    public func isSetup(at index: Int) -> Bool { PackedAction(raw: packed[index]).isSetup }
    /// The 1-based line of the file the action is on.
    public func line(at index: Int) -> Int { Int(lines[index]) }
    func digest(at index: Int) -> UInt64 { digests[index] }

    mutating func append(_ action: PackedAction, digest: UInt64, line: Int) {
        packed.append(action.raw)
        digests.append(digest)
        lines.append(UInt32(clamping: line))
    }

    /// Gives back the spare capacity that growth by doubling left (up to half of each array):
    /// what is held afterwards is what the lines need, whatever the allocator's history was.
    mutating func trimCapacity() {
        packed = Self.exactly(packed)
        digests = Self.exactly(digests)
        lines = Self.exactly(lines)
    }

    private static func exactly<Element: BitwiseCopyable>(_ array: [Element]) -> [Element] {
        guard array.capacity > array.count else { return array }
        return [Element](unsafeUninitializedCapacity: array.count) { buffer, initialized in
            initialized = array.withUnsafeBufferPointer { buffer.initialize(fromContentsOf: $0) }
        }
    }

    /// Heap bytes these arrays hold (capacity, not count: what is really allocated).
    public var residentBytes: Int {
        packed.capacity * 8 + digests.capacity * 8 + lines.capacity * 4 + names.residentBytes
    }
}
