/// An expander's packed scratch records, allocated once and written through pointers. Arrays
/// inside the expander would be reached through a closure capturing it, and Swift then copies
/// the world, budget and hints it passes to the encoder (a retain and a release per array, per
/// transition). Each expander owns its own (`Expander.withOwnScratch()`): one thread at a time.
final class ScratchWords: @unchecked Sendable {
    /// Words per record.
    let count: Int
    /// The last successor as packed.
    let successor: UnsafeMutablePointer<UInt64>
    /// Its canonical form (reductions on).
    let canonical: UnsafeMutablePointer<UInt64>
    /// A symmetric image of the canonical form.
    let image: UnsafeMutablePointer<UInt64>

    init(count: Int) {
        self.count = count
        successor = .allocate(capacity: 3 * count)
        successor.initialize(repeating: 0, count: 3 * count)
        canonical = successor + count
        image = canonical + count
    }

    deinit { successor.deallocate() }

    var allocatedBytes: Int { 3 * count * 8 }
}
