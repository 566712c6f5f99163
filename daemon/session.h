/* session.h — traced sessions: the table, the state machine driver, waiters.
 *
 * A session is one traced process. Its state moves only here: the reaper hands each
 * waitpid status to session_on_status(), which classifies it (stop.c), acts (step-over,
 * counted steps, silent signals) and reports stops to the calls waiting on it. A
 * session whose process is gone keeps its last state and output until it is closed. */
#pragma once

#include <jansson.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>

#include "ptrace.h"

#include "breakpoint.h"
#include "displace.h"
#include "events.h"
#include "output.h"
#include "stepping.h"
#include "stop.h"

struct call;
struct program;
struct waiter;

enum spawn_stop {
        SPAWN_STOP_EXEC,
        SPAWN_STOP_ENTRY,
        SPAWN_STOP_MAIN,
        SPAWN_STOP_NONE,
};

enum { OUT_STDOUT, OUT_STDERR, OUT__COUNT };

/* Watchpoints: x86's four debug registers, in every thread of the process. An enabled
 * watchpoint holds one; a disabled one is kept without (gdb's: a disabled watchpoint
 * takes no hardware), so a session may keep more than four, up to WATCH_MAX. */
#define WATCH_SLOTS 4
#define WATCH_MAX 32

struct watchpoint {
        bool used;
        int id;                         /* never reused in a session, as gdb's numbers */
        uint64_t addr;
        unsigned len;                   /* 1, 2, 4 or 8, addr aligned to it */
        bool rw;                        /* reads too, not only writes */
        bool disabled;                  /* kept, but off and without a debug register */
        int slot;                       /* its debug register (0-3) while enabled */
        unsigned long hits;
        uint64_t value;                 /* the memory's value at the last hit (or set) */
};

struct session {
        int id;
        pid_t pid;
        /* The current thread: the one the state machine drives (its stops, steps,
         * registers). The process's pid until another thread stops the process; every
         * other thread is task.c's. All-stop: while the session is stopped, so are they
         * (task_stop_all); `cont` and `syscall` resume them too, `step` only this one. */
        pid_t tid;
        pid_t reporter;                 /* a thread whose stop waits for this one's to be
                                         * reported in its place (session_thread_report) */
        bool others_run;                /* the other threads were resumed with this one */
        bool others_after_over;         /* the others wait for the step over the program's
                                         * own int3 under a breakpoint (do_resume) */
        bool main_left;                 /* the main thread has left (pthread_exit) */
        bool leader_untraced;           /* attached after the main thread had left: it
                                         * is not ours (a zombie cannot be seized), and
                                         * the last thread's end is the process's */
        bool group_told;                /* a group-stop was reported; no stop signal or
                                         * SIGCONT since (stop_in.group_told) */
        bool dying;                     /* a thread was killed by a signal: so is the
                                         * process, its end is coming */
        bool step_trap;                 /* the current thread was swapped out in a step
                                         * once: its SIGTRAP may still come (task_put) */
        pid_t thread_exited;            /* the current thread ended during a step: the
                                         * next report says so */
        bool attached;                  /* attached to a running process (`attach`): close
                                         * detaches it, no output is captured */
        char *path;
        json_t *args;                   /* owned array of strings */
        enum session_state state;

        /* How it runs: set by session_resume, consumed by the state machine. */
        enum intent intent;
        enum resume_kind resumed;
        unsigned long steps_left;
        bool stepping_over;
        uint64_t stepover_addr;
        bool pause_requested;
        bool resumed_from_exec;         /* the last resume left an exec stop */
        int pending_sig;                /* delivered by the next resume by default */
        enum spawn_stop spawn_stop;

        /* Syscalls. `syscall` with names sets want_nr for that call; a spawn-time seccomp
         * filter (kfilter_nr) lets the kernel skip every other syscall. */
        bool names_active;
        uint64_t want_nr[8];            /* bitmap of syscall numbers, 0..511 */
        uint64_t want_i386[8];          /* i386 numbers of names only i386 has */
        bool kfilter;
        uint64_t kfilter_nr[8];
        bool want_exit;                 /* a seccomp entry was reported: resume with
                                         * PTRACE_SYSCALL to see its exit */
        bool seccomp_entries;           /* resumed with PTRACE_CONT in place of
                                         * PTRACE_SYSCALL: seccomp stops are entries */
        bool record_syscalls;           /* log syscalls while continuing (CI reports) */
        bool follow_forks;              /* child processes stay traced (task.c), their
                                         * syscalls traced and recorded with the pid */
        json_t *child_crashes;          /* follow_forks: the crash reports of the first
                                         * CHILD_CRASHES_MAX children a signal killed
                                         * (session_child_crash), for `report` */
        unsigned child_crashes_omitted; /* those after them */
        bool trace_syscalls;            /* this `cont` makes each syscall an event */
        bool trace_late, names_late;    /* trace_syscalls and names_active of the run that
                                         * the last stop ended: for the syscall stops of
                                         * threads still stopping after it */
        struct event_queue events;
        /* The last SYSCALL_LOG_MAX syscalls (a ring, allocated at the first one), kept as
         * plain records: JSON only when `report` reads them. A thread's last record
         * pushed out of the ring by the others' is kept in sc_kept (one per thread, at
         * most SYSCALL_KEPT_MAX): a thread blocked in a syscall while the others run
         * still shows it. */
        struct syscall_rec {
                long nr;
                uint64_t args[6];
                int64_t ret;
                uint64_t seq;           /* its place in the order of records */
                pid_t tid;              /* the thread that made it */
                pid_t pid;              /* a followed child's, 0: the session's process */
                bool i386;              /* nr is in the i386 table (syscalls.h) */
                bool done;              /* its exit was seen */
                char *text;             /* owned: as strace prints it (sysfmt.h), or NULL */
        } *sc_log, *sc_kept;
        size_t n_kept;
        uint64_t sc_count;              /* records ever written */
        /* Each thread's last syscall in strace's words (session.c's sc_text): the
         * entry's text kept for its exit. At most SC_TEXT_MAX threads, the least
         * recently used one's slot reused. */
        struct sc_text **sc_text;
        size_t n_sc_text;
        uint64_t sc_text_clock;
        long sc_nr;                     /* number of the syscall whose entry stop was the
                                         * last stop, else -1 */
        long step_sc_nr;                /* sc_nr when the current thread was stepped from
                                         * there (its exit is the step's), else -1 */
        pid_t handed_tid;               /* a thread task.c hands over (hand_over), and */
        long handed_sc_nr;              /* its sc_nr, for set_current */

        /* The last report. */
        uint64_t seq;
        uint64_t pc;
        enum stop_kind reported;        /* the reason of the last report */
        struct user_regs_struct regs;   /* at the last stop, while regs_valid */
        bool regs_valid;
        uint64_t resumed_ns;            /* when it was last resumed (loop_now_ns) */
        uint64_t last_run_ns;           /* resume to stop, the last time */

        /* Steps done in dbgd (session.c, "steps in dbgd"). xpages: pages the CPU has
         * fetched instructions from since the program last ran freely (a ring);
         * step_from: the pc of the real step under way, 0 if unknown; synth: a step
         * done here, its stop queued (synth_next) to be handled as a waitpid status. */
        uint64_t xpages[4];
        unsigned n_xpages;
        uint64_t step_from;
        bool step_keeps_pages;          /* that step's instruction is no syscall */
        bool synth;
        struct session *synth_next;

        /* An instruction running out of line (displace.h), and where: the entry point,
         * found after each exec. One at a time: the current thread's, or another
         * thread's stepping over a breakpoint (task.c), which waits its turn. */
        struct {
                bool active;
                pid_t tid;              /* the thread running it */
                uint64_t orig, scratch;
                size_t insn_len, out_len;
                uint8_t saved[DISPLACE_MAX];
                enum resume_kind how;
                bool syscall;           /* a `syscall`: may block (session_displace_wait) */
                unsigned waits;         /* retries of other threads meanwhile */
        } displaced;
        uint64_t scratch;               /* 0 until looked up; reset at exec */
        pid_t disp_trap[4];             /* threads whose out-of-line int3 ran, but whose
                                         * SIGTRAP is still queued behind an interrupt's
                                         * stop: swallowed when it comes */
        struct {
                pid_t tid;              /* 0: a free slot */
                long nr;
        } restarts[8];                  /* syscalls our interrupts broke off, to be
                                         * restarted (session_syscall_ours) */
        pid_t *intr;                    /* threads interrupted, their stop not seen */
        size_t n_intr, cap_intr;
        struct {
                pid_t tid;              /* 0: a free slot */
                uint64_t addr;
                int kind;               /* session.c's RETRY_* */
        } retries[8];                   /* threads running into the breakpoint at addr
                                         * again, its hit counted, while the out-of-line
                                         * area is another thread's (session_retry); or
                                         * put back on it, its hit still to come; or the
                                         * program's own int3 under it ran, its SIGTRAP
                                         * to come */
        json_t *stop;                   /* owned stop object, NULL unless stopped */
        int exit_code;
        int term_sig;
        bool core_dumped;

        struct bp_table bps;
        char cond_why[256];             /* why the last condition could not be evaluated */
        struct plan plan;               /* a step by line, over a call, or `finish`
                                         * under way (stepping.c) */
        struct watchpoint watches[WATCH_MAX];
        uint64_t sig_quiet;             /* bit sig-1: passes without a stop (`handle`) */
        uint64_t sig_held;              /* bit sig-1: not delivered unless `cont` says so */
        uint64_t sig_noprint;           /* bit sig-1: said nowhere when it does not stop
                                         * (else a "signal" event) */
        bool watched;                   /* a watchpoint was ever set: a SIGTRAP may be a
                                         * debug register's, also a deleted one's */
        unsigned dr_gen;                /* bumped at each watchpoint change: a thread whose
                                         * debug registers are older gets them before it
                                         * runs (session_debugregs_sync) */
        unsigned focus_dr_gen;          /* the current thread's */
        struct program *program;        /* symbols, unwinding (program.c); owned */
        int memfd;                      /* /proc/PID/mem, -1 until needed */

        struct output_ring out[OUT__COUNT];
        int out_fd[OUT__COUNT];
        bool out_paused[OUT__COUNT];    /* out_fd left the loop: its ring has no room */
        unsigned vforks;                /* vfork children running on our memory */
        int in_fd;                      /* stdin pipe, -1: none or closed */
        char *in_buf;                   /* queued: in_buf[in_off, in_len) */
        size_t in_len, in_off, in_cap;
        bool in_open;                   /* stdin_open and no eof yet: more may come */
        bool in_watched;                /* in_fd is in the loop (only while queued) */

        struct waiter *waiters;
        bool dead;                      /* closed: freed before the loop sleeps */
        struct session *next;
};

struct session_limits {
        size_t max_sessions;
        size_t output_bytes;            /* per stream */
        size_t input_bytes;             /* stdin queued by session_input */
        size_t max_breakpoints;
};

void session_set_limits(const struct session_limits *l);
const struct session_limits *session_limits(void);

struct session *session_find(int id);
/* Iterate live sessions: session_next(NULL) is the first. */
struct session *session_next(struct session *s);
size_t session_count(void);

int session_id(const struct session *s);
enum session_state session_state(const struct session *s);
bool session_alive(const struct session *s);

struct spawn_request {
        const char *path;
        char **argv;                    /* NULL-terminated, argv[0] included */
        char **envp;
        const char *cwd;
        const char *stdin_data;         /* NULL: /dev/null (unless stdin_open) */
        size_t stdin_len;
        bool stdin_open;                /* a pipe that stays open for session_input */
        bool output_block;              /* full output buffers block the program */
        bool aslr;
        const char *search_path;
        enum spawn_stop stop;
        bool record_syscalls;
        bool follow_forks;
        const int *filter_nrs;          /* seccomp filter: syscalls to trap, or NULL */
        size_t n_filter_nrs;
};

#define SYSCALL_LOG_MAX 64
#define SYSCALL_KEPT_MAX 64

/* Spawn a traced process. Returns 0 with a new session in STATE_STARTING (its first
 * stop arrives through the reaper), or -errno from the spawn, -ERR_LIMIT. */
int session_spawn(const struct spawn_request *sr, struct session **ret);

/* Attach to running process pid (tracee_attach: every thread seized, without
 * PTRACE_O_EXITKILL) and interrupt each thread. Returns 0 with a new session in
 * STATE_STARTING, whose first stop (reason "attach") arrives through the reaper, or
 * -errno from the seize (EPERM...), -ERR_LIMIT. The caller has vetted pid. */
int session_attach(pid_t pid, struct session **ret);

/* The last syscalls seen (oldest first): a new reference to an array of
 * {nr, name, args[, ret, error]}. */
json_t *session_syscall_log(struct session *s);

/* Restrict the next `syscall` resume to these syscall numbers (n == 0: all). Returns 0
 * or -ERR_INVALID_PARAMS for a number out of range. */
int session_syscall_names(struct session *s, const int *nrs, size_t n);

/* The status object (see docs/api.md). Returns a new reference. */
json_t *session_status_json(struct session *s);

/* Resume a stopped session. sig < 0 delivers the pending signal. Returns 0, -ERR_RUNNING,
 * -ERR_GONE or -errno. */
int session_resume(struct session *s, enum intent intent, unsigned long steps, int sig);

/* Thread tid (one of task.c's) steps over the breakpoint at regs->rip by running its
 * instruction out of line, on the session's one scratch area, while the int3 stays in
 * place for the other threads. Returns true when tid is set up for it (continue it),
 * false when the area is in use or cannot take the instruction. */
bool session_displace_begin(struct session *s, pid_t tid, const struct user_regs_struct *regs);

/* The area is in use: true when a thread should run into its int3 again and retry,
 * false when it is to step for real (a syscall has held the area too long; counts one
 * retry). */
bool session_displace_wait(struct session *s);

/* A stop of thread tid while its instruction runs out of line: the area is given back,
 * tid's pc put where the program believes it is. Returns 1 when the instruction ran
 * (the stop is the int3 after it), -1 when it has not run yet (the pc is back on the
 * breakpoint), 0 otherwise. */
int session_displace_finish(struct session *s, pid_t tid, int status);

/* Is this SIGTRAP (si_code) of thread tid the queued one of an out-of-line int3 whose
 * run was finished at an earlier stop? Then it is dropped (and not expected again). */
bool session_displace_stale_trap(struct session *s, pid_t tid, int si_code);

/* Thread tid runs into the breakpoint at addr again, its hit counted already, until the
 * out-of-line area is free (session_retry_set); its next trap there is that retry, not a
 * hit (session_retry_take: true once, when it is). Kept by thread, whichever side it is
 * on when the trap comes (an interrupt may come first). */
void session_retry_set(struct session *s, pid_t tid, uint64_t addr);
bool session_retry_take(struct session *s, pid_t tid, uint64_t addr);

/* Thread tid ran into the breakpoint at addr while the process was stopping for another
 * thread's report, and was put back on it, its hit not counted: the hit is still to
 * come, when it runs into the int3 again. Should it become the current thread
 * meanwhile (a report, `thread`), its resume must run into the int3, not step over it
 * as over a hit already told (which lost the hit): session_hit_to_come_take says so,
 * once. Both kinds share the retries' slots: a thread has one or the other. */
void session_hit_to_come(struct session *s, pid_t tid, uint64_t addr);
bool session_hit_to_come_take(struct session *s, pid_t tid, uint64_t addr);

/* Thread tid's step over the breakpoint at addr, on an int3 of the program's own, ran
 * that int3 and was interrupted before its SIGTRAP came: when it comes (SI_KERNEL, the
 * pc at addr + 1, like our int3's), it is the program's signal, not a hit
 * (session_prog_trap_take: true once, when it is). */
void session_prog_trap(struct session *s, pid_t tid, uint64_t addr);
bool session_prog_trap_take(struct session *s, pid_t tid, uint64_t addr);

/* Thread tid stopped for an interrupt of ours (all-stop) with its pc on a breakpoint,
 * whose int3 has not run: not in a step over it, nor running out of line. It has not hit
 * it: unless it has a mark already, its hit is to come (session_hit_to_come), and its
 * resume runs into the int3. Before, it was taken for a thread at a hit told already and
 * stepped over the breakpoint: its hit was lost (the program's int3 race, 1 run in
 * 1,000; more under load). */
void session_interrupted_at(struct session *s, pid_t tid, uint64_t pc);

/* Thread tid ended while running out of line: give the area back. */
void session_displace_abandon(struct session *s, pid_t tid);

/* stepping.c's resume of the current thread in the middle of a plan: one step
 * (INTENT_STEP, the other threads stopped) or a run of every thread (INTENT_CONT), with
 * no report of the stop it leaves. */
int session_plan_resume(struct session *s, enum intent intent);

/* Park call c until the session is no longer running (or starting), or until
 * timeout_ms; then c completes with the status object. Returns CALL_PENDING, or 0 with
 * *ret_status when there is nothing to wait for. */
int session_wait(struct session *s, struct call *c, uint64_t timeout_ms, json_t **ret_status);
/* session_wait that, with `output`, also answers (state "running") once the program's
 * stdout or stderr has bytes no `output` call has returned: at once if there are. */
int session_wait_output(struct session *s, struct call *c, uint64_t timeout_ms, bool output,
                        json_t **ret_status);

/* Park call c until the session has events after seq `after` (or timeout_ms); then c
 * completes with events_json. Returns CALL_PENDING, or 0 with *ret when there are
 * events already or timeout_ms is 0. */
int session_wait_events(struct session *s, struct call *c, uint64_t after, size_t max,
                        uint64_t timeout_ms, json_t **ret);

/* Called after every event of any session, with its id (the Server-Sent Events streams
 * of http.c wake on it). One hook; NULL removes it. */
void session_set_event_hook(void (*fn)(int session, void *data), void *data);

/* Stop a running process with PTRACE_INTERRUPT (no signal the program could see). */
int session_pause(struct session *s);

/* Will sig, delivered now, end the process: its default action does, and the program
 * has no handler for it (an ignored one is taken as uncaught)? */
bool session_signal_ends_process(const struct session *s, int sig);

/* Send sig (not SIGKILL: session_kill) to the program's process group, falling back to
 * the process; 0 sends nothing. -ERR_GONE once it has ended. */
int session_signal(struct session *s, int sig);

/* SIGKILL the process (and its process group). The death arrives through the reaper. */
int session_kill(struct session *s);

/* Forget the session: kill the process if alive (an attached one is detached:
 * session_detach), complete its waiters with an error. */
void session_close(struct session *s);

/* The reaper's entry point: one waitpid status, taken at now_ns (loop_now_ns). True
 * when it left a process running that is expected to stop again within microseconds
 * (it was resumed without a report, and its last runs were short): the reaper may then
 * wait for that stop itself (reaper_await) rather than go back to the loop. */
bool session_on_status(pid_t pid, int status, uint64_t now_ns);

/* A step done in dbgd (no waitpid status will come for it) waits to be handled. */
bool session_synth_pending(void);
/* Handle the oldest such step's stop as session_on_status would, and return as it does.
 * Called by the reaper, before it looks at waitpid. */
bool session_synth_deliver(void);

/* Let an attached session's process go, as gdb's detach: it is stopped first (a
 * second at most), every breakpoint comes out (the program's bytes back), the debug
 * registers are cleared, and each thread is detached with the signal its resume
 * would have delivered; it runs on (or stays stopped, if it was in a group-stop when
 * attached). The session then reads as exited (code 0) until it is forgotten: the
 * caller closes it. Nothing for a spawned session or an ended process. */
void session_detach(struct session *s);

/* Free closed sessions (before the loop sleeps). */
void session_collect(void);

/* Shutdown: kill and reap every tracee, free everything. */
void session_shutdown(void);

/* Step thread tid of s over the breakpoint at regs->rip by emulating the instruction
 * (emulate.c), without the trap flag: on true, the registers (and the stack slot of a
 * push) show it executed and the breakpoint stays armed; false when the instruction is
 * not one dbgd emulates. */
bool session_emulate_over(struct session *s, pid_t tid, struct user_regs_struct *regs);

/* Signal sig (siginfo si, NULL when unknown) is delivered to thread tid of s without a
 * stop (SIGALRM, SIGCHLD...: pass_silently) at pc (0: unknown): while `cont` traces
 * syscalls, an event "signal", where strace prints "--- SIGALRM ... ---". pid: 0, or
 * the followed child process tid is a thread of (every signal of a child is passed). */
void session_signal_passed(struct session *s, pid_t pid, pid_t tid, int sig,
                           const siginfo_t *si, uint64_t pc);

/* How many child processes' crash reports a session keeps (the first ones: the first
 * crash is the one the others follow from). */
#define CHILD_CRASHES_MAX 8

/* Thread tid of followed child process pid (follow_forks) is at a signal-delivery stop
 * for sig, with siginfo si and pc, and the signal will end that process: keep its
 * crash report (program_child_snapshot, with the child's pid, path and command line)
 * for `report`'s `children`, before the signal is delivered. */
void session_child_crash(struct session *s, pid_t pid, pid_t tid, int sig,
                         const siginfo_t *si, uint64_t pc);

/* Thread tid of s (one that runs in pass-through, task.c) is at a signal-delivery stop
 * for sig, with siginfo si and pc, and the signal will end the process: keep a crash
 * snapshot of that thread for `report` before the signal is delivered. */
void session_thread_signal(struct session *s, pid_t tid, int sig, const siginfo_t *si,
                           uint64_t pc);

/* A vfork child runs on the process's memory until it execs or exits, and task.c
 * detaches it: an int3 it ran into would kill it with SIGTRAP. So, as gdb does, every
 * breakpoint comes out at the parent's PTRACE_EVENT_VFORK (session_vfork_begin) and goes
 * back at its PTRACE_EVENT_VFORK_DONE (session_vfork_end). Meanwhile s->vforks is the
 * hold of session_bp_mem: whatever arms a breakpoint (`break`, a step-over's re-arm, a
 * thread's) only marks it held. The parent itself is blocked in vfork all that time; its
 * other threads may run past a breakpoint then. */
void session_vfork_begin(struct session *s);
void session_vfork_end(struct session *s);

/* A thread that task.c runs (not s->tid) stopped where the client wants to hear of it:
 * at a breakpoint it wants (hit counted, condition and ignore count applied, pc rewound)
 * or for a signal that is reported. Stop the current thread; its stop is then reported
 * as this thread's, which becomes the current one. Returns false when the session is not
 * running with its threads (already stopping, or stepping one thread): the caller then
 * puts the stop back (task.c, "put back"). */
bool session_thread_report(struct session *s, pid_t tid);

/* Do the session's threads stop at syscalls (resumed with PTRACE_SYSCALL): a
 * `syscall` call, or syscalls traced or recorded while continuing? */
bool session_traces_syscalls(const struct session *s);

/* Thread tid (task.c's) is at a syscall entry or exit stop (sc; exit_nr: the number
 * its entry had, -1 if unknown): record and trace it as the current thread's are; late:
 * the thread ran into it before stopping with the process (it is traced as the run
 * that ended wanted). Returns false when it is not a syscall stop to report (an exit
 * without its entry). */
bool session_thread_syscall(struct session *s, pid_t tid,
                            const struct __ptrace_syscall_info *sc, long exit_nr, bool late);

/* follow_forks: are a followed child's syscalls wanted now (resumed with PTRACE_SYSCALL):
 * a `cont` tracing them, or record_syscalls? Not a `syscall` call: a child's syscalls
 * are not stops. */
bool session_child_traces(const struct session *s);

/* follow_forks: thread tid of child process pid is at a syscall entry or exit stop:
 * recorded (with pid) and traced as an event while a `cont` traces syscalls (its
 * names). Returns false for an exit without its entry. */
bool session_child_syscall(struct session *s, pid_t pid, pid_t tid,
                           const struct __ptrace_syscall_info *sc, long exit_nr);

/* follow_forks: child process pid was made by parent (an event "process-start"), or
 * ended with this waitpid status ("process-exit", as strace -f's "+++ exited with 0
 * +++"). */
void session_process_event(struct session *s, pid_t pid, pid_t parent, bool started,
                           int status);

/* PTRACE_INTERRUPT thread tid, and remember it until its stop comes
 * (session_interrupt_seen): a syscall it breaks off meanwhile is ours, not the
 * program's, whichever side the thread is on by then (session_syscall_ours). Returns
 * what ptrace_interrupt does. */
int session_interrupt(struct session *s, pid_t tid);
void session_interrupt_seen(struct session *s, pid_t tid);

/* Thread tid is at a syscall stop (sc; exit_nr: the number its entry had). Is it one
 * that our own interrupt made, not the program? Such are an exit with -ERESTART*
 * while we were stopping the thread (`stopping`, or an interrupt of ours not seen
 * yet), and the entry of that call's
 * restart when the thread goes on (the same call, or restart_syscall): strace, which
 * never interrupts, shows the call once, and so do the log, the events and `syscall`.
 * For a restart's entry, *ret_nr is the number its exit is to be counted under. */
bool session_syscall_ours(struct session *s, pid_t tid, const struct __ptrace_syscall_info *sc,
                          long exit_nr, bool stopping, long *ret_nr);

/* Is this syscall stop one that a `syscall` call with the session's names wants? */
bool session_syscall_wanted(const struct session *s, const struct __ptrace_syscall_info *sc,
                            long exit_nr);

/* Thread tid of the process (not the main one) has started, or ended (also as the
 * process exits: the kernel reports each thread's exit first): an event for
 * front ends (a debugger's thread list), as gdb's "[New Thread]" / "[Thread exited]".
 * pid: 0, or the followed child process tid is a thread of (follow_forks). */
void session_thread_event(struct session *s, pid_t pid, pid_t tid, bool started);

/* gdb's `handle`: which signals stop the process (the client hears of them) and which
 * are delivered to the program. A signal that does not stop is passed on silently (or
 * dropped when it does not pass either). Defaults as gdb's: SIGALRM, SIGURG, SIGCHLD,
 * SIGWINCH, SIGIO, SIGVTALRM and SIGPROF pass without a stop; every other signal
 * stops, and passes when the process resumes (`cont`'s `signal` overrides that). */
#define SESSION_SIG_QUIET                                                               \
        (1ull << (SIGALRM - 1) | 1ull << (SIGURG - 1) | 1ull << (SIGCHLD - 1) |         \
         1ull << (SIGWINCH - 1) | 1ull << (SIGIO - 1) | 1ull << (SIGVTALRM - 1) |       \
         1ull << (SIGPROF - 1))
bool session_signal_reported(const struct session *s, int sig);
bool session_signal_passes(const struct session *s, int sig);
/* Whether a signal that does not stop is an event ("signal"): `handle`'s print, or
 * any while `cont` traces syscalls (strace's "--- SIGALRM ---"). */
bool session_signal_evented(const struct session *s, int sig);
bool session_signal_prints(const struct session *s, int sig);
/* gdb's `handle SIG [no]stop [no]pass [no]print` (each < 0: unchanged); gdb's rules:
 * stop brings print, noprint brings nostop. */
int session_signal_handle(struct session *s, int sig, int stop, int pass, int print,
                          const char **ret_why);

/* `step` by line (count of them) at a stop where inlined functions begin and are not
 * entered yet (program_inline_hidden): each step enters one, without running, as gdb's
 * step does there. Returns how many of the count that took; when all, the stop (reason
 * "step", at the same pc) is told. */
unsigned long session_step_inline(struct session *s, unsigned long count);

/* A signal-delivery-stop of sig, of any thread of s: a stop signal starts a new
 * group-stop and SIGCONT ends one, so the next group-stop is news (group_told). */
void session_signal_seen(struct session *s, int sig);

/* A hit of b by thread tid (pc rewound in regs): counts it and applies the condition,
 * the ignore count and logging. True when the client wants the stop (*ret_cond_error:
 * the condition could not be evaluated, which stops). */
bool session_bp_wants_stop(struct session *s, pid_t tid, struct breakpoint *b,
                           const struct user_regs_struct *regs, bool *ret_cond_error);

/* Make thread tid (stopped, one of the session's) the current one. Returns 0, or
 * -ERR_RUNNING / -ERR_GONE / -ERR_INVALID_PARAMS (no such thread). */
int session_select_thread(struct session *s, pid_t tid);

/* The threads: a new array of {tid, current, state[, pc]} (see docs/api.md). */
json_t *session_threads_json(struct session *s);

/* Pending breakpoints (session.c): watch the dynamic loader's library events, once.
 * Returns 0, or -ERR_NO_SYMBOL when the program has no dynamic loader (nothing will
 * ever load), -errno. */
int session_solib_watch(struct session *s);

/* The solib breakpoint was hit, by any thread: place the pending breakpoints that
 * resolve now; the solib breakpoint goes once none is left. */
void session_solib_event(struct session *s);

/* Watchpoints (session.c). Their ids are the breakpoints' numbers (one count, as
 * gdb's: breakpoint 1, watchpoint 2, breakpoint 3), never reused. Add one on len bytes
 * at addr (len 1, 2, 4 or 8, addr aligned), for writes or (rw) any access, enabled (on)
 * or not: returns its id, or -ERR_LIMIT (on, and all four debug registers held by
 * enabled ones; or WATCH_MAX kept: session_watch_full), -ERR_INVALID_PARAMS,
 * -ERR_MEMORY (not readable), -errno. The process must be stopped. */
int session_watch_add(struct session *s, uint64_t addr, unsigned len, bool rw, bool on);
bool session_watch_full(const struct session *s);
/* Returns 0 or -ERR_NO_BREAKPOINT. */
int session_watch_del(struct session *s, int id);
/* Watchpoint id off (gdb's `disable`: out of DR7, its debug register free for another)
 * or on again (-ERR_LIMIT: the four are held by enabled ones), its value read anew as
 * gdb's enable does. 0, -ERR_NO_BREAKPOINT, -ERR_LIMIT, -ERR_MEMORY or -errno; the
 * process must be stopped. */
int session_watch_enable(struct session *s, int id, bool on);
/* {watchpoint, address, length, access, enabled, hits, value}, or NULL for a free
 * id. */
json_t *session_watch_json(struct session *s, int id);

/* Thread tid, stopped, is about to run: give it the debug registers of the current
 * watchpoints when *gen is older than the session's (then *gen is updated). */
void session_debugregs_sync(struct session *s, pid_t tid, unsigned *gen);

/* Thread tid stopped with a SIGTRAP: did one of our watchpoints fire (its DR6)? Returns
 * its id, else 0; the hit is counted and *ret says what it saw. */
struct watch_hit {
        int id;                         /* 0: none */
        uint64_t addr, old, value;      /* the value before (at the last hit) and now */
        bool rw;
        int also[WATCH_SLOTS - 1];      /* the others the same access hit, 0-ended */
};
/* Thread tid is at a SIGTRAP: did one of the session's watchpoints fire? Returns its id
 * (> 0, with *ret: every one the access hit is counted, the first is ret's), 0 when
 * none did, -1 when only a watchpoint deleted while the thread ran did (its debug
 * registers are older: our trap, not the program's; resume it, which updates them). */
int session_watch_hit(struct session *s, pid_t tid, struct watch_hit *ret);

/* /proc/PID/mem access descriptor for the breakpoint code. */
struct bp_mem session_bp_mem(struct session *s);

/* The registers were written: the stop's pc follows rip. */
void session_set_pc(struct session *s, uint64_t pc);

/* Queue len bytes for the program's stdin and, with eof, close it once they are
 * written. Returns the bytes still queued, -ERR_STATE when stdin is not open (spawned
 * without stdin_open, eof sent, or closed by the program), -ERR_GONE after the end,
 * -ERR_LIMIT when the queue would pass the input_bytes limit. */
/* Read what is waiting in the program's pipe for `stream` into its ring (as far as it has
 * room), so that a reader sees it now; after a lossless ring was read, its pipe is
 * watched again. */
void session_output_pull(struct session *s, int stream);
long session_input(struct session *s, const void *data, size_t len, bool eof);

/* The task the process's memory, maps and /proc files are read through: the main
 * thread, or once it has left with pthread_exit (its mm and maps are gone then), the
 * current thread. Not simply the current thread: that one may have ended a moment ago,
 * its exit not yet seen. */
static inline pid_t session_mem_pid(const struct session *s)
{
        return s->main_left ? s->tid : s->pid;
}

/* Read registers; fails with -ERR_RUNNING / -ERR_GONE when not stopped. */
int session_check_stopped(struct call *c, struct session *s);
