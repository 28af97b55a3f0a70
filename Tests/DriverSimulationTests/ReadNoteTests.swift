import DriverSimulation
import Testing

/// `WrittenArray`'s read note: the explorer's transition cache keys a move's successor on what
/// the move read, so every way of reading an element must note it while a note is attached,
/// and nothing is noted once it is detached.
@Suite struct ReadNoteTests {
    @Test func everyReadAndWriteIsNotedWhileAttached() {
        var array = WrittenArray([10, 20, 30, 40])
        let note = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
        defer { note.deallocate() }
        note.pointee = 0
        array.attachReadNote(note)
        #expect(array.notesReads(at: note))
        _ = array[1]
        #expect(note.pointee == 0b10)
        array[2] += 1
        #expect(note.pointee == 0b110, "a write reads the element it keeps the rest of")
        _ = array.withElement(3) { $0.pointee }
        #expect(note.pointee == 0b1110)
        note.pointee = 0
        _ = array.contains(99)
        #expect(note.pointee == 0b1111, "iterating reads each element")
        note.pointee = 0
        _ = array.withUnsafeBufferPointer { $0.count }
        #expect(note.pointee == ~0, "a buffer may read anything")
        note.pointee = 0
        _ = array == WrittenArray([1])
        #expect(note.pointee == ~0)
        note.pointee = 0
        array.attachReadNote(nil)
        #expect(!array.notesReads(at: note))
        _ = array[0]
        array[0] = 5
        #expect(note.pointee == 0)
    }

    @Test func aWorldNotesItsThreeArraysApart() {
        var world = World(topology: juno, driver: Driver(knobs: DriverKnobs(modePlacement: .caller, pmCode: .v1), savesSelfHosted: true))
        let notes = UnsafeMutablePointer<UInt64>.allocate(capacity: 3)
        defer { notes.deallocate() }
        notes.initialize(repeating: 7, count: 3)
        world.attachReadNotes(notes)
        #expect(notes[0] == 0 && notes[1] == 0 && notes[2] == 0, "cleared when attached")
        _ = world.withCPU(1) { $0.pointee.online }
        world.tracers[0].refcount = 1
        _ = world.parts.count
        #expect(notes[0] == 0b10)
        #expect(notes[1] == 0b1)
        #expect(notes[2] == 0)
        #expect(world.notesReads(at: notes))
        world.attachReadNotes(nil)
        #expect(!world.notesReads(at: notes))
        _ = world.cpus[0]
        #expect(notes[0] == 0b10)
    }
}
