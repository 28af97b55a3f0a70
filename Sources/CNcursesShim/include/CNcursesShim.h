#ifndef CSX_CNCURSES_SHIM_PUBLIC_H
#define CSX_CNCURSES_SHIM_PUBLIC_H
// Functions for the ncurses macros and globals Swift cannot import (filled in by the terminal layer).
int csx_shim_placeholder(void);
#endif
