/* stop.c — the pure stop-status state machine (see stop.h). */
#include "stop.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <sys/ptrace.h>

#ifndef SI_KERNEL
#define SI_KERNEL 0x80
#endif
#ifndef TRAP_BRKPT
#define TRAP_BRKPT 1
#endif
#ifndef TRAP_TRACE
#define TRAP_TRACE 2
#endif

static bool is_job_control_stop(int sig)
{
        return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static void classify_sigtrap(const struct stop_in *in, struct stop_out *out)
{
        /* A watchpoint is reported after its instruction, also when that instruction
         * was a single step's (DR6 then says both): the access is what matters. */
        if (in->watch_hit) {
                out->kind = STOP_WATCHPOINT;
                return;
        }
        /* An int3 reports SI_KERNEL. Ours only if pc-1 is one of our breakpoints;
         * otherwise it is the program's own int3, a signal like any other. */
        if (in->have_siginfo && in->si_code == SI_KERNEL && in->pc_after_bp &&
            in->resumed != RESUME_NONE) {
                out->kind = STOP_BREAKPOINT;
                return;
        }
        /* A single step ends with TRAP_TRACE, or TRAP_BRKPT when the stepped
         * instruction was `syscall` (x86's user_single_step_report). A step that
         * delivered a signal ends at its handler's first instruction with the kernel's
         * ptrace_notify SIGTRAP: si_code SIGTRAP (and si_pid the process's). */
        if (in->resumed == RESUME_STEP &&
            (!in->have_siginfo || in->si_code == TRAP_TRACE || in->si_code == TRAP_BRKPT ||
             in->si_code == SIGTRAP)) {
                out->kind = STOP_STEP;
                return;
        }
        out->kind = STOP_SIGNAL;
        out->sig = SIGTRAP;
}

void stop_classify(const struct stop_in *in, struct stop_out *out)
{
        int st = in->status;

        memset(out, 0, sizeof(*out));
        out->state = STATE_STOPPED;
        if (WIFEXITED(st)) {
                out->kind = STOP_EXITED;
                out->state = STATE_EXITED;
                out->exit_code = WEXITSTATUS(st);
                return;
        }
        if (WIFSIGNALED(st)) {
                out->kind = STOP_KILLED;
                out->state = STATE_KILLED;
                out->sig = WTERMSIG(st);
                out->core_dumped = WCOREDUMP(st);
                return;
        }
        if (!WIFSTOPPED(st)) {
                /* waitpid never returns this (low byte 0xff): a stop that asks for
                 * nothing, rather than guessing. */
                out->kind = STOP_EVENT;
                return;
        }
        /* WIFSTOPPED from here on. */
        int sig = WSTOPSIG(st);
        int event = (unsigned)st >> 16;

        if (sig == (SIGTRAP | 0x80)) {
                out->kind = in->syscall_op == PTRACE_SYSCALL_INFO_EXIT ? STOP_SYSCALL_EXIT
                                                                       : STOP_SYSCALL_ENTRY;
                return;
        }
        if (event == PTRACE_EVENT_STOP) {
                if (is_job_control_stop(sig) && !in->interrupted && !in->group_told) {
                        out->kind = STOP_GROUP;
                        out->sig = sig;
                } else {
                        out->kind = STOP_INTERRUPT;
                }
                return;
        }
        if (event == PTRACE_EVENT_SECCOMP) {
                out->kind = STOP_SECCOMP;
                out->event = event;
                return;
        }
        if (event == PTRACE_EVENT_EXEC) {
                out->kind = STOP_EXEC;
                out->event = event;
                return;
        }
        if (event) {
                out->kind = STOP_EVENT;
                out->event = event;
                return;
        }
        if (sig == SIGTRAP) {
                classify_sigtrap(in, out);
                return;
        }
        out->kind = STOP_SIGNAL;
        out->sig = sig;
}

enum resume_kind stop_resume_for(enum intent i)
{
        switch (i) {
        case INTENT_STEP:
                return RESUME_STEP;
        case INTENT_SYSCALL:
                return RESUME_SYSCALL;
        case INTENT_CONT:
        case INTENT_NONE:
                break;
        }
        return RESUME_CONT;
}

static void report(struct stop_decision *d, enum stop_kind k)
{
        d->action = ACT_REPORT;
        d->report = k;
}

static void resume(struct stop_decision *d, enum resume_kind how, int sig)
{
        d->action = ACT_RESUME;
        d->resume = how;
        d->deliver = sig;
}

void stop_decide(const struct stop_ctx *ctx, const struct stop_out *st,
                 struct stop_decision *d)
{
        memset(d, 0, sizeof(*d));
        if (st->kind == STOP_EXITED || st->kind == STOP_KILLED) {
                report(d, st->kind);
                return;
        }
        d->reinsert = ctx->stepping_over;

        switch (st->kind) {
        case STOP_BREAKPOINT:
                d->rewind_pc = true;
                d->hit = true;
                report(d, STOP_BREAKPOINT);
                return;
        case STOP_STEP:
                if (ctx->exec_exit_trap) {
                        /* The exec stop is inside execve(2): stepping from it first
                         * reports the syscall's exit (x86 user_single_step_report) with
                         * the pc unchanged. That is not a step; take the real one. */
                        d->reinsert = false;
                        resume(d, RESUME_STEP, 0);
                        return;
                }
                if (ctx->intent != INTENT_STEP) {
                        /* The step over a breakpoint is done: go on as asked, unless it
                         * ended on a breakpoint, the same one (a rep string instruction
                         * runs one iteration per step) or the next: that is a hit, before
                         * its int3 runs, as gdb reports it. */
                        if (ctx->stepping_over && ctx->intent != INTENT_NONE &&
                            ctx->at_breakpoint) {
                                d->hit = true;
                                report(d, STOP_BREAKPOINT);
                        } else if (ctx->stepping_over && ctx->intent != INTENT_NONE) {
                                resume(d, stop_resume_for(ctx->intent), 0);
                        } else {
                                report(d, STOP_STEP);
                        }
                        return;
                }
                d->step_done = true;
                if (ctx->at_breakpoint) {
                        /* As gdb: a step that arrives at a breakpoint is a hit. */
                        d->hit = true;
                        report(d, STOP_BREAKPOINT);
                } else if (ctx->steps_left > 1 && !ctx->pause_requested) {
                        resume(d, RESUME_STEP, 0);
                } else {
                        report(d, STOP_STEP);
                }
                return;
        case STOP_SYSCALL_ENTRY:
        case STOP_SYSCALL_EXIT:
                if ((ctx->intent == INTENT_SYSCALL && !ctx->syscall_unwanted) ||
                    ctx->intent == INTENT_NONE)
                        report(d, st->kind);
                else
                        resume(d, stop_resume_for(ctx->intent), 0);
                return;
        case STOP_SECCOMP:
                /* Our filter trapped a syscall. When the filter stands in for
                 * PTRACE_SYSCALL it is that call's syscall-entry stop; under
                 * PTRACE_SYSCALL the entry was already reported. */
                if (ctx->intent == INTENT_SYSCALL && ctx->seccomp_entries &&
                    !ctx->syscall_unwanted)
                        report(d, STOP_SYSCALL_ENTRY);
                else
                        resume(d, stop_resume_for(ctx->intent), 0);
                return;
        case STOP_SIGNAL:
                /* A signal passed without a report, met while the process stops (a
                 * pause, another thread's report): the stop is the interrupt's, and the
                 * signal stays pending, delivered when the thread resumes (as gdb
                 * passes a "nostop" signal it meets while stopping). */
                if (ctx->pass_silently && ctx->pause_requested && ctx->intent != INTENT_NONE)
                        report(d, STOP_INTERRUPT);
                else if (ctx->pass_silently && ctx->intent != INTENT_NONE)
                        resume(d, stop_resume_for(ctx->intent), st->sig);
                else
                        report(d, STOP_SIGNAL);
                return;
        case STOP_INTERRUPT:
                if (ctx->pause_requested || ctx->intent == INTENT_NONE)
                        report(d, STOP_INTERRUPT);
                else
                        resume(d, stop_resume_for(ctx->intent), 0); /* a stale interrupt */
                return;
        case STOP_EVENT:
                if (ctx->intent == INTENT_NONE)
                        report(d, STOP_EVENT);
                else
                        resume(d, stop_resume_for(ctx->intent), 0);
                return;
        case STOP_WATCHPOINT: /* also in the middle of a counted step, as gdb */
        case STOP_GROUP:
        case STOP_EXEC:
        case STOP_EXITED:
        case STOP_KILLED:
                break;
        }
        report(d, st->kind);
}

const char *stop_kind_name(enum stop_kind k)
{
        switch (k) {
        case STOP_EXITED:
                return "exited";
        case STOP_KILLED:
                return "killed";
        case STOP_EXEC:
                return "exec";
        case STOP_BREAKPOINT:
                return "breakpoint";
        case STOP_STEP:
                return "step";
        case STOP_SYSCALL_ENTRY:
                return "syscall-entry";
        case STOP_SYSCALL_EXIT:
                return "syscall-exit";
        case STOP_SIGNAL:
        case STOP_GROUP:
                return "signal";
        case STOP_SECCOMP:
                return "syscall-entry";
        case STOP_INTERRUPT:
                return "interrupted";
        case STOP_EVENT:
                return "event";
        case STOP_WATCHPOINT:
                return "watchpoint";
        }
        return "unknown";
}

const char *session_state_name(enum session_state s)
{
        switch (s) {
        case STATE_STARTING:
                return "starting";
        case STATE_STOPPED:
                return "stopped";
        case STATE_RUNNING:
                return "running";
        case STATE_EXITED:
                return "exited";
        case STATE_KILLED:
                return "killed";
        }
        return "unknown";
}

bool stop_signal_fatal(int sig)
{
        switch (sig) {
        case SIGCHLD:
        case SIGCONT:
        case SIGURG:
        case SIGWINCH:
        case SIGSTOP:
        case SIGTSTP:
        case SIGTTIN:
        case SIGTTOU:
                return false;
        }
        return sig > 0 && sig < 65;
}
