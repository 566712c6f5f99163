/* task.c — threads and children of traced processes (see task.h).
 *
 * The status of a new task can arrive before the parent's event stop that announces
 * it; such early stops are kept (bounded) until the task is adopted. */
#include "task.h"

#include "breakpoint.h"
#include "jrpc.h"
#include "loop.h"
#include "ptrace.h"
#include "reaper.h"
#include "session.h"
#include "stop.h"
#include "tracee.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SI_KERNEL
#define SI_KERNEL 0x80
#endif

enum task_run {
        T_RUNNING,
        T_STOPPING,     /* interrupted: its next stop holds it */
        T_STOPPED,
};

struct task {
        pid_t tid;
        struct session *s;
        bool thread;            /* same thread group: traced; else detach (or passive) */
        bool passive;           /* a child process kept traced only so that the
                                 * session's seccomp filter, which it inherited, does
                                 * not fail its syscalls (passive_stop); s is NULL
                                 * once the session is gone: traced on to its end */
        bool follow;            /* passive under follow_forks: its syscalls, start and end
                                 * are the session's events (session_child_syscall) */
        pid_t pid;              /* passive: the child process it is (or is a thread of) */
        bool sc_mode;           /* passive: last resumed with PTRACE_SYSCALL */
        bool switching;         /* passive: interrupted to be resumed in the other mode */
        bool detach_at_stop;    /* passive, its session closed: detached at its next stop
                                 * (follow_forks without a filter) */
        bool scrubbed;          /* our int3s are out of its copy of the memory */
        bool shared_vm;         /* vfork / CLONE_VM child: its memory is the parent's */
        enum task_run run;
        uint64_t stepover;      /* breakpoint being stepped over, 0 when none */
        bool displacing;        /* running the instruction under a breakpoint out of
                                 * line (session_displace_begin) */
        bool over_bp;           /* its next resume steps over a breakpoint at its pc */
        bool hit_pending;       /* put back on a breakpoint it ran into while the process
                                 * stopped for another report: a hit to report before
                                 * anything runs (task_pending_report) */
        bool step_trap;         /* a SIGTRAP of an interrupted step may come (task_put) */
        int pending_sig;        /* delivered by its next resume */
        int resend_sig;         /* a put-back signal, sent again at its next resume */
        long sc_nr;             /* the syscall whose entry stop it had last, else -1 */
        unsigned dr_gen;        /* its debug registers' generation (watchpoints) */
        bool reporting;         /* rep waits to be reported (session_thread_report) */
        bool pending_sc;        /* rep is a syscall stop put back (task_pending_report) */
        bool pending_sigrep;    /* rep is a signal stop to report, the thread at its
                                 * signal-delivery stop (task_pending_report) */
        struct task_report rep;
        struct task *next;
};

struct early {
        pid_t pid;
        int status;
        struct early *next;
};

#define EARLY_MAX 256

static struct task *tasks;
static struct early *earlies;
static size_t n_early;

static struct task *find(pid_t tid)
{
        for (struct task *t = tasks; t; t = t->next)
                if (t->tid == tid)
                        return t;
        return NULL;
}

static void unlink_task(struct task *t)
{
        for (struct task **p = &tasks; *p; p = &(*p)->next) {
                if (*p == t) {
                        *p = t->next;
                        if (t->displacing)
                                session_displace_abandon(t->s, t->tid);
                        if (t->thread && t->s->reporter == t->tid)
                                t->s->reporter = 0;
                        free(t);
                        return;
                }
        }
}

/* A forked child has its own copy of the memory, with our int3s in it. */
static void scrub_breakpoints(struct task *t)
{
        int memfd = -1;

        for (struct breakpoint *b = t->s->bps.list; b; b = b->next)
                if (b->armed)
                        tracee_mem_write(t->tid, &memfd, b->addr, &b->orig, 1);
        if (memfd >= 0)
                close(memfd);
}

static void detach(struct task *t)
{
        if (!t->shared_vm)
                scrub_breakpoints(t);
        ptrace_detach(t->tid, 0);
        unlink_task(t);
}

/* PTRACE_SYSCALL while the session traces syscalls (session_traces_syscalls), else
 * PTRACE_CONT. */
static void resume(struct task *t, int sig)
{
        int r;

        t->run = T_RUNNING;
        session_debugregs_sync(t->s, t->tid, &t->dr_gen);
        r = session_traces_syscalls(t->s) ? ptrace_syscall(t->tid, sig)
                                          : ptrace_cont(t->tid, sig);
        if (r == -ESRCH)
                unlink_task(t); /* gone: its exit status is not coming to us */
}

/* Step t over breakpoint b, whose address is at regs->rip: emulated when dbgd can, else
 * its instruction run out of line, the int3 staying in place for the other threads
 * running meanwhile. The out-of-line area is one per session: while another thread uses
 * it, t runs into the int3 again (a retry, not a hit) until it is free, unless a syscall
 * that may block holds it (session_displace_wait). Only then, or with a signal to
 * deliver, is b taken out for a real step (other threads may run past it meanwhile). */
static void step_over(struct task *t, struct breakpoint *b, struct user_regs_struct *regs,
                      int sig)
{
        struct bp_mem m = session_bp_mem(t->s);
        int r;

        if (sig == 0 && session_emulate_over(t->s, t->tid, regs)) {
                resume(t, 0);
                return;
        }
        if (sig == 0 && session_displace_begin(t->s, t->tid, regs)) {
                t->displacing = true;
                resume(t, 0);
                return;
        }
        if (ptrace_setregs(t->tid, regs) < 0) {
                resume(t, sig);
                return;
        }
        if (sig == 0 && t->s->displaced.active && session_displace_wait(t->s)) {
                session_retry_set(t->s, t->tid, b->addr);
                resume(t, 0);
                return;
        }
        if (bp_step_begin(&m, b) < 0) {
                resume(t, sig); /* the memory is gone: so is the process */
                return;
        }
        t->stepover = b->addr;
        session_debugregs_sync(t->s, t->tid, &t->dr_gen);
        r = ptrace_singlestep(t->tid, sig);
        if (r == -ESRCH)
                unlink_task(t);
}

static void resume_thread(struct task *t);

/* A stop that does not concern the client: go on if the thread runs (stepping over a
 * breakpoint it was put back on), else hold it. */
static void go_on(struct task *t)
{
        if (t->run == T_RUNNING && t->over_bp)
                resume_thread(t);
        else if (t->run == T_RUNNING)
                resume(t, 0);
        else
                t->run = T_STOPPED;
}

/* Put back a signal (see task.h): a fault happens again by itself, anything else is
 * sent again when the thread resumes. */
static void take_back_signal(struct task *t, int sig, const siginfo_t *si, bool have_si)
{
        bool fault = (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE) &&
                     have_si && si->si_code > 0;

        if (!fault)
                t->resend_sig = sig;
}

/* Offer t's stop (t->rep, filled) to the session: true when it stops the process for
 * it (session_thread_report); else t runs on, as if nobody wanted the stop. */
static bool offer_report(struct task *t)
{
        t->run = T_STOPPED;
        t->reporting = true;
        if (session_thread_report(t->s, t->tid))
                return true;
        t->reporting = false;
        t->run = T_RUNNING;
        return false;
}

static void thread_breakpoint(struct task *t, struct breakpoint *b,
                              struct user_regs_struct *regs)
{
        struct session *s = t->s;
        bool cond_error, retry = session_retry_take(s, t->tid, b->addr);

        session_hit_to_come_take(s, t->tid, b->addr); /* it comes now */

        regs->rip = b->addr;
        if (t->run != T_RUNNING) { /* the process is stopping: put it back */
                ptrace_setregs(t->tid, regs);
                t->run = T_STOPPED;
                if (retry) {
                        session_retry_set(s, t->tid, b->addr); /* still to come */
                } else {
                        session_hit_to_come(s, t->tid, b->addr); /* uncounted */
                        t->hit_pending = true;
                }
                return;
        }
        if (retry) { /* counted already: the out-of-line area may be free now */
                step_over(t, b, regs, 0);
                return;
        }
        if (b->solib) { /* a library was loaded by this thread (dlopen) */
                uint64_t addr = b->addr;
                bool internal = b->internal;

                session_solib_event(s);
                b = bp_find_addr(&s->bps, addr);
                if (!b) { /* removed: the instruction is the program's again */
                        ptrace_setregs(t->tid, regs);
                        resume(t, 0);
                        return;
                }
                if (internal) {
                        step_over(t, b, regs, 0);
                        return;
                }
        }
        if (b->internal) {
                b->hits++;
        } else if (session_bp_wants_stop(s, t->tid, b, regs, &cond_error)) {
                ptrace_setregs(t->tid, regs);
                t->rep = (struct task_report){ .regs = *regs, .cond_error = cond_error };
                if (offer_report(t))
                        return;
        }
        step_over(t, b, regs, 0);
}

/* A signal that is about to end the whole process, passed on without a stop: keep its
 * crash snapshot from this thread first. */
static void thread_fatal_signal(struct task *t, int sig)
{
        struct user_regs_struct regs;
        siginfo_t si;

        if (!session_signal_ends_process(t->s, sig) || ptrace_getsiginfo(t->tid, &si) < 0 ||
            ptrace_getregs(t->tid, &regs) < 0)
                return;
        session_thread_signal(t->s, t->tid, sig, &si, regs.rip);
}

/* Signal sig delivered to (or dropped for) t without a stop: an event when `handle`
 * prints it or `cont` traces syscalls (session_signal_passed), of followed child pid (0:
 * of the session's process). */
static void signal_event(struct task *t, pid_t pid, int sig, const siginfo_t *si)
{
        struct user_regs_struct regs;

        if (t->s && session_signal_evented(t->s, sig))
                session_signal_passed(t->s, pid, t->tid, sig, si,
                                      ptrace_getregs(t->tid, &regs) == 0 ? regs.rip : 0);
}

static void thread_signal(struct task *t, int sig, const siginfo_t *si, bool have_si)
{
        bool told = session_signal_reported(t->s, sig);


        session_signal_seen(t->s, sig);
        if (told) {
                t->rep = (struct task_report){ .sig = sig, .have_si = have_si };
                if (have_si)
                        t->rep.si = *si;
                told = ptrace_getregs(t->tid, &t->rep.regs) == 0;
        }
        if (t->run != T_RUNNING) {
                /* Met while the process stops for another report: a signal the client
                 * is told of waits at its delivery stop, reported by the next resume
                 * before anything runs (as gdb reports pending events first); one
                 * passed without a report is sent again when the thread resumes. */
                t->run = T_STOPPED;
                if (told)
                        t->pending_sigrep = true;
                else
                        take_back_signal(t, sig, si, have_si);
                return;
        }
        if (told && offer_report(t))
                return;
        if (session_signal_passes(t->s, sig))
                thread_fatal_signal(t, sig);
        signal_event(t, 0, sig, have_si ? si : NULL);
        /* the program's own signal: deliver it, unless `handle` drops it */
        resume(t, session_signal_passes(t->s, sig) ? sig : 0);
}

/* A SIGTRAP of one of our watchpoints? It stops the process (counted when it is
 * stopping already: the access has happened, there is nothing to put back). */
static bool thread_watch(struct task *t)
{
        struct watch_hit w = { 0 };
        int r = session_watch_hit(t->s, t->tid, &w);

        if (r == 0)
                return false;
        if (r > 0 && t->run == T_RUNNING) { /* < 0: a deleted one's, ours: go on */
                t->rep = (struct task_report){ .watch = w };
                if (ptrace_getregs(t->tid, &t->rep.regs) == 0 && offer_report(t))
                        return true;
        }
        go_on(t);
        return true;
}

/* A syscall stop (the session traces syscalls): recorded, traced, and reported when a
 * `syscall` call wants it. A thread stopping with the others is held there, its stop
 * pending for the next `syscall` call. */
static void thread_syscall(struct task *t)
{
        struct __ptrace_syscall_info sc;
        long exit_nr = t->sc_nr, nr;

        if (ptrace_syscall_info(t->tid, &sc) < 0) {
                go_on(t);
                return;
        }
        t->sc_nr = sc.op == PTRACE_SYSCALL_INFO_ENTRY ? (long)sc.entry.nr : -1;
        if (session_syscall_ours(t->s, t->tid, &sc, exit_nr, t->run != T_RUNNING, &nr)) {
                if (sc.op == PTRACE_SYSCALL_INFO_ENTRY)
                        t->sc_nr = nr; /* its exit is the broken-off call's */
                go_on(t);
                return;
        }
        if (!session_thread_syscall(t->s, t->tid, &sc, exit_nr, t->run != T_RUNNING)) {
                go_on(t);
                return;
        }
        t->rep = (struct task_report){ .syscall = true, .sc = sc, .exit_nr = exit_nr };
        if (t->run == T_RUNNING) {
                if (t->s->intent != INTENT_SYSCALL ||
                    !session_syscall_wanted(t->s, &sc, exit_nr) || !offer_report(t))
                        go_on(t);
                return;
        }
        /* The process is stopping for another report: this one is the next `syscall`
         * call's, if it wants it (task_pending_report). */
        t->pending_sc = true;
        go_on(t);
}

static void thread_stop(struct task *t, int status)
{
        int sig = WSTOPSIG(status), event = (unsigned)status >> 16;
        struct user_regs_struct regs;
        siginfo_t si;
        bool have_si, moving = t->stepover || t->displacing;


        if (t->displacing) {
                int ran = session_displace_finish(t->s, t->tid, status);

                t->displacing = false;
                if (ran > 0) {
                        go_on(t);
                        return;
                }
                /* Stopped before the instruction ran: the pc is back on the breakpoint.
                 * After an interrupt its next resume steps over it; after a signal (which
                 * is delivered) it runs into the int3 again: a retry, counted already. */
                if (ran < 0) {
                        struct user_regs_struct r;

                        t->over_bp = event == PTRACE_EVENT_STOP;
                        if (!t->over_bp && ptrace_getregs(t->tid, &r) == 0)
                                session_retry_set(t->s, t->tid, r.rip);
                }
        }
        if (t->stepover) {
                struct breakpoint *b = bp_find_addr(&t->s->bps, t->stepover);
                struct bp_mem m = session_bp_mem(t->s);

                if (b)
                        bp_step_end(&m, b);
                t->stepover = 0;
                if (sig == SIGTRAP && event == 0) {
                        /* The step ran the program's own int3 under b: its signal. */
                        if (b && bp_program_int3(b) && ptrace_getsiginfo(t->tid, &si) == 0 &&
                            si.si_code == SI_KERNEL) {
                                thread_signal(t, sig, &si, true);
                                return;
                        }
                        go_on(t);
                        return;
                }
                /* Stopped before the step ran (an interrupt): it is still to do. Or
                 * after it ran the program's own int3 under b, before its SIGTRAP came:
                 * that one is the program's when it comes. */
                t->over_bp = event == PTRACE_EVENT_STOP;
                if (t->over_bp && b && bp_program_int3(b) &&
                    ptrace_getregs(t->tid, &regs) == 0 && regs.rip == b->addr + 1) {
                        t->over_bp = false;
                        session_prog_trap(t->s, t->tid, b->addr);
                }
        }
        if (sig == (SIGTRAP | 0x80) && event == 0) {
                thread_syscall(t);
                return;
        }
        if (event == PTRACE_EVENT_CLONE || event == PTRACE_EVENT_FORK ||
            event == PTRACE_EVENT_VFORK) {
                task_adopt(t->s, t->tid, event);
                go_on(t);
                return;
        }
        if (event == PTRACE_EVENT_VFORK_DONE)
                session_vfork_end(t->s); /* a thread's vfork child has exec'd or ended */
        if (event == PTRACE_EVENT_STOP) {
                session_interrupt_seen(t->s, t->tid);
                /* On a breakpoint whose int3 has not run: its hit is to come, should
                 * it become the current thread before it runs into it. */
                if (!moving && !t->over_bp && t->s->bps.list &&
                    ptrace_getregs(t->tid, &regs) == 0)
                        session_interrupted_at(t->s, t->tid, regs.rip);
        }
        if (event) { /* PTRACE_EVENT_STOP (interrupt, attach, group-stop), EXEC... */
                go_on(t);
                return;
        }
        have_si = ptrace_getsiginfo(t->tid, &si) == 0;
        if (sig == SIGTRAP && have_si && session_displace_stale_trap(t->s, t->tid, si.si_code)) {
                go_on(t);
                return;
        }
        if (t->step_trap) {
                t->step_trap = false;
                if (sig == SIGTRAP && have_si && (si.si_code == TRAP_TRACE ||
                                                  si.si_code == TRAP_BRKPT)) {
                        go_on(t); /* the step's, not the program's */
                        return;
                }
        }
        if (sig == SIGTRAP && thread_watch(t))
                return;
        if (sig == SIGTRAP && have_si && si.si_code == SI_KERNEL &&
            ptrace_getregs(t->tid, &regs) == 0) {
                struct breakpoint *b = bp_find_addr(&t->s->bps, regs.rip - 1);

                if (b && bp_trapped(b) && !session_prog_trap_take(t->s, t->tid, b->addr)) {
                        thread_breakpoint(t, b, &regs);
                        return;
                }
                if (!b && bp_moribund(&t->s->bps, regs.rip - 1)) {
                        /* One of ours, deleted after this thread ran into it: run the
                         * instruction. */
                        regs.rip -= 1;
                        ptrace_setregs(t->tid, &regs);
                        go_on(t);
                        return;
                }
        }
        thread_signal(t, sig, &si, have_si);
}

/* A syscall stop of a followed child: recorded and traced (session_child_syscall). */
static void child_syscall(struct task *t)
{
        struct __ptrace_syscall_info sc;
        long exit_nr = t->sc_nr;

        if (ptrace_syscall_info(t->tid, &sc) < 0)
                return;
        t->sc_nr = sc.op == PTRACE_SYSCALL_INFO_ENTRY ? (long)sc.entry.nr : -1;
        if (t->s && t->follow)
                session_child_syscall(t->s, t->pid, t->tid, &sc, exit_nr);
}

/* A signal a followed child takes: an event while a `cont` traces syscalls, as the
 * process's own (strace -f's "--- SIGCHLD {...} ---"); and when it will end the child
 * (no handler, a default action that kills), the child's crash report first, for the
 * session's `report` (a test runner's crashing test, under `dbgctl run --follow-forks`). */
static void child_signal(struct task *t, int sig)
{
        struct user_regs_struct regs;
        bool have_si;
        siginfo_t si;

        have_si = ptrace_getsiginfo(t->tid, &si) == 0;
        if (have_si && stop_signal_fatal(sig) && !tracee_signal_caught(t->pid, sig) &&
            ptrace_getregs(t->tid, &regs) == 0)
                session_child_crash(t->s, t->pid, t->tid, sig, &si, regs.rip);
        if (t->s->trace_syscalls)
                signal_event(t, t->pid, sig, have_si ? &si : NULL);
}

/* Whether t's SIGTRAP stop is one of our int3s: only a child that shares its parent's
 * memory (CLONE_VM without vfork: vfork takes ours out until it is done) can meet them;
 * a forked child's copy had them taken out at its first stop. Any other SIGTRAP is the
 * program's own (an int3 of its own, raise), which it must get, as it would untraced. */
static bool trap_is_ours(struct task *t)
{
        struct user_regs_struct regs;

        return t->shared_vm && t->s && ptrace_getregs(t->tid, &regs) == 0 &&
               bp_find_addr(&t->s->bps, regs.rip - 1);
}

/* A stop of a child process kept traced: under the session's syscall filter, or
 * followed (follow_forks). SECCOMP_RET_TRACE with no tracer fails the syscall (ENOSYS),
 * and a child inherits the filter: detached, it could not open a file (an exec'd
 * program cannot even load its libraries). So it stays traced, and every stop of it is
 * resumed at once: the filter's stops, its own children's events (they are kept so
 * too), signals (delivered). A followed child is resumed with PTRACE_SYSCALL while the
 * session wants its syscalls (session_child_traces), else with PTRACE_CONT. */
static void passive_stop(struct task *t, int status)
{
        int sig = WSTOPSIG(status), event = (unsigned)status >> 16, r;
        bool sc_stop = sig == (SIGTRAP | 0x80) && event == 0;
        int deliver = event || sc_stop ? 0 : sig;

        /* Once its session is gone (s NULL) it is still traced, to its end: detached,
         * its filtered syscalls would fail. */
        if (!t->scrubbed && t->s) {
                if (!t->shared_vm)
                        scrub_breakpoints(t);
                t->scrubbed = true;
        }
        if (deliver == SIGTRAP && trap_is_ours(t))
                deliver = 0;
        if (t->detach_at_stop) {
                ptrace_detach(t->tid, deliver);
                unlink_task(t);
                return;
        }
        if (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK ||
            event == PTRACE_EVENT_CLONE)
                task_adopt(t->s, t->tid, event);
        if (event == PTRACE_EVENT_EXEC)
                t->shared_vm = false; /* a vfork child's own memory now */
        if (event == PTRACE_EVENT_STOP)
                t->switching = false;
        if (sc_stop)
                child_syscall(t);
        else if (t->follow && t->s && deliver)
                child_signal(t, deliver);
        /* A stop of ours (the interrupt at its session's close, its first stop) is no
         * signal of the program's. */
        t->sc_mode = t->follow && t->s && session_child_traces(t->s);
        r = t->sc_mode ? ptrace_syscall(t->tid, deliver) : ptrace_cont(t->tid, deliver);
        if (r == -ESRCH)
                unlink_task(t);
}

static void handle(struct task *t, int status)
{
        if (WIFEXITED(status) || WIFSIGNALED(status)) {
                /* A thread's end (its own, or an exit_group's: the kernel tells them apart
                 * by nothing); one killed by a signal goes with the process. */
                if (t->thread && WIFEXITED(status) && session_alive(t->s))
                        session_thread_event(t->s, 0, t->tid, false);
                else if (t->follow && t->s && t->tid == t->pid)
                        session_process_event(t->s, t->pid, 0, false, status);
                else if (t->follow && t->s && WIFEXITED(status))
                        session_thread_event(t->s, t->pid, t->tid, false);
                if (t->s)
                        session_interrupt_seen(t->s, t->tid);
                unlink_task(t);
                return;
        }
        if (!t->thread && (t->passive || !(t->s->kfilter || t->s->follow_forks))) {
                if (t->passive)
                        passive_stop(t, status);
                else
                        detach(t);
                return;
        }
        if (!t->thread) {
                t->passive = true;
                passive_stop(t, status);
                return;
        }
        thread_stop(t, status);
}

static struct task *task_new(struct session *s, pid_t tid)
{
        struct task *t = calloc(1, sizeof(*t));

        if (!t)
                return NULL;
        t->tid = tid;
        t->s = s;
        t->sc_nr = -1;
        t->next = tasks;
        tasks = t;
        return t;
}

void task_adopt(struct session *s, pid_t tid, int event)
{
        struct task *parent = find(tid);
        bool of_child = parent && parent->passive; /* a child's child, or its thread */
        unsigned long msg;
        struct task *t;
        pid_t child;

        if (ptrace_geteventmsg(tid, &msg) < 0)
                return;
        child = (pid_t)msg;
        t = task_new(s, child);
        if (!t) {
                ptrace_detach(child, 0);
                return;
        }
        t->passive = of_child;
        /* A child's task, or one of its threads: followed with it; not the session's
         * own threads. */
        t->follow = s && s->follow_forks;
        if (of_child) { /* a child's: kept as its parent is (passive_stop) */
                t->scrubbed = true; /* its parent's memory had ours taken out */
                t->shared_vm = event == PTRACE_EVENT_VFORK;
                t->pid = event == PTRACE_EVENT_CLONE &&
                                         tracee_same_thread_group(parent->pid, child)
                                 ? parent->pid
                                 : child;
                if (t->follow && t->pid == child)
                        session_process_event(s, child, parent->pid, true, 0);
                else if (t->follow)
                        session_thread_event(s, t->pid, child, true);
                goto early;
        }
        t->thread = event == PTRACE_EVENT_CLONE && tracee_same_thread_group(s->pid, child);
        t->follow = t->follow && !t->thread;
        if (t->thread)
                session_thread_event(s, 0, child, true);
        t->pid = t->thread ? s->pid : child;
        if (!t->thread && t->follow)
                session_process_event(s, child, s->pid, true, 0);
        t->shared_vm = event == PTRACE_EVENT_VFORK || tracee_same_vm(s->pid, child);
        /* A new thread runs when the others do: its first stop (PTRACE_EVENT_STOP) then
         * resumes it; else it holds it, stopped with them. */
        t->run = s->others_run && s->state == STATE_RUNNING && !s->reporter ? T_RUNNING
                                                                           : T_STOPPING;
        if (event == PTRACE_EVENT_VFORK)
                session_vfork_begin(s); /* until the parent's VFORK_DONE */
early:
        for (struct early **p = &earlies; *p; p = &(*p)->next) {
                if ((*p)->pid == child) {
                        struct early *e = *p;
                        int status = e->status;

                        *p = e->next;
                        free(e);
                        n_early--;
                        handle(t, status);
                        return;
                }
        }
}

bool task_on_status(pid_t pid, int status)
{
        struct task *t = find(pid);
        struct early *e;

        if (t) {
                handle(t, status);
                return true;
        }
        if (!WIFSTOPPED(status) || n_early >= EARLY_MAX)
                return false;
        /* Probably a new task whose parent's event stop has not been seen yet. */
        e = calloc(1, sizeof(*e));
        if (!e)
                return false;
        e->pid = pid;
        e->status = status;
        e->next = earlies;
        earlies = e;
        n_early++;
        return true;
}

void task_stop_all(struct session *s)
{
        for (struct task *t = tasks, *next; t; t = next) {
                next = t->next;
                if (t->s != s || !t->thread || t->run != T_RUNNING)
                        continue;
                t->run = T_STOPPING;
                if (session_interrupt(s, t->tid) == -ESRCH)
                        unlink_task(t);
        }
}

static struct task *first_stopping(const struct session *s)
{
        for (struct task *t = tasks; t; t = t->next)
                if (t->s == s && t->thread && t->run == T_STOPPING)
                        return t;
        return NULL;
}

bool task_await_stopped(struct session *s, uint64_t until_ns)
{
        pid_t pid, pgid;
        int status;

        /* A thread whose vfork child has not exec'd yet cannot stop before it does; the
         * child runs on, but may take its time. */
        if (s->vforks > 0 || !first_stopping(s))
                return false;
        /* Any status of the process group comes in order: the threads', and its
         * children's (kept traced: passive_stop), each handled as the reaper would.
         * The group is the process's own (spawned as its leader) unless it made
         * another (setpgid, setsid): its threads are in that one. */
        pgid = getpgid(s->pid);
        if (pgid <= 0)
                return false;
        while (first_stopping(s)) {
                if (!reaper_wait_for(pgid, &pid, &status, until_ns))
                        return false;
                /* The session's own: the current thread's (stopped, so it was killed),
                 * the process's end, an exec (by any thread: it takes the pid). The
                 * stop is moot; they are the reaper's to hand to the session. */
                if (pid == s->tid || (pid == s->pid && (!WIFSTOPPED(status) ||
                                                        (unsigned)status >> 16 ==
                                                                PTRACE_EVENT_EXEC)))
                        return true;
                if (waitpid(pid, &status, __WALL | WNOHANG) != pid)
                        return false;
                task_on_status(pid, status);
        }
        return false;
}

static void resume_thread(struct task *t)
{
        int sig = t->pending_sig;

        t->pending_sc = false;
        t->hit_pending = false; /* it runs into the int3 again: the hit comes then */
        if (t->pending_sigrep) { /* resumed before it was told: it comes again */
                t->pending_sigrep = false;
                take_back_signal(t, t->rep.sig, &t->rep.si, t->rep.have_si);
        }

        t->pending_sig = 0;
        if (t->resend_sig) {
                syscall(SYS_tgkill, t->s->pid, t->tid, t->resend_sig);
                t->resend_sig = 0;
        }
        if (t->over_bp) {
                struct user_regs_struct regs;
                struct breakpoint *b;

                t->over_bp = false;
                /* (also while another thread's step over b has its int3 out: the
                 * program's own int3 under it would trap as ours) */
                if (ptrace_getregs(t->tid, &regs) == 0 &&
                    (b = bp_find_addr(&t->s->bps, regs.rip)) && bp_trapped(b)) {
                        session_retry_take(t->s, t->tid, b->addr); /* stepped over now */
                        t->run = T_RUNNING;
                        step_over(t, b, &regs, sig);
                        return;
                }
        }
        resume(t, sig);
}

void task_resume_all(struct session *s)
{
        bool child_sc = s->follow_forks && session_child_traces(s);

        for (struct task *t = tasks, *next; t; t = next) {
                next = t->next;
                /* A followed child runs on its own, but is resumed with PTRACE_CONT
                 * while nobody wants its syscalls: an interrupt makes it stop once, to
                 * be resumed with PTRACE_SYSCALL (passive_stop). */
                if (t->s == s && t->passive && t->follow && child_sc && !t->sc_mode &&
                    !t->switching) {
                        t->switching = ptrace_interrupt(t->tid) == 0;
                        continue;
                }
                if (t->s != s || !t->thread)
                        continue;
                if (t->run == T_STOPPED)
                        resume_thread(t);
                else
                        t->run = T_RUNNING; /* its interrupt's stop resumes it */
        }
}

/* t leaves task.c to become the current thread: what it carries goes to the session.
 * Returns the signal its next resume delivers (a taken-back one too, not sent again,
 * when no other is pending). */
static int hand_over(struct session *s, struct task *t)
{
        int sig = t->pending_sig;

        if (t->resend_sig && !sig)
                sig = t->resend_sig;
        else if (t->resend_sig)
                syscall(SYS_tgkill, s->pid, t->tid, t->resend_sig);
        s->step_trap = t->step_trap;
        s->handed_tid = t->tid;
        s->handed_sc_nr = t->sc_nr;
        t->reporting = false; /* not a put-back report: unlink_task must not clear it */
        t->displacing = false; /* its run out of line, if any, is the session's now */
        unlink_task(t);
        return sig;
}

int task_take(struct session *s, pid_t tid, int *ret_sig, struct task_report *ret_report,
              bool *ret_reporting)
{
        struct task *t = find(tid);

        if (!t || t->s != s || !t->thread || t->run != T_STOPPED)
                return -ESRCH;
        *ret_reporting = t->reporting;
        if (ret_report)
                *ret_report = t->rep;
        *ret_sig = hand_over(s, t);
        return 0;
}

void task_put(struct session *s, pid_t tid, int sig, bool over_bp, bool stepping,
              long sc_nr)
{
        struct task *t = task_new(s, tid);

        if (!t)
                return; /* it stays stopped until the process ends */
        t->thread = true;
        t->run = T_STOPPED;
        t->pending_sig = sig;
        t->over_bp = over_bp;
        t->step_trap = stepping;
        t->sc_nr = sc_nr;
}

int task_take_running(struct session *s, pid_t tid, bool *ret_running, int *ret_sig,
                      uint64_t *ret_stepover)
{
        struct task *t = find(tid);

        if (!t || t->s != s || !t->thread)
                return -ESRCH;
        *ret_running = t->run != T_STOPPED;
        *ret_stepover = t->stepover;
        *ret_sig = hand_over(s, t);
        return 0;
}

pid_t task_any_thread(const struct session *s, pid_t not)
{
        pid_t zombie = 0;

        for (const struct task *t = tasks; t; t = t->next) {
                if (t->s != s || !t->thread || t->tid == not)
                        continue;
                if (!tracee_is_zombie(t->tid))
                        return t->tid;
                zombie = t->tid;
        }
        return zombie;
}

void task_put_back(struct session *s, pid_t tid)
{
        struct task *t = find(tid);
        struct breakpoint *b;

        if (!t || t->s != s || !t->reporting)
                return;
        t->reporting = false;
        if (t->rep.watch.id) {
                return; /* counted: the access cannot happen again */
        } else if (t->rep.syscall) {
                t->pending_sc = true;
        } else if (t->rep.sig) {
                t->pending_sigrep = true; /* still at its delivery stop */
        } else {
                /* Its pc is on the breakpoint: the hit happens again. */
                b = bp_find_addr(&s->bps, t->rep.regs.rip);
                if (b && b->hits)
                        b->hits--;
        }
}

bool task_is_thread(const struct session *s, pid_t tid, bool *ret_running)
{
        const struct task *t = find(tid);

        if (!t || t->s != s || !t->thread)
                return false;
        *ret_running = t->run != T_STOPPED;
        return true;
}

void task_threads_json(const struct session *s, json_t *list)
{
        static const char *const names[] = { "running", "stopping", "stopped" };

        for (const struct task *t = tasks; t; t = t->next) {
                struct user_regs_struct regs;
                json_t *o;

                if (t->s != s || !t->thread)
                        continue;
                if (t->run == T_STOPPED && ptrace_getregs(t->tid, &regs) < 0)
                        continue; /* it has ended, its exit not seen yet */
                o = json_pack("{s:i,s:b,s:s}", "tid", (int)t->tid, "current", 0, "state",
                              names[t->run]);
                if (t->run == T_STOPPED)
                        json_object_set_new(o, "pc", jrpc_addr(regs.rip));
                json_array_append_new(list, o);
        }
}

void task_tell_exec_ended(struct session *s, pid_t pid)
{
        for (const struct task *t = tasks; t; t = t->next)
                if (t->s == s && t->thread && t->tid != pid)
                        session_thread_event(s, 0, t->tid, false);
}

size_t task_stopped_threads(const struct session *s, pid_t *tids, size_t max)
{
        size_t n = 0;

        for (const struct task *t = tasks; t && n < max; t = t->next)
                if (t->s == s && t->thread && t->run == T_STOPPED)
                        tids[n++] = t->tid;
        return n;
}

void task_forget(struct session *s, bool all)
{
        for (struct task **p = &tasks; *p;) {
                struct task *t = *p;

                if (t->s == s && all && t->passive && !s->kfilter) {
                        /* A followed child that outlives its session (one that left its
                         * process group, which close kills): detached at its next stop,
                         * which this interrupt makes. */
                        t->s = NULL;
                        t->detach_at_stop = true;
                        if (ptrace_interrupt(t->tid) == -ESRCH) {
                                *p = t->next;
                                free(t);
                        } else {
                                p = &t->next;
                        }
                } else if (t->s == s && all && t->passive) {
                        /* A child under the filter outlives its session (one that left
                         * its process group, which close kills): traced on to its end. */
                        t->s = NULL;
                        p = &t->next;
                } else if (t->s == s && (all || t->thread)) {
                        *p = t->next;
                        free(t);
                } else {
                        p = &t->next;
                }
        }
}

/* Is t's pending hit one to report now? Its breakpoint (still at its pc, still armed,
 * one of the client's) is hit now, as the int3 would be: counted, its condition, ignore
 * count and log taken; a hit that does not stop is stepped over at t's resume. */
static bool pending_hit_stops(struct task *t)
{
        struct session *s = t->s;
        struct user_regs_struct regs;
        struct breakpoint *b;
        bool cond_error;

        t->hit_pending = false;
        if (ptrace_getregs(t->tid, &regs) < 0)
                return false;
        b = bp_find_addr(&s->bps, regs.rip);
        if (!b || !bp_trapped(b) || b->internal || b->solib ||
            !session_hit_to_come_take(s, t->tid, b->addr))
                return false; /* it resumes as before: into whatever is there */
        if (session_bp_wants_stop(s, t->tid, b, &regs, &cond_error)) {
                t->rep = (struct task_report){ .regs = regs, .cond_error = cond_error };
                t->reporting = true;
                return true;
        }
        t->over_bp = true;
        return false;
}

/* The stopped thread of s with a pending hit that comes next after tid in tid order,
 * round: NULL when none has one. */
static struct task *next_pending_hit(struct session *s, pid_t tid)
{
        struct task *after = NULL, *first = NULL;

        for (struct task *t = tasks; t; t = t->next) {
                if (t->s != s || t->run != T_STOPPED || !t->hit_pending)
                        continue;
                if (t->tid > tid && (!after || t->tid < after->tid))
                        after = t;
                if (!first || t->tid < first->tid)
                        first = t;
        }
        return after ? after : first;
}

pid_t task_pending_report(struct session *s, bool syscalls)
{
        struct task *h;

        for (struct task *t = tasks; t; t = t->next) {
                if (t->s != s || t->run != T_STOPPED)
                        continue;
                if (t->pending_sigrep) {
                        t->pending_sigrep = false;
                        t->reporting = true;
                        return t->tid;
                }
                if (!syscalls || !t->pending_sc)
                        continue;
                t->pending_sc = false;
                if (session_syscall_wanted(s, &t->rep.sc, t->rep.exit_nr)) {
                        t->reporting = true;
                        return t->tid;
                }
        }
        /* Hits of threads that ran into a breakpoint while the process stopped for
         * another's, taken in turn from the thread after the current one (gdb picks one
         * at random): resumed, the thread that reported runs on and comes round to its
         * breakpoint before the others have even been resumed, and theirs were lost
         * to it at every stop (one thread of four had 166 of 200 stops). */
        while ((h = next_pending_hit(s, s->tid)) != NULL)
                if (pending_hit_stops(h))
                        return h->tid;
        return 0;
}

bool task_has_threads(const struct session *s)
{
        for (const struct task *t = tasks; t; t = t->next)
                if (t->s == s && t->thread)
                        return true;
        return false;
}

bool task_shares_vm(const struct session *s)
{
        for (const struct task *t = tasks; t; t = t->next)
                if (t->s == s && (t->thread || t->shared_vm))
                        return true;
        return false;
}

int task_kill_children(const struct session *s)
{
        int n = 0;

        for (const struct task *t = tasks; t; t = t->next)
                if (t->s == s && t->passive && t->tid == t->pid &&
                    getpgid(t->tid) == s->pid && kill(t->tid, SIGKILL) == 0)
                        n++;
        return n;
}

void task_shutdown(void)
{
        while (tasks) {
                struct task *t = tasks;
                tasks = t->next;
                free(t);
        }
        while (earlies) {
                struct early *e = earlies;
                earlies = e->next;
                free(e);
        }
        n_early = 0;
}

/* ---- attach and detach (session_attach, session_detach) ------------------------------ */

int task_attached(struct session *s, pid_t tid)
{
        struct task *t = task_new(s, tid);

        if (!t)
                return -ENOMEM;
        t->thread = true;
        t->pid = s->pid;
        /* Stopping: its interrupt's stop (or its group-stop, seized in one) holds it,
         * and task_await_stopped waits for it before the attach stop is told. */
        t->run = T_STOPPING;
        if (session_interrupt(s, tid) == -ESRCH)
                unlink_task(t); /* ended since its seize */
        return 0;
}

/* t is still stopping (uninterruptible sleep): it cannot be detached before its stop,
 * which it makes before it runs any code of the program (the interrupt is taken on the
 * way back to user mode). It is let go at that stop (passive_stop), its session
 * forgotten. */
static void orphan(struct task *t)
{
        if (t->displacing && t->s)
                session_displace_abandon(t->s, t->tid);
        if (t->thread && t->s && t->s->reporter == t->tid)
                t->s->reporter = 0;
        t->thread = false;
        t->passive = true;
        t->follow = false;
        t->scrubbed = true;
        t->detach_at_stop = true;
        t->displacing = false;
        t->s = NULL;
}

void task_let_go(pid_t tid)
{
        struct task *t = find(tid);

        if (!t)
                t = task_new(NULL, tid);
        if (t)
                orphan(t);
}

void task_release_children(struct session *s)
{
        for (struct task *t = tasks; t; t = t->next) {
                if (t->s != s || t->thread || t->passive)
                        continue;
                if (!t->shared_vm && !t->scrubbed)
                        scrub_breakpoints(t); /* its copy of our int3s */
                orphan(t);
        }
}

/* Let thread tid go, giving it sig (0: none). PTRACE_DETACH delivers a signal only
 * from a signal-delivery stop; from any other stop (one taken back, task.h's "put
 * back"; the current thread's after `thread`), it is sent again. */
static void detach_with(pid_t pid, pid_t tid, int sig)
{
        siginfo_t si;

        if (sig && ptrace_getsiginfo(tid, &si) == 0 && si.si_signo == sig &&
            (si.si_code >> 8) == 0 && ptrace_detach(tid, sig) == 0)
                return;
        ptrace_detach(tid, 0);
        if (sig)
                syscall(SYS_tgkill, pid, tid, sig);
}

/* How long a detach waits, in all, for its threads to take the SIGTRAPs of ours queued
 * for them (drop_own_trap). Each is pending, so the thread stops for it at once when
 * resumed (microseconds): the bound is for a thread that does not, and it is one
 * deadline for the whole detach (task_detach_deadline), not one per thread, so that a
 * detach of many threads cannot hold the event loop for many times it. */
#define OWN_TRAP_NS 200000000ULL

uint64_t task_detach_deadline(void)
{
        return loop_now_ns() + OWN_TRAP_NS;
}

/* Thread tid (stopped) may have a SIGTRAP of ours queued: the one of a single step it
 * was broken off in (task_put's `stepping`, s->step_trap), or an int3's, when the
 * thread ran into a breakpoint just as the all-stop interrupted it (the kernel reports
 * the interrupt's stop before it dequeues the signal: the thread sits in that stop, its
 * pc one past the int3, the SIGTRAP pending). Detached with it still pending, the thread
 * would take it as the program's, and die of it (its default action: test_threads once
 * ended so in CI), or run the program's own handler for a trap that never was. So, as
 * it would be on a resume of ours, it is let take it: resumed (with sig, as the detach
 * would deliver it), it stops for the SIGTRAP, which the detach then discards, the pc of
 * an int3's put back on the breakpoint (whose original byte is back by then). Any
 * other SIGTRAP (the program's raise(), its own int3) is the program's: delivered.
 * Returns the signal the detach is to deliver: sig, or 0 once it was delivered on the
 * way; -1 when the thread ended, -2 when it has not stopped by until (it runs). */
static int drop_own_trap(struct session *s, pid_t tid, int sig, uint64_t until)
{
        struct user_regs_struct regs;
        siginfo_t si;
        int status;

        if (!tracee_sig_pending(tid, SIGTRAP))
                return sig;
        if (sig && ptrace_getsiginfo(tid, &si) == 0 && si.si_signo == sig &&
            (si.si_code >> 8) == 0) {
                if (ptrace_cont(tid, sig) < 0)
                        return sig;
        } else {
                if (ptrace_cont(tid, 0) < 0)
                        return sig;
                if (sig)
                        syscall(SYS_tgkill, s->pid, tid, sig);
        }
        /* A bounded wait for one thread's stop that is due now, as task_await_stopped's
         * for the others; waitpid on tid alone takes no other thread's status. */
        for (;;) {
                pid_t r = waitpid(tid, &status, __WALL | WNOHANG);

                if (r == tid)
                        break;
                if (r < 0 || loop_now_ns() >= until)
                        return -2; /* running: let go at its stop (task_let_go) */
                usleep(100);
        }
        if (!WIFSTOPPED(status))
                return -1; /* it ended: nothing to let go */
        if (WSTOPSIG(status) == SIGTRAP && ((unsigned)status >> 16) == 0 &&
            ptrace_getsiginfo(tid, &si) == 0) {
                if (si.si_code == TRAP_BRKPT || si.si_code == TRAP_TRACE)
                        return 0; /* the step's: discarded by detaching from its stop */
                if (si.si_code == SI_KERNEL && ptrace_getregs(tid, &regs) == 0 &&
                    (bp_find_addr(&s->bps, regs.rip - 1) ||
                     bp_moribund(&s->bps, regs.rip - 1))) {
                        regs.rip -= 1; /* the instruction under our int3, to run */
                        ptrace_setregs(tid, &regs);
                        return 0;
                }
        }
        /* Another signal came first (a lower number), or the program's own SIGTRAP: the
         * detach delivers it; a SIGTRAP of ours is then still pending, and goes with the
         * thread. */
        return ((unsigned)status >> 16) == 0 ? (int)WSTOPSIG(status) : 0;
}

bool task_detach_thread(struct session *s, pid_t tid, int sig, uint64_t until)
{
        sig = drop_own_trap(s, tid, sig, until);
        if (sig == -2) {
                task_let_go(tid);
                return false;
        }
        if (sig < 0)
                return true; /* it ended meanwhile */
        if (s->watched)
                ptrace_set_debugreg(tid, 7, 0); /* no watchpoint outlives us */
        detach_with(s->pid, tid, sig);
        return true;
}

void task_detach_all(struct session *s, uint64_t until)
{
        for (struct task *t = tasks, *next; t; t = next) {
                int sig;

                next = t->next;
                if (t->s != s || !t->thread)
                        continue;
                if (t->run != T_STOPPED) {
                        orphan(t);
                        continue;
                }
                /* The signal its next resume would have delivered: a pending one, one
                 * taken back, or the one it stopped for and did not report yet. */
                sig = t->pending_sig ? t->pending_sig
                      : t->resend_sig ? t->resend_sig
                      : t->pending_sigrep || t->reporting ? t->rep.sig : 0;
                if (t->reporting && !t->rep.sig && !t->rep.syscall && !t->rep.watch.id)
                        sig = 0; /* a breakpoint hit: its pc is on the breakpoint */
                t->reporting = false;
                if (!task_detach_thread(s, t->tid, sig, until))
                        continue; /* let go at its stop (orphan) */
                unlink_task(t);
        }
        /* New threads whose first stop came before their parent's clone event (which,
         * the parent being let go, will not come to us): let them go too. */
        for (struct early **p = &earlies; *p;) {
                struct early *e = *p;

                if (WIFSTOPPED(e->status) && tracee_same_thread_group(s->pid, e->pid)) {
                        ptrace_detach(e->pid, 0);
                        *p = e->next;
                        free(e);
                        n_early--;
                } else {
                        p = &e->next;
                }
        }
}
