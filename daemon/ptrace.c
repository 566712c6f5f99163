/* ptrace.c — thin wrappers over ptrace(2), the only file that calls it (tests/lint.sh
 * keeps it so). They must run on the engine thread: a tracee belongs to the thread that
 * seized it (FACTS.md). */
#include "ptrace.h"

#include <errno.h>
#include <stddef.h>
#include <sys/ptrace.h>

unsigned long ptrace_default_options(void)
{
        return PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC |
               PTRACE_O_TRACESECCOMP | PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK |
               PTRACE_O_TRACEVFORK | PTRACE_O_TRACEVFORKDONE;
}

static int req(enum __ptrace_request r, pid_t pid, void *addr, void *data)
{
        long v;

        errno = 0;
        v = ptrace(r, pid, addr, data);
        if (v < 0 && errno)
                return -errno;
        return 0;
}

int ptrace_seize(pid_t pid, unsigned long options)
{
        return req(PTRACE_SEIZE, pid, NULL, (void *)options);
}

int ptrace_cont(pid_t pid, int sig)
{
        return req(PTRACE_CONT, pid, NULL, (void *)(long)sig);
}

int ptrace_singlestep(pid_t pid, int sig)
{
        return req(PTRACE_SINGLESTEP, pid, NULL, (void *)(long)sig);
}

int ptrace_syscall(pid_t pid, int sig)
{
        return req(PTRACE_SYSCALL, pid, NULL, (void *)(long)sig);
}

int ptrace_interrupt(pid_t pid)
{
        return req(PTRACE_INTERRUPT, pid, NULL, NULL);
}

int ptrace_detach(pid_t pid, int sig)
{
        return req(PTRACE_DETACH, pid, NULL, (void *)(long)sig);
}

int ptrace_getregs(pid_t pid, struct user_regs_struct *ret_regs)
{
        return req(PTRACE_GETREGS, pid, NULL, ret_regs);
}

int ptrace_getfpregs(pid_t pid, struct user_fpregs_struct *ret_regs)
{
        return req(PTRACE_GETFPREGS, pid, NULL, ret_regs);
}

int ptrace_setfpregs(pid_t pid, const struct user_fpregs_struct *regs)
{
        return req(PTRACE_SETFPREGS, pid, NULL, (void *)regs);
}

int ptrace_get_debugreg(pid_t pid, int n, uint64_t *ret)
{
        long v;

        errno = 0;
        v = ptrace(PTRACE_PEEKUSER, pid,
                   (void *)(offsetof(struct user, u_debugreg) + (size_t)n * sizeof(long)), NULL);
        if (v == -1 && errno)
                return -errno;
        *ret = (uint64_t)v;
        return 0;
}

int ptrace_set_debugreg(pid_t pid, int n, uint64_t v)
{
        return req(PTRACE_POKEUSER, pid,
                   (void *)(offsetof(struct user, u_debugreg) + (size_t)n * sizeof(long)),
                   (void *)(uintptr_t)v);
}

int ptrace_setregs(pid_t pid, const struct user_regs_struct *regs)
{
        return req(PTRACE_SETREGS, pid, NULL, (void *)regs);
}

int ptrace_getsiginfo(pid_t pid, siginfo_t *ret_si)
{
        return req(PTRACE_GETSIGINFO, pid, NULL, ret_si);
}

int ptrace_setsiginfo(pid_t pid, const siginfo_t *si)
{
        return req(PTRACE_SETSIGINFO, pid, NULL, (void *)si);
}

int ptrace_syscall_info(pid_t pid, struct __ptrace_syscall_info *ret)
{
        long v;

        errno = 0;
        v = ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(*ret), ret);
        if (v < 0)
                return -errno;
        return 0;
}

int ptrace_geteventmsg(pid_t pid, unsigned long *ret_msg)
{
        return req(PTRACE_GETEVENTMSG, pid, NULL, ret_msg);
}

int ptrace_signal_queued(pid_t pid)
{
        static const unsigned flags[] = { 0, PTRACE_PEEKSIGINFO_SHARED };
        siginfo_t si;

        for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
                struct __ptrace_peeksiginfo_args a = { .off = 0, .flags = flags[i], .nr = 1 };
                long n;

                errno = 0;
                n = ptrace(PTRACE_PEEKSIGINFO, pid, &a, &si);
                if (n < 0)
                        return -errno;
                if (n > 0)
                        return 1;
        }
        return 0;
}
