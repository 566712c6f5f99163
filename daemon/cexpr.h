/* cexpr.h — C arithmetic for print, as gdb evaluates it: the operators of C on the
 * values of variables (operands, read by a callback) and on literals.
 *
 * Covered: integer, character and floating-point literals; parentheses; casts to C's
 * arithmetic types ((unsigned char)x, (double)n, (uint32_t)v, (_Bool)f); unary - + ! ~;
 * * / % + - << >> < <= > >= == != & ^ | && || with C's precedence; C's usual arithmetic
 * conversions (types narrower than int promoted to int; the wider of two integer
 * types, unsigned if that one is; float with float is float, with double double).
 * An operand is anything else: a name with its path (`p->x`, `arr[i]`, `*q`) or a
 * register (`$pc`, `$rax`), read by the caller as a scalar, or as an untyped pointer
 * (cnum.ptr): + and - with an integer, - of two, comparisons, as gdb. Not covered:
 * pointers of variables (arithmetic on them is refused), casts
 * to other types, assignments, ++ and --, the ternary, calls, sizeof. Pure. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A value: an integer of size bytes (4 or 8 once promoted; a bool for C++'s
 * comparisons), or a float (size 4) or double (size 8). */
struct cnum {
        bool is_float;
        bool is_unsigned;
        bool is_bool;           /* a comparison's result in C++: prints true / false */
        unsigned size;
        uint64_t i;             /* an integer's bits (sign-extended if signed) */
        double f;
        /* A pointer without a type to point to (a register: gdb's $sp is a `void *`,
         * $pc a `void (*)()`): 'v' or 'f', with its address in i; 0 for a number.
         * Arithmetic on it counts bytes, as gdb's on those types. */
        char ptr;
};

/* Reads operand text[0..len) (a variable's name and path) into *ret: 0, or < 0 with
 * *why (a static string or one in why_buf). */
typedef int (*cexpr_operand_fn)(void *ctx, const char *text, size_t len, struct cnum *ret,
                                char *why, size_t whylen);

/* Whether text is more than one operand (has an operator or a literal): then print
 * evaluates it with cexpr_eval. */
bool cexpr_is_arith(const char *text);

/* Evaluate text. cxx: C++ (comparisons are bools). Returns 0 with *ret; -1 with why
 * when a value does not allow it (gdb's words where it has some: "Division by zero");
 * -2 with why when the text is not such an expression. */
int cexpr_eval(const char *text, bool cxx, cexpr_operand_fn operand, void *ctx,
               struct cnum *ret, char *why, size_t whylen);

/* The name of ret's type as C spells it: "int", "unsigned long", "double", "bool",
 * "void *". */
const char *cexpr_type_name(const struct cnum *n);
