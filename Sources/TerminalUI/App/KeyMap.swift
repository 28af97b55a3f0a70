/// Keys to commands, following terminal habits (the keys are listed in the README and on `?`). The `:` line and the help screen
/// take keys first.
public enum KeyMap {
    public static func commands(for key: Key, in state: AppState) -> [AppCommand] {
        if state.commandLine != nil {
            switch key {
            case .enter: return [.commandSubmit]
            case .escape: return [.commandCancel]
            case .backspace: return [.commandBackspace]
            case .up: return [.commandHistory(-1)]
            case .down: return [.commandHistory(1)]
            case .character(let character): return [.commandInput(character)]
            case .control("c"), .control("g"): return [.commandCancel]
            default: return []
            }
        }
        if state.pendingWrite != nil { return [.confirmWrite(key == .character("y"))] }
        if state.showHelp {
            switch key {
            case .character("q"): return [.quit]
            case .character("j"), .down, .pageDown: return [.scrollHelp(key == .pageDown ? 10 : 1)]
            case .character("k"), .up, .pageUp: return [.scrollHelp(key == .pageUp ? -10 : -1)]
            default: return [.toggleHelp]
            }
        }
        if state.playback != nil, let command = playbackCommand(for: key) { return [command] }
        switch key {
        case .character(let character):
            if let digit = character.wholeNumberValue, character.isASCII {
                return [.selectDigit(digit)]
            }
            switch character {
            case "q": return [.quit]
            case "?": return [.toggleHelp]
            case "s": return [.step]
            case "r": return [.run]
            case "i": return [.idle]
            case "w": return [.wake]
            case "o": return [.toggleOnline]
            case "f": return [.toggleExternalClaim]
            case "e": return [.enableTracer]
            case "d": return [.disableTracer]
            case "I": return [.makeIssuer]
            case "u": return [.stepBack]
            case "v": return [.cycleKernel]
            case "n": return [.jumpToNextViolation]
            case "x": return [.explore]
            case "R": return [.toggleRecording]
            case "D": return [.writeDiagram]
            case ":": return [.openCommandLine]
            case "h": return [.move(dx: -1, dy: 0)]
            case "l": return [.move(dx: 1, dy: 0)]
            case "k": return [.move(dx: 0, dy: -1)]
            case "j": return [.move(dx: 0, dy: 1)]
            case "g": return [.home]
            case "G": return [.end]
            default: return []
            }
        case .left: return [.move(dx: -1, dy: 0)]
        case .right: return [.move(dx: 1, dy: 0)]
        case .up: return [.move(dx: 0, dy: -1)]
        case .down: return [.move(dx: 0, dy: 1)]
        case .tab: return [.focusNext]
        case .backTab: return [.focusPrevious]
        case .pageUp: return [.page(-1)]
        case .pageDown: return [.page(1)]
        case .home: return [.home]
        case .end: return [.end]
        case .control("c"): return [.quit]
        case .escape:
            if state.playback != nil { return [.leavePlayback] }
            return state.notice != nil ? [.dismissNotice] : []
        default: return []
        }
    }

    /// Keys that mean something else while playing back a recording.
    static func playbackCommand(for key: Key) -> AppCommand? {
        switch key {
        case .character(" "): .playPause
        case .character("."), .character(">"): .step
        case .character(","), .character("<"): .stepBack
        case .character("+"), .character("="): .changeSpeed(1)
        case .character("-"): .changeSpeed(-1)
        default: nil
        }
    }
}
