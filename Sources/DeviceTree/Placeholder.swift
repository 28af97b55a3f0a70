/// Placeholder until the DTS parser lands.
enum DeviceTreePlaceholder {}
