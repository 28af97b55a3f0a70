import OrderedJSON

/// What is wrong with a line's content; the loader adds the file and line.
struct FormatProblem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Typed access to decoded header values, with messages that name the key.
extension JSON {
    /// The first member named `key` (nil when absent or not an object).
    subscript(key: String) -> JSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    var members: [(String, JSON)]? {
        if case .object(let members) = self { return members }
        return nil
    }

    func string(_ key: String) throws(FormatProblem) -> String {
        guard case .string(let value)? = self[key] else { throw FormatProblem("expected \"\(key)\" to be a string") }
        return value
    }

    func optionalString(_ key: String) throws(FormatProblem) -> String? {
        switch self[key] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw FormatProblem("expected \"\(key)\" to be a string or null")
        }
    }

    func int(_ key: String) throws(FormatProblem) -> Int {
        guard case .int(let value)? = self[key] else { throw FormatProblem("expected \"\(key)\" to be an integer") }
        return value
    }

    func strings(_ key: String) throws(FormatProblem) -> [String] {
        switch self[key] {
        case nil, .null?: return []
        case .array(let items)?:
            var result: [String] = []
            for item in items {
                guard case .string(let value) = item else { throw FormatProblem("expected \"\(key)\" to hold strings") }
                result.append(value)
            }
            return result
        default: throw FormatProblem("expected \"\(key)\" to be an array of strings")
        }
    }

    func object(_ key: String) throws(FormatProblem) -> [(String, JSON)] {
        switch self[key] {
        case nil, .null?: return []
        case .object(let members)?: return members
        default: throw FormatProblem("expected \"\(key)\" to be an object")
        }
    }
}
