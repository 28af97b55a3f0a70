/// The running totals of one read, shared by the scanner and the throwaway scanners that
/// evaluate `#if` lines, so the limits hold across all of them.
final class PreprocessorBudget {
    let limits: DeviceTreeLimits
    private(set) var includes = 0
    private(set) var totalBytes = 0

    init(limits: DeviceTreeLimits) { self.limits = limits }

    /// Charges one file opening of `bytes`; the reason it cannot be read, or nil.
    func chargeFile(bytes: Int) -> String? {
        guard bytes <= limits.maxFileBytes else {
            return "is \(bytes) bytes; at most \(limits.maxFileBytes) are read per file"
        }
        return chargeBytes(bytes)
    }

    /// Charges one `#include` or `/include/` followed (read or not).
    func chargeInclude() -> String? {
        includes += 1
        guard includes <= limits.maxIncludes else { return "more than \(limits.maxIncludes) includes in all" }
        return nil
    }

    /// Charges bytes about to be read (a file, a macro body); the reason they cannot be, or nil.
    func chargeBytes(_ bytes: Int) -> String? {
        totalBytes += bytes
        guard totalBytes <= limits.maxTotalBytes else {
            return "would bring the source, its includes and macros to more than \(limits.maxTotalBytes) bytes"
        }
        return nil
    }
}
