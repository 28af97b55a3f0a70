#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include "CNcursesShim.h"
#include <ncursesw/curses.h>
int csx_shim_placeholder(void) { return 0; }
