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
 * (cnum.ptr): + and - with an integer, - of two, comparisons, as gdb.
 * With a host (cexpr_eval_host), the values of the program's types too: typed
 * pointers (C's scaling: p + 1 is the next element, p - q counts elements), unary *
 * and & of any expression, .member, ->member and [index] after parentheses, arrays
 * decaying to pointers, casts to any type the program names ((char *)buf,
 * (struct pt *)q, (point_t)v, (enum mode)1; C++'s between a class and its bases, by
 * the base's offset: CEXPR_BASE), sizeof, gdb's v@n artificial arrays and
 * the ternary. The host reads memory and knows the types; cexpr only parses and
 * computes. String literals, as gdb takes them in C: printed, indexed, sizeof, and
 * compared with == and != (gdb copies a literal into the program's memory to compare
 * its address, so it is never equal to a pointer or an array: == is 0, != is 1; a
 * C++ std::string is compared by its characters, as its operator== that gdb calls); and
 * gdb's string functions on them and on the program's strings: $_streq(a, b),
 * $_strlen(s), $_memeq(a, b, n), $_regex(s, re) (Python's re.match through POSIX's
 * regcomp: see regex_posix), with a host that reads memory. Adjacent literals are
 * one ("ab" "c"), as in C. Calls of the program's functions, f(3), with a host that
 * calls (cexpr_host.call: the host runs them; a cast right before a call, (int)
 * getpid(), is passed to it, for a function whose return type is not known), and calls
 * through any other value followed by '(' ((*fp)(3), table[1](2): cexpr_host.call_value),
 * C++'s method calls (k.twice(2): cexpr_host.call_method).
 * C++'s .* and ->* of a pointer to data member (k.*pm), tighter than * (CEXPR_MEMPTR).
 * Complex values as gdb 13 computes them: + - * / (a complex divisor through its conjugate, a
 * real one part by part), unary - and +, ~ (the conjugate), ! and truth, == and !=
 * between complexes of one type, casts to a float type (the real part; to an integer
 * type, gdb 13's 0), and gdb's $_creal(z) and $_cimag(z). Not covered: assignments, ++
 * and --. Pure. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A type of the host's (the program's, from its debug information), opaque to cexpr:
 * unit and off name it (unit NULL: none), skip > 0 an array type with its first skip
 * dimensions indexed away (a row of int [3][4], an int [4], is the array's type with
 * skip 1), with ptrs pointers on top (char ** is char's with ptrs 2) or, count > 0, an
 * array of count of it (gdb's v@n). */
struct cexpr_type {
        const void *unit;
        uint64_t off;
        int skip;
        int ptrs;
        uint64_t count;
};

/* A value: an integer of size bytes (4 or 8 once promoted; a bool for C++'s
 * comparisons), or a float (size 4), double (size 8) or long double (size 16, x87's 80
 * bits on x86-64, computed in the compiler's long double: full precision). */
struct cnum {
        bool is_float;
        bool is_unsigned;
        bool is_bool;           /* a comparison's result in C++: prints true / false */
        unsigned size;
        uint64_t i;             /* an integer's bits (sign-extended if signed) */
        long double f;          /* a float's or double's value exactly, rounded to it */
        /* A pointer without a type to point to (a register: gdb's $sp is a `void *`,
         * $pc a `void (*)()`): 'v' or 'f', with its address in i; 0 for a number.
         * Arithmetic on it counts bytes, as gdb's on those types. 'p': a pointer of the
         * host's type `type`, to elements of elem bytes (0: void, counts bytes). */
        char ptr;
        uint64_t elem;
        struct cexpr_type type;
        /* A complex (C's _Complex): is_float too, f its real part, im its imaginary
         * one, size a part's (4, 8 or 16). */
        bool is_complex;
        long double im;
        /* An integer of 16 bytes (__int128, size 16): i its low 64 bits, hi its high
         * ones. gdb 13 does no arithmetic on it ("That operation is not available on
         * integers of more than 8 bytes."): it is printed, tested for truth (!, &&, ||,
         * ?:) and given to unary +, and nothing else. */
        uint64_t hi;
        /* A struct, union or array (not a number): size bytes in memory at addr. */
        bool object;
        /* The value is in memory at addr (& takes it, @ extends it). */
        bool lval;
        uint64_t addr;
        /* A string literal ("abc"): its text between the quotes in the expression's text
         * (which outlives the value), escapes not decoded; size is its array's length
         * with the NUL (char [4]), i is 1 (its address is not null). */
        const char *str;
};

/* Reads operand text[0..len) (a variable's name and path) into *ret: 0, or < 0 with
 * *why (a static string or one in why_buf). */
typedef int (*cexpr_operand_fn)(void *ctx, const char *text, size_t len, struct cnum *ret,
                                char *why, size_t whylen);

/* What a host does with its values (cexpr_eval_host). v is the operand, ret the
 * result, 0 or < 0 with why:
 * - CEXPR_DEREF: *v, v a 'p' pointer: what it points to (a number read, a pointer, an
 *   object);
 * - CEXPR_ADDR: &v, v an lval: a 'p' pointer to it;
 * - CEXPR_MEMBER: v.name (name[0..len)), v an object;
 * - CEXPR_DECAY: v, an array object, as a pointer to its first element;
 * - CEXPR_ARRAY: v@len, v an lval: an array object of len of v's type;
 * - CEXPR_TYPE: the type named name[0..len) (C's arithmetic types by gcc's names,
 *   "long unsigned int"; "struct pt", "point_t"), v->i pointers to it: ret a value 0
 *   of it (a 'p' pointer, an object of its size, a number of its size and kind), its
 *   type set; 1 when no type has that name (it may be a variable's);
 * - CEXPR_BASE: a C++ cast between a class and its base, v a 'p' pointer or an object,
 *   *ret on entry the value 0 of the type cast to (from CEXPR_TYPE): ret the pointer
 *   moved by the base's offset (up to the base, or down from it), or the base's part
 *   of the object; 1 when the two are no such classes (the cast is C's).
 * - CEXPR_STRING: v an object: when it is a string class the host knows (libstdc++'s
 *   std::string), ret->i the address of its characters and ret->size their number; 1
 *   when it is none.
 * - CEXPR_MEMPTR: C++'s v.*pm, v an object in memory, *ret on entry pm (a number whose
 *   type is the host's): ret the member pm names; < 0 when pm is no pointer to a data
 *   member of v's class (gdb's "non-pointer-to-member value used in pointer-to-member
 *   construct"). */
enum cexpr_op { CEXPR_DEREF, CEXPR_ADDR, CEXPR_MEMBER, CEXPR_DECAY, CEXPR_ARRAY, CEXPR_TYPE,
                CEXPR_BASE, CEXPR_STRING, CEXPR_MEMPTR };

struct cexpr_host {
        cexpr_operand_fn operand;
        int (*op)(void *ctx, enum cexpr_op op, const struct cnum *v, const char *name,
                  size_t len, struct cnum *ret, char *why, size_t whylen);
        /* Optional: called in the parsing pass with each operand's text, whether or not
         * its value will be needed (a condition's names checked when it is set, as gdb
         * binds them): < 0 fails the text as a value's failure does, with why. */
        int (*name)(void *ctx, const char *text, size_t len, char *why, size_t whylen);
        /* Optional: reads len bytes of the program's memory at addr into buf, for gdb's
         * string functions ($_streq...): the number of bytes read (fewer at the end of
         * readable memory), or < 0. */
        long (*read)(void *ctx, uint64_t addr, void *buf, size_t len);
        /* Optional: a call of the program's function name[0..len) with args (evaluated,
         * not decayed), in the evaluating pass only; cast: the type of a cast written
         * right before the call ((int) getpid()), or NULL. 0 with *ret, < 0 with why.
         * Without it, a call is no expression (cexpr_eval_host returns -2): a
         * breakpoint's condition. */
        int (*call)(void *ctx, const char *name, size_t len, const struct cnum *args,
                    size_t nargs, const struct cnum *cast, struct cnum *ret, char *why,
                    size_t whylen);
        /* Optional: a call through fn, a value ((*fp)(3), table[1](2)), as call does
         * (ret may be fn). Without it, such a call is no expression (-2). */
        int (*call_value)(void *ctx, const struct cnum *fn, const struct cnum *args,
                          size_t nargs, const struct cnum *cast, struct cnum *ret, char *why,
                          size_t whylen);
        /* Optional: C++'s obj.name(args) (ptr->name(args) with *ptr), obj an object in
         * memory: its class's method name[0..len) called with this = &obj, as call
         * does; 1 when the class has no method of that name (then cexpr calls through
         * the member's value: s.fp(1), call_value). Without it, the operand's path is
         * read whole and called through (call_value). */
        int (*call_method)(void *ctx, const struct cnum *obj, const char *name, size_t len,
                           const struct cnum *args, size_t nargs, const struct cnum *cast,
                           struct cnum *ret, char *why, size_t whylen);
};

/* The most arguments a call takes (the ABI's registers are fewer: the host refuses
 * what it cannot pass). */
#define CEXPR_CALL_ARGS 16

/* The longest string $_streq and $_strlen read from the program (a string with no
 * NUL within it is an error). */
#define CEXPR_STRING_MAX 65536

/* The bytes of string literal n (n->str) into buf (cap at least n->size), with its
 * NUL; returns the number of bytes before the NUL. */
size_t cexpr_string(const struct cnum *n, char *buf, size_t cap);

/* Whether text is more than one operand (has an operator or a literal): then print
 * evaluates it with cexpr_eval. */
bool cexpr_is_arith(const char *text);

/* Evaluate text. cxx: C++ (comparisons are bools). Returns 0 with *ret; -1 with why
 * when a value does not allow it (gdb's words where it has some: "Division by zero");
 * -2 with why when the text is not such an expression. */
int cexpr_eval(const char *text, bool cxx, cexpr_operand_fn operand, void *ctx,
               struct cnum *ret, char *why, size_t whylen);

/* cexpr_eval with a host for the program's types (op may be NULL: none). The host's
 * op is called in the parsing pass too, for CEXPR_TYPE only. */
int cexpr_eval_host(const char *text, bool cxx, const struct cexpr_host *host, void *ctx,
                    struct cnum *ret, char *why, size_t whylen);

/* The name of ret's type as C spells it: "int", "unsigned long", "double", "bool",
 * "void *", "long double" (a number's; the host names its own types). */
const char *cexpr_type_name(const struct cnum *n);
