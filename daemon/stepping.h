/* stepping.h — steps that are more than one instruction: by source line (gdb's `step`
 * and `next`), over calls (`nexti`) and out of the current function (`finish`).
 *
 * A plan rides on the state machine: each of its stops (a step, a hit of its own
 * internal breakpoint) is handed to plan_next() before it would be reported, and the
 * plan either resumes the process again (nothing is reported, no event, no seq) or lets
 * the stop be reported. Any other stop (a user breakpoint, a signal, a watchpoint, the
 * end, a pause) is reported as it is and ends the plan, as in gdb. How a line step
 * decides where to stop is gdb's (docs/architecture.md, "Steps by line"). */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>

#include "retval.h"
#include "stop.h"

struct session;
struct breakpoint;

enum plan_kind {
        PLAN_NONE,
        PLAN_INSN,      /* instructions, a call as one (nexti) */
        PLAN_LINE,      /* source lines; over: calls as one (next), else into them (step) */
        PLAN_FINISH,    /* until the current function returns */
};

struct plan {
        enum plan_kind kind;
        bool over;
        unsigned long count;            /* lines or instructions still to go */
        /* PLAN_LINE: the line being stepped, and the row (the addresses) the pc is in */
        char *file;                     /* owned; NULL: stepping out of code without
                                         * lines (the function's range is lo..hi) */
        int line;
        size_t depth;                   /* inline frames where the step began */
        size_t frame_depth;             /* the inline frames shown where the line step
                                         * began (those not entered left out): the
                                         * frame it steps, as gdb's step_frame_id */
        uint64_t lo, hi;
        uint64_t prev_pc, prev_sp;      /* where the last step began */
        uint64_t call_ret, call_sp;     /* a call being followed through a trampoline:
                                         * its return address and the rsp after it */
        unsigned tramp_steps;
        uint64_t target;                /* stepping to a function's prologue end, or 0 */
        /* The internal breakpoint the process runs to (a return address, or the pc a
         * signal handler returns to): hits count only in the current thread with rsp
         * at or above sp, so that deeper recursion and other threads run on. */
        bool bp;                        /* set (at bp_addr) */
        bool bp_owned;                  /* ours, not a user breakpoint at that address */
        bool bp_exact;                  /* rsp must be bp_sp exactly: the frame a call
                                         * returns to, or a signal handler returns to */
        uint64_t bp_addr, bp_sp;
        bool hit;                       /* the hit being handled is the plan's */
        uint64_t sig_pc, sig_sp;        /* a signal was passed during the step: where */
        bool sig;
        bool sig_return;                /* bp is where the handler returns to */
        struct ret_type *ret_type;      /* finish: what the function returns (owned), or
                                         * NULL (void, not known) */
        bool out_of_inline;             /* finish from an inlined function: steps (calls
                                         * as one) until fewer than `depth` inlined
                                         * functions hold the pc, or it leaves [lo, hi) */
        bool to_line;                   /* ... left it in the middle of a line: on as a
                                         * `next` from no line, to a line's start */
};

/* Begin a plan on the stopped session s (which plan_begin resumes) with signal sig
 * (-1: the pending one). count: lines or instructions; for PLAN_FINISH the frame to
 * finish (0: the innermost). Returns 0, -ERR_NO_SYMBOL (no caller for finish), -ERANGE
 * (no such frame), -EINVAL (finish of an outer inlined frame) or what session_resume
 * returns. */
int plan_begin(struct session *s, enum plan_kind kind, unsigned long count, bool over,
               int sig);

/* A stop of the current thread that is about to be reported as report: true when the
 * plan resumed the process instead. */
bool plan_next(struct session *s, enum stop_kind report, const struct user_regs_struct *regs);

/* Thread tid hit breakpoint b with regs: is it the plan's hit? Sets s->plan.hit. A hit
 * at the place a signal handler returns to is no new hit of a user breakpoint there
 * (plan_return_from_signal): the step from it had not begun. */
bool plan_return_from_signal(const struct session *s);

bool plan_wants_hit(struct session *s, pid_t tid, const struct breakpoint *b,
                    const struct user_regs_struct *regs);

/* A counted step of instructions (count still to go) is delivering a signal the
 * program handles: it becomes a plan, so that the handler runs to its end, as gdb's
 * stepi runs it, and the steps go on after it (plan_signal_passed follows). */
void plan_adopt_steps(struct session *s, unsigned long count,
                      const struct user_regs_struct *regs);

/* A signal is passed silently to the current thread as it steps, at pc/sp. */
void plan_signal_passed(struct session *s, uint64_t pc, uint64_t sp);

/* The plan is over (a stop is reported, the process ended): its breakpoint goes. */
void plan_end(struct session *s);
