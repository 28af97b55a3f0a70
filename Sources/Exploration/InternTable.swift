/// Small ids for the variable-size values a packed state refers to (a path's hops, a list of
/// pending cross-calls). Per search and append-only; id 0 is `first` (nil or empty).
struct InternTable<Value: Hashable & Sendable>: Sendable {
    private(set) var values: [Value]
    private var ids: [Value: Int]
    /// Ids stay below this (the width of the field that holds them).
    let limit: Int

    init(first: Value, limit: Int) {
        values = [first]
        ids = [first: 0]
        self.limit = limit
    }

    var count: Int { values.count }

    /// The id of `value`: `hint` when it is that one (the common case, one comparison that
    /// usually hits the arrays' shared storage), else a lookup; nil when it is new.
    @inline(__always) func id(of value: Value, hint: Int) -> Int? {
        if values[hint] == value { return hint }
        return ids[value]
    }

    /// The id of `value`, adding it when new.
    mutating func intern(_ value: Value) -> Int {
        if let id = ids[value] { return id }
        guard values.count < limit else {
            preconditionFailure("packed state: more than \(limit) distinct \(Value.self) values (the layout's bound)")
        }
        ids[value] = values.count
        values.append(value)
        return values.count - 1
    }

    /// Bytes this table holds (its arrays' and dictionary's storage, with the values' own
    /// arrays estimated by `elementBytes`).
    func allocatedBytes(elementBytes: (Value) -> Int) -> Int {
        let stride = MemoryLayout<Value>.stride
        var bytes = values.capacity * stride + ids.capacity * (stride + MemoryLayout<Int>.stride) * 4 / 3
        for value in values { bytes += elementBytes(value) }
        return bytes
    }
}
