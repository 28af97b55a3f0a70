// One-line wrappers for ncurses macros and globals. SwiftPM drops pkg-config's -D flags, so the
// wide-character API is switched on here, before curses.h.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <ncursesw/curses.h>
#include <stdio.h>
#include <wchar.h>
#include "CNcursesShim.h"

int csx_err(void) { return ERR; }
int csx_key_code_yes(void) { return KEY_CODE_YES; }
int csx_key_resize(void) { return KEY_RESIZE; }
int csx_key_mouse(void) { return KEY_MOUSE; }
int csx_key_up(void) { return KEY_UP; }
int csx_key_down(void) { return KEY_DOWN; }
int csx_key_left(void) { return KEY_LEFT; }
int csx_key_right(void) { return KEY_RIGHT; }
int csx_key_home(void) { return KEY_HOME; }
int csx_key_end(void) { return KEY_END; }
int csx_key_page_up(void) { return KEY_PPAGE; }
int csx_key_page_down(void) { return KEY_NPAGE; }
int csx_key_insert(void) { return KEY_IC; }
int csx_key_delete(void) { return KEY_DC; }
int csx_key_enter(void) { return KEY_ENTER; }
int csx_key_backspace(void) { return KEY_BACKSPACE; }
int csx_key_back_tab(void) { return KEY_BTAB; }
int csx_key_f0(void) { return KEY_F0; }

unsigned csx_attr_bold(void) { return (unsigned)A_BOLD; }
unsigned csx_attr_dim(void) { return (unsigned)A_DIM; }
unsigned csx_attr_reverse(void) { return (unsigned)A_REVERSE; }
unsigned csx_attr_underline(void) { return (unsigned)A_UNDERLINE; }
unsigned csx_color_pair(int pair) { return (unsigned)COLOR_PAIR(pair); }

int csx_lines(void) { return LINES; }
int csx_cols(void) { return COLS; }
int csx_colors(void) { return COLORS; }
int csx_color_pairs(void) { return COLOR_PAIRS; }

void csx_screen_size(int *row_count, int *column_count) { getmaxyx(stdscr, *row_count, *column_count); }
int csx_keypad(bool on) { return keypad(stdscr, on); }
void csx_timeout(int milliseconds) { wtimeout(stdscr, milliseconds); }
int csx_leaveok(bool on) { return leaveok(stdscr, on); }
int csx_clearok(bool on) { return clearok(stdscr, on); }
int csx_erase(void) { return werase(stdscr); }
int csx_wnoutrefresh(void) { return wnoutrefresh(stdscr); }

int csx_put_cell(int row, int column, const uint32_t *scalars, int count, unsigned attributes, int pair) {
    wchar_t text[CCHARW_MAX + 1];
    int length = count < CCHARW_MAX ? count : CCHARW_MAX;
    for (int i = 0; i < length; i++) text[i] = (wchar_t)scalars[i];
    text[length] = 0;
    cchar_t cell;
    if (setcchar(&cell, text, (attr_t)attributes, (short)pair, NULL) == ERR) return ERR;
    return mvwadd_wch(stdscr, row, column, &cell);
}

int csx_get_wch(uint32_t *value) {
    wint_t key = 0;
    int result = wget_wch(stdscr, &key);
    *value = (uint32_t)key;
    return result;
}

unsigned long csx_mouse_click_mask(void) {
    return (unsigned long)(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED);
}

enum csx_mouse_kind csx_get_mouse(int *column, int *row) {
    MEVENT event;
    if (getmouse(&event) != OK) return csx_mouse_none;
    *column = event.x;
    *row = event.y;
    if (event.bstate & BUTTON4_PRESSED) return csx_mouse_scroll_up;
    if (event.bstate & BUTTON5_PRESSED) return csx_mouse_scroll_down;
    if (event.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) return csx_mouse_click;
    return csx_mouse_none;
}

static SCREEN *csx_screen;

bool csx_newterm(const char *term) {
    csx_screen = newterm(term, stdout, stdin);
    if (csx_screen == NULL) return false;
    set_term(csx_screen);
    return true;
}

void csx_end_screen(void) {
    if (csx_screen == NULL) return;
    endwin();
    delscreen(csx_screen);
    csx_screen = NULL;
}
