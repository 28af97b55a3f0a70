import CoreSightModel
import Foundation
import LiveSysfs

/// The known-races search of the live view, off the key loop: on a 256-CPU board the shipped
/// scenarios take seconds to explore, and the screen must not wait for them. Started once
/// with the first connection; the feed takes the result on a later poll.
final class LiveRaceSearch: @unchecked Sendable {
    // @unchecked: `result` is only touched under `lock`.
    private let lock = NSLock()
    private var result: LiveKernel.Summary?

    init(facts: BoardFacts, topology: CoreSightModel.Topology) {
        let thread = Thread { [self] in
            let summary = LiveKernel.summary(facts: facts, topology: topology)
            lock.lock()
            result = summary
            lock.unlock()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The summary once the search is done (then nil again: taken once).
    func take() -> LiveKernel.Summary? {
        lock.lock()
        defer { lock.unlock() }
        defer { result = nil }
        return result
    }
}
