/// What one file gave a poll: its first bytes (copied into the poll's buffer), or why not.
enum PollRead {
    case bytes(Int)
    case failed(SystemError)
}

/// The files one poller reads, by index: kept-open descriptors (`KeptFiles`) or the values a
/// remote board sent (`RemoteValues`).
protocol PollFiles: Sendable {
    /// Copies the start of file `index` into `buffer`; `syscalls` counts the calls made.
    func read(_ index: Int, into buffer: UnsafeMutableRawBufferPointer, syscalls: inout Int) -> PollRead
}
