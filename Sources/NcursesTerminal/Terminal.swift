import CNcurses
import CNcursesShim
public import TerminalUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The interactive terminal: the only code in csx that calls ncurses.
///
/// Use from one thread: `start()`, then a loop of `readKey` / `present`, then `stop()` (also run
/// by `deinit`, an atexit hook, and fatal-signal handlers; see `terminal_guard.c`). While the
/// session runs, stderr is captured and replayed after the terminal is restored.
public final class Terminal {
    public struct Options: Sendable {
        /// Report primary-button clicks and the wheel (the terminal's own text selection then
        /// needs Shift).
        public var mouse: Bool
        /// Force a colour mode; nil detects (`NO_COLOR`, the terminal's colour support).
        public var colorMode: ColorMode?
        /// Send stderr to a temporary file during the session and replay it afterwards.
        public var captureStandardError: Bool
        /// How long after Escape to wait for the rest of an escape sequence.
        public var escapeDelayMilliseconds: Int

        public init(mouse: Bool = true, colorMode: ColorMode? = nil, captureStandardError: Bool = true,
                    escapeDelayMilliseconds: Int = 25) {
            self.mouse = mouse
            self.colorMode = colorMode
            self.captureStandardError = captureStandardError
            self.escapeDelayMilliseconds = escapeDelayMilliseconds
        }
    }

    public let options: Options
    /// Colours in use; known after `start()`.
    public private(set) var colorMode: ColorMode = .monochrome
    public private(set) var isActive = false

    var palette = ColorPairs(colors: 0, pairs: 0, defaultColors: false)
    var lastFrame: ScreenBuffer?
    var needsFullRepaint = true
    var readsWithoutInput = 0

    public init(options: Options = Options()) {
        self.options = options
    }

    deinit { stop() }

    /// Takes over the terminal: alternate screen, no echo, keys one by one, hidden cursor.
    /// Refuses when stdin or stdout is not a terminal or `TERM` is unknown, leaving the terminal
    /// untouched.
    public func start() throws(TerminalError) {
        guard !isActive, !csx_guard_is_active() else { throw .alreadyActive }
        guard isatty(STDIN_FILENO) == 1 else { throw .notATerminal(stream: "standard input") }
        guard isatty(STDOUT_FILENO) == 1 else { throw .notATerminal(stream: "standard output") }
        guard let type = getenv("TERM").map({ String(cString: $0) }), !type.isEmpty else { throw .terminalTypeUnset }

        setlocale(LC_ALL, "")  // without it ncurses writes box drawing and wide glyphs as blanks
        csx_guard_install()  // before newterm, so ncurses keeps our SIGINT/SIGTERM handlers
        guard csx_newterm(type) else {
            csx_guard_deactivate()
            throw .unknownTerminalType(type)
        }
        csx_guard_activate(options.captureStandardError, options.mouse)
        isActive = true

        cbreak()
        noecho()
        nonl()
        _ = csx_keypad(true)
        _ = csx_leaveok(true)
        curs_set(0)
        set_escdelay(Int32(options.escapeDelayMilliseconds))
        startColors()
        if options.mouse {
            mousemask(mmask_t(csx_mouse_click_mask()), nil)
            mouseinterval(0)  // report presses at once instead of waiting to pair them into clicks
        }
        lastFrame = nil
        needsFullRepaint = true
        readsWithoutInput = 0
    }

    private func startColors() {
        let hasColors = has_colors()
        let noColor = getenv("NO_COLOR").map { String(cString: $0) }
        let environment = noColor.map { ["NO_COLOR": $0] } ?? [:]
        colorMode = options.colorMode ?? ColorMode.detect(environment: environment, terminalHasColors: hasColors)
        guard colorMode == .color, hasColors, start_color() != csx_err() else {
            colorMode = .monochrome
            palette = ColorPairs(colors: 0, pairs: 0, defaultColors: false)
            return
        }
        let defaultColors = use_default_colors() != csx_err()
        palette = ColorPairs(colors: Int(csx_colors()), pairs: Int(csx_color_pairs()), defaultColors: defaultColors)
    }

    /// Gives the terminal back as it was. Safe to call more than once.
    public func stop() {
        guard isActive else { return }
        isActive = false
        csx_end_screen()
        csx_guard_deactivate()
        lastFrame = nil
    }

    /// The screen size in cells (0x0 when not started).
    public var size: Size {
        guard isActive else { return Size(width: 0, height: 0) }
        var rows: Int32 = 0
        var columns: Int32 = 0
        csx_screen_size(&rows, &columns)
        return Size(width: Int(columns), height: Int(rows))
    }

    /// Makes the next `present` clear the screen and write every cell (after a resize, or when
    /// something else may have drawn on the terminal).
    public func forceFullRepaint() {
        needsFullRepaint = true
    }
}
