/* prompt.h — the interactive prompt "(dbg) " that drives one session: gdb's words where
 * gdb has one for the same thing (r, c, s, n, si, ni, finish, b, bt, p, x, info ...),
 * the tutorial debugger's m and long forms for the rest of the API, libedit line
 * editing and history on a terminal, plain lines from a pipe. */
#pragma once

#include <stdbool.h>

#include "client.h"

/* Run the prompt until quit or end of input. session < 0: none yet (the user may
 * `debug PROG`, `session N` or `attach PID`). owned: the session was started for this
 * prompt and is closed (its process killed) on quit. Returns a DBGCTL_EXIT_* code. */
int prompt_run(struct dbgctl_client *c, long long session, bool owned);

/* Split line into at most max whitespace-separated words, in place. Returns the count. */
int prompt_split(char *line, char **words, int max);
