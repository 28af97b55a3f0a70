/// An array that notes which elements were written through it: the explorer clears the note,
/// applies a move, and re-packs only the CPUs, tracers and components the move wrote. Any write
/// (subscript, a mutable buffer, a new array) notes the elements it may have changed. While a
/// read note is attached (`ReadNote`), every element read or written is noted there as well:
/// the explorer's transition cache keys a move's successor on what the move read. Equality
/// and hashing are the elements' alone. Inlinable throughout: the explorer's hot paths read
/// and write these from another module.
@frozen
public struct WrittenArray<Element: Sendable & Hashable>: Sendable, Hashable, RandomAccessCollection, MutableCollection,
    ExpressibleByArrayLiteral
{
    @usableFromInline var storage: [Element]
    /// Bit `min(i, 63)` set: element `i` may have been written since the last `forgetWrites()`.
    @usableFromInline var written: UInt64 = ~0
    /// Where reads are noted, same bits as `written` (none attached: nothing noted).
    @usableFromInline var readNote = ReadNote()

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
        get {
            readNote.note(element: index)
            return storage[index]
        }
        _modify {
            // A write keeps the element's other fields: what it leaves depends on what it held.
            readNote.note(element: index)
            written |= Self.bit(index)
            yield &storage[index]
        }
    }

    /// Reads element `index` in place (no copy of the arrays inside it).
    @inlinable
    public func withElement<R>(_ index: Int, _ body: (UnsafePointer<Element>) throws -> R) rethrows -> R {
        readNote.note(element: index)
        return try storage.withUnsafeBufferPointer { try body($0.baseAddress! + index) }
    }

    /// Whether element `index` may have been written since the last `forgetWrites()`.
    @inlinable public func wasWritten(_ index: Int) -> Bool { written & Self.bit(index) != 0 }

    /// Whether any element may have been written since the last `forgetWrites()`.
    @inlinable public var anyWritten: Bool { written != 0 }

    /// Starts a new note: nothing written.
    @inlinable public mutating func forgetWrites() { written = 0 }

    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        readNote.noteAll()
        return try storage.withUnsafeBufferPointer(body)
    }

    /// Notes every element written.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (inout UnsafeMutableBufferPointer<Element>) throws -> R)
        rethrows -> R
    {
        readNote.noteAll()
        written = ~0
        return try storage.withUnsafeMutableBufferPointer(body)
    }

    /// Notes every element read from now on at `pointer` (nil: stops noting).
    @inlinable public mutating func attachReadNote(_ pointer: UnsafeMutablePointer<UInt64>?) {
        readNote = ReadNote(pointer)
    }

    /// Whether reads are noted at `pointer` (a move that replaced the whole array would have lost it).
    @inlinable public func notesReads(at pointer: UnsafeMutablePointer<UInt64>) -> Bool { readNote.pointer == pointer }

    @inlinable public static func == (a: Self, b: Self) -> Bool {
        a.readNote.noteAll()
        b.readNote.noteAll()
        return a.storage == b.storage
    }
    @inlinable public func hash(into hasher: inout Hasher) {
        readNote.noteAll()
        hasher.combine(storage)
    }
}

/// Where a `WrittenArray` notes the elements read. Attached only to the explorer's scratch
/// world, by the thread that owns it, for one `Engine.apply`, and detached before the world
/// is copied anywhere else: so never written from two threads.
@frozen
public struct ReadNote: @unchecked Sendable {
    @usableFromInline let pointer: UnsafeMutablePointer<UInt64>?

    @inlinable public init(_ pointer: UnsafeMutablePointer<UInt64>? = nil) { self.pointer = pointer }

    /// Notes element `index` (bit `min(index, 63)`, as `WrittenArray.written`). Nothing is
    /// computed without a note: this runs on every read of every world.
    @inlinable func note(element index: Int) {
        if let pointer { pointer.pointee |= 1 << UInt64(Swift.min(index, 63)) }
    }

    @inlinable func noteAll() {
        if let pointer { pointer.pointee = ~0 }
    }
}
