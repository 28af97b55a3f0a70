/// The styles the panels use, by meaning. Colours degrade to attributes under NO_COLOR (see
/// `ColorMode`): what is bad stays bold/reverse, what is fine stays plain.
public enum Theme {
    public static let text = Style()
    public static let dim = Style(foreground: .brightBlack)
    public static let label = Style(foreground: .cyan)
    public static let header = Style(foreground: .black, background: .cyan)
    public static let headerStrong = Style(foreground: .black, background: .cyan, attributes: [.bold])
    public static let border = Style(foreground: .brightBlack)
    public static let focusedBorder = Style(foreground: .cyan, attributes: [.bold])
    public static let title = Style(foreground: .white, attributes: [.bold])
    public static let ok = Style(foreground: .green)
    public static let okStrong = Style(foreground: .brightGreen, attributes: [.bold])
    public static let warn = Style(foreground: .yellow)
    public static let bad = Style(foreground: .brightRed, attributes: [.bold])
    public static let badBlock = Style(foreground: .white, background: .red, attributes: [.bold])
    public static let external = Style(foreground: .magenta, attributes: [.bold])
    public static let idle = Style(foreground: .blue)
    public static let handler = Style(foreground: .yellow)
    public static let selected = Style(attributes: [.reverse])
    public static let cursor = Style(foreground: .black, background: .white)
    public static let key = Style(foreground: .cyan, attributes: [.bold])
    public static let active = Style(foreground: .brightGreen, attributes: [.bold])
}
