import ArgumentParser
import Scenarios

/// `csx WORD ...` where WORD is neither a command nor a scenario the default command (`tui`)
/// could open: said as an unknown subcommand, naming the known ones, before the parser would
/// call it an unexpected argument or an unknown scenario.
enum SubcommandCheck {
    /// Words longer than this are not compared for a suggestion (bounds the edit distance's work).
    static let maxComparedLength = 32

    /// The message for `arguments` (without the program name), or nil when they are fine.
    static func problem(_ arguments: [String]) -> String? {
        guard let word = arguments.first, !word.hasPrefix("-") else { return nil }
        let commands = CSX.configuration.subcommands.map { $0._commandName } + ["help"]
        if commands.contains(word) || KernelCatalogue.isPath(word) || isScenario(word) { return nil }
        let guess = word == "version" ? "--version" : closest(to: word, in: commands)
        let suggestion = guess.map { " (did you mean \($0)?)" } ?? ""
        return "unknown subcommand \(word)\(suggestion); subcommands: \(commands.joined(separator: ", ")); "
            + "a scenario name opens the UI on it (csx scenarios lists them)"
    }

    private static func isScenario(_ word: String) -> Bool {
        if ScenarioCatalogue.seed(named: word) != nil || ScenarioCatalogue.ring(named: word) != nil { return true }
        // A built-in that does not parse is reported by the command itself: let it through.
        guard let all = try? ScenarioCatalogue.builtins() else { return true }
        return all.contains { $0.name == word }
    }

    /// The command within edit distance 2 of `word`, or one `word` starts (`expl` → explore).
    static func closest(to word: String, in commands: [String]) -> String? {
        guard !word.isEmpty, word.count <= maxComparedLength else { return nil }
        let ranked = commands.map { (name: $0, distance: editDistance(word, $0)) }.sorted { $0.distance < $1.distance }
        if let best = ranked.first, best.distance <= 2 { return best.name }
        return word.count >= 3 ? commands.first { $0.hasPrefix(word) } : nil
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
