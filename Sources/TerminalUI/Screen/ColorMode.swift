/// Whether the terminal shows colours, and how styles degrade when it does not.
public enum ColorMode: Sendable, Hashable {
    case color
    /// Attributes only: colours are mapped to bold / underline / reverse by `Style.resolved(for:)`.
    case monochrome

    /// `NO_COLOR` present in the environment (any value, even empty, as the project's TUI notes
    /// ask: stricter than no-color.org, which ignores an empty value) or a terminal without
    /// colours means monochrome.
    public static func detect(environment: [String: String], terminalHasColors: Bool) -> ColorMode {
        if environment["NO_COLOR"] != nil || !terminalHasColors { return .monochrome }
        return .color
    }
}

extension Style {
    /// The style as the terminal should draw it in `mode`.
    ///
    /// Monochrome mapping (colours dropped, meaning kept):
    /// - red foreground (errors, violations) → bold + underline;
    /// - yellow or magenta foreground (warnings, attention) → bold;
    /// - bright black foreground (secondary text) → dim;
    /// - other foregrounds → no extra attribute;
    /// - any non-default background (highlights, selections, red violation cells) → reverse, so a
    ///   coloured block stays a visible block;
    /// - the style's own attributes are kept.
    /// A red background (the loudest colour use) thus becomes reverse, and red text bold + underline:
    /// a violation is still visible without colour.
    public func resolved(for mode: ColorMode) -> Style {
        guard mode == .monochrome else { return self }
        var attributes = self.attributes
        switch foreground.basic {
        case .red: attributes.formUnion([.bold, .underline])
        case .yellow, .magenta: attributes.insert(.bold)
        case .black where foreground == .brightBlack: attributes.insert(.dim)
        default: break
        }
        if background != .default { attributes.insert(.reverse) }
        return Style(attributes: attributes)
    }
}
