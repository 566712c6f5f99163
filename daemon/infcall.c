/* infcall.c — a call of the program's function in a stopped thread (see infcall.h).
 *
 * The thread's registers (general and x87/SSE) are saved, the arguments put where the
 * SysV AMD64 ABI wants them, the stack pointer moved below the red zone (128 bytes)
 * and the reserved space, 16-byte aligned at the call, with a return address that is
 * the program's entry point (AT_ENTRY, gdb's AT_ENTRY_POINT: code that never runs
 * again), where an int3 is written for the call's length. Only this thread is resumed:
 * the others stay in their ptrace stops. Its statuses are taken here, with waitpid on
 * this thread alone, polled until the time limit: the loop is held for the call's
 * length at most (the caller bounds it), never forever. Whatever ends the call (the
 * return, a breakpoint, a signal, the limit), the registers and the entry point's byte
 * are put back, so that the session is as it was; only an exit cannot be undone, and
 * its status is left for the reaper. orig_rax is -1 while the function runs, as gdb
 * sets it, so that a stop in a system call does not restart that call in it. */
#include "infcall.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "errors.h"
#include "ptrace.h"
#include "reaper.h"
#include "tracee.h"

#define RED_ZONE 128

static uint64_t now_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* The next status of tid until deadline (ms): 1 with *status (taken) for a stop; 0 when
 * none came; -1 when tid exited or was killed (that status is left waitable, for the
 * reaper: the session must see its end). Polled: SIGCHLD belongs to the loop's
 * signalfd, and a sleep of 1 ms at most between polls keeps a quick call quick. */
static int next_status(pid_t tid, uint64_t deadline, int *status)
{
        long nap = 20000; /* ns, doubling to 1 ms */

        for (;;) {
                siginfo_t si = { 0 };

                if (waitid(P_PID, (id_t)tid, &si, WEXITED | WSTOPPED | __WALL | WNOWAIT |
                                                      WNOHANG) < 0)
                        return -1;
                if (si.si_pid == tid) {
                        if (si.si_code == CLD_EXITED || si.si_code == CLD_KILLED ||
                            si.si_code == CLD_DUMPED)
                                return -1;
                        if (waitpid(tid, status, __WALL | WNOHANG) == tid)
                                return 1;
                }
                if (now_ms() >= deadline)
                        return 0;
                nanosleep(&(struct timespec){ 0, nap }, NULL);
                if (nap < 1000000)
                        nap *= 2;
        }
}

static const char *sig_name(int sig, char *buf, size_t len)
{
        const char *abbrev = sigabbrev_np(sig);

        if (abbrev)
                snprintf(buf, len, "SIG%s", abbrev);
        else
                snprintf(buf, len, "signal %d", sig);
        return buf;
}

uint64_t infcall_scratch(uint64_t rsp, size_t len)
{
        return (rsp - RED_ZONE - len) & ~(uint64_t)15;
}

int infcall_run(const struct infcall *c, struct infcall_result *ret, char *why, size_t whylen)
{
        static const size_t int_off[INFCALL_INT_REGS] = {
                offsetof(struct user_regs_struct, rdi), offsetof(struct user_regs_struct, rsi),
                offsetof(struct user_regs_struct, rdx), offsetof(struct user_regs_struct, rcx),
                offsetof(struct user_regs_struct, r8),  offsetof(struct user_regs_struct, r9),
        };
        struct user_regs_struct saved, regs, after;
        struct user_fpregs_struct fsaved, fregs, fafter;
        siginfo_t sisaved;
        bool have_si;
        uint64_t entry, sp, scratch = 0, deadline;
        uint8_t kept, trap = 0xcc;
        int memfd = -1, r, status = 0, got;
        size_t k, slot = 0;
        char sbuf[32];
        bool done = false;

        if (c->n_ints + (c->hidden ? 1 : 0) > INFCALL_INT_REGS || c->n_sse > INFCALL_SSE_REGS ||
            c->stack_len > INFCALL_STACK_BYTES)
                return -EINVAL;
        r = tracee_entry_point(c->tid, &entry);
        if (r < 0) {
                snprintf(why, whylen, "the program's entry point (AT_ENTRY) is not known, "
                                      "where the called function would return to");
                return r;
        }
        r = ptrace_getregs(c->tid, &saved);
        if (r < 0)
                return r;
        r = ptrace_getfpregs(c->tid, &fsaved);
        if (r < 0)
                return r;
        if (tracee_mem_read(c->tid, entry, &kept, 1) != 1)
                return -EFAULT;
        /* the stop's siginfo (a SIGSEGV's address, that the signal delivered on the next
         * resume carries): the call's own SIGTRAP stop replaces it, it is put back */
        have_si = ptrace_getsiginfo(c->tid, &sisaved) == 0;

        regs = saved;
        fregs = fsaved;
        sp = infcall_scratch(saved.rsp, c->scratch);
        scratch = c->scratch ? sp : 0;
        /* the arguments past the registers, the first at the lowest address; the
         * stack 16-byte aligned at the call, the return address below it */
        sp -= ((uint64_t)c->stack_len + 15) & ~(uint64_t)15;
        if (c->stack_len && tracee_mem_store(c->tid, sp, c->stack, c->stack_len) !=
                                    (ssize_t)c->stack_len) {
                snprintf(why, whylen, "the stack at 0x%llx cannot be written",
                         (unsigned long long)sp);
                return -EFAULT;
        }
        sp -= 8;
        if (tracee_mem_store(c->tid, sp, &entry, 8) != 8) {
                snprintf(why, whylen, "the stack at 0x%llx cannot be written",
                         (unsigned long long)sp);
                return -EFAULT;
        }
        if (c->hidden)
                memcpy((char *)&regs + int_off[slot++], &scratch, 8);
        for (k = 0; k < c->n_ints; k++)
                memcpy((char *)&regs + int_off[slot++], &c->ints[k], 8);
        for (k = 0; k < c->n_sse; k++) {
                memset(&fregs.xmm_space[4 * k], 0, 16);
                memcpy(&fregs.xmm_space[4 * k], &c->sse[k], 8);
        }
        if (c->set_al)
                regs.rax = c->n_sse;
        regs.rsp = sp;
        regs.rip = c->func;
        regs.orig_rax = (unsigned long long)-1; /* no restart of an interrupted syscall */
        regs.eflags &= ~(1ULL << 8 | 1ULL << 10); /* no trap flag; DF clear, as the ABI says */

        r = ptrace_setfpregs(c->tid, &fregs);
        if (r == 0)
                r = ptrace_setregs(c->tid, &regs);
        if (r == 0 && tracee_mem_write(c->tid, &memfd, entry, &trap, 1) != 1)
                r = -EFAULT;
        if (r == 0)
                r = ptrace_cont(c->tid, 0);
        if (r < 0) {
                snprintf(why, whylen, "the thread could not be set up for the call: %s",
                         strerror(-r));
                goto restore;
        }

        deadline = now_ms() + c->timeout_ms;
        while (!done) {
                got = next_status(c->tid, deadline, &status);
                if (got < 0) {
                        snprintf(why, whylen, "the program exited while the called function "
                                              "ran");
                        reaper_kick();
                        if (memfd >= 0)
                                close(memfd);
                        return -ERR_GONE;
                }
                if (got == 0) { /* the limit: stop it where it is */
                        if (ptrace_interrupt(c->tid) < 0 ||
                            next_status(c->tid, now_ms() + 1000, &status) <= 0) {
                                snprintf(why, whylen, "the called function did not return "
                                                      "within %u ms, and the thread did not "
                                                      "stop when interrupted", c->timeout_ms);
                                r = -ERR_STATE;
                                goto restore;
                        }
                        snprintf(why, whylen, "the called function did not return within "
                                              "%u ms (params.timeout): it was interrupted, "
                                              "the thread's registers restored",
                                 c->timeout_ms);
                        r = -ERR_STATE;
                        goto restore;
                }
                if (!WIFSTOPPED(status))
                        continue;
                if (WSTOPSIG(status) == SIGTRAP && (status >> 16) == 0) {
                        int id;

                        r = ptrace_getregs(c->tid, &after);
                        if (r < 0)
                                goto restore;
                        if (after.rip - 1 == entry) {
                                done = true;
                                break;
                        }
                        id = c->break_at ? c->break_at(c->ctx, after.rip - 1) : 0;
                        if (id > 0)
                                snprintf(why, whylen, "the called function hit breakpoint "
                                                      "%d at 0x%llx: the call was abandoned, "
                                                      "the thread's registers restored", id,
                                         (unsigned long long)(after.rip - 1));
                        else
                                snprintf(why, whylen, "the called function stopped with "
                                                      "SIGTRAP at 0x%llx: the call was "
                                                      "abandoned, the thread's registers "
                                                      "restored",
                                         (unsigned long long)after.rip);
                        r = -ERR_STATE;
                        goto restore;
                }
                if ((status >> 16) != 0) { /* an event (a clone, a fork...): none of ours */
                        snprintf(why, whylen, "the called function stopped at a ptrace "
                                              "event (%d): the call was abandoned, the "
                                              "thread's registers restored",
                                 status >> 16);
                        r = -ERR_STATE;
                        goto restore;
                }
                ptrace_getregs(c->tid, &after);
                snprintf(why, whylen, "the called function received %s at 0x%llx: the call "
                                      "was abandoned, the signal discarded, the thread's "
                                      "registers restored",
                         sig_name(WSTOPSIG(status), sbuf, sizeof(sbuf)),
                         (unsigned long long)after.rip);
                r = -ERR_STATE;
                goto restore;
        }
        r = ptrace_getfpregs(c->tid, &fafter);
        if (r == 0) {
                memset(&ret->regs, 0, sizeof(ret->regs));
                ret->regs.rax = after.rax;
                ret->regs.rdx = after.rdx;
                memcpy(ret->regs.xmm0, &fafter.xmm_space[0], 16);
                memcpy(ret->regs.xmm1, &fafter.xmm_space[4], 16);
                /* st(0): the top of the x87 stack, the first of st_space's 16-byte slots */
                memcpy(ret->regs.st0, &fafter.st_space[0], 10);
                ret->scratch = scratch;
        }
restore:
        /* Every register as it was, the entry point's byte too: errors here are the
         * thread's end (ESRCH), nothing to restore then. */
        ptrace_setregs(c->tid, &saved);
        ptrace_setfpregs(c->tid, &fsaved);
        if (have_si)
                ptrace_setsiginfo(c->tid, &sisaved);
        tracee_mem_write(c->tid, &memfd, entry, &kept, 1);
        if (memfd >= 0)
                close(memfd);
        return r;
}
