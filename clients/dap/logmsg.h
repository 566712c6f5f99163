/* logmsg.h — a logpoint's message (DAP's SourceBreakpoint.logMessage, "x is {x}"): the
 * text with each {expression} replaced by its value. Pure: the values come from a
 * callback (the bridge's is dbgd's `print`), so that it is unit-tested. */
#pragma once

#include <stddef.h>

/* Write the value of expr (NUL-terminated) into out (outlen > 0), NUL-terminated;
 * on failure write the reason, as the message shows it either way. */
typedef void (*logmsg_eval_fn)(const char *expr, char *out, size_t outlen, void *data);

/* The longest message made, and the longest {expression} taken. */
#define LOGMSG_MAX 65536
#define LOGMSG_EXPR_MAX 1024

/* Expand tmpl: "{expr}" is eval's value of expr (braces inside it nest: "{a[{]}" is
 * not one), "\{" and "\}" are the braces themselves, a "{" without its "}" and an
 * empty "{}" stay as written. The result is cut at LOGMSG_MAX bytes. Returns a malloc'd
 * string, or NULL when out of memory. */
char *logmsg_expand(const char *tmpl, logmsg_eval_fn eval, void *data);
