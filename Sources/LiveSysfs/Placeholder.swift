/// Placeholder until the sysfs backend lands.
enum LiveSysfsPlaceholder {}
