/// The latest reading of every polled file of a remote board, in `SysfsPoller.pollPaths`
/// order: the remote script sends only what changed, so this keeps the rest.
public struct RemoteValues: PollFiles, Sendable, Hashable {
    enum Reading: Sendable, Hashable {
        case bytes([UInt8])
        /// The board's `strerror` text, mapped back to an errno where it is a known one.
        case failed(code: Int32, text: String)
        /// Not read yet.
        case unknown
    }

    private(set) var readings: [Reading]

    public init(count: Int) {
        readings = [Reading](repeating: .unknown, count: count)
    }

    public var count: Int { readings.count }

    /// File `index` read `bytes` (cut to an attribute's size, as a local read would be).
    public mutating func set(_ index: Int, bytes: some Collection<UInt8>) {
        guard readings.indices.contains(index) else { return }
        readings[index] = .bytes(Array(bytes.prefix(FileAccess.attributeLimit)))
    }

    /// File `index` could not be read; `text` is what the board's shell said.
    public mutating func set(_ index: Int, failure text: String) {
        guard readings.indices.contains(index) else { return }
        readings[index] = .failed(code: RemoteErrno.code(forMessage: text), text: text)
    }

    func read(_ index: Int, into buffer: UnsafeMutableRawBufferPointer, syscalls: inout Int) -> PollRead {
        guard readings.indices.contains(index) else { return .failed(SystemError(code: RemoteErrno.unknownCode)) }
        switch readings[index] {
        case .bytes(let bytes):
            let count = min(bytes.count, buffer.count)
            bytes.withUnsafeBytes { source in
                if count > 0 { buffer.baseAddress!.copyMemory(from: source.baseAddress!, byteCount: count) }
            }
            return .bytes(count)
        case .failed(let code, let text):
            return .failed(code == RemoteErrno.unknownCode ? SystemError(code: code, reason: SysfsName.display(text)) : SystemError(code: code))
        case .unknown:
            return .failed(SystemError(code: RemoteErrno.unknownCode, reason: "not read yet"))
        }
    }
}
