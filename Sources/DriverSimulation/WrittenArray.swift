/// An array that notes which elements were written through it: the explorer clears the note,
/// applies a move, and re-packs only the CPUs, tracers and components the move wrote. Reading
/// notes nothing; any write (subscript, a mutable buffer, a new array) notes the elements it
/// may have changed. Equality and hashing are the elements' alone. Inlinable throughout: the
/// explorer's hot paths read and write these from another module.
@frozen
public struct WrittenArray<Element: Sendable & Hashable>: Sendable, Hashable, RandomAccessCollection, MutableCollection,
    ExpressibleByArrayLiteral
{
    @usableFromInline var storage: [Element]
    /// Bit `min(i, 63)` set: element `i` may have been written since the last `forgetWrites()`.
    @usableFromInline var written: UInt64 = ~0

    @inlinable public init(_ elements: [Element]) { storage = elements }
    @inlinable public init(arrayLiteral elements: Element...) { storage = elements }
    @inlinable public init(repeating element: Element, count: Int) { storage = Array(repeating: element, count: count) }


    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { storage.count }
    @inlinable public var count: Int { storage.count }
    @inlinable public var isEmpty: Bool { storage.isEmpty }
    @inlinable public var indices: Range<Int> { 0..<storage.count }
    @inlinable public func index(after i: Int) -> Int { i + 1 }
    @inlinable public func index(before i: Int) -> Int { i - 1 }

    @inlinable static func bit(_ index: Int) -> UInt64 { 1 << UInt64(Swift.min(index, 63)) }

    @inlinable public subscript(index: Int) -> Element {
        get { storage[index] }
        _modify {
            written |= Self.bit(index)
            yield &storage[index]
        }
    }

    /// Whether element `index` may have been written since the last `forgetWrites()`.
    @inlinable public func wasWritten(_ index: Int) -> Bool { written & Self.bit(index) != 0 }

    /// Whether any element may have been written since the last `forgetWrites()`.
    @inlinable public var anyWritten: Bool { written != 0 }

    /// Starts a new note: nothing written.
    @inlinable public mutating func forgetWrites() { written = 0 }

    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// Notes every element written.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (inout UnsafeMutableBufferPointer<Element>) throws -> R)
        rethrows -> R
    {
        written = ~0
        return try storage.withUnsafeMutableBufferPointer(body)
    }

    @inlinable public static func == (a: Self, b: Self) -> Bool { a.storage == b.storage }
    @inlinable public func hash(into hasher: inout Hasher) { hasher.combine(storage) }
}
