#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import OrderedJSON

/// Reads a session file line by line, streaming (a 1 MiB window, not the whole file, grown
/// only for a longer line and never past `SessionLimits.maxLineBytes` + 1):
/// line 1 must be the header; a malformed line is `FILE:LINE: what is wrong`; a last line
/// without its newline that does not parse is torn (the writer was stopped mid-line) and is
/// skipped with a warning; unknown keys and line types are skipped.
public enum SessionLoader {
    public static func load(path: String) throws(SessionError) -> LoadedSession {
        let descriptor = POSIXFile.openForReading(path)
        guard descriptor >= 0 else {
            throw SessionError(file: path, message: "cannot open: \(POSIXFile.message(POSIXFile.lastError))")
        }
        defer { _ = POSIXFile.closeFile(descriptor) }
        var parser = LineParser(path: path)
        var window = [UInt8](repeating: 0, count: 1 << 20)
        var filled = 0
        var lineNumber = 0
        while true {
            if filled == window.count {
                // The line under way fills the window: grow it, but never past the longest line
                // a session may hold.
                guard window.count <= SessionLimits.maxLineBytes else { throw parser.tooLong(line: lineNumber + 1) }
                let growth = min(window.count, SessionLimits.maxLineBytes + 1 - window.count)
                window.append(contentsOf: [UInt8](repeating: 0, count: growth))
            }
            let got = window.withUnsafeMutableBytes { buffer in
                POSIXFile.readSome(descriptor, into: buffer.baseAddress! + filled, count: buffer.count - filled)
            }
            if got < 0 { throw SessionError(file: path, message: "cannot read: \(POSIXFile.message(Int32(-got)))") }
            if got == 0 { break }
            let end = filled + got
            let consumed = try window.withUnsafeBytes { buffer in
                Result { () throws(SessionError) in
                    try parser.feedCompleteLines(UnsafeRawBufferPointer(rebasing: buffer[..<end]), lineNumber: &lineNumber)
                }
            }.get()
            // Keep the incomplete tail at the start of the window.
            if consumed > 0 {
                window.withUnsafeMutableBytes { buffer in
                    let base = buffer.baseAddress!
                    base.copyMemory(from: base + consumed, byteCount: end - consumed)
                }
            }
            filled = end - consumed
        }
        try window.withUnsafeBytes { buffer in
            Result { () throws(SessionError) in
                try parser.feedLast(UnsafeRawBufferPointer(rebasing: buffer[..<filled]), lineNumber: lineNumber + 1)
            }
        }.get()
        return try parser.finish()
    }

    /// The same from bytes in memory (`name` stands for the file in messages).
    public static func load(bytes: [UInt8], name: String) throws(SessionError) -> LoadedSession {
        try load(bytes: bytes, name: name, parser: LineParser(path: name))
    }

    /// With a parser whose limits a test may have lowered.
    static func load(bytes: [UInt8], name: String, parser: LineParser) throws(SessionError) -> LoadedSession {
        var parser = parser
        var lineNumber = 0
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(SessionError) in
                let consumed = try parser.feedCompleteLines(buffer, lineNumber: &lineNumber)
                try parser.feedLast(UnsafeRawBufferPointer(rebasing: buffer[consumed...]), lineNumber: lineNumber + 1)
            }
        }.get()
        return try parser.finish()
    }
}

/// Turns lines into a `LoadedSession`.
struct LineParser {
    let path: String
    var session: LoadedSession?
    /// `SessionLimits`' counts, smaller in tests.
    var maxActionLines = SessionLimits.maxActionLines
    var maxChangeLines = SessionLimits.maxChangeLines

    init(path: String) { self.path = path }

    /// Every newline-terminated line in `bytes`; returns how many bytes they took.
    mutating func feedCompleteLines(_ bytes: UnsafeRawBufferPointer, lineNumber: inout Int) throws(SessionError) -> Int {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        var start = 0
        while start < bytes.count {
            guard let found = memchr(base + start, 0x0A, bytes.count - start) else { break }
            let end = base.distance(to: UnsafeRawPointer(found))
            lineNumber += 1
            try line(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), number: lineNumber)
            start = end + 1
        }
        return start
    }

    /// What follows the last newline: nothing, a complete line without its newline, or a torn one.
    mutating func feedLast(_ bytes: UnsafeRawBufferPointer, lineNumber: Int) throws(SessionError) {
        guard bytes.count <= SessionLimits.maxLineBytes else { throw tooLong(line: lineNumber) }
        guard !Self.isBlank(bytes) else { return }
        do {
            try line(bytes, number: lineNumber)
        } catch {
            if session == nil {
                throw SessionError(file: path, line: lineNumber, message: "the file ends inside its header line (torn: \(error.message))")
            }
            session?.warnings.append(
                "\(path):\(lineNumber): torn last line skipped (\(bytes.count) bytes, no newline: the recording was cut off)")
        }
    }

    func tooLong(line: Int) -> SessionError {
        SessionError(file: path, line: line, message: "a line longer than \(SessionLimits.maxLineBytes >> 20) MiB: not a csx session line")
    }

    mutating func finish() throws(SessionError) -> LoadedSession {
        guard var loaded = session else { throw SessionError(file: path, message: "empty file: not a csx session") }
        session = nil  // the only reference, so trimming copies nothing twice
        loaded.steps.trimCapacity()
        return loaded
    }

    private mutating func line(_ bytes: UnsafeRawBufferPointer, number: Int) throws(SessionError) {
        guard bytes.count <= SessionLimits.maxLineBytes else { throw tooLong(line: number) }
        guard session != nil else {
            session = LoadedSession(path: path, header: try header(bytes, number: number))
            return
        }
        if Self.isBlank(bytes) { return }
        do throws(FormatProblem) {
            switch try StepLineParser.parse(bytes, names: &session!.steps.names) {
            case .action(let action, let digest):
                guard session!.steps.count < maxActionLines else {
                    throw FormatProblem("more than \(maxActionLines) action lines: csx reads at most that many")
                }
                session!.steps.append(action, digest: digest, line: number)
            case .change(let change):
                guard session!.changes.count < maxChangeLines else {
                    throw FormatProblem("more than \(maxChangeLines) change lines: csx reads at most that many")
                }
                try session!.appendLiveChange(change)
            case .unknown: session!.unknownLines += 1
            }
        } catch {
            throw SessionError(file: path, line: number, message: error.message)
        }
    }

    private func header(_ bytes: UnsafeRawBufferPointer, number: Int) throws(SessionError) -> SessionHeader {
        var scanner = JSONScanner(bytes)
        do {
            let json = try scanner.readValue()
            guard scanner.peek() == nil else { throw scanner.fail("unexpected \(scanner.found()) after the header object") }
            return try SessionHeader.decode(json)
        } catch let failure as JSONScanner.Failure {
            throw SessionError(file: path, line: number, message: "not a csx session: malformed JSON at column \(failure.offset + 1): \(failure.message)")
        } catch let problem as FormatProblem {
            throw SessionError(file: path, line: number, message: problem.message)
        } catch {
            throw SessionError(file: path, line: number, message: "\(error)")
        }
    }

    static func isBlank(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}
