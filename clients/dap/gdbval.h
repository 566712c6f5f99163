/* gdbval.h — one level of a value as gdb's print writes it ("{x = 3, y = 4}",
 * "{1, 2, 0 <repeats 18 times>}", "{<Base> = {id = 1}, n = 2}", "std::vector of length 2
 * = {1, 2}"): its members or elements, each with its own text, so that the bridge shows
 * a struct or an array as a tree an editor expands (a member's text is parsed again when
 * it is expanded). dbgd's `locals` and `print` answer this text. Pure: unit-tested
 * (clients/dap/tests/test_gdbval.c) and fuzzed. */
#pragma once

#include <jansson.h>

/* The parts of text when it is an aggregate: a new object
 *   {"array": true when no part is named (elements, numbered by the caller),
 *    "more": true when gdb cut it short ("...": its 200 elements printed),
 *    "items": [{"name": "x" (a member, "<Base>" a base class, "[key]" a designated
 *               element; absent: an element, or an anonymous member of a struct),
 *               "value": its text, "repeats": N (absent: 1; "<repeats N times>")}]},
 * or NULL when text is a scalar (a number, a pointer, a string, a function
 * "{int (int)} 0x401136 <f>") or not gdb's (unbalanced quotes or brackets). A
 * "<No data fields>" part is no part. */
json_t *gdbval_parse(const char *text);

/* Is text an aggregate (gdbval_parse would answer non-NULL)? */
int gdbval_is_aggregate(const char *text);
