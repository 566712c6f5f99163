/* reaper.h — SIGCHLD through a signalfd, and waitpid until empty. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* Block SIGCHLD (the caller has blocked it in every thread) and watch it in the loop.
 * Returns 0 or -errno. */
int reaper_init(void);
void reaper_done(void);

/* Wait (briefly: see reaper.c) for the next SIGCHLD, then hand every waitable status
 * to the sessions, going on waiting while they resume short-running tracees. For a
 * caller about to wait for a session whose last run was short. */
void reaper_await(void);

/* Hand every status that is already waitable to the sessions, without waiting. */
void reaper_poll(void);

/* Wait until a task of process group pgid (a traced process's threads and children)
 * has a status to take, blocking until until_ns (loop_now_ns) at most; true with *pid
 * and *status, as waitpid would give them, when one has. The status is not taken:
 * waitpid(*pid, ..., WNOHANG) takes it, or the next drain does. Callable while a
 * status is being handled. */
bool reaper_wait_for(pid_t pgid, pid_t *pid, int *status, uint64_t until_ns);

/* Have the reaper run soon from the loop: a step done in dbgd was queued
 * (session_synth_pending). */
void reaper_kick(void);
