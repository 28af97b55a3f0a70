#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The only code in csx that writes to sysfs: `1\n` or `0\n` into one device's
/// `enable_source` or `enable_sink`, when the caller asks (after `--allow-writes` and a
/// confirmation naming `describeTarget`). A write blocks (global CoreSight mutex, an IPI to
/// the tracer's CPU): call it off the UI thread, then poll again, since writing 0 reports
/// success even when nothing was disabled.
public enum SysfsWriter {
    /// The exact file `write` opens, for the confirmation prompt:
    /// `<root>/bus/coresight/devices/<device>/enable_source`.
    public static func describeTarget(device: String, kind: SysfsEnableKind, root: String) -> String {
        PathText.join(root, "bus/coresight/devices", device, kind.fileName)
    }

    public static func write(
        enable: Bool, device: String, kind: SysfsEnableKind, root: String
    ) -> Result<Void, SysfsWriteError> {
        let path = describeTarget(device: device, kind: kind, root: root)
        guard isPlainName(device) else {
            return .failure(SysfsWriteError(reason: .invalidDevice, errno: 0, path: path))
        }
        // No O_CREAT: a missing attribute is an error, never a new file. Only a regular file
        // is opened (lstat first, fstat after): a FIFO would block the open, a device node could
        // act on it. O_NOFOLLOW: an attribute is never a symlink, so one is not written through.
        // O_NONBLOCK does not change a sysfs write.
        var status = stat()
        guard lstat(path, &status) == 0 else { return .failure(SysfsWriteError(errno: errno, kind: kind, path: path)) }
        if let refusal = SystemError.notRegularFile(status.st_mode) { return .failure(SysfsWriteError(refusal, kind: kind, path: path)) }
        let descriptor = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return .failure(SysfsWriteError(errno: errno, kind: kind, path: path)) }
        defer { close(descriptor) }
        guard fstat(descriptor, &status) == 0 else { return .failure(SysfsWriteError(errno: errno, kind: kind, path: path)) }
        if let refusal = SystemError.notRegularFile(status.st_mode) { return .failure(SysfsWriteError(refusal, kind: kind, path: path)) }
        let text: [UInt8] = enable ? Array("1\n".utf8) : Array("0\n".utf8)
        var written = 0
        while written < text.count {
            let count = text[written...].withUnsafeBytes { writeBytes(descriptor, $0) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(SysfsWriteError(errno: errno, kind: kind, path: path))
            }
            written += count
        }
        return .success(())
    }

    private static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\0")
    }
}

/// The C `write`, out of reach of `SysfsWriter.write`'s name.
private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
    write(descriptor, bytes.baseAddress, bytes.count)
}
