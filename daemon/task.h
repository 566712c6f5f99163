/* task.h — the other tasks of a traced process: its threads, and the children it forks.
 *
 * A session drives one thread, its current one (s->tid, the main thread until another
 * stops the process); task.c holds every other. With PTRACE_O_TRACECLONE / FORK / VFORK
 * the kernel also attaches every new task; dbgd then
 * - detaches new child processes at once, after taking our int3s out of a forked copy
 *   of the memory (as gdb's detach-on-fork), so a child never dies of our SIGTRAP;
 *   under a syscall filter or follow_forks it keeps them traced instead, passive
 *   (passive_stop: every stop resumed at once; followed ones' syscalls, starts and
 *   ends become the session's events and records, with their pid);
 * - keeps every thread traced, all-stop: while the session is stopped, its threads are
 *   too (task_stop_all interrupts them); `cont` and `syscall` resume them
 *   (task_resume_all), `step` runs only the current thread. A running thread that hits
 *   a breakpoint the client wants, or gets a signal that is reported, stops the process
 *   and becomes the current thread (session_thread_report). One that hits a breakpoint
 *   nobody wants (ignore count, condition, log) counts it, steps over it and goes on;
 *   a signal passed on silently is delivered, with a crash snapshot first when it will
 *   end the process.
 *
 * Put back: a thread that stops on its own while the process is being stopped (it hit a
 * breakpoint, or took a signal, before our interrupt reached it), or whose report lost
 * to another thread's, is not reported: its pc is rewound onto the breakpoint, so the
 * hit happens again when it runs, and a signal is taken back (a fault happens again; a
 * sent signal is sent again with tgkill when the thread resumes), as gdb does. */
#pragma once

#include <jansson.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>

#include "ptrace.h"
#include "session.h"

struct session;

/* The session's process (or one of its threads, tid) reported a PTRACE_EVENT_FORK,
 * VFORK or CLONE stop: adopt the new task. */
void task_adopt(struct session *s, pid_t tid, int event);

/* A waitpid status for pid. Returns true when pid is (or may become) one of our tasks
 * and the status was handled. */
bool task_on_status(pid_t pid, int status);

/* The session's process ended (all false: its threads went with it; new children are
 * still detached at their first stop) or the session is closed (all: its process
 * group was killed). */
void task_forget(struct session *s, bool all);

/* True while the session's process has another task that runs on its memory: a
 * thread, or a vfork / CLONE_VM child not yet detached. */
bool task_shares_vm(const struct session *s);

/* The session stopped: interrupt every thread of it that runs. */
void task_stop_all(struct session *s);

/* Before the stop is told: wait for the stops of the threads task_stop_all
 * interrupted, until until_ns (loop_now_ns) at most, and handle them, so that every
 * thread is stopped when the client hears of the stop, as in gdb's all-stop. A thread
 * that has not stopped by then (one in uninterruptible sleep) stays "stopping", its
 * stop handled when it comes; so do all of them while a vfork is under way (its parent
 * thread stops only once the child has exec'd or ended). True when the process's exec
 * or end came meanwhile (a thread exec'd as the others were stopping, or the process
 * was killed): the stop is moot, and that status, left to the reaper, is the next
 * thing to tell. */
bool task_await_stopped(struct session *s, uint64_t until_ns);

/* The session is resumed with `cont` or `syscall`: resume its stopped threads, each
 * with its pending signal; one that was the current thread steps over the breakpoint at
 * its pc first. */
void task_resume_all(struct session *s);

/* A thread's stop waiting to be reported (session_thread_report). */
struct task_report {
        struct watch_hit watch;         /* a watchpoint (watch.id > 0) */
        bool syscall;                   /* a syscall stop (sc, exit_nr) */
        struct __ptrace_syscall_info sc;
        long exit_nr;
        int sig;                        /* the signal; 0: a breakpoint hit */
        struct user_regs_struct regs;   /* at a breakpoint, the pc rewound onto it */
        siginfo_t si;
        bool have_si;
        bool cond_error;                /* the breakpoint's condition failed to evaluate */
};

/* Thread tid becomes the current one: its entry goes, its stepping mark (task_put)
 * becomes s->step_trap. *ret_sig: the signal its next
 * resume delivers; ret_report (may be NULL) receives the stop it was reporting, and
 * *ret_reporting says whether there was one. Returns 0, -ESRCH when tid is not a stopped
 * thread of s. */
int task_take(struct session *s, pid_t tid, int *ret_sig, struct task_report *ret_report,
              bool *ret_reporting);

/* Thread tid, the current one until now, joins the others, stopped, with the signal
 * its next resume delivers. over_bp: that resume steps over a breakpoint at its pc
 * (the thread reported it, or was about to step over it). stepping: it was interrupted
 * in a single step, whose SIGTRAP may still be queued (a step over a syscall
 * instruction queues one at the syscall's exit): that one is dropped, not delivered.
 * sc_nr: the syscall whose entry stop it is at (s->sc_nr), or -1: its exit, to come,
 * is that call's. */
void task_put(struct session *s, pid_t tid, int sig, bool over_bp, bool stepping,
              long sc_nr);

/* Thread tid becomes the current one, whatever its state (s->step_trap as task_take
 * sets it): *ret_running says whether it
 * runs (or is stopping), *ret_sig is the signal its next resume delivers, *ret_stepover
 * the breakpoint it is stepping over (0: none). Returns 0 or -ESRCH. */
int task_take_running(struct session *s, pid_t tid, bool *ret_running, int *ret_sig,
                      uint64_t *ret_stepover);

/* A thread of s other than not, one that has not left (a zombie) if there is one; 0
 * when there is none. */
pid_t task_any_thread(const struct session *s, pid_t not);

/* Another stop was reported in place of thread tid's: put it back (see above). A
 * syscall stop stays pending: the next `syscall` call reports it first
 * (task_pending_report); other resumes drop it (it was recorded and traced). A signal
 * stop stays pending too, reported by the next `cont` or `syscall` first. */
void task_put_back(struct session *s, pid_t tid);

/* Is tid a thread of s that task.c holds, and is it running? */
bool task_is_thread(const struct session *s, pid_t tid, bool *ret_running);

/* Append {tid, current: false, state[, pc]} for every thread task.c holds for s. */
void task_threads_json(const struct session *s, json_t *list);

/* A stopped thread holding a stop that lost to another report, to be reported by the
 * resume being made before anything runs: a signal stop (one met while stopping, or
 * put back), or, with syscalls (a `syscall` call), a syscall stop that call wants
 * (session_syscall_wanted). It becomes the reporter (its report is task_take's).
 * Returns its tid, or 0. */
pid_t task_pending_report(struct session *s, bool syscalls);

/* The tids of the session's threads that are in a ptrace stop, other than the current
 * one, into tids (max at most). Returns how many. */
size_t task_stopped_threads(const struct session *s, pid_t *tids, size_t max);

/* An exec ended every thread but the one that exec'd, which took the process's pid:
 * each thread dbgd knew, other than pid, is told gone (a "thread-exit" event, as strace
 * says "superseded by execve"). The caller forgets them then (task_forget). */
void task_tell_exec_ended(struct session *s, pid_t pid);

/* Has the session's process other threads than the current one? */
bool task_has_threads(const struct session *s);

/* follow_forks: SIGKILL the session's followed children that are still in its process
 * group (the process has ended: the group is no longer killed through it). Returns how
 * many. */
int task_kill_children(const struct session *s);

/* attach: thread tid of s's process, seized, is one of its threads; it is interrupted
 * and held "stopping" until its stop comes (task_await_stopped). Returns 0 or -ENOMEM. */
int task_attached(struct session *s, pid_t tid);

/* Detach (close or `detach` of an attached session): let every thread of s go, each
 * with the signal its next resume would have delivered (a signal-delivery stop's by
 * PTRACE_DETACH, another one sent again), its debug registers cleared, a SIGTRAP of
 * ours queued for it discarded first (task_detach_thread). The breakpoints' bytes are
 * out already, their table not cleared yet (session_detach). A thread still stopping
 * (uninterruptible sleep), or not stopped for its SIGTRAP by until
 * (task_detach_deadline), is let go at its stop, which comes before it runs any code of
 * the program; so are new threads whose first stop came early. */
void task_detach_all(struct session *s, uint64_t until);
/* The deadline of one detach's waits for its threads' SIGTRAPs (loop_now_ns based). */
uint64_t task_detach_deadline(void);
/* Before the detach: a child process just forked, whose first stop has not come yet
 * (it is detached at that stop, task.h's first paragraph), gets our int3s out of its
 * copy of the memory now, and is let go at that stop whatever becomes of s. */
void task_release_children(struct session *s);
/* The same for one thread (the current one, session.c's). A SIGTRAP of ours queued for
 * it (a step it was broken off in, an int3 it ran into as the all-stop interrupted it)
 * is taken and discarded first, so that the program never gets it; the program's own
 * is delivered. False when the thread, resumed for that, did not stop by until: it is
 * let go at its stop. */
bool task_detach_thread(struct session *s, pid_t tid, int sig, uint64_t until);
/* Thread tid (the current one, which did not stop in time) is let go at its next stop,
 * whatever its session becomes meanwhile. */
void task_let_go(pid_t tid);

/* Shutdown: free everything. */
void task_shutdown(void);
