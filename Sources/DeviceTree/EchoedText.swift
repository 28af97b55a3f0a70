import SafeText

/// Messages quote names, paths and text from the source: escaped, long tokens cut (kept long
/// enough for a real node path), and the whole message bounded, so one line reaches the user.
enum EchoedText {
    static let tokenLimit = 160
    static let messageLimit = 1000

    static func line(_ text: String) -> String {
        let escaped = Echo.escaped(text, tokenLimit: tokenLimit)
        guard escaped.count > messageLimit else { return escaped }
        return String(escaped.prefix(messageLimit - 1)) + "…"
    }
}
