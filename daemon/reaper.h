/* reaper.h — SIGCHLD through a signalfd, and waitpid until empty. */
#pragma once

/* Block SIGCHLD (the caller has blocked it in every thread) and watch it in the loop.
 * Returns 0 or -errno. */
int reaper_init(void);
void reaper_done(void);
