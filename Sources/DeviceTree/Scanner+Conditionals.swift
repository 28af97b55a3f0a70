/// Conditional groups: `#ifdef`, `#ifndef`, `#if`, `#elif`, `#else`, `#endif`. Lines in a
/// false branch are skipped by `skipTrivia`; conditions see the macros defined so far, and an
/// unknown identifier is 0, as in cpp.
extension Scanner {
    func performConditional(_ directive: Directive, argument: [UInt8], at site: SourceLocation) throws(DeviceTreeError) {
        switch directive {
        case .ifDefined, .ifNotDefined:
            let name = Self.leadingIdentifier(argument)
            guard !name.isEmpty else { throw error("#ifdef needs a macro name", expected: "a macro name", at: site) }
            var defined = false
            if isActive {
                defined = macros.isDefined(name)
                // Only #ifdef: an undefined name under #ifndef is the usual include guard.
                if !defined, directive == .ifDefined, log.hasUnreadSource {
                    log.warn("\(name) is not defined here (it may be in an unread #include); taken as undefined",
                             at: site, onceFor: "ifdef:" + name)
                }
            }
            openConditional(directive == .ifDefined ? defined : !defined, at: site)
        case .ifExpression:
            var condition = false
            if isActive { condition = try ConditionEvaluator.isTrue(argument, at: site, scanner: self) }
            openConditional(condition, at: site)
        case .elseIf:
            guard var group = current.conditionals.popLast() else {
                throw error("#elif without #if", expected: "#if before it", at: site)
            }
            guard !group.sawElse else { throw error("#elif after #else", expected: "#endif", at: site) }
            if group.parentActive, !group.anyBranchTaken, try ConditionEvaluator.isTrue(argument, at: site, scanner: self) {
                group.isActive = true
                group.anyBranchTaken = true
            } else {
                group.isActive = false
            }
            current.conditionals.append(group)
        case .otherwise:
            guard var group = current.conditionals.popLast() else {
                throw error("#else without #if", expected: "#if before it", at: site)
            }
            guard !group.sawElse else { throw error("a second #else", expected: "#endif", at: site) }
            group.isActive = group.parentActive && !group.anyBranchTaken
            group.anyBranchTaken = true
            group.sawElse = true
            current.conditionals.append(group)
        case .endIf:
            guard current.conditionals.popLast() != nil else {
                throw error("#endif without #if", expected: "#if before it", at: site)
            }
        default:
            break
        }
    }

    private func openConditional(_ condition: Bool, at site: SourceLocation) {
        let parentActive = isActive
        current.conditionals.append(Conditional(
            isActive: parentActive && condition, anyBranchTaken: condition, parentActive: parentActive, location: site))
    }
}
