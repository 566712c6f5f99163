/* ptrace.h — the only caller of ptrace(2). Every function returns 0 (or a value >= 0)
 * on success and -errno on failure; -ESRCH means "the tracee is gone (or not stopped)". */
#pragma once

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>
#include <sys/ptrace.h>

/* The options every tracee gets: EXITKILL, TRACESYSGOOD, TRACEEXEC, TRACESECCOMP, and
 * TRACECLONE/FORK/VFORK so that new tasks can be handled (task.c). */
unsigned long ptrace_default_options(void);

int ptrace_seize(pid_t pid, unsigned long options);
int ptrace_cont(pid_t pid, int sig);
int ptrace_singlestep(pid_t pid, int sig);
int ptrace_syscall(pid_t pid, int sig);
int ptrace_interrupt(pid_t pid);
int ptrace_detach(pid_t pid, int sig);
int ptrace_getregs(pid_t pid, struct user_regs_struct *ret_regs);
/* The x87 and SSE registers (st_space, xmm_space). */
int ptrace_getfpregs(pid_t pid, struct user_fpregs_struct *ret_regs);
int ptrace_setfpregs(pid_t pid, const struct user_fpregs_struct *regs);
/* Debug register n (0-7) of a stopped thread (PTRACE_PEEKUSER / POKEUSER at
 * u_debugreg[n]): DR0-3 addresses, DR6 status, DR7 control. */
int ptrace_get_debugreg(pid_t pid, int n, uint64_t *ret);
int ptrace_set_debugreg(pid_t pid, int n, uint64_t v);
int ptrace_setregs(pid_t pid, const struct user_regs_struct *regs);
int ptrace_getsiginfo(pid_t pid, siginfo_t *ret_si);
int ptrace_setsiginfo(pid_t pid, const siginfo_t *si);
/* PTRACE_GET_SYSCALL_INFO: returns 0 and fills *ret, or -errno. */
int ptrace_syscall_info(pid_t pid, struct __ptrace_syscall_info *ret);
int ptrace_geteventmsg(pid_t pid, unsigned long *ret_msg);
/* 1 when a signal is queued for the thread or its process (PTRACE_PEEKSIGINFO, private
 * then shared queue), 0 when none is, or -errno. */
int ptrace_signal_queued(pid_t pid);
