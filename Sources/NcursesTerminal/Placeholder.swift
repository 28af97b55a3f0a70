/// Placeholder until the ncurses layer lands.
enum NcursesTerminalPlaceholder {}
