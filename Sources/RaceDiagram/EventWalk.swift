import DriverSimulation

/// The records' events in order, each with whether it is setup, read at most
/// `DiagramOptions.maxEvents` times; the rest is only counted.
struct EventWalk {
    let records: [StepRecord]
    let isSetup: (Int) -> Bool

    /// Where reading stopped, and the violations among the events not read.
    struct Cut { var step: Int; var violations: Int }

    /// Calls `body` for each event read; returns where it stopped, if it did.
    func forEach(_ body: (Event, Bool) -> Void) -> Cut? {
        var read = 0
        var cut: Cut?
        for index in records.indices {
            let setup = isSetup(index)
            for event in records[index].events {
                if read < DiagramOptions.maxEvents {
                    read += 1
                    body(event, setup)
                } else if cut == nil {
                    cut = Cut(step: event.step, violations: event.violation == nil ? 0 : 1)
                } else if event.violation != nil {
                    cut?.violations += 1
                }
            }
        }
        return cut
    }
}
