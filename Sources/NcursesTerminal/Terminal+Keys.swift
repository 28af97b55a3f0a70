import CNcurses
import CNcursesShim
public import TerminalUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Terminal {
    /// Waits up to `timeoutMilliseconds` (negative: without limit) for a key and returns it, or
    /// nil when none came. Returns `.terminationRequested` once SIGINT/SIGTERM/SIGHUP/SIGQUIT arrived and
    /// `.endOfInput` when the terminal went away; both mean: stop, restore, leave. `.resize`
    /// means: re-read `size` and redraw (the next `present` repaints everything).
    public func readKey(timeoutMilliseconds: Int) -> Key? {
        guard isActive else { return .endOfInput }
        // Wait in slices so a signal is seen promptly even if ncurses restarts its read.
        let slice = 100
        var remaining = timeoutMilliseconds
        while true {
            if let signal = pendingSignal { return .terminationRequested(signal: signal) }
            let wait = remaining < 0 ? slice : min(remaining, slice)
            csx_timeout(Int32(wait))
            var value: UInt32 = 0
            let result = csx_get_wch(&value)
            if result == csx_key_code_yes() {
                readsWithoutInput = 0
                if let key = specialKey(Int32(bitPattern: value)) { return key }
            } else if result != csx_err() {
                readsWithoutInput = 0
                return Key(terminalCharacter: value)
            } else if let signal = pendingSignal {
                return .terminationRequested(signal: signal)
            } else if inputHasGone() {
                return .endOfInput
            }
            if remaining >= 0 {
                remaining -= wait
                if remaining <= 0 { return nil }
            }
        }
    }

    /// The first SIGINT, SIGTERM, SIGHUP or SIGQUIT received since `start()`, if any.
    public var pendingSignal: Int32? {
        let signal = csx_guard_pending_signal()
        return signal == 0 ? nil : signal
    }

    private func specialKey(_ code: Int32) -> Key? {
        switch code {
        case csx_key_resize():
            needsFullRepaint = true
            return .resize
        case csx_key_mouse(): return mouseKey()
        case csx_key_up(): return .up
        case csx_key_down(): return .down
        case csx_key_left(): return .left
        case csx_key_right(): return .right
        case csx_key_home(): return .home
        case csx_key_end(): return .end
        case csx_key_page_up(): return .pageUp
        case csx_key_page_down(): return .pageDown
        case csx_key_insert(): return .insert
        case csx_key_delete(): return .delete
        case csx_key_enter(): return .enter
        case csx_key_backspace(): return .backspace
        case csx_key_back_tab(): return .backTab
        case (csx_key_f0() + 1)...(csx_key_f0() + 63): return .function(Int(code - csx_key_f0()))
        default: return nil  // keys csx has no use for
        }
    }

    private func mouseKey() -> Key? {
        var column: Int32 = 0
        var row: Int32 = 0
        switch csx_get_mouse(&column, &row) {
        case csx_mouse_click: return .mouseClick(x: Int(column), y: Int(row))
        case csx_mouse_scroll_up: return .scrollUp(x: Int(column), y: Int(row))
        case csx_mouse_scroll_down: return .scrollDown(x: Int(column), y: Int(row))
        default: return nil
        }
    }

    /// After a read that returned nothing: whether the terminal is gone. A hang-up shows in
    /// poll; end of file shows as input that is "readable" yet yields no key, again and again,
    /// which would otherwise spin the key loop.
    private func inputHasGone() -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) >= 0 else { return false }
        if descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return true }
        if descriptor.revents & Int16(POLLIN) != 0 {
            readsWithoutInput += 1
            return readsWithoutInput >= 3
        }
        readsWithoutInput = 0
        return false
    }
}
