/*
 * The ring-N scenario of csx, written independently in Promela for Spin (issue 14's
 * comparison). Not generated from csx: it follows docs/driver-model.md directly, as
 * models/seed-race.pml does for seed-N.
 *
 *   every CPU i, at once, writes enable_source then disable_source of etm((i+1) mod N) (sysfs);
 *   every CPU may enter (deep) idle once; an external debugger may claim each tracer once
 *   (and release it); pm-save self-hosted.
 *
 * Build:  spin -DNCPU=4 -a ring-race.pml            (legacy: mode taken and reset on the caller)
 *         spin -DNCPU=4 -DFIXED -a ring-race.pml    (fixed: mode taken and reset in the IPI handler)
 *         gcc -O2 -DSAFETY -o pan pan.c && ./pan -m100000
 * An assertion violation is csx's `violation` verdict; "errors: 0" is `ok`.
 * scripts/spin-ring.sh N legacy|fixed does all three and prints the figures.
 *
 * Abstractions (coarser than csx, which has about ten steps per sysfs write):
 *  - A sysfs write is two or three atomic steps of its CPU: (1) take coresight_mutex, check the
 *    mode, build and enable the path (legacy: and take the mode); (2) send the cross-call (for
 *    the enable under legacy only a separate step: the window between the take and the IPI,
 *    §5; fixed sends in step 1, as nothing outside the mutex sees what lies between);
 *    (3) once the handler completed: legacy's rollback or reset of the mode, release the path
 *    and the mutex. The path itself (sink, links, refcounts) is not modelled: only the mutex
 *    holder touches it, and only the invariants below are checked.
 *  - An IPI handler runs with IRQs off on its CPU: one atomic step, as in seed-race.pml.
 *  - Only the mutex holder sends cross-calls, so at most one is pending at a time: one
 *    `completed` flag and one `rc` serve every caller.
 *  - A CPU may idle only between its writes (not while one is in progress: csx treats a CPU
 *    with a flow as busy, §8), never with an IPI pending; a CPU waiting for the mutex has not
 *    started its write and may idle.
 *  - Values that nothing reads any more (the saved copy after the restore, a consumed
 *    completion and rc) are cleared, as csx's dead-variable canonicalisation does.
 *  - Invariants: pm-reads-stale-mode at CPU_PM_ENTER, restore-on-unowned-tracer at CPU_PM_EXIT
 *    (the two seed-race.pml checks).
 */
#ifndef NCPU
#define NCPU 3
#endif

#define DISABLED 0
#define SYSFS    1
#define OK       0
#define EBUSY    1
#define FREE     255   /* coresight_mutex not held */

/* idle (docs/driver-model.md §4.6), coarser than csx: entry with CPU_PM_ENTER is one step, low
   power lasts until the exit step, which any time may take (a wake event or an IPI), and
   CPU_PM_EXIT with IRQs back on is that exit step. */
#define RUNNING  0
#define ASLEEP   1   /* IRQs off, between CPU_PM_ENTER and CPU_PM_EXIT */

/* pending cross-call */
#define NOCALL   0
#define ENABLE   1
#define DISABLE  2

/* where a CPU's user-space writer is */
#define EN_LOCK  0   /* enable not started (may idle) */
#define EN_SEND  1   /* mutex held, path enabled (legacy: mode taken) */
#define EN_WAIT  2   /* cross-call sent, waiting */
#define DIS_LOCK 3   /* between the writes (may idle) */
#define DIS_WAIT 4   /* mutex held, cross-call sent, waiting */
#define DONE     5   /* both writes returned (may idle) */

byte mode[NCPU];
bool en[NCPU];            /* TRCPRGCTLR.EN */
bool selfc[NCPU];         /* claim tag bit 1: self-hosted */
bool extc[NCPU];          /* claim tag bit 0: external debugger */
bool saved_en[NCPU];      /* the saved copy's TRCPRGCTLR.EN and claim tags */
bool saved_self[NCPU];
bool saved_owned[NCPU];   /* owned when the copy was taken */
bool needs_restore[NCPU];
bool saved_this_entry[NCPU];
byte idle[NCPU];
byte call[NCPU];          /* IPI pending on that CPU */
byte mutex = FREE;        /* coresight_mutex: its holder */
bool completed;           /* the pending cross-call completed */
byte rc;

#define owned(k) (en[k] && selfc[k] && !extc[k])
#define between_writes(pc) ((pc) == EN_LOCK || (pc) == DIS_LOCK || (pc) == DONE)

/* smp_call_function_single(): queue the call. An IPI ends low power; the exit step may be
   taken at any time anyway, so it needs no wake here. */
inline send(k, kind) {
    completed = false;
    call[k] = kind
}

proctype Cpu(byte k) {
    byte t = (k + 1) % NCPU;  /* the tracer this CPU's user space writes */
    byte pc = EN_LOCK;
    bool idled = false;
end:
    do
    /* --- the writer; steps only with IRQs on, out of idle and with no IPI to take first --- */
    /* enable_source (§4.2) steps 1-5: mutex, already SYSFS?, path; legacy takes the mode */
    :: atomic { pc == EN_LOCK && idle[k] == RUNNING && call[k] == NOCALL && mutex == FREE ->
        mutex = k;
        if
        :: mode[t] == SYSFS -> mutex = FREE; pc = DIS_LOCK   /* already enabled */
        :: else ->
#ifndef FIXED
            mode[t] = SYSFS;                                 /* coresight_take_mode() on the caller */
            pc = EN_SEND                                     /* the window before the IPI (§5) */
#else
            send(t, ENABLE); pc = EN_WAIT                    /* nothing to see before the IPI */
#endif
        fi }
    /* step 6 (legacy): the cross-call */
    :: atomic { pc == EN_SEND && idle[k] == RUNNING && call[k] == NOCALL ->
        send(t, ENABLE); pc = EN_WAIT }
    /* steps 8-9: legacy rolls back after a failed claim; path, mutex released */
    :: atomic { pc == EN_WAIT && completed && idle[k] == RUNNING && call[k] == NOCALL ->
#ifndef FIXED
        if
        :: rc != OK -> mode[t] = DISABLED
        :: else -> skip
        fi;
#endif
        completed = false; rc = OK;                      /* read: dead until the next call */
        mutex = FREE; pc = DIS_LOCK }
    /* disable_source (§4.3) steps 1-2: mutex, not SYSFS -> nothing; else the cross-call */
    :: atomic { pc == DIS_LOCK && idle[k] == RUNNING && call[k] == NOCALL && mutex == FREE ->
        mutex = k;
        if
        :: mode[t] != SYSFS -> mutex = FREE; pc = DONE
        :: else -> send(t, DISABLE); pc = DIS_WAIT
        fi }
    /* steps 4-5: legacy resets the mode on the caller; path, mutex released */
    :: atomic { pc == DIS_WAIT && completed && idle[k] == RUNNING && call[k] == NOCALL ->
#ifndef FIXED
        mode[t] = DISABLED;
#endif
        completed = false; rc = OK;
        mutex = FREE; pc = DONE }

    /* --- idle, once: only between writes and with no IPI pending --- */
    /* idle entry and CPU_PM_ENTER: etm4_cpu_save() decides on the mode alone */
    :: atomic { idle[k] == RUNNING && call[k] == NOCALL && !idled && between_writes(pc) ->
        idled = true;
        assert((mode[k] != DISABLED) == owned(k));      /* pm-reads-stale-mode */
        if
        :: mode[k] != DISABLED ->
            saved_en[k] = en[k]; saved_self[k] = selfc[k]; saved_owned[k] = owned(k);
            needs_restore[k] = true; saved_this_entry[k] = true
        :: else -> saved_this_entry[k] = false
        fi;
        idle[k] = ASLEEP }
    /* a wake or an IPI; CPU_PM_EXIT: etm4_cpu_restore() restores whatever was saved; IRQs on */
    :: atomic { idle[k] == ASLEEP ->
        if
        :: needs_restore[k] ->
            assert(!extc[k] && saved_this_entry[k] && saved_owned[k]);   /* restore-on-unowned-tracer */
            en[k] = saved_en[k];
            selfc[k] = selfc[k] || saved_self[k];
            needs_restore[k] = false
        :: else -> skip
        fi;
        /* the copy is dead now: cleared so that states differing only in it are one */
        saved_en[k] = false; saved_self[k] = false; saved_owned[k] = false; saved_this_entry[k] = false;
        idle[k] = RUNNING }

    /* --- the IPI handlers, IRQs off: taken before the writer's next step --- */
    :: atomic { idle[k] == RUNNING && call[k] == ENABLE ->
#ifdef FIXED
        if
        :: mode[k] == DISABLED ->
            mode[k] = SYSFS;                             /* coresight_take_mode() on the target */
            if
            :: !selfc[k] && !extc[k] -> selfc[k] = true; en[k] = true; rc = OK
            :: else -> rc = EBUSY; mode[k] = DISABLED
            fi
        :: else -> rc = EBUSY
        fi;
#else
        if
        :: !selfc[k] && !extc[k] -> selfc[k] = true; en[k] = true; rc = OK
        :: else -> rc = EBUSY
        fi;
#endif
        call[k] = NOCALL; completed = true }
    /* the disable handler: unit off, disclaim (fixed: and the mode reset) */
    :: atomic { idle[k] == RUNNING && call[k] == DISABLE ->
        en[k] = false;
        if
        :: selfc[k] && !extc[k] -> selfc[k] = false
        :: else -> skip
        fi;
#ifdef FIXED
        mode[k] = DISABLED;
#endif
        call[k] = NOCALL; completed = true }
    od
}

/* The external debugger on etm k: claims a free unit once, may release it later. */
proctype Debugger(byte k) {
end_claim:
    atomic { !selfc[k] && !extc[k] -> extc[k] = true };
end_release:
    extc[k] = false
}

init {
    byte k = 0;
    atomic {
        do
        :: k < NCPU -> run Cpu(k); run Debugger(k); k++
        :: else -> break
        od
    }
}
