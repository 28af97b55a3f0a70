#ifndef CSX_CNCURSES_SHIM_PUBLIC_H
#define CSX_CNCURSES_SHIM_PUBLIC_H
// What Swift cannot import from ncurses (macros, the stdscr/LINES/COLS globals, cchar_t
// set-up), as plain C functions over plain C types, so Swift never sees WINDOW or cchar_t.
// All act on the current screen's stdscr. Parameter names avoid terminfo macros (lines, columns).
#include <stdbool.h>
#include <stdint.h>

// Return codes and key codes (macros in curses.h).
int csx_err(void);
int csx_key_code_yes(void);
int csx_key_resize(void);
int csx_key_mouse(void);
int csx_key_up(void);
int csx_key_down(void);
int csx_key_left(void);
int csx_key_right(void);
int csx_key_home(void);
int csx_key_end(void);
int csx_key_page_up(void);
int csx_key_page_down(void);
int csx_key_insert(void);
int csx_key_delete(void);
int csx_key_enter(void);
int csx_key_backspace(void);
int csx_key_back_tab(void);
int csx_key_f0(void);

// Attributes and colour pairs.
unsigned csx_attr_bold(void);
unsigned csx_attr_dim(void);
unsigned csx_attr_reverse(void);
unsigned csx_attr_underline(void);
unsigned csx_color_pair(int pair);

// Globals.
int csx_lines(void);
int csx_cols(void);
int csx_colors(void);
int csx_color_pairs(void);

// stdscr.
void csx_screen_size(int *row_count, int *column_count);
int csx_keypad(bool on);
void csx_timeout(int milliseconds);
int csx_leaveok(bool on);
int csx_clearok(bool on);
int csx_erase(void);
int csx_wnoutrefresh(void);

/// Draws one cell: `scalars` is a base character and up to four combining marks (Unicode scalar
/// values; extra ones are dropped), with `attributes` and colour `pair`.
int csx_put_cell(int row, int column, const uint32_t *scalars, int count, unsigned attributes, int pair);

/// Reads one key: returns ERR (nothing within the timeout), OK (`*value` is a character) or
/// KEY_CODE_YES (`*value` is a KEY_* code).
int csx_get_wch(uint32_t *value);

// Mouse: clicks of the primary button and the wheel.
unsigned long csx_mouse_click_mask(void);
enum csx_mouse_kind { csx_mouse_none = 0, csx_mouse_click = 1, csx_mouse_scroll_up = 2, csx_mouse_scroll_down = 3 };
/// After KEY_MOUSE: what happened and where (0-based column and row).
enum csx_mouse_kind csx_get_mouse(int *column, int *row);

// Screen lifecycle.
/// `newterm(term, stdout, stdin)` + `set_term`: returns false for an unknown terminal type
/// (where initscr would exit the process).
bool csx_newterm(const char *term);
/// `endwin` + `delscreen` for the screen `csx_newterm` made.
void csx_end_screen(void);

// The terminal guard (terminal_guard.c): signals, crash and exit restore, stderr capture.
/// Before newterm: saves the tty modes, installs flag-setting SIGINT/SIGTERM/SIGHUP/SIGQUIT
/// handlers, no-op handlers for SIGPIPE/SIGXFSZ (the write fails instead), and restoring
/// handlers for every other signal that ends the process (re-raised, or handed to the previous
/// handler for faults); unblocks the flag and fault signals (and SIGWINCH) for this thread;
/// registers the atexit hook once.
void csx_guard_install(void);
/// After newterm: records the terminfo strings that undo the session (for the crash path), and
/// when `capture_stderr` redirects stderr to an unlinked temporary file until the session ends.
void csx_guard_activate(bool capture_stderr, bool mouse);
/// The first SIGINT/SIGTERM/SIGHUP/SIGQUIT received since install, or 0.
int csx_guard_pending_signal(void);
/// Ends the session: restores stderr (replaying what was captured), the previous signal
/// handlers, and forgets the session. Call after endwin.
void csx_guard_deactivate(void);
/// Whether a session is active (between activate and deactivate).
bool csx_guard_is_active(void);

#endif
