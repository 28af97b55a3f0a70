import DriverSimulation

/// The `:` line: actions typed in the action language, with a history.
extension AppState {
    mutating func submitCommandLine() {
        guard let text = commandLine else { return }
        commandLine = nil
        guard !text.trimmingSpaces.isEmpty else { return }
        commandHistory.append(text)
        if let playback {
            guard let step = Int(text.trimmingSpaces) else {
                notice = Notice("replay: the : line takes a \(playback.isLive ? "poll" : "step") number to jump to", isError: true)
                return
            }
            jump(toStep: step)
            return
        }
        if live != nil {
            submitLiveCommand(text)
            return
        }
        do {
            for action in try ActionParser.parse(text) {
                guard perform(action) else { return }
            }
        } catch {
            notice = Notice("\(text): \(error)", isError: true)
        }
    }

    mutating func recallHistory(_ delta: Int) {
        guard !commandHistory.isEmpty else { return }
        let current = historyIndex ?? commandHistory.count
        let next = min(max(0, current + delta), commandHistory.count)
        historyIndex = next
        commandLine = next == commandHistory.count ? "" : commandHistory[next]
    }
}
