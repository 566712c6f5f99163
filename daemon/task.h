/* task.h — the other tasks of a traced process: its threads, and the children it forks.
 *
 * A session traces one process (its main thread). With PTRACE_O_TRACECLONE / FORK /
 * VFORK the kernel also attaches every new task; dbgd then
 * - detaches new child processes at once, after taking our int3s out of a forked copy
 *   of the memory (as gdb's detach-on-fork), so a child never dies of our SIGTRAP;
 * - keeps new threads traced in pass-through mode: they run freely; when one hits one of
 *   our breakpoints it counts (and logs) the hit, steps over it and goes on, and its
 *   signals are delivered; before an uncaught one that ends the process, the crash
 *   snapshot is taken from that thread (session_thread_signal). Only the main thread stops and is reported (threads as
 *   first-class, all-stop, are a later step: DESIGN.md). */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

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

/* Shutdown: free everything. */
void task_shutdown(void);
