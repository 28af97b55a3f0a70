#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a board says about its kernel, beside the CoreSight tree: `pm_save_enable` (the ETMv4
/// driver's module parameter) and the release it runs. Each fact names where it was read, or
/// is nil: unknown, never guessed.
public struct BoardFacts: Sendable, Hashable {
    /// The module parameter's file, relative to the sysfs root.
    public static let pmSaveFile = "module/coresight_etm4x/parameters/pm_save_enable"
    /// The release's file, beside the sysfs root (`/sys/../proc/...` is `/proc/...`).
    public static let releaseFile = "proc/sys/kernel/osrelease"

    /// 0 firmware, 1 never, 2 self-hosted, as the file reads; nil when absent or unreadable
    /// (the driver is not loaded, or built without the parameter).
    public var pmSaveEnable: Int?
    /// `6.18.5-arm64`, cut to 64 characters and escaped.
    public var kernelRelease: String?
    /// Where the release came from: `proc/sys/kernel/osrelease` or `uname -r`.
    public var kernelReleaseSource: String?

    public init(pmSaveEnable: Int? = nil, kernelRelease: String? = nil, kernelReleaseSource: String? = nil) {
        self.pmSaveEnable = pmSaveEnable
        self.kernelRelease = kernelRelease
        self.kernelReleaseSource = kernelReleaseSource
    }

    /// Reads both under a local root: the release from `proc/` beside it, else (for `/sys`
    /// itself) this machine's `uname`.
    public static func read(root: String) -> BoardFacts {
        var facts = BoardFacts()
        guard case .success(let real) = FileAccess.realPath(root) else { return facts }
        if case .success(let bytes) = FileAccess.readBytes(PathText.join(real, pmSaveFile)) {
            facts.pmSaveEnable = pmSave(bytes)
        }
        if case .success(let text) = FileAccess.readText(PathText.join(PathText.parent(real), releaseFile)), !text.isEmpty {
            facts.kernelRelease = release(text)
            facts.kernelReleaseSource = releaseFile
        } else if real == "/sys" {
            var names = utsname()
            if uname(&names) == 0 {
                facts.kernelRelease = release(withUnsafeBytes(of: names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) })
                facts.kernelReleaseSource = "uname -r"
            }
        }
        return facts
    }

    /// 0, 1 or 2; anything else is not a value the driver takes.
    static func pmSave(_ bytes: some Collection<UInt8>) -> Int? {
        guard let value = SysfsValue.decimal(bytes), value <= 2 else { return nil }
        return Int(value)
    }

    /// The first line, escaped, at most 64 characters (a release is short; a longer one is a
    /// hostile file).
    static func release(_ text: String) -> String {
        let line = text.split(separator: "\n").first.map(String.init) ?? ""
        return SysfsName.display(String(line.prefix(64)))
    }
}
