import DriverSimulation

/// The header (what is loaded, where we are), the narration line and the footer (keys or the
/// `:` line, or a notice).
struct StatusViews {
    let state: AppState
    let layout: AppLayout
    /// Extra words for the header from the front end ("live", "REC", ...).
    let badges: [String]

    func draw(into buffer: inout ScreenBuffer) {
        drawHeader(into: &buffer)
        drawNarration(into: &buffer)
        drawFooter(into: &buffer)
    }

    func drawHeader(into buffer: inout ScreenBuffer) {
        let rect = layout.header
        buffer.fill(rect, style: Theme.header)
        let simulation = state.simulation
        let violations = simulation.violations.count
        var x = buffer.put(text: " csx ", at: rect.origin, style: Theme.headerStrong, clip: rect)
        let parts = [
            simulation.scenario.name, simulation.topology.name, "variant \(simulation.variant)",
            "step \(max(0, simulation.nextStep - 1))", "\(state.userActionCount) action\(state.userActionCount == 1 ? "" : "s")",
        ] + badges
        x = buffer.put(text: "· " + parts.joined(separator: " · ") + " ", at: Point(x: x, y: rect.y), style: Theme.header, clip: rect)
        let verdict = violations == 0 ? " no violation " : " \(violations) VIOLATION\(violations == 1 ? "" : "S") "
        buffer.put(text: verdict, at: Point(x: x + 1, y: rect.y), style: violations == 0 ? Style(foreground: .black, background: .green) : Theme.badBlock, clip: rect)
        let help = "? help  q quit "
        buffer.put(text: help, at: Point(x: rect.maxX - help.count, y: rect.y), style: Theme.header, clip: rect)
    }

    func drawNarration(into buffer: inout ScreenBuffer) {
        let rect = layout.narration
        let text = state.narration
        let violated = state.focusedColumn.map { state.timeline.columns[$0].hasViolation } ?? false
        let mark = violated ? "✗ " : "» "
        let x = buffer.put(text: mark, at: rect.origin, style: violated ? Theme.bad : Theme.key, clip: rect)
        buffer.put(text: DisplayWidth.truncate(text, toWidth: rect.width - 2), at: Point(x: x, y: rect.y), style: violated ? Theme.bad : Theme.text, clip: rect)
    }

    func drawFooter(into buffer: inout ScreenBuffer) {
        let rect = layout.footer
        if let line = state.commandLine {
            let x = buffer.put(text: ":", at: rect.origin, style: Theme.key, clip: rect)
            let end = buffer.put(text: line, at: Point(x: x, y: rect.y), style: Theme.text, clip: rect)
            buffer.put(text: "█", at: Point(x: end, y: rect.y), style: Theme.key, clip: rect)
            let hint = "  Enter apply · Esc cancel · ↑↓ history"
            buffer.put(text: hint, at: Point(x: end + 2, y: rect.y), style: Theme.dim, clip: rect)
            return
        }
        if let notice = state.notice {
            buffer.put(text: DisplayWidth.truncate(notice.text, toWidth: rect.width), at: rect.origin, style: notice.isError ? Theme.bad : Theme.warn, clip: rect)
            return
        }
        var x = rect.x
        for (key, what) in Self.hints {
            guard x + key.count + what.count + 3 < rect.maxX else { break }
            x = buffer.put(text: key, at: Point(x: x, y: rect.y), style: Theme.key, clip: rect)
            x = buffer.put(text: " " + what + "  ", at: Point(x: x, y: rect.y), style: Theme.dim, clip: rect)
        }
    }

    static let hints: [(String, String)] = [
        ("0-9", "cpu"), ("s", "step"), ("r", "run"), ("i", "idle"), ("w", "wake"), ("f", "ext claim"),
        ("e/d", "enable/disable"), ("u", "back"), ("v", "variant"), (":", "action"), ("Tab", "panel"), ("?", "help"),
    ]
}
