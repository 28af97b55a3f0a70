// Keeps the user's terminal usable whatever happens to a curses session. Every signal whose
// default action ends the process is handled one of four ways while a session is active:
// - Orderly (SIGINT, SIGTERM, SIGHUP, SIGQUIT): only set a flag (async-signal-safe) that the key
//   loop reads, so the app restores the terminal and exits in order (128 + signal); installed
//   before newterm so ncurses does not install its own exiting handler. A second SIGINT, SIGTERM
//   or SIGQUIT while the first is pending restores the terminal and exits at once, for an app
//   that stopped reading keys. SIGQUIT (Ctrl-\) is here rather than with the crashes: it is the
//   user asking to leave, and the Swift runtime would otherwise print a crash report over the
//   screen.
// - Ignored (SIGPIPE, SIGXFSZ): a no-op handler (not SIG_IGN, which children would inherit), so
//   the write that caused it fails with EPIPE or EFBIG and the caller reports it.
// - Ending (SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGIO, SIGPWR, SIGSTKFLT and
//   the real-time signals): nobody sends these to csx on purpose, so they keep their meaning:
//   restore the terminal, then die of the signal by its default action. Only installed where
//   the disposition was the default (an ignored signal ends nothing).
// - Faults (crashes, Swift traps, abort, seccomp's SIGSYS): restore the terminal with
//   async-signal-safe calls only (write of the terminfo strings recorded at start, tcsetattr of
//   the modes saved before newterm), replay captured stderr, then hand the signal to the
//   previous handler (the Swift runtime's backtracer, or the default action).
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

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))
#ifdef _NSIG
#define SIGNAL_LIMIT _NSIG
#else
#define SIGNAL_LIMIT 65
#endif

static const int orderly_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
static const int ignored_signals[] = {SIGPIPE, SIGXFSZ};
static const int fault_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE, SIGSYS};
static const int ending_signals[] = {
    SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU,
#ifdef __linux__
    SIGIO, SIGPWR, SIGSTKFLT,
#endif
};

// What was there before install, per signal number, and whether install replaced it.
static struct sigaction previous[SIGNAL_LIMIT];
static bool replaced[SIGNAL_LIMIT];
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

static void on_orderly_signal(int signal_number) {
    int saved_errno = errno;
    if (pending_signal != 0 && signal_number != SIGHUP && session_active) {
        emergency_restore();
        _exit(128 + signal_number);
    }
    if (pending_signal == 0) pending_signal = signal_number;
    errno = saved_errno;
}

static void on_ignored_signal(int signal_number) { (void)signal_number; }

// Restore, then die of the signal: it is blocked while this runs, so the raise stays pending and
// is delivered, by its default action, as the handler returns.
static void on_ending_signal(int signal_number) {
    emergency_restore();
    struct sigaction default_action;
    memset(&default_action, 0, sizeof default_action);
    default_action.sa_handler = SIG_DFL;
    sigemptyset(&default_action.sa_mask);
    sigaction(signal_number, &default_action, NULL);
    raise(signal_number);
}

static void on_fault_signal(int signal_number, siginfo_t *info, void *context) {
    (void)context;
    int saved_errno = errno;
    emergency_restore();
    if (signal_number > 0 && signal_number < SIGNAL_LIMIT) sigaction(signal_number, &previous[signal_number], NULL);
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

// Installs `action` for `signal_number`, remembering what was there; with `only_over_default`,
// leaves a signal alone that is ignored or already handled by someone else.
static void take_signal(int signal_number, const struct sigaction *action, bool only_over_default) {
    if (signal_number <= 0 || signal_number >= SIGNAL_LIMIT || replaced[signal_number]) return;
    struct sigaction current;
    if (sigaction(signal_number, NULL, &current) != 0) return;
    bool is_default = !(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_DFL;
    if (only_over_default && !is_default) return;
    if (sigaction(signal_number, action, &previous[signal_number]) == 0) replaced[signal_number] = true;
}

static struct sigaction handler_for(void (*handler)(int), int flags, const sigset_t *mask) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    action.sa_mask = *mask;
    action.sa_flags = flags;
    return action;
}

void csx_guard_install(void) {
    pending_signal = 0;
    have_saved_modes = tcgetattr(STDIN_FILENO, &saved_modes) == 0;

    // While one of these handlers runs the others wait, so two restores never interleave.
    sigset_t asynchronous;
    sigemptyset(&asynchronous);
    for (size_t i = 0; i < COUNT(orderly_signals); i++) sigaddset(&asynchronous, orderly_signals[i]);
    for (size_t i = 0; i < COUNT(ending_signals); i++) sigaddset(&asynchronous, ending_signals[i]);
    for (int n = SIGRTMIN; n <= SIGRTMAX; n++) sigaddset(&asynchronous, n);

    // No SA_RESTART: a blocked read returns, and the key loop sees the flag.
    struct sigaction orderly = handler_for(on_orderly_signal, 0, &asynchronous);
    for (size_t i = 0; i < COUNT(orderly_signals); i++) take_signal(orderly_signals[i], &orderly, false);

    sigset_t none;
    sigemptyset(&none);
    struct sigaction ignored = handler_for(on_ignored_signal, SA_RESTART, &none);
    for (size_t i = 0; i < COUNT(ignored_signals); i++) take_signal(ignored_signals[i], &ignored, true);

    struct sigaction ending = handler_for(on_ending_signal, 0, &asynchronous);
    for (size_t i = 0; i < COUNT(ending_signals); i++) take_signal(ending_signals[i], &ending, true);
    for (int n = SIGRTMIN; n <= SIGRTMAX; n++) take_signal(n, &ending, true);

    struct sigaction fault;
    memset(&fault, 0, sizeof fault);
    fault.sa_mask = asynchronous;
    fault.sa_sigaction = on_fault_signal;
    fault.sa_flags = SA_SIGINFO | SA_ONSTACK;
    for (size_t i = 0; i < COUNT(fault_signals); i++) take_signal(fault_signals[i], &fault, false);
    handlers_installed = true;

    // A parent (a test runner, a shell script) may have left these blocked; ncurses needs
    // SIGWINCH for KEY_RESIZE, and the flag handlers are useless while blocked.
    sigset_t unblocked;
    sigemptyset(&unblocked);
    sigaddset(&unblocked, SIGWINCH);
    for (size_t i = 0; i < COUNT(orderly_signals); i++) sigaddset(&unblocked, orderly_signals[i]);
    for (size_t i = 0; i < COUNT(fault_signals); i++) sigaddset(&unblocked, fault_signals[i]);
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
    // CAN first: a signal can land while ncurses is half way through an escape sequence, and
    // CAN ends any sequence, so the restoring ones that follow are read from the start.
    append_restore_byte(0x18);
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
    for (int n = 1; n < SIGNAL_LIMIT; n++) {
        if (!replaced[n]) continue;
        sigaction(n, &previous[n], NULL);
        replaced[n] = false;
    }
    handlers_installed = false;
}
