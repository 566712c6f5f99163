/* cond.h — breakpoint conditions, evaluated by dbgd at each hit so that a script never
 * pays a round trip for a hit it does not want. Two kinds: small expressions over
 * registers and memory (the grammar below), compiled once and cheap at a hit; and
 * expressions in the program's terms (its variables, as gdb's `break ... if`), which
 * the host evaluates (cond_env.source) from the text. Pure: registers, memory and the
 * program come through callbacks.
 *
 * Grammar (C-like precedence, 64-bit arithmetic; <, <=, >, >= compare as signed
 * 64-bit integers, as C does on int and on user-space addresses):
 *   expr    := or
 *   or      := and ( "||" and )*
 *   and     := cmp ( "&&" cmp )*
 *   cmp     := bitor ( ("=="|"!="|"<"|"<="|">"|">=") bitor )?
 *   bitor   := bitand ( "|" bitand )*
 *   bitand  := sum ( "&" sum )*
 *   sum     := unary ( ("+"|"-") unary )*
 *   unary   := "!" unary | "-" unary | "*" unary | load | primary
 *   load    := ("u8"|"u16"|"u32"|"u64"|"s8"|"s16"|"s32") "[" expr "]"
 *   primary := NUMBER (decimal or 0x hex) | REGISTER (rax... rip, pc) | "(" expr ")"
 * `*x` reads 8 bytes at x. Signed loads sign-extend, so `s32[rsp+8] < 0` works. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cond;

struct cond_env {
        /* Returns 0 and the value, or < 0 if unknown. */
        int (*reg)(void *data, const char *name, uint64_t *ret);
        /* Reads len bytes at addr; returns 0 or < 0 when not readable. */
        int (*mem)(void *data, uint64_t addr, void *buf, size_t len);
        /* A cond_source condition: returns 1, 0 or < 0 when it cannot be evaluated. */
        int (*source)(void *data, const char *text);
        void *data;
};

/* Parse text. is_reg tells which identifiers are registers. Returns 0 with a new
 * condition, or -EINVAL with a message (position and what was expected) in errbuf. */
int cond_parse(const char *text, bool (*is_reg)(const char *name), struct cond **ret,
               char *errbuf, size_t errlen);
/* A condition over the program's variables, kept as text for env->source. Returns 0 or
 * -ENOMEM. */
int cond_source(const char *text, struct cond **ret);
bool cond_is_source(const struct cond *c);
void cond_free(struct cond *c);

/* Evaluate: returns 1 (true), 0 (false), or < 0 when a register or memory read (or the
 * host's evaluation) failed (a failed condition stops the program, as gdb does, so the
 * user sees why). */
int cond_eval(const struct cond *c, const struct cond_env *env);

/* The source text. */
const char *cond_text(const struct cond *c);
