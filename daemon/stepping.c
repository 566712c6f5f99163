/* stepping.c — steps by source line, over calls and out of functions (stepping.h).
 *
 * A line step (gdb's `step`, and `next` with `over`) single-steps the current thread
 * while its pc stays in the line-table entry it started in (program_line_at: gdb's
 * entries), and decides at each pc that leaves it, as gdb does:
 * - at the start of a statement entry of another line: that is the next line (count
 *   it);
 * - at the start of an entry of another line that starts no statement (common at -O2):
 *   step on through it, still away from the line the step left; or, when the step
 *   left the frame (a return, a jump to another function), away from no line, so
 *   that the next statement entry stops, even one of the same line (gdb 13's
 *   "stepped to a different frame, but it's not the start of a statement");
 * - in the middle of an entry, or at the same line again: step on through it (the line
 *   becomes its line, so a return into the middle of the caller's line goes on to the
 *   caller's next line);
 * - in code inlined by a call on the stepped line (`next`): step on, as over a call;
 * - where code inlined by a call begins (`step`; gdb's "stepped into inlined function"):
 *   stop, shown at the call's line, the inlined functions that begin there not
 *   entered (program_inline_hidden; one of them entered when the call is on the
 *   stepped line); the next `step` enters one without running (session_step_inline).
 *   Where a call "begins" is gdb 13's: the start of its code, or of any range the code
 *   before which is not the call's (program.c block_entry), not DW_AT_entry_pc;
 * - where no line table covers the pc: stop there, unless it is a PLT stub reached by
 *   a tail call (followed) or the signal trampoline (stepped through), or the step
 *   began where nothing was known (on until lines).
 * A call is run as one step, to an internal breakpoint on its return address, for
 * `next`, for `nexti`, and for `step` when the function called has no line table;
 * `step` otherwise stops at the end of the function's prologue, as gdb's step into a
 * function (program_prologue_end). A call through a PLT stub (and the
 * lazy-binding resolver) is followed to its function. A signal passed to the program
 * during the step (one not reported, e.g. SIGALRM) runs its handler to its end, back
 * where it interrupted. `finish` runs to the return address of the innermost real
 * function (from the unwinder); out of an inlined function it steps until the pc leaves
 * it, and on to the next statement if that is mid-line (inline_finished). The internal breakpoint stops only the current thread,
 * and only in the frame it is for (rsp equal to that frame's): a deeper recursion,
 * another thread, or the same code in another frame passing it runs on. */
#include "stepping.h"

#include "breakpoint.h"
#include "errors.h"
#include "jrpc.h"
#include "program.h"
#include "ptrace.h"
#include "session.h"
#include "tracee.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Instructions followed through PLT stubs and the dynamic loader's resolver before the
 * call is taken as one into code without lines. */
#define TRAMP_MAX 20000

/* The plan stops at b's address: a user's breakpoint there that is disabled is armed
 * for it (drop_bp takes it out again); its hits stay not the user's (session.c). */
static void lend(const struct bp_mem *m, struct breakpoint *b)
{
        if (!b->disabled)
                return;
        b->lent = true;
        if (b->overs == 0)
                bp_arm(m, b);
}

static void drop_bp(struct session *s)
{
        struct plan *p = &s->plan;
        struct breakpoint *b = p->bp ? bp_find_addr(&s->bps, p->bp_addr) : NULL;
        struct bp_mem m = session_bp_mem(s);

        if (b && p->bp_owned)
                bp_remove(&s->bps, &m, b);
        else if (b && b->lent) { /* a disabled one armed for this plan: out again */
                b->lent = false;
                if (b->disabled)
                        bp_disarm(&m, b);
        }
        p->bp = false;
        p->bp_owned = false;
}

void plan_end(struct session *s)
{
        drop_bp(s);
        free(s->plan.file);
        ret_type_free(s->plan.ret_type);
        memset(&s->plan, 0, sizeof(s->plan));
}

static bool step(struct session *s, const struct user_regs_struct *regs)
{
        s->plan.prev_pc = regs->rip;
        s->plan.prev_sp = regs->rsp;
        return session_plan_resume(s, INTENT_STEP) == 0;
}

/* Run every thread until the current one reaches addr with rsp == sp (exact: the frame
 * a call or a signal handler returns to), or rsp >= sp. */
static bool run_to(struct session *s, uint64_t addr, uint64_t sp, bool exact)
{
        struct plan *p = &s->plan;
        struct bp_mem m = session_bp_mem(s);
        struct breakpoint *b = bp_find_addr(&s->bps, addr);
        bool existed = b != NULL;

        drop_bp(s);
        if (!b && bp_insert(&s->bps, &m, addr, false, true, &b) < 0)
                return false;
        lend(&m, b);
        p->bp = true;
        p->bp_owned = !existed;
        p->bp_addr = addr;
        p->bp_sp = sp;
        p->bp_exact = exact;
        return session_plan_resume(s, INTENT_CONT) == 0;
}

bool plan_return_from_signal(const struct session *s)
{
        return s->plan.hit && s->plan.sig_return;
}

bool plan_wants_hit(struct session *s, pid_t tid, const struct breakpoint *b,
                    const struct user_regs_struct *regs)
{
        struct plan *p = &s->plan;

        p->hit = p->kind != PLAN_NONE && p->bp && b->addr == p->bp_addr && tid == s->tid &&
                 (p->bp_exact ? regs->rsp == p->bp_sp : regs->rsp >= p->bp_sp);
        return p->hit;
}

void plan_adopt_steps(struct session *s, unsigned long count,
                      const struct user_regs_struct *regs)
{
        struct plan *p = &s->plan;

        plan_end(s);
        p->kind = PLAN_INSN;
        p->count = count;
        p->prev_pc = regs->rip;
        p->prev_sp = regs->rsp;
}

void plan_signal_passed(struct session *s, uint64_t pc, uint64_t sp)
{
        if (s->plan.kind == PLAN_NONE)
                return;
        s->plan.sig = true;
        s->plan.sig_pc = pc;
        s->plan.sig_sp = sp;
}

static bool set_line(struct plan *p, const struct src_row *row)
{
        char *file = strdup(row->file);

        if (!file)
                return false;
        free(p->file);
        p->file = file;
        p->line = row->line;
        p->lo = row->lo;
        p->hi = row->hi;
        return true;
}

/* A stop of the plan's where inlined calls begin shows them not entered, as gdb's
 * skip_inline_frames at every stop that is not a user breakpoint's: a finish that
 * returns (or leaves inlined code) right where the next inlined call begins stops in
 * the caller, at that call's line. Returns false: the stop is reported. */
static bool stop_hiding_inline(struct session *s, const struct user_regs_struct *regs)
{
        const char *f;
        int l;

        program_set_inline_hidden(s->program,
                                  program_inline_starting(s->program, regs->rip, 0, &f, &l));
        return false;
}

/* The step reached a new line (or instruction): the last one stops. */
static bool arrived(struct session *s, const struct user_regs_struct *regs,
                    const struct src_row *row)
{
        struct plan *p = &s->plan;

        if (--p->count == 0) {
                /* A step's stop where inlined calls begin shows them not entered, as
                 * gdb's (skip_inline_frames at every stop); the next step enters them
                 * one at a time without running. */
                if (!p->over && row) {
                        const char *f;
                        int l;

                        program_set_inline_hidden(s->program,
                                                  program_inline_starting(s->program,
                                                                          regs->rip, 0, &f,
                                                                          &l));
                }
                return false;
        }
        if (row && !set_line(p, row))
                return false;
        if (row && p->over) {
                const char *f;
                int l;

                p->depth = program_inline_depth(s->program, regs->rip, 0, &f, &l, true);
        }
        return step(s, regs);
}

static bool follow_call(struct session *s, const struct user_regs_struct *regs);

/* Is pc at the signal trampoline a handler returns to (glibc's __restore_rt: `mov
 * $0xf,%rax; syscall`, rt_sigreturn)? Stepping through it goes back to where the
 * signal came, as gdb's step out of a handler does. */
static bool at_sigreturn(struct session *s, uint64_t pc)
{
        static const uint8_t code[] = { 0x48, 0xc7, 0xc0, 0x0f, 0, 0, 0, 0x0f, 0x05 };
        uint8_t b[sizeof(code)];

        return tracee_mem_read(session_mem_pid(s), pc, b, sizeof(b)) == sizeof(b) &&
               memcmp(b, code, sizeof(code)) == 0;
}

/* Is pc in code inlined into the stepped frame by a call on the line being stepped
 * (a function inlined deeper than where the step began, called from that line)? gdb's
 * next steps over such a call as over a real one. */
static bool inlined_call_of_line(struct session *s, uint64_t pc)
{
        struct plan *p = &s->plan;
        const char *file = NULL;
        int line = 0;

        return program_inline_depth(s->program, pc, p->depth, &file, &line, false) > p->depth &&
               line == p->line && file && strcmp(file, p->file) == 0;
}

/* Are pcs x and y in one function (by its ELF symbol)? *ret_known: both are in some
 * function (false: they cannot be compared). */
static bool same_function(struct session *s, uint64_t x, uint64_t y, bool *ret_known)
{
        uint64_t a, b, size;
        const char *name;

        *ret_known = program_function_at(s->program, x, &a, &size, &name) == 0 &&
                     program_function_at(s->program, y, &b, &size, &name) == 0;
        return *ret_known && a == b;
}

/* Has the step just made left the frame it began in, as gdb's frame ids tell (a frame
 * is its CFA and its function)? It returned (rsp past where the step began, and the
 * return address there is the pc), or jumped into another function. */
static bool changed_frame(struct session *s, const struct user_regs_struct *regs)
{
        struct plan *p = &s->plan;
        uint64_t ret;
        bool known;

        if (regs->rsp >= p->prev_sp + 8 &&
            tracee_mem_read(session_mem_pid(s), p->prev_sp, &ret, 8) == 8 && ret == regs->rip)
                return true;
        return !same_function(s, regs->rip, p->prev_pc, &known) && known;
}

/* gdb's "stepped into inlined function": a `step` that comes to where functions inlined
 * in the frame it steps begin stops there, whether that entry of the line table
 * starts a statement or not; a `next` too when they are called from another line. It shows the call: the k functions that begin there are
 * not entered (program_set_inline_hidden), or k - 1 of them when the outermost is
 * called on the line being stepped (gdb goes one level down then,
 * step_into_inline_frame). The next `step` enters them one at a time without running
 * (session_step_inline). True when the step stops here. */
static bool inline_entry(struct session *s, const struct user_regs_struct *regs,
                         const struct inline_here *h)
{
        struct plan *p = &s->plan;
        bool known, of_line = h->file && h->line == p->line && strcmp(h->file, p->file) == 0;

        /* Only where the calls are made in the frame being stepped (gdb compares frame
         * ids): not after the step left an inlined function the calls' caller holds,
         * nor after a return to a caller of the same function (recursion). */
        if (h->starting == 0 || p->count > 1 || h->all - h->starting != p->frame_depth ||
            !same_function(s, regs->rip, p->prev_pc, &known) || changed_frame(s, regs))
                return false;
        /* next: a call made on the line being stepped runs as one; one made on another
         * line stops at its call site. */
        if (p->over && of_line)
                return false;
        p->count = 0;
        program_set_inline_hidden(s->program, !p->over && of_line ? h->starting - 1
                                                                  : h->starting);
        return true;
}

/* gdb's "stepping through inlined function": a `step` that comes into code inlined in
 * the frame it steps, past that code's start (a block whose start the step did not
 * meet: it jumped in, or the block's first range is empty), stops there, in the middle
 * of a line if need be; not after a return into a caller of the same function (a
 * recursion: another frame for gdb). True when the step stops here. */
static bool inlined_deeper(struct session *s, const struct user_regs_struct *regs,
                           const struct inline_here *h)
{
        struct plan *p = &s->plan;
        bool known;

        if (p->count > 1 || h->all - h->starting <= p->frame_depth ||
            !same_function(s, regs->rip, p->prev_pc, &known) || changed_frame(s, regs))
                return false;
        p->count = 0;
        program_set_inline_hidden(s->program, h->starting);
        return true;
}

/* gdb's "stepping through inlined function" for `next`: code inlined in the frame
 * stepped, past that code's start (its start, if met, was inline_entry's), whatever line
 * called it: `next` goes on through it, as over a call. */
static bool in_deeper_inline(struct session *s, const struct user_regs_struct *regs,
                             const struct inline_here *h)
{
        bool known;

        return h->all - h->starting > s->plan.frame_depth &&
               same_function(s, regs->rip, s->plan.prev_pc, &known);
}

/* Where a step (or a return to the line's code) left the pc: go on or stop. */
static bool go_on(struct session *s, const struct user_regs_struct *regs)
{
        struct plan *p = &s->plan;
        uint64_t pc = regs->rip;
        struct inline_here h;
        struct src_row row;

        if (p->kind == PLAN_INSN)
                return arrived(s, regs, NULL);
        if (pc >= p->lo && pc < p->hi)
                return step(s, regs);
        program_inline_here(s->program, pc, &h);
        if (p->file && inline_entry(s, regs, &h))
                return false; /* stop: at an inlined call, or just into it */
        if (!p->over && p->file && inlined_deeper(s, regs, &h))
                return false; /* stop: inside a call inlined in the frame stepped */
        if (p->over && p->file && (inlined_call_of_line(s, pc) || in_deeper_inline(s, regs, &h)))
                return step(s, regs); /* next steps over calls inlined in the frame */
        /* Stepping on outside the line's range: the frame stepped is the one here now,
         * inlined calls that begin here not entered (gdb refreshes its step_frame_id
         * so); for `next`, its inline depth. */
        p->frame_depth = h.all - h.starting;
        if (program_line_at(s->program, pc, &row) < 0) {
                uint64_t ret;

                if (at_sigreturn(s, pc) || at_sigreturn(s, pc - 7))
                        return step(s, regs); /* out of a handler, through its return */
                if (program_in_trampoline(s->program, pc) &&
                    tracee_mem_read(session_mem_pid(s), regs->rsp, &ret, 8) == 8) {
                        /* A jump into a PLT stub (a tail call): as a call made by this
                         * frame's caller, whose return address is at rsp. */
                        if (p->over)
                                return run_to(s, ret, regs->rsp + 8, true);
                        p->call_ret = ret;
                        p->call_sp = regs->rsp + 8;
                        p->tramp_steps = 0;
                        return follow_call(s, regs);
                }
                /* Started where nothing is known (no lines, no function bounds): on
                 * until code with lines. */
                if (!p->file && p->lo == p->hi && p->tramp_steps++ < TRAMP_MAX)
                        return step(s, regs);
                return false;
        }
        if (pc == row.lo &&
            (!p->file || row.line != p->line || strcmp(row.file, p->file) != 0)) {
                if (row.stmt)
                        return arrived(s, regs, &row);
                if (p->file) {
                        /* The start of another line's entry, but no statement: step on
                         * through it, still away from the line the step left, as gdb
                         * does; or, in another frame (a return, a jump to another
                         * function), away from no line at all, so that the next
                         * statement stops, even one of this line. */
                        int line = changed_frame(s, regs) ? 0 : p->line;

                        if (!set_line(p, &row))
                                return false;
                        p->line = line;
                        if (p->over)
                                p->depth = p->frame_depth;
                        return step(s, regs);
                }
        }
        if (p->over) /* another frame's line now (a return): its inline depth */
                p->depth = p->frame_depth;
        return set_line(p, &row) && step(s, regs);
}

/* Did the step just made run a call? Its return address is then at the new rsp, just
 * past the instruction. */
static bool stepped_call(struct session *s, const struct user_regs_struct *regs,
                         uint64_t *ret)
{
        struct plan *p = &s->plan;
        uint64_t v;

        if (regs->rsp != p->prev_sp - 8 ||
            tracee_mem_read(session_mem_pid(s), regs->rsp, &v, 8) != 8 || v <= p->prev_pc ||
            v > p->prev_pc + 15 || regs->rip == v)
                return false;
        *ret = v;
        return true;
}

/* Stepping into a call (p->call_ret): at the entry of a function with lines, stop at
 * the end of its prologue; through a trampoline, step on; elsewhere run to the
 * return. */
static bool follow_call(struct session *s, const struct user_regs_struct *regs)
{
        struct plan *p = &s->plan;
        uint64_t pc = regs->rip, start, size, ret = p->call_ret, sp = p->call_sp;
        const char *name;
        struct src_row row;

        if (program_in_trampoline(s->program, pc) && p->tramp_steps++ < TRAMP_MAX)
                return step(s, regs);
        if (program_function_at(s->program, pc, &start, &size, &name) == 0 && start == pc &&
            program_line_at(s->program, pc, &row) == 0) {
                p->call_ret = 0;
                p->target = program_prologue_end(s->program, pc);
                if (p->target != pc)
                        return run_to(s, p->target, 0, false);
                p->target = 0;
                return arrived(s, regs, &row);
        }
        p->call_ret = 0;
        return run_to(s, ret, sp, true);
}

/* finish from an inlined function: has the pc left its block (fewer inlined functions
 * hold it, or it is out of the real function)? */
static bool inline_left(struct session *s, const struct user_regs_struct *regs)
{
        struct plan *p = &s->plan;
        const char *f;
        int l;

        return regs->rip < p->lo || regs->rip >= p->hi ||
               program_inline_depth(s->program, regs->rip, 0, &f, &l, true) < p->depth;
}

/* finish from an inlined function has left it: stop at the start of a line's
 * statement, where inlined calls begin, or where no line is known; else step on as a
 * `next` in the caller to the next statement, as gdb's finish from an inline frame
 * does (a step in the caller with an empty range and no line: its stepping logic then
 * goes on from the middle of a line, and from the start of an entry that is no
 * statement, as from any line). */
static bool inline_finished(struct session *s, const struct user_regs_struct *regs)
{
        struct plan *p = &s->plan;
        struct inline_here h;
        struct src_row row;
        const char *f;
        int l;

        program_inline_here(s->program, regs->rip, &h);
        /* Where inlined calls begin (the next destructor of a scope's end) it stops
         * too, showing them not entered: gdb's "stepped into inlined function". */
        if (h.starting > 0 || program_line_at(s->program, regs->rip, &row) < 0 ||
            (regs->rip == row.lo && row.stmt))
                return stop_hiding_inline(s, regs);
        if (!set_line(p, &row))
                return false;
        if (regs->rip == row.lo)
                p->line = 0;
        p->to_line = true;
        p->count = 1;
        p->frame_depth = h.all - h.starting;
        p->depth = program_inline_depth(s->program, regs->rip, 0, &f, &l, true);
        return step(s, regs);
}

/* Stepping out of an inlined function for finish: out yet? */
static bool inline_step(struct session *s, const struct user_regs_struct *regs)
{
        return inline_left(s, regs) ? inline_finished(s, regs) : step(s, regs);
}

bool plan_next(struct session *s, enum stop_kind report, const struct user_regs_struct *regs)
{
        struct plan *p = &s->plan;
        bool hit = report == STOP_BREAKPOINT && p->hit;
        uint64_t ret;
        struct src_row row;

        p->hit = false;
        if (p->kind == PLAN_NONE || !regs || s->pause_requested ||
            (report != STOP_STEP && !hit))
                return false;
        if (hit) {
                drop_bp(s);
                if (p->sig_return && p->kind == PLAN_INSN) {
                        /* Back from the handler where the signal came: that step is
                         * still to do (the handler's instructions are not counted). */
                        p->sig_return = false;
                        return step(s, regs);
                }
                p->sig_return = false;
                if (p->kind == PLAN_FINISH && !p->out_of_inline)
                        return stop_hiding_inline(s, regs);
                if (p->out_of_inline && !p->to_line)
                        return inline_step(s, regs);
                if (p->target) {
                        /* At the end of the prologue of the function stepped into. */
                        p->target = 0;
                        return program_line_at(s->program, regs->rip, &row) == 0 &&
                               arrived(s, regs, &row);
                }
                if (p->call_ret)
                        return follow_call(s, regs); /* back from a resolver's call */
                /* Back in the frame stepped (a call run as one, a handler run): the
                 * step goes on from here, as gdb's after its step-resume breakpoint,
                 * not from the callee's last pc (a throw's landing pad at the return
                 * address is where inlined destructors begin: inline_entry). */
                p->prev_pc = regs->rip;
                p->prev_sp = regs->rsp;
                return go_on(s, regs);
        }
        if (p->sig && regs->rsp + 256 < p->sig_sp) {
                /* The handler of the signal passed during the step: run it. Its return
                 * (rt_sigreturn) puts the pc and rsp back where the signal came. */
                p->sig = false;
                p->sig_return = true;
                return run_to(s, p->sig_pc, p->sig_sp, true);
        }
        p->sig = false;
        if (p->kind == PLAN_INSN && !p->over)
                return go_on(s, regs); /* a call is an instruction like any other */
        if (stepped_call(s, regs, &ret)) {
                if (p->call_ret || p->kind != PLAN_LINE || p->over)
                        return run_to(s, ret, regs->rsp + 8, true);
                p->call_ret = ret;
                p->call_sp = regs->rsp + 8;
                p->tramp_steps = 0;
                return follow_call(s, regs);
        }
        if (p->out_of_inline && !p->to_line)
                return inline_step(s, regs);
        if (p->call_ret)
                return follow_call(s, regs);
        return go_on(s, regs);
}

/* The return address of the current thread's innermost real function, from the
 * unwinder: the first frame at another pc (functions inlined at the pc are frames of
 * their own, at the same pc) that is not a tail call's; and its sp, the stack pointer once the function returns
 * (0 when the unwinder does not say). With frame > 0, the return address of that frame
 * of the backtrace (gdb's `up N` then `finish`), whose pc goes to *ret_fpc: 0, or
 * -ERANGE (no such frame), -EINVAL (an inlined frame, which has no return of its own),
 * -ERR_NO_SYMBOL (no caller). */
static int caller_pc(struct session *s, size_t frame, uint64_t *ret, uint64_t *ret_sp,
                     uint64_t *ret_fpc)
{
        struct program_bt bt;
        bool in_frame0 = frame == 0;
        int r = -ERR_NO_SYMBOL;
        size_t i;
        json_t *f;

        if (program_backtrace(s->program, 0, 64, 0, &bt) < 0)
                return -ERR_NO_SYMBOL;
        if (frame > 0) {
                json_t *fn = json_array_get(bt.frames, frame);

                if (!fn || jrpc_addr_parse(json_object_get(fn, "pc"), ret_fpc) < 0)
                        r = -ERANGE;
                else if (json_is_true(json_object_get(fn, "inlined")))
                        r = -EINVAL;
                if (r != -ERR_NO_SYMBOL)
                        goto out;
        }
        json_array_foreach(bt.frames, i, f) {
                uint64_t pc;

                if (i <= frame && frame > 0)
                        continue;
                if (in_frame0) {
                        /* Frame 0's real function ends its group: the inlined
                         * functions before it are frames at its pc. (Not any frame at
                         * that pc: a recursive caller's return address can be it.) */
                        in_frame0 = json_is_true(json_object_get(f, "inlined"));
                        continue;
                }
                if (json_is_true(json_object_get(f, "tailcall")))
                        continue; /* it jumped away: nothing returns to it (gdb's
                                   * skip_tailcall_frames) */
                if (jrpc_addr_parse(json_object_get(f, "pc"), &pc) < 0)
                        break;
                *ret = pc;
                if (jrpc_addr_parse(json_object_get(f, "sp"), ret_sp) < 0)
                        *ret_sp = 0;
                r = pc != 0 ? 0 : -ERR_NO_SYMBOL;
                break;
        }
out:
        json_decref(bt.frames);
        json_decref(bt.error);
        return r;
}

int plan_begin(struct session *s, enum plan_kind kind, unsigned long count, bool over,
               int sig)
{
        struct plan *p = &s->plan;
        struct user_regs_struct regs;
        uint64_t start, size, ret = 0, ret_sp = 0;
        const char *name;
        struct src_row row;
        int r;

        if (s->state == STATE_RUNNING || s->state == STATE_STARTING)
                return -ERR_RUNNING;
        if (!session_alive(s))
                return -ERR_GONE;
        r = ptrace_getregs(s->tid, &regs);
        if (r < 0)
                return r;
        plan_end(s);
        p->kind = kind;
        p->over = over;
        p->count = count;
        p->prev_pc = regs.rip;
        p->prev_sp = regs.rsp;
        switch (kind) {
        case PLAN_LINE: {
                const char *f = NULL;
                int l = 0;
                size_t all = program_inline_depth(s->program, regs.rip, 0, &f, &l, false);
                size_t hidden = program_inline_hidden(s->program);

                p->frame_depth = hidden < all ? all - hidden : 0;
                if (over)
                        p->depth = program_inline_depth(s->program, regs.rip, 0, &f, &l, true);
                if (over && p->depth < all && f && l > 0) {
                        /* Inlined code begins here, not entered yet: the step is of the
                         * line that calls it, as gdb's (its skipped inline frames). */
                        row = (struct src_row){ .file = f, .line = l, .lo = regs.rip,
                                                .hi = regs.rip };
                        r = set_line(p, &row) ? 0 : -ENOMEM;
                } else if (program_line_at(s->program, regs.rip, &row) == 0) {
                        r = set_line(p, &row) ? 0 : -ENOMEM;
                } else if (program_function_at(s->program, regs.rip, &start, &size, &name) ==
                           0) {
                        /* No lines here: step out of the function (into a call only of
                         * a function that has lines, with `step`), as gdb's "step until
                         * exit from function ..., which has no line number information". */
                        p->lo = start;
                        p->hi = start + size;
                }
                /* else no bounds either (a PLT stub, __restore_rt): on until lines */
                break;
        }
        case PLAN_FINISH: {
                const char *f = NULL;
                int l = 0;
                /* Frame 0 as `backtrace` shows it: inlined functions that begin here
                 * are entered at a breakpoint's stop, not after a step to their call
                 * (program_inline_hidden). */
                size_t all = program_inline_depth(s->program, regs.rip, 0, &f, &l, false);
                size_t hidden = program_inline_hidden(s->program);
                size_t d = count || hidden >= all ? 0 : all - hidden;
                uint64_t fpc = regs.rip;

                if (d > 0 && program_function_at(s->program, regs.rip, &start, &size, &name) ==
                                     0) {
                        /* Out of an inlined function, as gdb's finish: no return to run
                         * to, but its block to leave (no value is printed). */
                        p->out_of_inline = true;
                        p->over = true;
                        p->depth = d;
                        p->lo = start;
                        p->hi = start + size;
                        break;
                }
                r = caller_pc(s, count, &ret, &ret_sp, &fpc);
                /* An outer frame's pc is a return address: its call is before it. */
                if (r == 0)
                        p->ret_type = program_return_type(s->program, count ? fpc - 1 : fpc);
                break;
        }
        case PLAN_INSN:
        case PLAN_NONE:
                break;
        }
        if (r == 0 && kind == PLAN_FINISH && !p->out_of_inline) {
                struct bp_mem m = session_bp_mem(s);
                struct breakpoint *b = bp_find_addr(&s->bps, ret);

                p->bp_owned = !b;
                if (!b)
                        r = bp_insert(&s->bps, &m, ret, false, true, &b);
                if (r == 0)
                        lend(&m, b);
                if (r == 0) {
                        /* The caller's frame exactly (its sp once this one returns),
                         * as gdb's frame id; or any frame above, if unknown. */
                        p->bp = true;
                        p->bp_addr = ret;
                        p->bp_exact = ret_sp != 0;
                        p->bp_sp = ret_sp ? ret_sp : regs.rsp + 1;
                }
        }
        if (r == 0)
                r = session_resume(s, kind == PLAN_FINISH && !p->out_of_inline ? INTENT_CONT
                                                                                : INTENT_STEP,
                                   1, sig);
        if (r < 0)
                plan_end(s);
        return r;
}
