/// Decides a `#if`/`#elif` line with the macros defined so far.
enum ConditionEvaluator {
    static func isTrue(_ text: [UInt8], at site: SourceLocation, scanner: Scanner) throws(DeviceTreeError) -> Bool {
        let line = Scanner(directiveText: text, site: site, macros: scanner.macros, log: scanner.log, budget: scanner.budget)
        var parser = ExpressionParser(scanner: line, mode: .condition)
        let value = try parser.parse()
        try line.skipTrivia()
        guard line.isAtEnd else { throw line.unexpected(expected: "the end of the #if line") }
        return (value ?? 0) != 0
    }
}
