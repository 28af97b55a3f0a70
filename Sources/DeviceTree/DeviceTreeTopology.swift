/// Builds a CoreSight topology from a device tree source: the DTS subset board files use is
/// parsed and merged as dtc would, then the enabled CoreSight nodes become components named as
/// Linux names them in sysfs.
public enum DeviceTreeTopology {
    /// The pure entry point. `readInclude` gets a path (the including file's directory joined
    /// with the include name, or an include directory joined with it) and returns the file's
    /// text, or nil when there is no such file.
    public static func build(
        source: String, fileName: String, options: DeviceTreeOptions = .init(),
        readInclude: (String) -> String?
    ) throws(DeviceTreeError) -> DeviceTreeResult {
        try build(source: source, fileName: fileName, options: options) { (path: String) -> IncludeText in
            readInclude(path).map(IncludeText.text) ?? .missing
        }
    }

    /// The same with a reader that can refuse what it finds (a FIFO, a file too large).
    static func build(
        source: String, fileName: String, options: DeviceTreeOptions, includes: (String) -> IncludeText
    ) throws(DeviceTreeError) -> DeviceTreeResult {
        try withoutActuallyEscaping(includes) { (reader) throws(DeviceTreeError) -> DeviceTreeResult in
            let log = DiagnosticLog()
            let scanner = try Scanner(
                text: source, file: fileName, includeDirectories: options.includeDirectories, log: log,
                budget: PreprocessorBudget(limits: options.limits), readInclude: reader)
            let tree = try Parser(scanner: scanner).parseSource()
            var assembler = TopologyAssembler(tree: tree, options: options, log: log, fileName: fileName)
            let topology = try assembler.assemble()
            return DeviceTreeResult(
                topology: topology, warnings: log.finished(lastLocation: scanner.location),
                assumptions: assembler.assumptions)
        }
    }

    /// The tree alone, for inspection and tests: the merged nodes as dtc would output them.
    static func parse(
        source: String, fileName: String, options: DeviceTreeOptions = .init(),
        readInclude: (String) -> String? = { _ in nil }
    ) throws(DeviceTreeError) -> (tree: DeviceTree, warnings: [DeviceTreeDiagnostic]) {
        try withoutActuallyEscaping(readInclude) { (reader) throws(DeviceTreeError) -> (DeviceTree, [DeviceTreeDiagnostic]) in
            let log = DiagnosticLog()
            let scanner = try Scanner(
                text: source, file: fileName, includeDirectories: options.includeDirectories, log: log,
                budget: PreprocessorBudget(limits: options.limits),
                readInclude: { path in reader(path).map(IncludeText.text) ?? .missing })
            let tree = try Parser(scanner: scanner).parseSource()
            return (tree, log.finished(lastLocation: scanner.location))
        }
    }
}
