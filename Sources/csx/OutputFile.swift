import Sessions

/// Writes a whole output file (an SVG, a trace): a regular file, or standard output for `-`;
/// anything else at the path is refused and left alone (`OutputTarget`), and a regular file is
/// replaced only once the new one is complete. Errors are one line with the system's words:
/// "cannot write /x/y.svg: No such file or directory".
enum OutputFile {
    static func write(_ text: String, to path: String) throws(BadInput) {
        do { try OutputTarget.write(Array(text.utf8), to: path) } catch { throw BadInput(error.description) }
    }

    /// Refuses a path before any work is done for it (so nothing is half made).
    static func check(_ path: String, allowsStandardOutput: Bool = true) throws(BadInput) {
        do { try OutputTarget.check(path, allowsStandardOutput: allowsStandardOutput) } catch { throw BadInput(error.description) }
    }
}
