/* reaper.h — SIGCHLD through a signalfd, and waitpid until empty. */
#pragma once

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

/* Have the reaper run soon from the loop: a step done in dbgd was queued
 * (session_synth_pending). */
void reaper_kick(void);
