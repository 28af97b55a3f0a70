// Keeps the user's terminal usable whatever happens to a curses session:
// - SIGINT/SIGTERM/SIGHUP only set a flag (async-signal-safe) that the key loop reads, so the
//   app restores the terminal and exits in order; installed before newterm so ncurses does not
//   install its own exiting handler. A second SIGINT/SIGTERM while the first is pending restores
//   the terminal and exits at once (128 + signal), for an app that stopped reading keys.
// - Fatal signals (crashes, Swift traps, abort) restore the terminal with async-signal-safe calls
//   only (write of the terminfo strings recorded at start, tcsetattr of the modes saved before
//   newterm), replay captured stderr, then hand the signal to the previous handler (the Swift
//   runtime's backtracer, or the default action).
// - exit() anywhere (e.g. an error path calling exit(2)) runs an atexit hook that ends the
//   screen properly.
// - stderr goes to an unlinked temporary file during the session (writes there would corrupt
//   the screen, and a crash message on the alternate screen is lost); it is replayed on the real
//   stderr once the terminal is restored, on every path above.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#define _GNU_SOURCE 1
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "CNcursesShim.h"

static const int termination_signals[] = {SIGINT, SIGTERM, SIGHUP};
static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE};
#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

static struct sigaction previous_termination[COUNT(termination_signals)];
static struct sigaction previous_fatal[COUNT(fatal_signals)];
static bool handlers_installed;
static bool exit_hook_registered;

static volatile sig_atomic_t pending_signal;
static volatile sig_atomic_t session_active;

static struct termios saved_modes;
static bool have_saved_modes;
static char restore_sequence[512];
static size_t restore_length;
static int saved_stderr = -1;
static int captured_stderr = -1;

static void write_all(int fd, const char *bytes, size_t length) {
    while (length > 0) {
        ssize_t written = write(fd, bytes, length);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return;
        bytes += written;
        length -= (size_t)written;
    }
}

// Async-signal-safe: dup2, lseek, read, write, close.
static void replay_stderr(void) {
    if (captured_stderr < 0) return;
    dup2(saved_stderr, STDERR_FILENO);
    char chunk[4096];
    ssize_t count;
    if (lseek(captured_stderr, 0, SEEK_SET) == 0) {
        while ((count = read(captured_stderr, chunk, sizeof chunk)) > 0) write_all(STDERR_FILENO, chunk, (size_t)count);
    }
    close(captured_stderr);
    close(saved_stderr);
    captured_stderr = -1;
    saved_stderr = -1;
}

// Async-signal-safe restore for paths that cannot call endwin.
static void emergency_restore(void) {
    if (!session_active) return;
    session_active = 0;
    write_all(STDOUT_FILENO, restore_sequence, restore_length);
    if (have_saved_modes) tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
    replay_stderr();
}

static void on_termination_signal(int signal_number) {
    int saved_errno = errno;
    if (pending_signal != 0 && signal_number != SIGHUP && session_active) {
        emergency_restore();
        _exit(128 + signal_number);
    }
    if (pending_signal == 0) pending_signal = signal_number;
    errno = saved_errno;
}

static void on_fatal_signal(int signal_number, siginfo_t *info, void *context) {
    (void)context;
    int saved_errno = errno;
    emergency_restore();
    for (size_t i = 0; i < COUNT(fatal_signals); i++) {
        if (fatal_signals[i] == signal_number) sigaction(signal_number, &previous_fatal[i], NULL);
    }
    errno = saved_errno;
    // A fault raised by the kernel recurs when the instruction re-runs, reaching the previous
    // handler with its real context; a signal sent by someone must be raised again.
    if (info == NULL || info->si_code <= 0) raise(signal_number);
}

static void restore_at_exit(void) {
    if (!session_active) return;
    csx_end_screen();
    csx_guard_deactivate();
}

void csx_guard_install(void) {
    pending_signal = 0;
    have_saved_modes = tcgetattr(STDIN_FILENO, &saved_modes) == 0;

    struct sigaction termination;
    memset(&termination, 0, sizeof termination);
    sigemptyset(&termination.sa_mask);
    termination.sa_handler = on_termination_signal;
    termination.sa_flags = 0;  // no SA_RESTART: a blocked read returns, the key loop sees the flag
    for (size_t i = 0; i < COUNT(termination_signals); i++) {
        sigaction(termination_signals[i], &termination, &previous_termination[i]);
    }

    struct sigaction fatal;
    memset(&fatal, 0, sizeof fatal);
    sigemptyset(&fatal.sa_mask);
    fatal.sa_sigaction = on_fatal_signal;
    fatal.sa_flags = SA_SIGINFO | SA_ONSTACK;
    for (size_t i = 0; i < COUNT(fatal_signals); i++) {
        sigaction(fatal_signals[i], &fatal, &previous_fatal[i]);
    }
    handlers_installed = true;

    // A parent (a test runner, a shell script) may have left these blocked; ncurses needs
    // SIGWINCH for KEY_RESIZE, and the flag handlers are useless while blocked.
    sigset_t unblocked;
    sigemptyset(&unblocked);
    sigaddset(&unblocked, SIGWINCH);
    for (size_t i = 0; i < COUNT(termination_signals); i++) sigaddset(&unblocked, termination_signals[i]);
    for (size_t i = 0; i < COUNT(fatal_signals); i++) sigaddset(&unblocked, fatal_signals[i]);
    pthread_sigmask(SIG_UNBLOCK, &unblocked, NULL);

    if (!exit_hook_registered) {
        atexit(restore_at_exit);
        exit_hook_registered = true;
    }
}

static int append_restore_byte(int byte) {
    if (restore_length < sizeof restore_sequence) restore_sequence[restore_length++] = (char)byte;
    return byte;
}

static void append_capability(const char *name) {
    char *value = tigetstr(name);
    if (value == NULL || value == (char *)-1) return;
    tputs(value, 1, append_restore_byte);
}

static void capture_stderr(void) {
    const char *directory = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/csx-stderr-XXXXXX", directory && *directory ? directory : "/tmp");
    int file = mkstemp(path);
    if (file < 0) return;  // no capture beats no session
    unlink(path);
    fflush(stderr);
    int original = dup(STDERR_FILENO);
    if (original < 0 || dup2(file, STDERR_FILENO) < 0) {
        if (original >= 0) close(original);
        close(file);
        return;
    }
    fcntl(file, F_SETFD, FD_CLOEXEC);
    fcntl(original, F_SETFD, FD_CLOEXEC);
    captured_stderr = file;
    saved_stderr = original;
}

void csx_guard_activate(bool capture, bool mouse) {
    restore_length = 0;
    append_capability("sgr0");
    if (mouse) {
        char *mouse_key = tigetstr("kmous");
        if (mouse_key != NULL && mouse_key != (char *)-1) {
            static const char mouse_off[] = "\033[?1006l\033[?1002l\033[?1000l";
            for (const char *byte = mouse_off; *byte; byte++) append_restore_byte(*byte);
        }
    }
    append_capability("rmkx");
    append_capability("cnorm");
    append_capability("rmcup");
    if (capture) capture_stderr();
    session_active = 1;
}

int csx_guard_pending_signal(void) { return pending_signal; }

bool csx_guard_is_active(void) { return session_active != 0; }

void csx_guard_deactivate(void) {
    session_active = 0;
    replay_stderr();
    if (!handlers_installed) return;
    for (size_t i = 0; i < COUNT(termination_signals); i++) {
        sigaction(termination_signals[i], &previous_termination[i], NULL);
    }
    for (size_t i = 0; i < COUNT(fatal_signals); i++) sigaction(fatal_signals[i], &previous_fatal[i], NULL);
    handlers_installed = false;
}
