import DriverSimulation
import SafeText

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
        let violations = state.timeline.violationCount
        // A live board has no simulated invariants to report.
        let verdict = state.live != nil ? "" : violations == 0 ? " no violation " : " \(violations) VIOLATION\(violations == 1 ? "" : "S") "
        let help = Self.headerHelp
        // Badges name files ("replay NAME", "● REC PATH"): a name may hold control or bidi characters.
        let badges = self.badges.map { Echo.escaped($0, tokenLimit: Int.max) }
        var x = buffer.put(text: " csx ", at: rect.origin, style: Theme.headerStrong, clip: rect)
        // Kept whole at every size: where we are (step, actions). The descriptive parts before
        // them are cut to what is left.
        let kept: [String]
        let cut: [String]
        let whole: Int  // the first kept parts, never cut; the badges after them are
        if let live = state.live, live.isReplay {
            kept = ["poll \(live.polls)"] + badges
            cut = ["recorded live session", simulation.topology.name]
            whole = 1
        } else if let live = state.live {
            let unreadable = state.lastReading?.problems.count ?? 0
            kept = ["poll \(live.polls)"] + (unreadable > 0 ? ["\(unreadable) unreadable"] : []) + badges
            whole = kept.count - badges.count
            cut = ["live"] + (live.connection.map { [$0] } ?? []) + [
                live.writesAllowed ? "writes allowed" : "read-only", "every \(live.intervalMilliseconds) ms",
                live.kernel.releaseText, live.kernel.pmSaveText,
                simulation.topology.name,
            ]
            // Long, so last (the rest stays in view); a board read from sysfs is named after it.
            + (simulation.topology.name.hasSuffix(live.root) ? [] : [live.root])
        } else {
            kept = ["step \(state.shownStep)", "\(state.userActionCount) action\(state.userActionCount == 1 ? "" : "s")"] + badges
            cut = [simulation.scenario.name, simulation.topology.name, simulation.profile.name, Self.pmSaveText(simulation)]
            whole = 2
        }
        let room = max(0, rect.maxX - x - verdict.count - help.count - 2)
        let description = "· " + cut.map { Echo.escaped($0, tokenLimit: Int.max) }.joined(separator: " · ")
        // On a wide header the description keeps a third beside long badges; on a narrow one
        // the badges come first.
        let descriptionShare = room >= Self.wideHeaderRoom ? room / 3 : 0
        let keptText = Self.fitted(kept, whole: whole, toWidth: room - min(DisplayWidth.of(description) + 1, descriptionShare))
        // A stub of a few columns says nothing ("·…"): then the descriptive parts go entirely.
        let cutRoom = room - DisplayWidth.of(keptText)
        let cutText = cutRoom < Self.shortestUsefulCut ? "" : DisplayWidth.truncate(description, toWidth: cutRoom - 1) + " "
        x = buffer.put(text: cutText, at: Point(x: x, y: rect.y), style: Theme.header, clip: rect)
        x = buffer.put(text: DisplayWidth.truncate(keptText, toWidth: room - DisplayWidth.of(cutText)), at: Point(x: x, y: rect.y), style: Theme.header, clip: rect)
        buffer.put(text: verdict, at: Point(x: x + 1, y: rect.y), style: violations == 0 ? Style(foreground: .black, background: .green) : Theme.badBlock, clip: rect)
        buffer.put(text: help, at: Point(x: rect.maxX - help.count, y: rect.y), style: Theme.header, clip: rect)
    }

    /// Below this many columns the header drops the scenario and board rather than show a stub.
    static let shortestUsefulCut = 8
    /// From this much room on, the scenario and board keep a third of it beside long badges.
    static let wideHeaderRoom = 96
    /// The narrowest a badge is cut to: its word and a few characters of its name.
    static let narrowestBadge = 14

    /// `· a · b · c `: the parts after the first `whole` (badges) cut to a common width until the
    /// line fits `width` if it can: first in their middle, no narrower than `narrowestBadge` (a
    /// file name keeps its start and extension), then at the end down to their word and `…`
    /// ("replay…", "● REC…"), so every badge still says what it is.
    static func fitted(_ parts: [String], whole: Int, toWidth width: Int) -> String {
        let fixed = Array(parts.prefix(whole))
        var badges = Array(parts.dropFirst(whole))
        func joined(_ badges: [String]) -> String { "· " + (fixed + badges).joined(separator: " · ") + " " }
        guard !badges.isEmpty, DisplayWidth.of(joined(badges)) > width else { return joined(badges) }
        let budget = width - DisplayWidth.of(joined(badges.map { _ in "" }))  // what the badges' text may take
        let middle = max(narrowestBadge, commonCap(badges.map(DisplayWidth.of), budget: budget))
        badges = badges.map { DisplayWidth.of($0) > middle ? DisplayWidth.truncateMiddle($0, toWidth: middle) : $0 }
        guard DisplayWidth.of(joined(badges)) > width else { return joined(badges) }
        let end = commonCap(badges.map(DisplayWidth.of), budget: budget)
        badges = badges.map { badge in
            let floor = DisplayWidth.of(String(badgeWord(badge))) + 1
            return DisplayWidth.of(badge) > max(floor, end) ? DisplayWidth.truncate(badge, toWidth: max(floor, end)) : badge
        }
        return joined(badges)
    }

    /// The largest cap such that the widths, each cut to it, add up to at most `budget`.
    static func commonCap(_ widths: [Int], budget: Int) -> Int {
        var used = 0
        for (index, width) in widths.sorted().enumerated() {
            let left = widths.count - index
            if used + width * left > budget { return max(0, (budget - used) / left) }
            used += width
        }
        return widths.max() ?? 0
    }

    /// What a badge is, before the name it carries: "replay", "● REC".
    static func badgeWord(_ badge: String) -> Substring {
        var previous: Character?
        for index in badge.indices {
            if badge[index] == " ", previous?.isLetter == true { return badge[..<index] }
            previous = badge[index]
        }
        return badge[...]
    }

    /// How to get help and leave: on the header at every size from the minimum up.
    static let headerHelp = "? help  q quit "

    /// `pm_save_enable` as it resolved on this board, and why when the firmware decided.
    static func pmSaveText(_ simulation: Simulation) -> String {
        "pm-save \(simulation.resolvedPMSave)" + (simulation.pmSave == .firmware ? " (firmware)" : "")
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
        if let write = state.pendingWrite {
            // The answer keys first, so a long path cannot push them off the line.
            let x = buffer.put(text: "y writes \(write.enable ? 1 : 0), any other key cancels: ", at: rect.origin, style: Theme.warn.adding(.bold), clip: rect)
            let room = rect.maxX - x
            let path = write.path.count <= room ? write.path : "…" + write.path.suffix(max(0, room - 1))  // the end names the file
            buffer.put(text: path, at: Point(x: x, y: rect.y), style: Theme.warn, clip: rect)
            return
        }
        let pinned = Self.pinnedHints
        let right = rect.maxX - pinned.reduce(0) { $0 + Self.hintWidth($1) }
        if let notice = state.notice {
            let room = right - rect.x - 2
            buffer.put(text: DisplayWidth.truncate(Self.shortenedLongestWord(notice.text, toWidth: room), toWidth: room), at: rect.origin,
                       style: notice.isError ? Theme.bad : Theme.warn, clip: rect)
            var x = right
            for hint in pinned { x = drawHint(hint, at: x, in: rect, into: &buffer) }
            return
        }
        var x = rect.x
        if let playback = state.playback {
            let status = playback.isPlaying ? "▶ playing \(playback.actionsPerSecond)/s" : "⏸ paused"
            x = buffer.put(text: status, at: Point(x: x, y: rect.y), style: playback.isPlaying ? Theme.okStrong : Theme.warn, clip: rect)
            x = buffer.put(text: "  \(playback.unit) \(state.playbackPosition)/\(playback.length)  ", at: Point(x: x, y: rect.y), style: Theme.text, clip: rect)
        }
        let hints = state.playback?.isLive == true ? Self.livePlaybackHints
            : state.playback != nil ? Self.playbackHints : state.live != nil ? Self.liveHints : Self.hints
        // Help and quit are always on the right; the other keys fill what is left, whole.
        for hint in hints where !pinned.contains(where: { $0 == hint }) {
            guard x + Self.hintWidth(hint) <= right else { break }
            x = drawHint(hint, at: x, in: rect, into: &buffer)
        }
        x = right
        for hint in pinned { x = drawHint(hint, at: x, in: rect, into: &buffer) }
    }

    /// A notice too wide for the footer with its longest words (a file name) cut in the middle
    /// first, each no narrower than `narrowestNoticeWord`, so what the notice says after them stays.
    static func shortenedLongestWord(_ text: String, toWidth width: Int) -> String {
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        for _ in words.indices {
            let excess = DisplayWidth.of(words.joined(separator: " ")) - width
            guard excess > 0, let longest = words.indices.max(by: { DisplayWidth.of(words[$0]) < DisplayWidth.of(words[$1]) }) else { break }
            let longestWidth = DisplayWidth.of(words[longest])
            guard longestWidth > narrowestNoticeWord else { break }
            words[longest] = DisplayWidth.truncateMiddle(words[longest], toWidth: max(narrowestNoticeWord, longestWidth - excess))
        }
        return words.joined(separator: " ")
    }

    static let narrowestNoticeWord = 24

    static let pinnedHints: [(String, String)] = [("?", "help"), ("q", "quit")]

    /// "key what" plus two spaces; the last one's spaces may fall off the right edge.
    static func hintWidth(_ hint: (String, String)) -> Int { DisplayWidth.of(hint.0) + 1 + DisplayWidth.of(hint.1) + 2 }

    func drawHint(_ hint: (String, String), at x: Int, in rect: Rect, into buffer: inout ScreenBuffer) -> Int {
        let end = buffer.put(text: hint.0, at: Point(x: x, y: rect.y), style: Theme.key, clip: rect)
        return buffer.put(text: " " + hint.1 + "  ", at: Point(x: end, y: rect.y), style: Theme.dim, clip: rect)
    }

    static let livePlaybackHints: [(String, String)] = [
        ("Space", "play/pause"), (".", "next poll"), (",", "back"), ("+/-", "speed"), (":N", "go to poll N"),
        ("Tab", "panel"), ("?", "help"), ("q", "quit"),
    ]

    static let liveHints: [(String, String)] = [
        ("0-9", "cpu"), ("e/d", "enable/disable source"), (":", "enable-sink NAME"), ("R", "record"),
        ("Tab", "panel"), ("?", "help"), ("q", "quit"),
    ]

    static let playbackHints: [(String, String)] = [
        ("Space", "play/pause"), (".", "step"), (",", "back"), ("+/-", "speed"), (":N", "go to step N"),
        ("n", "next violation"), ("v", "next kernel"), ("Tab", "panel"), ("?", "help"),
    ]

    static let hints: [(String, String)] = [
        ("0-9", "cpu"), ("s", "step"), ("r", "run"), ("i", "idle"), ("w", "wake"), ("o", "hotplug"), ("f", "ext claim"),
        ("e/d", "enable/disable"), ("u", "back"), ("v", "next kernel"), (":", "action"), ("Tab", "panel"), ("?", "help"),
    ]
}
