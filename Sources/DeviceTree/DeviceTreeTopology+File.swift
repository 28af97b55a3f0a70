/// Reading from the file system: the only part of the module that touches it. Only regular
/// files are read, each size-checked before it is read (`RegularFileReader`).
extension DeviceTreeTopology {
    /// Reads `path` and the files it includes (resolved next to the including file, then in
    /// `options.includeDirectories`).
    public static func load(path: String, options: DeviceTreeOptions = .init()) throws(DeviceTreeError) -> DeviceTreeResult {
        let maxBytes = options.limits.maxFileBytes
        let source: String
        switch RegularFileReader.contents(of: path, maxBytes: maxBytes) {
        case .text(let text): source = text
        case .missing:
            throw DeviceTreeError(location: nil, message: "cannot read \(path)", expected: "a readable .dts file")
        case .refused(let reason):
            throw DeviceTreeError(location: nil, message: "cannot read \(path): it \(reason)", expected: "a readable .dts file")
        }
        return try build(source: source, fileName: path, options: options) { RegularFileReader.contents(of: $0, maxBytes: maxBytes) }
    }
}
