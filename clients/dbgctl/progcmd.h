/* progcmd.h — dbgctl's commands about the program: symbols, maps, disasm, backtrace,
 * report, and `run`, the CI mode: run a program under dbgd to its end, forward its
 * output, print a readable crash report when it dies by a signal, and exit with its
 * status (128 + the signal number when killed, 127 when it cannot be executed). */
#pragma once

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "args.h"
#include "client.h"

/* Run a->command if it is one of this module's. Returns a DBGCTL_EXIT_* code (for `run`:
 * the program's status), or -1 when the command is not one of them. */
int progcmd_run(struct dbgctl_client *c, const struct dbgctl_args *a);

/* The readable crash report (the `report` result, borrowed) on out. */
void progcmd_fmt_report(FILE *out, json_t *report);
/* The crash reports of the child processes in a report's `children` (follow_forks),
 * each as a report of its own; progcmd_fmt_report ends with them. */
void progcmd_fmt_children(FILE *out, json_t *report);

/* A `locals` result: the frame, then its arguments and locals, "name = value" each (as
 * gdb's `info args` / `info locals`; "name = <why>" when there is no value). */
void progcmd_fmt_locals(FILE *out, json_t *res);

/* gdb's word for why a variable has no value (a `locals`/`print` error):
 * "optimized out", "not saved", or why itself. Borrowed from why, or static. */
const char *progcmd_unreadable(const char *why);

/* The args (or locals) of a `locals` result alone, gdb's `info args` (`info locals`):
 * "name = value" each, "No arguments." ("No locals.") when there are none. */
void progcmd_fmt_vars(FILE *out, json_t *res, bool args);

/* A `print` result: "name = value". */
void progcmd_fmt_print(FILE *out, json_t *res);

/* Frames of a backtrace, one line each: "#N  PC in FUNCTION (FILE:LINE)". */
void progcmd_fmt_frames(FILE *out, json_t *frames);
