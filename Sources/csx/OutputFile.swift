#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a whole output file (an SVG, a trace) with the system's own words on failure:
/// "cannot write /x/y.svg: No such file or directory". Written next to the target and renamed
/// over it, so a failed write never leaves half a file where a good one was.
enum OutputFile {
    static func write(_ text: String, to path: String) throws(BadInput) {
        let temporary = path + ".csx-partial"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(path) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                let error = failure(path)
                close(descriptor)
                unlink(temporary)
                throw error
            }
            bytes = bytes.dropFirst(count)
        }
        guard close(descriptor) == 0, rename(temporary, path) == 0 else {
            let error = failure(path)
            unlink(temporary)
            throw error
        }
    }

    private static func failure(_ path: String) -> BadInput {
        BadInput("cannot write \(path): \(String(cString: strerror(errno)))")
    }
}
