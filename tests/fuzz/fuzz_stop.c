/* fuzz_stop — the stop-status state machine (stop.c) with arbitrary inputs: any
 * waitpid status, siginfo code, resume kind and context. It must not crash and must
 * keep its invariants:
 *  - the state follows WIFEXITED / WIFSIGNALED, anything else is a stop (even bit
 *    patterns waitpid never returns, like a low byte of 0xff);
 *  - STOP_BREAKPOINT only for a plain SIGTRAP stop with siginfo si_code SI_KERNEL, pc
 *    one past one of our breakpoints, after a resume (never from pc-1 alone);
 *  - an ended process is reported, never resumed;
 *  - a resume uses a real ptrace request; only a signal stop delivers a signal, and
 *    only its own; only a breakpoint trap rewinds the pc;
 *  - a breakpoint is reported only for a breakpoint trap or a step landing on one. */
#include "stop.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                     \
        do {                                                                         \
                if (!(c)) {                                                          \
                        fprintf(stderr, "fuzz_stop: invariant failed: %s\n", #c);    \
                        abort();                                                     \
                }                                                                    \
        } while (0)

struct reader {
        const uint8_t *p;
        size_t n;
};

static uint32_t take(struct reader *r, unsigned bytes)
{
        uint32_t v = 0;

        for (unsigned i = 0; i < bytes; i++) {
                v = v << 8 | (r->n ? *r->p : 0);
                if (r->n) {
                        r->p++;
                        r->n--;
                }
        }
        return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct reader r = { data, size };
        struct stop_in in = { 0 };
        struct stop_out out;
        struct stop_ctx ctx = { 0 };
        struct stop_decision d;
        uint32_t flags;
        int st;

        in.resumed = (enum resume_kind)(take(&r, 1) % 4);
        in.status = (int)take(&r, 4);
        flags = take(&r, 2);
        in.have_siginfo = flags & 1;
        in.pc_after_bp = flags & 2;
        in.si_code = (int)(int8_t)take(&r, 1);
        if (flags & 4)
                in.si_code = 0x80; /* SI_KERNEL more often than chance */
        in.syscall_op = (int)(take(&r, 1) % 4);

        stop_classify(&in, &out);
        st = in.status;
        if (WIFEXITED(st)) {
                CHECK(out.kind == STOP_EXITED && out.state == STATE_EXITED);
                CHECK(out.exit_code == WEXITSTATUS(st));
        } else if (WIFSIGNALED(st)) {
                CHECK(out.kind == STOP_KILLED && out.state == STATE_KILLED);
                CHECK(out.sig == WTERMSIG(st));
        } else {
                CHECK(out.state == STATE_STOPPED);
                CHECK(out.kind != STOP_EXITED && out.kind != STOP_KILLED);
        }
        if (out.kind == STOP_BREAKPOINT) {
                /* (A status waitpid never returns, low byte 0xff, is read as a stop:
                 * WSTOPSIG and the event come from the same bits either way.) */
                CHECK(WSTOPSIG(st) == SIGTRAP && (st >> 16) == 0);
                CHECK(in.have_siginfo && in.si_code == 0x80 && in.pc_after_bp);
                CHECK(in.resumed != RESUME_NONE);
        }
        if (out.kind == STOP_STEP)
                CHECK(in.resumed == RESUME_STEP);
        CHECK(stop_kind_name(out.kind) != NULL);
        CHECK(session_state_name(out.state) != NULL);

        ctx.intent = (enum intent)(take(&r, 1) % 4);
        ctx.steps_left = take(&r, 4);
        flags = take(&r, 2);
        ctx.stepping_over = flags & 1;
        ctx.pause_requested = flags & 2;
        ctx.at_breakpoint = flags & 4;
        ctx.pass_silently = flags & 8;
        ctx.exec_exit_trap = flags & 16;
        ctx.syscall_unwanted = flags & 32;
        ctx.seccomp_entries = flags & 64;

        stop_decide(&ctx, &out, &d);
        if (out.state != STATE_STOPPED) {
                CHECK(d.action == ACT_REPORT && d.report == out.kind);
                CHECK(!d.rewind_pc && !d.hit && !d.reinsert);
        }
        if (d.action == ACT_RESUME) {
                CHECK(d.resume == RESUME_CONT || d.resume == RESUME_STEP ||
                      d.resume == RESUME_SYSCALL);
                if (d.deliver)
                        CHECK(out.kind == STOP_SIGNAL && d.deliver == out.sig);
        } else {
                CHECK(d.action == ACT_REPORT);
                CHECK(d.deliver == 0);
        }
        if (d.rewind_pc)
                CHECK(out.kind == STOP_BREAKPOINT);
        if (d.action == ACT_REPORT && d.report == STOP_BREAKPOINT)
                CHECK(out.kind == STOP_BREAKPOINT ||
                      (out.kind == STOP_STEP && ctx.at_breakpoint));
        return 0;
}
