/// Placeholder until the screen buffer lands.
enum TerminalUIPlaceholder {}
