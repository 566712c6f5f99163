/* task.c — threads and children of traced processes (see task.h).
 *
 * The status of a new task can arrive before the parent's event stop that announces
 * it; such early stops are kept (bounded) until the task is adopted. */
#include "task.h"

#include "breakpoint.h"
#include "ptrace.h"
#include "session.h"
#include "tracee.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SI_KERNEL
#define SI_KERNEL 0x80
#endif

struct task {
        pid_t tid;
        struct session *s;
        bool thread;            /* same thread group: pass-through; else detach */
        bool shared_vm;         /* vfork / CLONE_VM child: its memory is the parent's */
        uint64_t stepover;      /* breakpoint being stepped over, 0 when none */
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

static void resume(struct task *t, int sig)
{
        if (ptrace_cont(t->tid, sig) == -ESRCH)
                unlink_task(t); /* gone: its exit status is not coming to us */
}

static void thread_breakpoint(struct task *t, struct user_regs_struct *regs)
{
        struct session *s = t->s;
        struct breakpoint *b = bp_find_addr(&s->bps, regs->rip - 1);
        struct bp_mem m = session_bp_mem(s);

        regs->rip -= 1;
        b->hits++;
        if (session_emulate_over(s, t->tid, regs)) {
                resume(t, 0);
                return;
        }
        /* A real step over it. Other threads may run past the breakpoint meanwhile. */
        ptrace_setregs(t->tid, regs);
        bp_disarm(&m, b);
        t->stepover = b->addr;
        if (ptrace_singlestep(t->tid, 0) == -ESRCH)
                unlink_task(t);
}

/* A signal that is about to end the whole process, in a thread: the session's main
 * thread does not stop for it, so its crash snapshot is taken here. */
static void thread_fatal_signal(struct task *t, int sig)
{
        struct user_regs_struct regs;
        siginfo_t si;

        if (!session_signal_ends_process(t->s, sig) || ptrace_getsiginfo(t->tid, &si) < 0 ||
            ptrace_getregs(t->tid, &regs) < 0)
                return;
        session_thread_signal(t->s, t->tid, sig, &si, regs.rip);
}

static void thread_stop(struct task *t, int status)
{
        int sig = WSTOPSIG(status), event = (unsigned)status >> 16;
        struct user_regs_struct regs;
        siginfo_t si;

        if (t->stepover) {
                struct breakpoint *b = bp_find_addr(&t->s->bps, t->stepover);
                struct bp_mem m = session_bp_mem(t->s);

                if (b)
                        bp_arm(&m, b);
                t->stepover = 0;
                if (sig == SIGTRAP && event == 0) {
                        resume(t, 0);
                        return;
                }
        }
        if (event == PTRACE_EVENT_CLONE || event == PTRACE_EVENT_FORK ||
            event == PTRACE_EVENT_VFORK) {
                task_adopt(t->s, t->tid, event);
                resume(t, 0);
                return;
        }
        if (event == PTRACE_EVENT_VFORK_DONE)
                session_vfork_end(t->s); /* a thread's vfork child has exec'd or ended */
        if (event) { /* PTRACE_EVENT_STOP (attach, group-stop), EXEC... */
                resume(t, 0);
                return;
        }
        if (sig == SIGTRAP && ptrace_getsiginfo(t->tid, &si) == 0 && si.si_code == SI_KERNEL &&
            ptrace_getregs(t->tid, &regs) == 0) {
                struct breakpoint *b = bp_find_addr(&t->s->bps, regs.rip - 1);
                if (b && b->armed) {
                        thread_breakpoint(t, &regs);
                        return;
                }
        }
        thread_fatal_signal(t, sig);
        resume(t, sig); /* the program's own signal: deliver it */
}

static void handle(struct task *t, int status)
{
        if (WIFEXITED(status) || WIFSIGNALED(status)) {
                unlink_task(t);
                return;
        }
        if (!t->thread) {
                detach(t);
                return;
        }
        thread_stop(t, status);
}

void task_adopt(struct session *s, pid_t tid, int event)
{
        unsigned long msg;
        struct task *t;
        pid_t child;

        if (ptrace_geteventmsg(tid, &msg) < 0)
                return;
        child = (pid_t)msg;
        t = calloc(1, sizeof(*t));
        if (!t) {
                ptrace_detach(child, 0);
                return;
        }
        t->tid = child;
        t->s = s;
        t->thread = event == PTRACE_EVENT_CLONE && tracee_same_thread_group(s->pid, child);
        t->shared_vm = event == PTRACE_EVENT_VFORK || tracee_same_vm(s->pid, child);
        if (event == PTRACE_EVENT_VFORK)
                session_vfork_begin(s); /* until the parent's VFORK_DONE */
        t->next = tasks;
        tasks = t;

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

void task_forget(struct session *s, bool all)
{
        for (struct task **p = &tasks; *p;) {
                struct task *t = *p;
                if (t->s == s && (all || t->thread)) {
                        *p = t->next;
                        free(t);
                } else {
                        p = &t->next;
                }
        }
}

bool task_shares_vm(const struct session *s)
{
        for (const struct task *t = tasks; t; t = t->next)
                if (t->s == s && (t->thread || t->shared_vm))
                        return true;
        return false;
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
