/* commands.h — the one-shot subcommands (`dbgctl regs 1 rip`), one function per API
 * method: build the params from the command line, call, print the result for people
 * (format.h) or raw with --json. Each returns a DBGCTL_EXIT_* code. */
#pragma once

#include <jansson.h>
#include <stdio.h>

#include "args.h"
#include "client.h"

/* SESSION, the first positional argument, as a number; else a usage message on stderr
 * and DBGCTL_EXIT_USAGE. */
int commands_session_arg(const struct dbgctl_args *a, long long *ret);

/* {"session": session}, a new reference. */
json_t *commands_session_params(long long session);

/* Add to params what names breakpoint bp (as `breakpoints` lists it) to `break` again,
 * which changes it in place: its address, or its symbol while pending (dbgd keeps one
 * breakpoint per address and one pending breakpoint per symbol). */
void commands_bp_again(json_t *params, json_t *bp);

/* Call method with params (stolen) and print the result: raw JSON with --json, else
 * with human. Returns a DBGCTL_EXIT_* code. */
int commands_call_print(struct dbgctl_client *c, const char *method, json_t *params,
                        void (*human)(FILE *, json_t *));

/* Run the one-shot command a->command (not attach/debug, which are the prompt's). */
int commands_run(struct dbgctl_client *c, const struct dbgctl_args *a);

/* Params for spawn from PROG ARGS and the spawn options: a new reference, or NULL with
 * a message on stderr. Relative paths are made absolute against the client's cwd, which
 * is also the default cwd of the program. */
json_t *commands_spawn_params(const struct dbgctl_args *a, char **argv, int argc);

/* Call spawn with params (stolen). As client_call; for human output the result also
 * carries the requested args. */
int commands_spawn(struct dbgctl_client *c, json_t *params, json_t **ret_result);

/* Print the program's captured output of one stream from *offset on (raw bytes) and
 * advance *offset; with out NULL, read it and throw it away. Returns a DBGCTL_EXIT_*
 * code. */
int commands_output(struct dbgctl_client *c, long long session, const char *stream,
                    long long *offset, FILE *out);
