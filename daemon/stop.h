/* stop.h — the stop-status state machine, as pure functions (no ptrace, no I/O), so that
 * every kind of stop can be unit-tested with synthetic waitpid statuses.
 *
 * stop_classify() says what a waitpid status means, given how the tracee was resumed and
 * what PTRACE_GETSIGINFO / PTRACE_GET_SYSCALL_INFO said. SIGTRAPs are classified by
 * si_code and the resume kind, never by "pc-1 is a breakpoint" alone: a single step of a
 * one-byte instruction at a breakpoint also ends with pc-1 on the breakpoint.
 *
 * stop_decide() says what the session does next: report the stop to clients, or resume
 * the tracee silently (the second half of a step-over, a counted step, a signal that is
 * passed without stopping, a stale interrupt). */
#pragma once

#include <stdbool.h>

enum session_state {
        STATE_STARTING,
        STATE_STOPPED,
        STATE_RUNNING,
        STATE_EXITED,
        STATE_KILLED,
};

/* How the tracee was last resumed: the ptrace request used. */
enum resume_kind {
        RESUME_NONE, /* not resumed since the spawn */
        RESUME_CONT,
        RESUME_STEP,
        RESUME_SYSCALL,
};

enum stop_kind {
        STOP_EXITED,
        STOP_KILLED,
        STOP_EXEC,          /* PTRACE_EVENT_EXEC */
        STOP_BREAKPOINT,    /* one of our int3s: the pc is one past it */
        STOP_STEP,          /* a single step completed */
        STOP_SYSCALL_ENTRY,
        STOP_SYSCALL_EXIT,
        STOP_SIGNAL,        /* signal-delivery stop: the signal is pending */
        STOP_GROUP,         /* job-control group-stop (SIGSTOP, SIGTSTP, ...) */
        STOP_INTERRUPT,     /* PTRACE_INTERRUPT's stop */
        STOP_SECCOMP,       /* PTRACE_EVENT_SECCOMP: a syscall our seccomp filter traps */
        STOP_EVENT,         /* another PTRACE_EVENT_* stop (clone, fork, exit...) */
        STOP_WATCHPOINT,    /* one of our watchpoints (debug registers) fired: the
                             * instruction that accessed the memory has run */
};

struct stop_in {
        enum resume_kind resumed;
        int status;         /* from waitpid */
        bool have_siginfo;  /* PTRACE_GETSIGINFO succeeded */
        int si_code;
        bool pc_after_bp;   /* pc-1 holds one of our inserted breakpoints */
        bool watch_hit;     /* DR6 says one of our watchpoints fired */
        int syscall_op;     /* PTRACE_SYSCALL_INFO_{ENTRY,EXIT,NONE} for SIGTRAP|0x80 */
        bool interrupted;   /* dbgd interrupted this thread and had not seen its stop: a
                             * PTRACE_EVENT_STOP is that one, even with a stop signal (a
                             * job-control-stopped process's interrupts carry SIGSTOP) */
        bool group_told;    /* a group-stop of the process was reported, and no stop
                             * signal or SIGCONT came since: this thread's part in it
                             * (a stop signal's PTRACE_EVENT_STOP, which a thread whose
                             * interrupt another stop took makes when it runs again) is
                             * no news, as an interrupt */
};

struct stop_out {
        enum stop_kind kind;
        enum session_state state; /* STOPPED, EXITED or KILLED */
        int sig;                  /* signal of SIGNAL/GROUP/KILLED stops */
        int exit_code;            /* EXITED */
        bool core_dumped;         /* KILLED */
        int event;                /* PTRACE_EVENT_* of EVENT/EXEC stops */
};

void stop_classify(const struct stop_in *in, struct stop_out *out);

/* What the client asked for with its last resume. */
enum intent {
        INTENT_NONE,    /* spawn: waiting for the exec stop */
        INTENT_CONT,
        INTENT_STEP,
        INTENT_SYSCALL,
};

struct stop_ctx {
        enum intent intent;
        unsigned long steps_left;   /* INTENT_STEP: steps still wanted, this one included */
        bool stepping_over;         /* this resume was a step over one of our breakpoints */
        bool pause_requested;       /* a `pause` is pending */
        bool at_breakpoint;         /* STOP_STEP: the new pc holds one of our breakpoints */
        bool pass_silently;         /* STOP_SIGNAL: the signal is in the pass-without-stop set */
        bool syscall_unwanted;      /* STOP_SYSCALL_* / STOP_SECCOMP: not in the names the
                                     * `syscall` call asked for */
        bool seccomp_entries;       /* the kernel filter stands in for PTRACE_SYSCALL:
                                     * STOP_SECCOMP is the syscall-entry stop */
        bool exec_exit_trap;        /* STOP_STEP: the trap a step begun at an exec stop gets
                                     * when execve(2) returns: no instruction ran yet */
};

enum stop_action {
        ACT_REPORT,     /* the session is stopped (or ended): tell the clients */
        ACT_RESUME,     /* resume again with `resume`, without reporting */
};

struct stop_decision {
        enum stop_action action;
        enum resume_kind resume;  /* ACT_RESUME: how */
        int deliver;              /* ACT_RESUME: signal to deliver, 0 for none */
        bool reinsert;            /* put back the breakpoint that was stepped over */
        bool rewind_pc;           /* set pc to pc-1 (our int3 was executed) */
        bool hit;                 /* count a breakpoint hit at the (rewound) pc */
        bool step_done;           /* one of the wanted steps completed */
        enum stop_kind report;    /* ACT_REPORT: the reason to report */
};

void stop_decide(const struct stop_ctx *ctx, const struct stop_out *st,
                 struct stop_decision *out);

/* The ptrace resume that carries out an intent. */
enum resume_kind stop_resume_for(enum intent i);

const char *stop_kind_name(enum stop_kind k); /* the wire reason, "breakpoint"... */
const char *session_state_name(enum session_state s);

/* Does sig's default action end the process (terminate, or terminate and dump core)? */
bool stop_signal_fatal(int sig);
