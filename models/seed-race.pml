/*
 * The seed-N scenario of csx, written independently in Promela for Spin (issue 4's
 * differential check). Not generated from csx: it follows docs/driver-model.md directly.
 *
 *   cpu0 writes enable_source then disable_source of etm1 .. etm(N-1) in turn (sysfs);
 *   every other CPU may enter (deep) idle up to twice; an external debugger may claim each of
 *   those tracers once (and release it).
 *
 * Build:  spin -DNCPU=4 -a seed-race.pml            (legacy: mode taken and reset on cpu0)
 *         spin -DNCPU=4 -DFIXED -a seed-race.pml    (fixed: mode taken and reset in the IPI handler)
 *         gcc -O2 -DSAFETY -o pan pan.c && ./pan -m100000
 * An assertion violation is csx's `violation` verdict; "errors: 0" is `ok`.
 *
 * Abstractions: the path (sink, links, refcounts) is not modelled: no CPU other than cpu0
 * reads it, and cpu0's sysfs flows are serialised by coresight_mutex. An IPI handler runs with
 * IRQs off on its CPU, so nothing on that CPU interleaves with it; it is one atomic step here.
 */
#ifndef NCPU
#define NCPU 2
#endif

#define DISABLED 0
#define SYSFS    1
#define OK       0
#define EBUSY    1

/* idle phases (docs/driver-model.md §4.6) */
#define RUNNING  0
#define ENTERING 1   /* IRQs off, CPU_PM_ENTER next */
#define ENTERED  2   /* low power next */
#define WFI      3
#define WAKING   4   /* CPU_PM_EXIT next */
#define EXITED   5   /* IRQs on next */

/* pending cross-call */
#define NOCALL   0
#define ENABLE   1
#define DISABLE  2

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
bool completed;           /* cpu0's cross-call completed */
byte rc;

#define owned(k) (en[k] && selfc[k] && !extc[k])

/* smp_call_function_single(): queue the call; an IPI ends WFI. */
inline send(k, kind) {
    atomic {
        completed = false;
        call[k] = kind;
        if
        :: idle[k] == WFI -> idle[k] = WAKING
        :: else -> skip
        fi
    }
}

proctype Writer() {
    byte t = 1;
    do
    :: t < NCPU ->
        /* write 1 to etm t's enable_source (§4.2) */
        if
        :: mode[t] == SYSFS -> skip                      /* already enabled */
        :: else ->
            rc = OK;
#ifndef FIXED
            if                                          /* legacy: take the mode on cpu0 */
            :: mode[t] == DISABLED -> mode[t] = SYSFS
            :: else -> rc = EBUSY
            fi;
#endif
            if
            :: rc == OK ->
                send(t, ENABLE);
                completed;                              /* wait for the handler */
#ifndef FIXED
                if
                :: rc != OK -> mode[t] = DISABLED       /* legacy rollback on cpu0 */
                :: else -> skip
                fi
#else
                skip
#endif
            :: else -> skip
            fi
        fi;
        /* write 0 to etm t's enable_source (§4.3) */
        if
        :: mode[t] != SYSFS -> skip
        :: else ->
            send(t, DISABLE);
            completed;
#ifndef FIXED
            mode[t] = DISABLED                          /* legacy reset on cpu0 */
#else
            skip
#endif
        fi;
        t++
    :: else -> break
    od
}

proctype Cpu(byte k) {
    byte idles = 0;
end:
    do
    /* idle entry: only with nothing in progress and no IPI pending */
    :: atomic { idle[k] == RUNNING && call[k] == NOCALL && idles < 2 -> idle[k] = ENTERING; idles++ }
    /* CPU_PM_ENTER: etm4_cpu_save() decides on the mode alone */
    :: atomic { idle[k] == ENTERING ->
        assert((mode[k] != DISABLED) == owned(k));      /* pm-reads-stale-mode */
        if
        :: mode[k] != DISABLED ->
            saved_en[k] = en[k]; saved_self[k] = selfc[k]; saved_owned[k] = owned(k);
            needs_restore[k] = true; saved_this_entry[k] = true
        :: else -> saved_this_entry[k] = false
        fi;
        idle[k] = ENTERED }
    :: atomic { idle[k] == ENTERED ->
        if
        :: call[k] != NOCALL -> idle[k] = WAKING
        :: else -> idle[k] = WFI
        fi }
    :: atomic { idle[k] == WFI -> idle[k] = WAKING }      /* an interrupt */
    /* CPU_PM_EXIT: etm4_cpu_restore() restores whatever was saved */
    :: atomic { idle[k] == WAKING ->
        if
        :: needs_restore[k] ->
            assert(!extc[k] && saved_this_entry[k] && saved_owned[k]);   /* restore-on-unowned-tracer */
            en[k] = saved_en[k];
            selfc[k] = selfc[k] || saved_self[k];
            needs_restore[k] = false
        :: else -> skip
        fi;
        idle[k] = EXITED }
    :: atomic { idle[k] == EXITED -> idle[k] = RUNNING }
    /* the enable handler, IRQs off */
    :: atomic { idle[k] == RUNNING && call[k] == ENABLE ->
#ifdef FIXED
        if
        :: mode[k] == DISABLED ->
            mode[k] = SYSFS;
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
    /* the disable handler, IRQs off: unit off, disclaim */
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
    byte k = 1;
    atomic {
        do
        :: k < NCPU -> run Cpu(k); run Debugger(k); k++
        :: else -> break
        od;
        run Writer()
    }
}
