import Foundation

/// Reading from the file system: the only part of the module that touches it.
extension DeviceTreeTopology {
    /// Reads `path` and the files it includes (resolved next to the including file, then in
    /// `options.includeDirectories`).
    public static func load(path: String, options: DeviceTreeOptions = .init()) throws(DeviceTreeError) -> DeviceTreeResult {
        guard let source = readFile(atPath: path) else {
            throw DeviceTreeError(location: nil, message: "cannot read \(path)", expected: "a readable .dts file")
        }
        return try build(source: source, fileName: path, options: options, readInclude: readFile(atPath:))
    }

    private static func readFile(atPath path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            let data = FileManager.default.contents(atPath: path)
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
