import CoreSightModel
import SafeText

/// Names read from a tree (bus entries, the board's `model`, idle-state names) become names on
/// screen, in topologies and in session files: only plain, bounded ones are taken.
enum SysfsName {
    /// A bus entry name csx takes as a device name: 1 to `TopologyLimits.maxNameLength`
    /// characters, none blank or a control or format character (the kernel's names are
    /// `etm0`, `tmc_etr0`, `22040000.etm`).
    static func isPlain(_ name: String) -> Bool {
        !name.isEmpty && name.count <= TopologyLimits.maxNameLength && Echo.isInert(name)
            && !name.unicodeScalars.contains { $0 == " " || $0 == "/" || $0 == "\\" }
    }

    /// Text for a name on screen: escaped, cut to `TopologyLimits.maxNameLength` characters.
    static func display(_ text: String) -> String {
        let escaped = Echo.escaped(text, tokenLimit: TopologyLimits.maxNameLength)
        guard escaped.count > TopologyLimits.maxNameLength else { return escaped }
        return String(escaped.prefix(TopologyLimits.maxNameLength - 1)) + "…"
    }
}
