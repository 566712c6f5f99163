/* cexpr.c — C arithmetic for print (see cexpr.h): a recursive-descent parser that
 * evaluates as it goes, one function per level of C's precedence. */
#include "cexpr.h"

#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
        const char *s;          /* the text, spaces left in */
        size_t pos;
        bool cxx;
        cexpr_operand_fn operand;
        const struct cexpr_host *host;  /* or NULL */
        void *ctx;
        char *why;
        size_t whylen;
        int depth;              /* of parentheses and unary operators: bounded */
        bool syntax;            /* the failure is the text's, not the values' */
        bool dry;               /* parse only: operands are 1, nothing is computed */
        bool first;             /* the parsing pass (dry throughout) */
        /* The type of a cast whose operand is being parsed, until something other than
         * a call takes it: (int) getpid() gives a function without a known return type
         * one, as gdb lets it. */
        const struct cnum *call_cast;
        bool void_call;         /* a call's value was void (size 0): no operand */
};

#define DEPTH_MAX 64

static int fail(struct parser *p, const char *msg)
{
        if (!p->why[0])
                snprintf(p->why, p->whylen, "%s", msg);
        return -1;
}

/* A failure of the text itself (cexpr_eval returns -2). */
static int bad_syntax(struct parser *p, const char *msg)
{
        p->syntax = true;
        return fail(p, msg);
}

static void skip_space(struct parser *p)
{
        while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t')
                p->pos++;
}

/* Whether the next token is op (and not the start of a longer operator that begins
 * with it: "<" is not "<<" or "<="; "&" is not "&&"; "-" is not "->"). */
static bool peek_op(struct parser *p, const char *op)
{
        size_t n = strlen(op);
        const char *at;
        char next;

        skip_space(p);
        at = p->s + p->pos;
        if (strncmp(at, op, n) != 0)
                return false;
        next = at[n];
        if (n == 1 && strchr("<>&|=", op[0]) && next == op[0])
                return false; /* << >> && || == */
        if (n == 1 && strchr("<>!=", op[0]) && next == '=')
                return false; /* <= >= != == */
        if (n == 2 && (!strcmp(op, "<<") || !strcmp(op, ">>")) && next == '=')
                return false;
        if (n == 1 && op[0] == '-' && next == '>')
                return false;
        return true;
}

static bool take_op(struct parser *p, const char *op)
{
        if (!peek_op(p, op))
                return false;
        p->pos += strlen(op);
        return true;
}

/* n's value as a long double: exact for every integer of 64 bits and every float. */
static long double as_float(const struct cnum *n)
{
        if (n->is_float)
                return n->f;
        return n->is_unsigned ? (long double)n->i : (long double)(int64_t)n->i;
}

/* n's integer bits kept to its size: sign-extended, or zero-extended if unsigned. */
static void fit(struct cnum *n)
{
        if (n->is_float || n->size >= 8)
                return;
        n->i &= (UINT64_C(1) << (8 * n->size)) - 1;
        if (!n->is_unsigned && (n->i >> (8 * n->size - 1)) & 1)
                n->i |= ~((UINT64_C(1) << (8 * n->size)) - 1);
}

/* C's integer promotion: narrower than int becomes int. */
static void promote(struct cnum *n)
{
        if (n->is_float)
                return;
        if (n->size < 4 || n->is_bool) {
                n->size = 4;
                n->is_unsigned = false;
                n->is_bool = false;
        }
}

/* n becomes the float of size bytes nearest x (rounded once). */
static void set_float(struct cnum *n, long double x, unsigned size)
{
        *n = (struct cnum){ .is_float = true, .size = size,
                            .f = size == 4 ? (float)x : size == 8 ? (double)x : x };
}

/* C's usual arithmetic conversions of a and b to one type, into both. */
static void convert(struct cnum *a, struct cnum *b)
{
        promote(a);
        promote(b);
        if (a->is_float || b->is_float) {
                unsigned size = 4; /* the wider: float, double, long double */

                if (a->is_float && a->size > size)
                        size = a->size;
                if (b->is_float && b->size > size)
                        size = b->size;

                set_float(a, as_float(a), size);
                set_float(b, as_float(b), size);
                return;
        }
        if (a->size != b->size) {
                struct cnum *narrow = a->size < b->size ? a : b;
                const struct cnum *wide = narrow == a ? b : a;

                narrow->size = wide->size; /* its bits are already extended */
                narrow->is_unsigned = wide->is_unsigned;
                fit(narrow);
                return;
        }
        if (a->is_unsigned != b->is_unsigned) {
                a->is_unsigned = b->is_unsigned = true;
                fit(a);
                fit(b);
        }
}

static void set_truth(struct parser *p, struct cnum *n, bool v)
{
        *n = (struct cnum){ .is_bool = p->cxx, .size = p->cxx ? 1 : 4, .i = v };
}

static bool truth(const struct cnum *n)
{
        if (n->is_complex)
                return n->f != 0 || n->im != 0;
        return n->is_float ? n->f != 0 : n->i != 0 || n->hi != 0;
}

/* gdb 13's refusal of arithmetic on an __int128 (cexpr.h). */
#define WIDE_WHY "That operation is not available on integers of more than 8 bytes."

static bool is_wide(const struct cnum *n)
{
        return !n->is_float && !n->ptr && !n->object && !n->str && n->size > 8;
}

/* x op y (+ - * /) on one part of a complex of part size bytes, rounded to it as
 * gdb computes each part in its type: a float's in double (exact before the
 * rounding), a long double's in full precision. */
static long double part_op(char op, long double x, long double y, unsigned size)
{
        long double r;

        if (size == 16)
                r = op == '+' ? x + y : op == '-' ? x - y : op == '*' ? x * y : x / y;
        else
                r = op == '+' ? (double)x + (double)y
                    : op == '-' ? (double)x - (double)y
                    : op == '*' ? (double)x * (double)y
                                : (double)x / (double)y;
        return size == 4 ? (float)r : size == 8 ? (double)r : r;
}

static int parse_expr(struct parser *p, struct cnum *ret);

/* ---- the host's values: pointers of the program's types, objects ---------------- */

/* The host's operation op (cexpr.h); a failure is the values', with the host's why. */
static int host_op(struct parser *p, enum cexpr_op op, const struct cnum *v, const char *name,
                   size_t len, struct cnum *ret)
{
        int r;

        if (!p->host || !p->host->op)
                return fail(p, "pointers and objects are not evaluated here");
        r = p->host->op(p->ctx, op, v, name, len, ret, p->why, p->whylen);
        if (r < 0)
                return fail(p, "the program's value cannot be read");
        return r;
}

/* v becomes what the host's unary operation op makes of it: 0, or -1. */
static int host_unary(struct parser *p, enum cexpr_op op, struct cnum *v)
{
        struct cnum r;

        if (host_op(p, op, v, NULL, 0, &r) < 0)
                return -1;
        *v = r;
        return 0;
}

/* An array used as a value is a pointer to its first element (C's decay); anything
 * else stays as it is. */
static int decay(struct parser *p, struct cnum *v)
{
        if (p->dry || !v->object)
                return 0;
        return host_unary(p, CEXPR_DECAY, v);
}

/* *v */
static int deref(struct parser *p, struct cnum *v)
{
        if (p->dry)
                return 0;
        if (v->str) { /* *"abc": its first character */
                char c[2];

                cexpr_string(v, c, sizeof(c));
                *v = (struct cnum){ .size = 1, .i = (uint64_t)(int64_t)(signed char)c[0] };
                return 0;
        }
        if (decay(p, v) < 0)
                return -1;
        if (v->ptr != 'p')
                return fail(p, "Attempt to take contents of a non-pointer value.");
        return host_unary(p, CEXPR_DEREF, v);
}

/* &v */
static int addr_of(struct parser *p, struct cnum *v)
{
        if (p->dry)
                return 0;
        if (!v->lval)
                return fail(p, "Attempt to take address of value not located in memory.");
        return host_unary(p, CEXPR_ADDR, v);
}

/* The number of a plain value: no host type, not in memory. */
static void plain(struct cnum *v)
{
        v->type = (struct cexpr_type){ 0 };
        v->lval = false;
        v->elem = 0;
}

static int pointer_op(struct parser *p, const char *op, struct cnum *a, const struct cnum *b);

/* One character of a literal at at, unescaped ('\n', '\0', '\x41', '\\' as C's) into
 * *v: the length of its text, or 0 when it is no character. */
static size_t literal_char(const char *at, unsigned long *v)
{
        *v = 0;
        static const char esc[] = "n\nt\tr\rv\va\ab\bf\fe\033\\\\''\"\"??";
        char *end;

        if (at[0] != '\\') {
                *v = (unsigned char)at[0];
                return at[0] ? 1 : 0;
        }
        for (size_t k = 0; esc[k]; k += 2) {
                if (esc[k] == at[1]) {
                        *v = (unsigned char)esc[k + 1];
                        return 2;
                }
        }
        if (at[1] == 'x') {
                *v = strtoul(at + 2, &end, 16) & 0xff;
                return end == at + 2 ? 0 : (size_t)(end - at);
        }
        if (at[1] >= '0' && at[1] <= '7') {
                size_t n = 1;

                for (*v = 0; n < 4 && at[n] >= '0' && at[n] <= '7'; n++)
                        *v = *v * 8 + (unsigned long)(at[n] - '0');
                *v &= 0xff;
                return n;
        }
        return 0;
}

/* A character literal after its opening quote: 'a', '\n', '\0', '\x41', '\\'. */
static int char_literal(struct parser *p, struct cnum *ret)
{
        const char *at = p->s + p->pos;
        unsigned long v;
        size_t n = at[0] == '\'' ? 0 : literal_char(at, &v);

        if (n == 0 || at[n] != '\'')
                return bad_syntax(p, "a bad character literal");
        p->pos += n + 1;
        /* gdb: a char literal is a char (prints 97 'a'); as an operand, an int */
        *ret = (struct cnum){ .size = 1, .i = (uint64_t)(int64_t)(signed char)v };
        return 0;
}

/* At a literal's closing quote: where the next adjacent literal's text starts ("ab"
 * "cd" is "abcd", as C and gdb join them), or NULL at the last one's. */
static const char *literal_more(const char *at)
{
        at++;
        while (isspace((unsigned char)*at))
                at++;
        return *at == '"' ? at + 1 : NULL;
}

/* A string literal after its opening quote: "abc", "a\tb\n", "ab" "cd". */
static int string_literal(struct parser *p, struct cnum *ret)
{
        const char *at = p->s + p->pos, *more;
        unsigned long v;
        size_t n = 0, len = 0;

        for (;;) {
                size_t k;

                if (at[n] == '"') {
                        more = literal_more(at + n);
                        if (!more)
                                break;
                        n = (size_t)(more - at);
                        continue;
                }
                k = literal_char(at + n, &v);
                if (k == 0)
                        return bad_syntax(p, at[n] ? "a bad string literal"
                                                   : "a '\"' is missing");
                n += k;
                len++;
        }
        p->pos += n + 1;
        *ret = (struct cnum){ .str = at, .size = (unsigned)len + 1, .i = 1 };
        return 0;
}

size_t cexpr_string(const struct cnum *n, char *buf, size_t cap)
{
        const char *at = n->str;
        size_t len = 0;
        unsigned long v;

        while (at && len + 1 < cap) {
                if (*at == '"') {
                        at = literal_more(at);
                        continue;
                }
                at += literal_char(at, &v);
                buf[len++] = (char)v;
        }
        buf[len] = 0;
        return len;
}

/* A number: 42, 0x2a, 052, 42u, 42L, 1.5, 1e3, .5 */
static int number(struct parser *p, struct cnum *ret)
{
        const char *at = p->s + p->pos;
        size_t digits = strspn(at, "0123456789.");
        bool hex = at[0] == '0' && (at[1] == 'x' || at[1] == 'X');
        /* 1.5, .5, 1e3: a decimal point, or an exponent right after the digits */
        bool real = !hex && (memchr(at, '.', digits) || at[digits] == 'e' || at[digits] == 'E');
        char *end;

        errno = 0;
        if (real) {
                double x = strtod(at, &end);

                if (end == at)
                        return bad_syntax(p, "a bad number");
                if (*end == 'f' || *end == 'F') {
                        set_float(ret, x, 4);
                        end++;
                } else {
                        set_float(ret, x, 8);
                }
        } else {
                uint64_t v = strtoull(at, &end, 0);
                bool u = false, l = false;

                if (end == at || errno == ERANGE)
                        return bad_syntax(p, "a bad number, or one too large");
                for (; *end == 'u' || *end == 'U' || *end == 'l' || *end == 'L'; end++) {
                        u |= *end == 'u' || *end == 'U';
                        l |= *end == 'l' || *end == 'L';
                }
                /* C's type of an integer constant: the first that holds it */
                *ret = (struct cnum){ .size = 4, .is_unsigned = u, .i = v };
                if (l || v > (u || at[0] == '0' ? UINT32_MAX : (uint64_t)INT32_MAX)) {
                        ret->size = 8;
                        ret->is_unsigned = u || (at[0] == '0' && v > (uint64_t)INT64_MAX) ||
                                           v > (uint64_t)INT64_MAX;
                } else if (!u && v > (uint64_t)INT32_MAX) {
                        ret->is_unsigned = true; /* 0xffffffff: unsigned int */
                }
        }
        if (isalnum((unsigned char)*end) || *end == '_')
                return bad_syntax(p, "a bad number");
        p->pos = (size_t)(end - p->s);
        return 0;
}

/* The extent of an operand at p: stars or an &, a name, then .m, ->m and [..]. */
static size_t operand_len(const char *at)
{
        size_t n = 0;

        /* stars, or one & (anything else, &*p or *&x, is unary operators on
         * operands) */
        while (at[n] == '*' || at[n] == ' ')
                n++;
        if (at[n] == '&') {
                if (strchr(at, '*') && strchr(at, '*') < at + n)
                        return 0;
                n++;
                while (at[n] == ' ')
                        n++;
        }
        if (n == 0 && at[0] == '$') { /* a register: $pc, $rax */
                n = 1;
                while (isalnum((unsigned char)at[n]) || at[n] == '_')
                        n++;
                return n > 1 ? n : 0;
        }
        if (at[n] == ':' && at[n + 1] == ':') /* ::name, gdb's global scope */
                n += 2;
        if (!(isalpha((unsigned char)at[n]) || at[n] == '_'))
                return 0;
        for (;;) { /* a name, C++'s ns::name too */
                if (isalnum((unsigned char)at[n]) || at[n] == '_')
                        n++;
                else if (at[n] == ':' && at[n + 1] == ':')
                        n += 2;
                else
                        break;
        }
        for (;;) {
                size_t k = n;

                while (at[k] == ' ')
                        k++;
                if (at[k] == '.' || (at[k] == '-' && at[k + 1] == '>')) {
                        k += at[k] == '.' ? 1 : 2;
                        while (at[k] == ' ')
                                k++;
                        if (!(isalpha((unsigned char)at[k]) || at[k] == '_'))
                                return n;
                        while (isalnum((unsigned char)at[k]) || at[k] == '_')
                                k++;
                        n = k;
                } else if (at[k] == '[') {
                        int depth = 0;

                        do {
                                if (at[k] == '[')
                                        depth++;
                                else if (at[k] == ']')
                                        depth--;
                                else if (!at[k])
                                        return n;
                                k++;
                        } while (depth > 0);
                        n = k;
                } else {
                        return n;
                }
        }
}

/* A name at p (a member's): its length, or 0. */
static size_t name_len(const char *at)
{
        size_t n = 0;

        if (!(isalpha((unsigned char)at[0]) || at[0] == '_'))
                return 0;
        while (isalnum((unsigned char)at[n]) || at[n] == '_')
                n++;
        return n;
}

static int call_args(struct parser *p, struct cnum *args, size_t *ret_n);
static bool is_void(const struct cnum *n);

/* What every kind of call (a function by name, through a value, a method) does before
 * the host runs it: the cast written before it taken (*ret_cast), the host's support
 * checked (hosted: without it, a breakpoint's condition, the text is no expression
 * there), skip characters of name passed, the arguments parsed, and in the evaluating
 * pass none of them void. < 0 on failure; 1 in the parsing pass (*ret a placeholder:
 * nothing runs twice); 0 when the host is to run the call. */
static int call_prepare(struct parser *p, bool hosted, size_t skip, struct cnum *args,
                        size_t *nargs, const struct cnum **ret_cast, struct cnum *ret)
{
        *ret_cast = p->call_cast;
        p->call_cast = NULL;
        if (!hosted)
                return bad_syntax(p, "calls of the program's functions are not evaluated "
                                     "in a breakpoint's condition");
        p->pos += skip;
        if (call_args(p, args, nargs) < 0)
                return -1;
        if (p->dry) {
                *ret = (struct cnum){ .size = 4, .i = 1 };
                return 1;
        }
        for (size_t k = 0; k < *nargs; k++)
                if (is_void(&args[k]))
                        return fail(p, "a void value is no argument");
        return 0;
}

/* A call through v, a value (a pointer to a function: fp(3) when fp is no function's
 * name, (*fp)(3), table[1](2)), at its '(': as call() below, the host's call_value
 * running it. */
static int call_value(struct parser *p, struct cnum *v)
{
        const struct cnum *cast;
        struct cnum args[CEXPR_CALL_ARGS];
        size_t nargs = 0;
        int r = call_prepare(p, p->host && p->host->call_value, 0, args, &nargs, &cast, v);

        if (r != 0)
                return r < 0 ? r : 0;
        if (p->host->call_value(p->ctx, v, args, nargs, cast, v, p->why, p->whylen) < 0)
                return fail(p, "the function cannot be called");
        if (is_void(v))
                p->void_call = true;
        return 0;
}

/* Is the character after n more of the text (and spaces) c? */
static bool peek_after(struct parser *p, size_t n, char c)
{
        size_t k = p->pos + n;

        while (p->s[k] == ' ' || p->s[k] == '\t')
                k++;
        return p->s[k] == c;
}

/* C++'s v.name(args) (v->name(args) with arrow), at name (n characters): the host's
 * call_method with the object, as call() runs a call. */
static int call_method(struct parser *p, struct cnum *v, bool arrow, size_t n)
{
        const char *name = p->s + p->pos;
        const struct cnum *cast;
        struct cnum args[CEXPR_CALL_ARGS];
        size_t nargs = 0;
        int r = call_prepare(p, p->host && p->host->call_method, n, args, &nargs, &cast, v);

        if (r != 0)
                return r < 0 ? r : 0;
        if (arrow && deref(p, v) < 0)
                return -1;
        /* an object no variable holds (a call's value) is the host's to copy */
        if (!v->object)
                return fail(p, "Attempt to extract a component of a value that is not a "
                               "struct or union");
        r = p->host->call_method(p->ctx, v, name, n, args, nargs, cast, v, p->why, p->whylen);
        if (r < 0)
                return fail(p, "the method cannot be called");
        if (r > 0) { /* no method: a member that points to a function, s.fp(1) */
                struct cnum m;

                if (host_op(p, CEXPR_MEMBER, v, name, n, &m) < 0)
                        return -1;
                if (!p->host->call_value)
                        return fail(p, "calls through a member are not evaluated here");
                if (p->host->call_value(p->ctx, &m, args, nargs, cast, v, p->why,
                                        p->whylen) < 0)
                        return fail(p, "the function cannot be called");
        }
        if (is_void(v))
                p->void_call = true;
        return 0;
}

/* .member, ->member, [index] and (arguments) after a value: (*pp)->name, (&s)->x,
 * (p + 1)[0], (*fp)(3). */
static int postfix(struct parser *p, struct cnum *v)
{
        for (;;) {
                bool arrow;
                size_t n;

                if (take_op(p, "[")) {
                        const struct cnum *cast = p->call_cast;
                        struct cnum idx;

                        if (++p->depth > DEPTH_MAX)
                                return bad_syntax(p, "an expression too deep");
                        p->call_cast = NULL; /* the index's calls are not the cast's */
                        if (parse_expr(p, &idx) < 0)
                                return -1;
                        p->call_cast = cast;
                        p->depth--;
                        if (!take_op(p, "]"))
                                return bad_syntax(p, "a ']' is missing");
                        if (p->dry)
                                continue;
                        if (v->str) { /* "abc"[1] */
                                char c[1024];

                                if (idx.ptr || idx.object || idx.str || idx.is_float ||
                                    idx.i >= v->size || v->size > sizeof(c))
                                        return fail(p, "no such vector element");
                                cexpr_string(v, c, sizeof(c));
                                *v = (struct cnum){ .size = 1,
                                                    .i = (uint64_t)(int64_t)(signed char)
                                                            c[idx.i] };
                                continue;
                        }
                        if (idx.str)
                                return fail(p, "the index is not an integer");
                        if (decay(p, v) < 0)
                                return -1;
                        if (v->ptr != 'p')
                                return fail(p, "cannot subscript something of a type that is "
                                               "not an array or pointer");
                        if (is_wide(&idx))
                                return fail(p, WIDE_WHY);
                        if (idx.ptr || idx.object || idx.is_float)
                                return fail(p, "the index is not an integer");
                        if (pointer_op(p, "+", v, &idx) < 0 || deref(p, v) < 0)
                                return -1;
                        continue;
                }
                if (peek_op(p, ".*") || peek_op(p, "->*"))
                        return 0; /* C++'s pointer to member: its own level */
                if (peek_op(p, "(")) {
                        if (call_value(p, v) < 0)
                                return -1;
                        continue;
                }
                if (take_op(p, "."))
                        arrow = false;
                else if (take_op(p, "->"))
                        arrow = true;
                else
                        return 0;
                skip_space(p);
                n = name_len(p->s + p->pos);
                if (n == 0)
                        return bad_syntax(p, "a member name is missing");
                if (peek_after(p, n, '(')) {
                        if (call_method(p, v, arrow, n) < 0)
                                return -1;
                        continue;
                }
                if (!p->dry) {
                        struct cnum r;

                        if (arrow && deref(p, v) < 0)
                                return -1;
                        if (!v->object)
                                return fail(p, "a member of something that is not a struct or "
                                               "union");
                        if (host_op(p, CEXPR_MEMBER, v, p->s + p->pos, n, &r) < 0)
                                return -1;
                        *v = r;
                }
                p->pos += n;
        }
}

static int primary_value(struct parser *p, struct cnum *ret);

/* The bytes of a string argument of gdb's string functions into a buffer of
 * CEXPR_STRING_MAX (*ret_buf, the caller frees it), up to its NUL: a literal; a char
 * array of the program, up to its NUL or its end; a pointer, up to the NUL the program
 * has after it (gdb's Value.string()). Returns the length, or -1. */
static long string_arg(struct parser *p, const char *fname, struct cnum *v, char **ret_buf)
{
        char *buf = malloc(CEXPR_STRING_MAX + 1); /* and the NUL $_regex adds */
        size_t len = 0;

        *ret_buf = buf;
        if (!buf)
                return fail(p, "out of memory");
        if (v->str) { /* up to its first NUL, as the program's */
                cexpr_string(v, buf, CEXPR_STRING_MAX);
                return (long)strlen(buf);
        }
        if (v->object && v->lval && v->type.unit) { /* char name[8] */
                long got = p->host->read(p->ctx, v->addr, buf,
                                         v->size < CEXPR_STRING_MAX ? v->size
                                                                    : CEXPR_STRING_MAX);
                if (got < 0)
                        goto unreadable;
                return (long)strnlen(buf, (size_t)got);
        }
        if (decay(p, v) < 0)
                return -1;
        if (!v->ptr || v->object || (v->ptr == 'p' && v->elem > 1)) {
                /* gdb's words (from its Value.string()) */
                snprintf(p->why, p->whylen, "%s: Trying to read string with inappropriate "
                                            "type `%s'.", fname,
                         v->object || v->ptr ? "not a char pointer or array"
                                             : cexpr_type_name(v));
                return -1;
        }
        while (len < CEXPR_STRING_MAX) { /* a page's worth at a time, to the NUL */
                size_t want = 4096 - ((v->i + len) & 4095);
                long got;
                char *nul;

                if (want > CEXPR_STRING_MAX - len)
                        want = CEXPR_STRING_MAX - len;
                got = p->host->read(p->ctx, v->i + len, buf + len, want);
                if (got <= 0)
                        goto unreadable;
                nul = memchr(buf + len, 0, (size_t)got);
                if (nul)
                        return (long)(nul - buf);
                len += (size_t)got;
        }
        snprintf(p->why, p->whylen, "%s: no NUL within %d bytes", fname, CEXPR_STRING_MAX);
        return -1;
unreadable: /* (at the first chunk that cannot be read: gdb says its first byte) */
        snprintf(p->why, p->whylen, "Cannot access memory at address 0x%llx",
                 (unsigned long long)(v->object ? v->addr : v->i + len));
        return -1;
}

/* gdb's $_regex takes Python's regular expressions (re.match: a match at the string's
 * start). Python's pattern py into a POSIX extended one for regcomp in out (cap
 * bytes): anchored at the start, Python's classes (\d \w \s and their negations) as
 * POSIX's, `.` short of a newline as Python's, (?:...) as a group, and lazy
 * quantifiers (*? +? ?? {m,n}?) as greedy ones, which match the same strings (only
 * what a match covers differs, and $_regex asks only whether there is one), `$` as
 * Python's (the end, or before a last newline). NULL, or what is refused: Python's
 * other (?...) forms (lookarounds, named groups, flags); counts whose product passes
 * REGEX_COUNTS_MAX, as ((a{100}){100}){100} takes glibc half a second to compile and
 * a condition's pattern is compiled at each hit, on the event loop. */
#define REGEX_COUNTS_MAX 65536
static const char *regex_posix(const char *py, char *out, size_t cap)
{
        static const struct { char py; const char *out, *in_set; } classes[] = {
                { 'd', "[[:digit:]]", "[:digit:]" },
                { 'w', "[[:alnum:]_]", "[:alnum:]_" },
                { 's', "[[:space:]]", "[:space:]" },
                { 'D', "[^[:digit:]]", NULL },
                { 'W', "[^[:alnum:]_]", NULL },
                { 'S', "[^[:space:]]", NULL },
        };
        size_t o = 0;
        bool in_set = false, in_count = false, repeated = false;
        unsigned long product = 1;

#define PUT(str)                                                                \
        do {                                                                    \
                size_t n_ = strlen(str);                                        \
                if (o + n_ + 2 > cap)                                           \
                        return "the regular expression is too long";          \
                memcpy(out + o, str, n_);                                       \
                o += n_;                                                        \
        } while (0)
        PUT("^(");
        for (const char *at = py; *at; at++) {
                char one[4] = { at[0], 0, 0, 0 };
                const char *put = one;
                bool repeat = !in_set && !in_count &&
                              (strchr("*+?", at[0]) ||
                               (at[0] == '{' && (isdigit((unsigned char)at[1]) || at[1] == ',')));

                /* Python's "multiple repeat" (a**, a+{2}), and its possessive a*+,
                 * which glibc would take as repeats of repeats: each one multiplies
                 * the automaton glibc builds (a+++++... ran the fuzzer out of memory) */
                if (repeat && repeated)
                        return at[0] == '+' ? "possessive quantifiers (a*+, a++) are not "
                                              "taken"
                                            : "multiple repeat";
                repeated = repeat;
                if (in_count && at[0] == '}') {
                        in_count = false;
                        repeated = true;
                }
                if (at[0] == '\\' && at[1]) {
                        at++;
                        one[0] = '\\';
                        one[1] = at[0];
                        for (size_t k = 0; k < sizeof(classes) / sizeof(classes[0]); k++) {
                                if (classes[k].py != at[0])
                                        continue;
                                put = in_set ? classes[k].in_set : classes[k].out;
                                if (!put)
                                        return "a negated class (\\D \\W \\S) inside [...] "
                                               "is not taken";
                        }
                        if (at[0] == 'n' || at[0] == 't' || at[0] == 'r') {
                                one[0] = at[0] == 'n' ? '\n' : at[0] == 't' ? '\t' : '\r';
                                one[1] = 0;
                        }
                        if (in_set && put == one && one[1]) { /* [\.] is "." */
                                if (strchr("]-^", one[1]))
                                        return "an escaped ], - or ^ inside [...] is not "
                                               "taken (put ] first, - last)";
                                put = one + 1;
                        }
                } else if (in_set) {
                        if (at[0] == ']')
                                in_set = false;
                } else if (at[0] == '[') {
                        in_set = true;
                        if (at[1] == '^') /* a set's first "]" is itself */
                                one[1] = *++at;
                        if (at[1] == ']')
                                one[one[1] ? 2 : 1] = *++at;
                } else if (at[0] == '.') {
                        put = "[^\n]";
                } else if (at[0] == '$') {
                        put = "\n?$"; /* Python's: the end, or before a last newline */
                } else if (at[0] == '{' && (isdigit((unsigned char)at[1]) ||
                                            at[1] == ',')) { /* {m}, {m,n}, {,n} */
                        /* glibc builds a{m}{n}'s states for each count: a product of
                         * counts is a compile time and memory to bound */
                        char *end;
                        unsigned long m = strtoul(at + 1, &end, 10), n = m;

                        if (*end == ',' && isdigit((unsigned char)end[1]))
                                n = strtoul(end + 1, NULL, 10);
                        if (m > n)
                                n = m;
                        if (n >= REGEX_COUNTS_MAX || (product *= n + 1) > REGEX_COUNTS_MAX)
                                return "the counts {m,n} are too large (their product "
                                       "passes 65536)";
                        in_count = true;
                        repeated = false; /* until its '}' */
                } else if (at[0] == '(' && at[1] == '?') {
                        if (at[2] != ':')
                                return "Python's (?...) forms other than (?:...) are not "
                                       "taken";
                        at += 2;
                } else if (repeated && at[1] == '?') {
                        at++; /* lazy: matches what greedy matches */
                }
                PUT(put);
        }
        if (in_set)
                return "a '[' is not closed";
        PUT(")");
#undef PUT
        out[o] = 0;
        return NULL;
}

/* $_regex(s, re): true when Python's re.match(re, s) would find a match, as gdb's. */
static int regex_match(struct parser *p, const char *s, const char *re, struct cnum *ret)
{
        char posix[1024];
        const char *refused = regex_posix(re, posix, sizeof(posix));
        regex_t rx;
        int err;

        if (refused) {
                snprintf(p->why, p->whylen, "$_regex: %s", refused);
                return -1;
        }
        err = regcomp(&rx, posix, REG_EXTENDED | REG_NOSUB);
        if (err) {
                char what[128];

                regerror(err, &rx, what, sizeof(what));
                snprintf(p->why, p->whylen, "$_regex: %s", what);
                return -1;
        }
        set_truth(p, ret, regexec(&rx, s, 0, NULL, 0) == 0);
        regfree(&rx);
        return 1;
}

/* gdb's string functions (its $_streq, $_strlen, $_memeq and $_regex, which it writes
 * in Python) at at: 1 with *ret, -1 on failure, 0 when at is none of them (a
 * register's name). $_streq, $_memeq and $_regex are true or false; $_strlen is a
 * long, as gdb's. */
static int string_function(struct parser *p, const char *at, struct cnum *ret)
{
        static const struct { const char *name; int args; } fns[] = {
                { "$_streq", 2 }, { "$_strlen", 1 }, { "$_memeq", 3 }, { "$_regex", 2 },
        };
        struct cnum arg[3];
        char *buf[2] = { NULL, NULL };
        long len[2] = { 0, 0 };
        const char *name = NULL;
        int nargs = 0, r = -1;

        for (size_t k = 0; k < sizeof(fns) / sizeof(fns[0]); k++) {
                size_t n = strlen(fns[k].name);

                if (strncmp(at, fns[k].name, n) == 0 && !isalnum((unsigned char)at[n]) &&
                    at[n] != '_') {
                        name = fns[k].name;
                        nargs = fns[k].args;
                        p->pos += n;
                }
        }
        if (!name)
                return 0;
        if (!take_op(p, "("))
                return bad_syntax(p, "a '(' is missing after a function's name");
        if (++p->depth > DEPTH_MAX)
                return bad_syntax(p, "an expression too deep");
        for (int k = 0; k < nargs; k++) {
                if (k > 0 && !take_op(p, ","))
                        return bad_syntax(p, "a ',' is missing between a function's "
                                             "arguments");
                if (parse_expr(p, &arg[k]) < 0)
                        return -1;
        }
        if (!take_op(p, ")")) {
                snprintf(p->why, p->whylen, "%s takes %d argument%s", name, nargs,
                         nargs > 1 ? "s" : "");
                p->syntax = true;
                return -1;
        }
        p->depth--;
        if (p->dry) {
                *ret = (struct cnum){ .size = 4, .i = 1 };
                return 1;
        }
        if (!p->host || !p->host->read)
                return fail(p, "the program's strings are not read here");
        if (!strcmp(name, "$_memeq")) { /* n bytes at two addresses */
                struct cnum *n = &arg[2];

                if (n->ptr || n->object || n->str || n->is_float || (int64_t)n->i < 0 ||
                    n->i > CEXPR_STRING_MAX)
                        return fail(p, "$_memeq: the length is not an integer from 0 to "
                                       "65536");
                for (int k = 0; k < 2; k++) {
                        if (arg[k].str) { /* gdb copies it to the program's memory */
                                if (n->i > arg[k].size) {
                                        fail(p, "$_memeq: the length is past the string "
                                                "literal's end");
                                        goto out;
                                }
                                buf[k] = malloc(arg[k].size);
                                if (!buf[k]) {
                                        fail(p, "out of memory");
                                        goto out;
                                }
                                cexpr_string(&arg[k], buf[k], arg[k].size);
                                continue;
                        }
                        if (decay(p, &arg[k]) < 0)
                                goto out;
                        if (!arg[k].ptr || arg[k].object) {
                                fail(p, "$_memeq: an argument is not a pointer");
                                goto out;
                        }
                        buf[k] = malloc(n->i + 1);
                        if (!buf[k] || (n->i && p->host->read(p->ctx, arg[k].i, buf[k],
                                                              n->i) != (long)n->i)) {
                                snprintf(p->why, p->whylen, "Cannot access memory at "
                                                            "address 0x%llx",
                                         (unsigned long long)arg[k].i);
                                goto out;
                        }
                }
                set_truth(p, ret, memcmp(buf[0], buf[1], n->i) == 0);
                r = 1;
                goto out;
        }
        for (int k = 0; k < nargs; k++) {
                len[k] = string_arg(p, name, &arg[k], &buf[k]);
                if (len[k] < 0)
                        goto out;
        }
        if (!strcmp(name, "$_regex")) {
                buf[0][len[0]] = 0;
                buf[1][len[1]] = 0;
                r = regex_match(p, buf[0], buf[1], ret);
                goto out;
        }
        if (!strcmp(name, "$_strlen"))
                *ret = (struct cnum){ .size = 8, .i = (uint64_t)len[0] };
        else
                set_truth(p, ret, len[0] == len[1] && memcmp(buf[0], buf[1],
                                                             (size_t)len[0]) == 0);
        r = 1;
out:
        free(buf[0]);
        free(buf[1]);
        return r;
}

/* A void function's value (cexpr_host.call): size 0 and nothing else. */
static bool is_void(const struct cnum *n)
{
        return !n->size && !n->object && !n->is_float && !n->ptr && !n->str;
}

/* Is at[0..n), an operand, a function's name followed by '(' (f(3), ns::f (1))? */
static bool is_call(const char *at, size_t n)
{
        size_t k = n;

        if (at[0] == '$' || at[0] == '*' || at[0] == '&')
                return false;
        for (size_t i = 0; i < n; i++)
                if (!(isalnum((unsigned char)at[i]) || at[i] == '_' || at[i] == ':'))
                        return false;
        while (at[k] == ' ' || at[k] == '\t')
                k++;
        return at[k] == '(';
}

/* A call's arguments at its '(', up to its ')': each evaluated, into args (at most
 * CEXPR_CALL_ARGS), their number in *ret_n. */
static int call_args(struct parser *p, struct cnum *args, size_t *ret_n)
{
        size_t nargs = 0;

        if (!take_op(p, "("))
                return bad_syntax(p, "a '(' is missing after a function's name");
        if (++p->depth > DEPTH_MAX)
                return bad_syntax(p, "an expression too deep");
        if (!take_op(p, ")")) {
                for (;;) {
                        struct cnum a;

                        if (parse_expr(p, &a) < 0)
                                return -1;
                        if (nargs == CEXPR_CALL_ARGS)
                                return bad_syntax(p, "a call of more than 16 arguments");
                        args[nargs++] = a;
                        if (take_op(p, ")"))
                                break;
                        if (!take_op(p, ","))
                                return bad_syntax(p, "a ',' or ')' is missing in a "
                                                     "function's arguments");
                }
        }
        p->depth--;
        *ret_n = nargs;
        return 0;
}

/* An operand at[0..n) whose last step is a member followed by '(' (k.twice(2),
 * kp->get()): the length of the object's path before it, the method's call left to
 * postfix(); n otherwise (and for *a.f(), where the * would apply to the path). */
static size_t method_split(const char *at, size_t n)
{
        size_t k = n, name;

        while (at[k] == ' ' || at[k] == '\t')
                k++;
        if (at[k] != '(' || at[0] == '*' || at[0] == '&')
                return n;
        name = n;
        while (name > 0 && (isalnum((unsigned char)at[name - 1]) || at[name - 1] == '_'))
                name--;
        k = name;
        while (k > 0 && (at[k - 1] == ' ' || at[k - 1] == '\t'))
                k--;
        if (name < n && k > 0 && at[k - 1] == '.')
                k--;
        else if (name < n && k > 1 && at[k - 1] == '>' && at[k - 2] == '-')
                k -= 2;
        else
                return n;
        while (k > 0 && (at[k - 1] == ' ' || at[k - 1] == '\t'))
                k--;
        return k;
}

/* A call of the program's function at[0..n) (gdb's inferior call): its arguments
 * evaluated left to right, then the host runs it in the program (the parsing pass
 * only parses: nothing runs twice). Without a host that calls (a breakpoint's
 * condition), the text is refused as no expression there. */
static int call(struct parser *p, const char *at, size_t n, struct cnum *ret)
{
        const struct cnum *cast;
        struct cnum args[CEXPR_CALL_ARGS];
        size_t nargs = 0;
        int r = call_prepare(p, p->host && p->host->call, n, args, &nargs, &cast, ret);

        if (r != 0)
                return r < 0 ? r : 0;
        if (p->host->call(p->ctx, at, n, args, nargs, cast, ret, p->why, p->whylen) < 0)
                return fail(p, "the function cannot be called");
        if (is_void(ret))
                p->void_call = true;
        return 0;
}

/* gdb's $_creal(z) and $_cimag(z) at at: 1 with the part (a float of the part's
 * type), -1 on failure, 0 when at is neither. */
static int complex_function(struct parser *p, const char *at, struct cnum *ret)
{
        bool imag = !strncmp(at, "$_cimag", 7);
        struct cnum z;

        if ((!imag && strncmp(at, "$_creal", 7)) || isalnum((unsigned char)at[7]) ||
            at[7] == '_')
                return 0;
        p->pos += 7;
        if (!take_op(p, "("))
                return bad_syntax(p, "a '(' is missing after a function's name");
        if (++p->depth > DEPTH_MAX)
                return bad_syntax(p, "an expression too deep");
        skip_space(p);
        if (p->s[p->pos] == ')' || parse_expr(p, &z) < 0 || !take_op(p, ")")) {
                if (!p->why[0] || p->s[p->pos] == ')' || p->s[p->pos] == ',') {
                        p->why[0] = 0;
                        snprintf(p->why, p->whylen, "You must provide one argument for %s.",
                                 imag ? "$_cimag" : "$_creal");
                        p->syntax = false;
                }
                return -1;
        }
        p->depth--;
        if (p->dry) {
                *ret = (struct cnum){ .size = 4, .i = 1 };
                return 1;
        }
        if (!z.is_complex)
                return fail(p, "expected a complex number");
        set_float(ret, imag ? z.im : z.f, z.size);
        return 1;
}

static int primary(struct parser *p, struct cnum *ret)
{
        return primary_value(p, ret) < 0 ? -1 : postfix(p, ret);
}

static int primary_value(struct parser *p, struct cnum *ret)
{
        const char *at;
        size_t n;

        if (p->s[p->pos] == '(') /* (f)(3) is no call of ours: the cast is not for it */
                p->call_cast = NULL;

        skip_space(p);
        at = p->s + p->pos;
        if (*at == '(') {
                p->pos++;
                if (++p->depth > DEPTH_MAX)
                        return bad_syntax(p, "an expression too deep");
                if (parse_expr(p, ret) < 0)
                        return -1;
                p->depth--;
                if (!take_op(p, ")"))
                        return bad_syntax(p, "a ')' is missing");
                return 0;
        }
        if (*at == '\'') {
                p->pos++;
                return char_literal(p, ret);
        }
        if (*at == '"') {
                p->pos++;
                return string_literal(p, ret);
        }
        if (at[0] == '$' && at[1] == '_') {
                int r = string_function(p, at, ret);

                if (r == 0)
                        r = complex_function(p, at, ret);
                if (r != 0)
                        return r > 0 ? 0 : -1;
        }
        if (isdigit((unsigned char)*at) || (*at == '.' && isdigit((unsigned char)at[1])))
                return number(p, ret);
        if (*at == 'f' && strncmp(at, "false", 5) == 0 && !isalnum((unsigned char)at[5]) &&
            at[5] != '_') {
                p->pos += 5;
                *ret = (struct cnum){ .is_bool = true, .size = 1, .i = 0 };
                return 0;
        }
        if (*at == 't' && strncmp(at, "true", 4) == 0 && !isalnum((unsigned char)at[4]) &&
            at[4] != '_') {
                p->pos += 4;
                *ret = (struct cnum){ .is_bool = true, .size = 1, .i = 1 };
                return 0;
        }
        n = operand_len(at);
        if (n == 0)
                return bad_syntax(p, *at ? "a value is missing before an operator, or a "
                                           "character print does not know"
                                         : "a value is missing at the end");
        if (is_call(at, n))
                return call(p, at, n, ret);
        if (p->host && p->host->call_method)
                n = method_split(at, n);
        if (p->first && p->host && p->host->name &&
            p->host->name(p->ctx, at, n, p->why, p->whylen) < 0)
                return -1;
        if (p->dry)
                *ret = (struct cnum){ .size = 4, .i = 1 };
        else if (p->operand(p->ctx, at, n, ret, p->why, p->whylen) < 0)
                return fail(p, "its operand cannot be read");
        p->pos += n;
        return 0;
}

/* A cast's type at at, "(unsigned char)": its length up to and with the ')' and the
 * type (a cnum of it, value 0) and its name as gcc's debug information spells it
 * ("unsigned char", "long unsigned int", "uint32_t"), or 0 when at is no cast of a C
 * arithmetic type. */
static size_t cast_type(const char *at, struct cnum *type, const char **ret_canon)
{
        static const struct { const char *name; unsigned size; bool is_unsigned; } fixed[] = {
                { "int8_t", 1, false },   { "uint8_t", 1, true },    { "int16_t", 2, false },
                { "uint16_t", 2, true },  { "int32_t", 4, false },   { "uint32_t", 4, true },
                { "int64_t", 8, false },  { "uint64_t", 8, true },   { "size_t", 8, true },
                { "ssize_t", 8, false },  { "intptr_t", 8, false },  { "uintptr_t", 8, true },
        };
        int sgn = 0, chars = 0, shorts = 0, ints = 0, longs = 0, floats = 0, doubles = 0;
        int bools = 0, words = 0;
        size_t n = 1;

        if (at[0] != '(')
                return 0;
        for (;;) {
                size_t w;

                while (at[n] == ' ' || at[n] == '	')
                        n++;
                if (at[n] == ')')
                        break;
                w = 0;
                while (isalnum((unsigned char)at[n + w]) || at[n + w] == '_')
                        w++;
                if (w == 0)
                        return 0;
#define WORD(s) (w == strlen(s) && strncmp(at + n, s, w) == 0)
                if (WORD("unsigned"))
                        sgn = sgn ? 3 : 1;
                else if (WORD("signed"))
                        sgn = sgn ? 3 : 2;
                else if (WORD("char"))
                        chars++;
                else if (WORD("short"))
                        shorts++;
                else if (WORD("int"))
                        ints++;
                else if (WORD("long"))
                        longs++;
                else if (WORD("float"))
                        floats++;
                else if (WORD("double"))
                        doubles++;
                else if (WORD("bool") || WORD("_Bool"))
                        bools++;
                else if (WORD("const") || WORD("volatile"))
                        words--; /* qualifiers: no type of their own */
                else {
                        size_t k;

                        for (k = 0; k < sizeof(fixed) / sizeof(fixed[0]); k++)
                                if (WORD(fixed[k].name))
                                        break;
                        if (k == sizeof(fixed) / sizeof(fixed[0]) || words)
                                return 0;
                        *type = (struct cnum){ .size = fixed[k].size,
                                               .is_unsigned = fixed[k].is_unsigned };
                        *ret_canon = fixed[k].name;
                        words = 100; /* nothing may follow but ')' */
                }
#undef WORD
                words++;
                n += w;
        }
        if (words == 0 || words > 100 + 1)
                return 0;
        if (words > 100) /* a fixed-width name */
                return n + 1;
        if (doubles == 1 && longs == 1 && !(sgn || ints || shorts || chars || floats || bools)) {
                *type = (struct cnum){ .is_float = true, .size = 16 };
                *ret_canon = "long double";
                return n + 1;
        }
        if (sgn == 3 || chars + shorts + floats + doubles + bools > 1 || longs > 2 ||
            ((floats || doubles || bools) && (sgn || ints || shorts || longs || chars)) ||
            (chars && (ints || longs)) || (shorts && longs))
                return 0;
        if (floats || doubles) {
                *type = (struct cnum){ .is_float = true, .size = floats ? 4 : 8 };
                *ret_canon = floats ? "float" : "double";
        } else if (bools) {
                *type = (struct cnum){ .is_bool = true, .size = 1 };
                *ret_canon = "_Bool";
        } else {
                static const char *const names[][2] = {
                        { "char", "unsigned char" },   { "short int", "short unsigned int" },
                        { "int", "unsigned int" },     { "long int", "long unsigned int" },
                        { "long long int", "long long unsigned int" },
                };
                int k = chars ? 0 : shorts ? 1 : longs == 2 ? 4 : longs ? 3 : 2;

                *type = (struct cnum){ .size = chars ? 1 : shorts ? 2 : longs ? 8 : 4,
                                       .is_unsigned = sgn == 1 };
                *ret_canon = chars && sgn == 2 ? "signed char" : names[k][sgn == 1];
        }
        return n + 1;
}

/* *v converted to the type of to, as a C cast converts it. */
static void cast(struct cnum *v, const struct cnum *to)
{
        v->ptr = 0; /* (long)$sp: its address as a number */
        plain(v);
        if (to->is_float) {
                set_float(v, as_float(v), to->size);
                return;
        }
        if (to->is_bool) {
                bool t = truth(v);

                *v = (struct cnum){ .is_bool = true, .size = 1, .i = t };
                return;
        }
        if (v->is_float) {
                long double x = v->f;

                v->i = x >= 9.2e18L || x <= -9.2e18L || x != x ? 0 : (uint64_t)(int64_t)x;
        }
        v->is_float = false;
        v->is_bool = false;
        v->size = to->size;
        v->is_unsigned = to->is_unsigned;
        fit(v);
}

/* The type named at[0..len) ("unsigned char *", "struct pt", "point_t **", "int"):
 * 1 with *ret (a value 0 of it, cnum of C's arithmetic types or the host's), 0 when it
 * is no type's name (a variable's, maybe), -1 when it is a type nobody has. */
static int type_name(struct parser *p, const char *at, size_t len, struct cnum *ret)
{
        char base[128], paren[132];
        const char *canon = NULL;
        size_t blen = len;
        struct cnum arith, ptrs = { .size = 4 };
        bool tagged;
        int r;

        while (blen && (at[blen - 1] == ' ' || at[blen - 1] == '\t' || at[blen - 1] == '*'))
                ptrs.i += at[--blen] == '*';
        while (blen && (at[0] == ' ' || at[0] == '\t')) {
                at++;
                blen--;
        }
        if (blen == 0 || blen >= sizeof(base) || !(isalpha((unsigned char)at[0]) || at[0] == '_'))
                return 0;
        for (size_t k = 0; k < blen; k++)
                if (!(isalnum((unsigned char)at[k]) || at[k] == '_' || at[k] == ' ' ||
                      at[k] == '\t' || (p->cxx && at[k] == ':'))) /* C++'s ns::Dir */
                        return 0;
        memcpy(base, at, blen);
        base[blen] = 0;
        snprintf(paren, sizeof(paren), "(%s)", base);
        if (cast_type(paren, &arith, &canon) > 0) {
                if (ptrs.i == 0) {
                        *ret = arith;
                        return 1;
                }
        } else if (!strcmp(base, "void")) {
                if (ptrs.i == 1) {
                        *ret = (struct cnum){ .size = 8, .ptr = 'v' };
                        return 1;
                }
                return fail(p, ptrs.i ? "a pointer to void * is not a type print casts to"
                                      : "a cast to void has no value");
        }
        tagged = !strncmp(base, "struct ", 7) || !strncmp(base, "union ", 6) ||
                 !strncmp(base, "enum ", 5);
        if (!canon && !tagged && strchr(base, ' '))
                return 0; /* two words that are no type of C's */
        if (!p->host || !p->host->op) {
                if (!canon && !tagged)
                        return 0;
                return fail(p, "casts to the program's types are not evaluated here");
        }
        r = host_op(p, CEXPR_TYPE, &ptrs, canon ? canon : base, strlen(canon ? canon : base),
                    ret);
        if (r < 0)
                return -1;
        if (r == 0)
                return 1;
        if (!canon && !tagged && ptrs.i == 0)
                return 0; /* (x): a variable's name, maybe */
        snprintf(p->why, p->whylen, "no type \"%s\" in the program's debug information",
                 canon ? canon : base);
        return -1;
}

/* At p, "(TYPE)" of a cast or sizeof: 1 with the type and its text's length (with the
 * parentheses) in *ret_len, 0 when what is in parentheses is no type, -1. */
static int paren_type(struct parser *p, struct cnum *ret, size_t *ret_len)
{
        const char *at = p->s + p->pos;
        size_t close = 1;
        int r;

        if (at[0] != '(')
                return 0;
        while (isalnum((unsigned char)at[close]) || strchr("_ \t*", at[close]) ||
               (p->cxx && at[close] == ':'))
                if (!at[close++])
                        return 0;
        if (at[close] != ')')
                return 0;
        r = type_name(p, at + 1, close - 1, ret);
        if (r == 0) {
                /* (nosuch)x: a name, then a value: a cast to a type nobody has */
                size_t k = close + 1, w = 0;

                while (at[k] == ' ' || at[k] == '\t')
                        k++;
                while (isalnum((unsigned char)at[1 + w]) || at[1 + w] == '_' ||
                       (p->cxx && at[1 + w] == ':'))
                        w++;
                /* (name)(...) is a call through name's value, (fp)(4), as gdb takes
                 * it when name is no type */
                if (w == close - 1 && (isalnum((unsigned char)at[k]) || at[k] == '_' ||
                                       (at[k] == '(' && !(p->host && p->host->call_value)) ||
                                       at[k] == '\'')) {
                        snprintf(p->why, p->whylen, "no type named \"%.*s\" in the program",
                                 (int)w, at + 1);
                        return -1;
                }
                return 0;
        }
        *ret_len = close + 1;
        return r;
}

/* *v converted to type to (cnum of C's type, or the host's), as a C cast converts. */
static int cast_to(struct parser *p, struct cnum *v, const struct cnum *to)
{
        struct cnum based;
        int r;

        if (p->dry)
                return 0;
        if (v->str)
                return fail(p, "a string literal is not cast (it is not in the program's "
                               "memory)");
        if ((to->object && v->object) || (to->ptr == 'p' && v->ptr == 'p')) {
                /* (Base *)derived, (Derived *)base, (Base)derived: by the base's offset */
                based = *to;
                r = host_op(p, CEXPR_BASE, v, NULL, 0, &based);
                if (r < 0)
                        return -1;
                if (r == 0) {
                        *v = based;
                        return 0;
                }
        }
        if (to->object) { /* (struct pt)p: to its own type only */
                if (!v->object || v->size != to->size)
                        return fail(p, "Invalid cast.");
                v->type = to->type;
                return 0;
        }
        if (decay(p, v) < 0)
                return -1;
        if (v->object)
                return fail(p, "Invalid cast.");
        if (is_wide(v))
                return fail(p, WIDE_WHY);
        if (v->is_complex) { /* C's: of its real part (gdb 13 reads its bytes: program.md) */
                if (to->ptr)
                        return fail(p, "Invalid cast.");
                if (to->is_bool) {
                        bool t = truth(v);

                        *v = (struct cnum){ .is_bool = true, .size = 1, .i = t };
                        v->type = to->type;
                        return 0;
                }
                v->is_complex = false;
                v->im = 0;
        }
        if (to->ptr) { /* (char *)buf, (int *)counter */
                uint64_t a = v->i;

                if (v->is_float)
                        return fail(p, "Invalid cast.");
                *v = *to;
                v->i = a;
                return 0;
        }
        cast(v, to);
        v->type = to->type; /* (enum mode)1, (point_t)... */
        return 0;
}

/* Is at, *name... or &name..., the operator on a call (*greet(1), &f(1))? Then it is
 * unary * or & of the call's value, not an operand's path. */
static bool star_call(const char *at)
{
        size_t k = 1;

        while (at[k] == ' ' || at[k] == '\t')
                k++;
        return operand_len(at + k) > 0 && is_call(at + k, operand_len(at + k));
}

static int unary(struct parser *p, struct cnum *ret)
{
        const struct cnum *call_cast = p->call_cast;
        struct cnum type;
        const char *at, *canon;
        size_t n;
        int r;

        p->call_cast = NULL; /* a cast's, for a call right after it only */
        skip_space(p);
        at = p->s + p->pos;
        if (!strncmp(at, "sizeof", 6) && !isalnum((unsigned char)at[6]) && at[6] != '_') {
                /* sizeof(type), sizeof x: an unsigned long, as gdb's */
                uint64_t size;

                p->pos += 6;
                skip_space(p);
                r = paren_type(p, &type, &n);
                if (r < 0)
                        return -1;
                if (++p->depth > DEPTH_MAX)
                        return bad_syntax(p, "an expression too deep");
                if (r > 0) {
                        p->pos += n;
                        size = type.ptr ? 8 : type.size;
                } else {
                        if (unary(p, ret) < 0)
                                return -1;
                        size = ret->ptr ? 8 : ret->size;
                }
                p->depth--;
                *ret = (struct cnum){ .size = 8, .is_unsigned = true, .i = size };
                return 0;
        }
        if ((n = cast_type(at, &type, &canon)) > 0) { /* (unsigned char)x */
                p->pos += n;
                if (++p->depth > DEPTH_MAX)
                        return bad_syntax(p, "an expression too deep");
                p->call_cast = &type;
                r = unary(p, ret);
                p->depth--;
                if (r < 0)
                        return -1;
                if (p->dry) {
                        cast(ret, &type);
                        return 0;
                }
                return cast_to(p, ret, &type);
        }
        r = paren_type(p, &type, &n);
        if (r < 0)
                return -1;
        if (r > 0) { /* (char *)buf, (struct pt *)q, (enum mode)1 */
                p->pos += n;
                if (++p->depth > DEPTH_MAX)
                        return bad_syntax(p, "an expression too deep");
                p->call_cast = &type;
                r = unary(p, ret);
                p->depth--;
                return r < 0 ? -1 : cast_to(p, ret, &type);
        }
        if ((at[0] == '*' || (at[0] == '&' && at[1] != '&')) &&
            (operand_len(at) == 0 || star_call(at))) {
                /* * and & of any value: *(p + 1), &*p, *&x, &arr[1] */
                p->pos++;
                if (++p->depth > DEPTH_MAX)
                        return bad_syntax(p, "an expression too deep");
                r = unary(p, ret);
                p->depth--;
                if (r < 0)
                        return -1;
                return at[0] == '*' ? deref(p, ret) : addr_of(p, ret);
        }
        if (p->s[p->pos] == '-' || p->s[p->pos] == '+' || p->s[p->pos] == '!' ||
            p->s[p->pos] == '~') {
                char op = p->s[p->pos++];

                if (op == '-' && p->s[p->pos] == '-')
                        return bad_syntax(p, "-- is not evaluated (it would write)");
                if (op == '+' && p->s[p->pos] == '+')
                        return bad_syntax(p, "++ is not evaluated (it would write)");
                if (++p->depth > DEPTH_MAX)
                        return bad_syntax(p, "an expression too deep");
                r = unary(p, ret);
                p->depth--;
                if (r < 0)
                        return -1;
                if (ret->str && !p->dry && op != '!')
                        return fail(p, "Argument to arithmetic operation not a number or "
                                       "boolean.");
                if (!p->dry && !ret->str && decay(p, ret) < 0)
                        return -1;
                if (ret->object && !p->dry)
                        return fail(p, "Argument to arithmetic operation not a number or "
                                       "boolean.");
                if (op == '!') {
                        set_truth(p, ret, !truth(ret));
                        return 0;
                }
                if (!p->dry && is_wide(ret)) /* gdb's unary + keeps it */
                        return op == '+' ? 0 : fail(p, WIDE_WHY);
                if (ret->is_complex && !p->dry) { /* ~ is gdb's conjugate */
                        plain(ret);
                        if (op == '-')
                                ret->f = -ret->f;
                        if (op != '+')
                                ret->im = -ret->im;
                        return 0;
                }
                if (ret->ptr && !p->dry)
                        return fail(p, op == '-' ? "Argument to negate operation not a number."
                                                 : "Argument to complement operation not an "
                                                   "integer, boolean.");
                plain(ret);
                promote(ret);
                if (op == '~') {
                        if (ret->is_float && !p->dry)
                                return fail(p, "~ of a floating-point value");
                        ret->i = ~ret->i;
                        fit(ret);
                } else if (op == '-') {
                        if (ret->is_float)
                                ret->f = -ret->f;
                        else
                                ret->i = 0 - ret->i;
                        fit(ret);
                }
                return 0;
        }
        p->call_cast = call_cast;
        r = primary(p, ret);
        p->call_cast = NULL; /* a cast's, for a call in its operand only */
        return r;
}

/* The bytes one step of pointer v moves: its element's size, 1 for void. */
static uint64_t scale(const struct cnum *v)
{
        return v->ptr == 'p' && v->elem ? v->elem : 1;
}

/* A binary operation with a pointer: C's scaling for the program's pointers, gdb's
 * rules for `void *` and `void (*)()` (a register's), whose arithmetic counts bytes. */
static int pointer_op(struct parser *p, const char *op, struct cnum *a, const struct cnum *b)
{
        bool cmp = !strcmp(op, "==") || !strcmp(op, "!=") || !strcmp(op, "<") ||
                   !strcmp(op, ">") || !strcmp(op, "<=") || !strcmp(op, ">=");

        if (!strcmp(op, "&&") || !strcmp(op, "||")) {
                bool v = op[0] == '&' ? truth(a) && truth(b) : truth(a) || truth(b);

                set_truth(p, a, v);
                return 0;
        }
        if (a->is_float || b->is_float)
                return fail(p, "Argument to arithmetic operation not a number or boolean.");
        if (cmp) { /* addresses, unsigned */
                uint64_t x = a->i, y = b->i;

                if (!a->ptr && !a->is_unsigned && a->size < 8)
                        x = (uint64_t)(int64_t)x;
                set_truth(p, a, !strcmp(op, "==")   ? x == y
                                : !strcmp(op, "!=") ? x != y
                                : !strcmp(op, "<")  ? x < y
                                : !strcmp(op, ">")  ? x > y
                                : !strcmp(op, "<=") ? x <= y
                                                    : x >= y);
                return 0;
        }
        if (!strcmp(op, "-") && a->ptr && b->ptr) { /* elements between, a long */
                int64_t d = (int64_t)(a->i - b->i);

                if (a->ptr == 'p' && b->ptr == 'p' && scale(a) != scale(b))
                        return fail(p, "First argument of `-' is a pointer and second argument "
                                       "is neither\nan integer nor a pointer of the same type.");
                *a = (struct cnum){ .size = 8, .i = (uint64_t)(d / (int64_t)scale(a)) };
                return 0;
        }
        if (!strcmp(op, "+") && !a->ptr) { /* 8 + $sp, 1 + p */
                struct cnum t = *b;

                t.i += a->i * scale(b);
                t.lval = false;
                *a = t;
                return 0;
        }
        if ((!strcmp(op, "+") || !strcmp(op, "-")) && a->ptr && !b->ptr) {
                a->i = op[0] == '+' ? a->i + b->i * scale(a) : a->i - b->i * scale(a);
                a->lval = false;
                return 0;
        }
        return fail(p, "Argument to arithmetic operation not a number or boolean.");
}

/* One binary operation of C on two values already converted to one type. */
/* std::string == "literal" (ne: !=) into *ret: true when chars (CEXPR_STRING's: the
 * string's address and length) are the literal's characters, as the operator== gdb
 * calls compares them. */
static int string_equal(struct parser *p, bool ne, const struct cnum *lit,
                        const struct cnum *chars, struct cnum *ret)
{
        char *want = malloc(lit->size), *have = NULL;
        size_t n = want ? cexpr_string(lit, want, lit->size) : 0;
        bool eq = false;

        if (!want)
                return fail(p, "out of memory");
        if (chars->size == n) {
                have = malloc(n + 1);
                if (!have || (n && p->host->read(p->ctx, chars->i, have, n) != (long)n)) {
                        free(want);
                        free(have);
                        snprintf(p->why, p->whylen, "Cannot access memory at address 0x%llx",
                                 (unsigned long long)chars->i);
                        return -1;
                }
                eq = memcmp(have, want, n) == 0;
        }
        free(want);
        free(have);
        set_truth(p, ret, eq != ne);
        return 0;
}

/* a op b where one is a string literal: gdb copies a literal into the program's memory
 * to compare its address with a pointer's, so == is never true and != always is; as
 * a truth value it is a pointer that is not null. */
static int string_op(struct parser *p, const char *op, struct cnum *a, const struct cnum *b)
{
        bool eq = !strcmp(op, "=="), ne = !strcmp(op, "!=");
        struct cnum other = a->str ? *b : *a, chars;

        if ((eq || ne) && other.object && !other.str && p->host && p->host->op &&
            p->host->read &&
            p->host->op(p->ctx, CEXPR_STRING, &other, NULL, 0, &chars, p->why, p->whylen) ==
                    0)
                return string_equal(p, ne, a->str ? a : b, &chars, a);
        if ((eq || ne) && (other.str || decay(p, &other) == 0)) {
                if (other.object)
                        return fail(p, "Invalid type combination in equality test.");
                set_truth(p, a, ne);
                return 0;
        }
        if (!strcmp(op, "&&") || !strcmp(op, "||")) {
                bool v = op[0] == '&' ? truth(a) && truth(b) : truth(a) || truth(b);

                set_truth(p, a, v);
                return 0;
        }
        return fail(p, "a string literal is compared with == and != only (or given to "
                       "$_streq)");
}

/* a op b where one is a complex, as gdb 13: + - * / of the two as complexes of the
 * wider part (the other a complex of imaginary part 0; a complex divisor through
 * its conjugate, a real one part by part: 1.5 - 2i / 0 is inf + -infi); == and !=
 * of two complexes of one type only. */
static int complex_op(struct parser *p, const char *op, struct cnum *a, const struct cnum *b)
{
        struct cnum x = *a, y = *b;
        unsigned size = 4;
        long double re, im, d;
        bool y_real = !y.is_complex;

        if (a->ptr || b->ptr)
                return fail(p, "Argument to arithmetic operation not a number or boolean.");
        if (!strcmp(op, "==") || !strcmp(op, "!=")) {
                if (!x.is_complex || !y.is_complex || x.size != y.size)
                        return fail(p, "Invalid type combination in equality test.");
                set_truth(p, a, (x.f == y.f && x.im == y.im) == (op[0] == '='));
                return 0;
        }
        if (op[0] == '<' && !op[1]) /* < <= > >= (<< and >> below) */
                return fail(p, "Invalid type combination in ordering comparison.");
        if (op[0] == '>' && !op[1])
                return fail(p, "Invalid type combination in ordering comparison.");
        if ((op[0] == '<' || op[0] == '>') && op[1] == '=')
                return fail(p, "Invalid type combination in ordering comparison.");
        if (strcmp(op, "+") && strcmp(op, "-") && strcmp(op, "*") && strcmp(op, "/"))
                return fail(p, "Invalid binary operation on numbers.");
        if (x.is_float && x.size > size)
                size = x.size;
        if (y.is_float && y.size > size)
                size = y.size;
        if (!x.is_complex)
                x.f = as_float(&x), x.im = 0;
        if (!y.is_complex)
                y.f = as_float(&y), y.im = 0;
        switch (op[0]) {
        case '+':
        case '-':
                re = part_op(op[0], x.f, y.f, size);
                im = part_op(op[0], x.im, y.im, size);
                break;
        case '*':
                re = part_op('-', part_op('*', x.f, y.f, size), part_op('*', x.im, y.im, size),
                             size);
                im = part_op('+', part_op('*', x.f, y.im, size), part_op('*', x.im, y.f, size),
                             size);
                break;
        default: /* '/' */
                if (y_real) {
                        re = part_op('/', x.f, y.f, size);
                        im = part_op('/', x.im, y.f, size);
                        break;
                }
                /* x * conj(y) / (re(y)^2 + im(y)^2) */
                re = part_op('+', part_op('*', x.f, y.f, size), part_op('*', x.im, y.im, size),
                             size);
                im = part_op('-', part_op('*', x.im, y.f, size), part_op('*', x.f, y.im, size),
                             size);
                d = part_op('+', part_op('*', y.f, y.f, size), part_op('*', y.im, y.im, size),
                            size);
                re = part_op('/', re, d, size);
                im = part_op('/', im, d, size);
                break;
        }
        *a = (struct cnum){ .is_float = true, .is_complex = true, .size = size, .f = re,
                            .im = im };
        return 0;
}

static int binop(struct parser *p, const char *op, struct cnum *a, struct cnum b)
{
        if (p->dry)
                return 0;
        if (!strcmp(op, "@")) { /* gdb's artificial array: *p@3, arr[1]@2 */
                struct cnum r;

                if (b.ptr || b.object || b.is_float)
                        return fail(p, "the count after @ is not an integer");
                if (!a->lval)
                        return fail(p, "Only values in memory can be extended with '@'.");
                if ((int64_t)b.i <= 0 || (!b.is_unsigned && b.size == 4 && (int32_t)b.i <= 0)) {
                        snprintf(p->why, p->whylen, "Invalid number %lld of repetitions.",
                                 (long long)(int64_t)b.i);
                        return -1;
                }
                if (host_op(p, CEXPR_ARRAY, a, NULL, b.i, &r) < 0)
                        return -1;
                *a = r;
                return 0;
        }
        if (a->str || b.str)
                return string_op(p, op, a, &b);
        if (decay(p, a) < 0 || decay(p, &b) < 0)
                return -1;
        if (a->object || b.object)
                return fail(p, "Argument to arithmetic operation not a number or boolean.");
        if (!strcmp(op, "&&") || !strcmp(op, "||")) { /* truth: any number */
                bool v = op[0] == '&' ? truth(a) && truth(&b) : truth(a) || truth(&b);

                set_truth(p, a, v);
                return 0;
        }
        if (is_wide(a) || is_wide(&b))
                return fail(p, WIDE_WHY);
        if (a->is_complex || b.is_complex)
                return complex_op(p, op, a, &b);
        if (a->ptr || b.ptr)
                return pointer_op(p, op, a, &b);
        plain(a);
        plain(&b);
        bool integer_only = !strcmp(op, "%") || !strcmp(op, "<<") || !strcmp(op, ">>") ||
                            !strcmp(op, "&") || !strcmp(op, "^") || !strcmp(op, "|");

        if (!strcmp(op, "<<") || !strcmp(op, ">>")) { /* the left operand's type */
                promote(a);
                promote(&b);
        } else if (strcmp(op, "&&") && strcmp(op, "||")) {
                convert(a, &b);
        }
        if (integer_only && (a->is_float || b.is_float))
                return fail(p, "an integer-only operation on a floating-point value");
        if (!strcmp(op, "&&") || !strcmp(op, "||")) {
                bool v = op[0] == '&' ? truth(a) && truth(&b) : truth(a) || truth(&b);

                set_truth(p, a, v);
                return 0;
        }
        if (!strcmp(op, "==") || !strcmp(op, "!=") || !strcmp(op, "<") || !strcmp(op, ">") ||
            !strcmp(op, "<=") || !strcmp(op, ">=")) {
                int c;

                if (a->is_float)
                        c = a->f < b.f ? -1 : a->f > b.f ? 1 : a->f == b.f ? 0 : 2;
                else if (a->is_unsigned)
                        c = a->i < b.i ? -1 : a->i > b.i;
                else
                        c = (int64_t)a->i < (int64_t)b.i ? -1 : (int64_t)a->i > (int64_t)b.i;
                set_truth(p, a, !strcmp(op, "==")   ? c == 0
                                : !strcmp(op, "!=") ? c != 0
                                : !strcmp(op, "<")  ? c == -1
                                : !strcmp(op, ">")  ? c == 1
                                : !strcmp(op, "<=") ? c == -1 || c == 0
                                                    : c == 1 || c == 0);
                return 0;
        }
        if (a->is_float && a->size == 16) { /* in full precision */
                long double x = a->f, y = b.f;

                set_float(a, op[0] == '+' ? x + y : op[0] == '-' ? x - y
                                 : op[0] == '*' ? x * y : x / y, a->size);
                return 0;
        }
        if (a->is_float) { /* in double, rounded to a float's (exact: 53 >= 2 * 24 + 2) */
                double x = (double)a->f, y = (double)b.f;

                set_float(a, op[0] == '+' ? x + y : op[0] == '-' ? x - y
                                 : op[0] == '*' ? x * y : x / y, a->size);
                return 0;
        }
        if ((op[0] == '/' || op[0] == '%') && b.i == 0)
                return fail(p, "Division by zero");
        switch (op[0]) {
        case '+':
                a->i += b.i;
                break;
        case '-':
                a->i -= b.i;
                break;
        case '*':
                a->i *= b.i;
                break;
        case '&':
                a->i &= b.i;
                break;
        case '^':
                a->i ^= b.i;
                break;
        case '|':
                a->i |= b.i;
                break;
        case '/':
        case '%':
                if (a->is_unsigned)
                        a->i = op[0] == '/' ? a->i / b.i : a->i % b.i;
                else if ((int64_t)b.i == -1) /* no overflow of INT64_MIN / -1 */
                        a->i = op[0] == '/' ? 0 - a->i : 0;
                else
                        a->i = (uint64_t)(op[0] == '/' ? (int64_t)a->i / (int64_t)b.i
                                                       : (int64_t)a->i % (int64_t)b.i);
                break;
        case '<':
        case '>': {
                unsigned bits = 8 * a->size;
                uint64_t n = b.i;

                if (n >= bits)
                        a->i = op[0] == '>' && !a->is_unsigned && (int64_t)a->i < 0 ? UINT64_MAX
                                                                                   : 0;
                else if (op[0] == '<')
                        a->i <<= n;
                else
                        a->i = a->is_unsigned ? a->i >> n : (uint64_t)((int64_t)a->i >> n);
                break;
        }
        }
        fit(a);
        return 0;
}

/* C++'s a.*pm and a->*pm: the member of object a (*a) that pointer to data member pm
 * names, through the host's CEXPR_MEMPTR. */
static int member_pointer(struct parser *p, bool arrow, struct cnum *a, struct cnum *pm)
{
        struct cnum r = *pm;

        if (p->dry)
                return 0;
        if (pm->ptr || pm->object || pm->is_float || pm->str || !pm->type.unit)
                return fail(p, "non-pointer-to-member value used in pointer-to-member "
                               "construct");
        if (arrow && deref(p, a) < 0)
                return -1;
        if (!a->lval)
                return fail(p, "Attempt to take address of value not located in memory.");
        if (!a->object)
                return fail(p, "the left side of .* is not an object of a class");
        if (host_op(p, CEXPR_MEMPTR, a, NULL, 0, &r) < 0)
                return -1;
        *a = r;
        return 0;
}

/* The binary operators by level, loosest first; each level's operands are the next. */
static const char *const levels[][6] = {
        { "||" }, { "&&" }, { "|" }, { "^" }, { "&" }, { "==", "!=" },
        { "<=", ">=", "<", ">" }, { "<<", ">>" }, { "@" }, { "+", "-" }, { "*", "/", "%" },
        { ".*", "->*" },
};
#define N_LEVELS (sizeof(levels) / sizeof(levels[0]))

static int level(struct parser *p, size_t lv, struct cnum *ret)
{
        if (lv == N_LEVELS)
                return unary(p, ret);
        if (level(p, lv + 1, ret) < 0)
                return -1;
        for (;;) {
                const char *op = NULL;
                struct cnum b;

                for (size_t k = 0; k < 6 && levels[lv][k]; k++) {
                        if (take_op(p, levels[lv][k])) {
                                op = levels[lv][k];
                                break;
                        }
                }
                if (!op)
                        return 0;
                if (!strcmp(op, "&&") || !strcmp(op, "||")) {
                        /* C's short circuit: the right side is parsed, not evaluated,
                         * once the left decides (p && p->x with p null is 0) */
                        bool was = p->dry, decided = false;
                        int r;

                        if (!was) {
                                if (decay(p, ret) < 0)
                                        return -1;
                                if (ret->object)
                                        return fail(p, "Argument to arithmetic operation "
                                                       "not a number or boolean.");
                                decided = op[0] == '&' ? !truth(ret) : truth(ret);
                        }
                        p->dry = was || decided;
                        r = level(p, lv + 1, &b);
                        p->dry = was;
                        if (r < 0)
                                return -1;
                        if (decided)
                                set_truth(p, ret, op[0] == '|');
                        else if (binop(p, op, ret, b) < 0)
                                return -1;
                        continue;
                }
                if (level(p, lv + 1, &b) < 0)
                        return -1;
                if (!strcmp(op, ".*") || !strcmp(op, "->*")) {
                        if (member_pointer(p, op[0] == '-', ret, &b) < 0)
                                return -1;
                } else if (binop(p, op, ret, b) < 0) {
                        return -1;
                }
        }
}

/* The ternary, C's loosest operator here: only the branch chosen is evaluated (the
 * other is parsed). */
static int parse_expr(struct parser *p, struct cnum *ret)
{
        struct cnum a, b;
        bool was = p->dry, yes;
        int r;

        if (level(p, 0, ret) < 0)
                return -1;
        if (!take_op(p, "?"))
                return 0;
        if (!was && (decay(p, ret) < 0 ||
                     (ret->object && fail(p, "a struct or union is not a condition") < 0)))
                return -1;
        yes = was || truth(ret);
        if (++p->depth > DEPTH_MAX)
                return bad_syntax(p, "an expression too deep");
        p->dry = was || !yes;
        r = parse_expr(p, &a);
        p->dry = was;
        if (r < 0)
                return -1;
        if (!take_op(p, ":"))
                return bad_syntax(p, "a ':' is missing after '?'");
        p->dry = was || yes;
        r = parse_expr(p, &b);
        p->dry = was;
        p->depth--;
        if (r < 0)
                return -1;
        *ret = yes ? a : b;
        return 0;
}

bool cexpr_is_arith(const char *text)
{
        size_t n = 0;

        while (text[n] == ' ' || text[n] == '\t')
                n++;
        if (!text[n])
                return false;
        n += operand_len(text + n);
        while (text[n] == ' ' || text[n] == '\t')
                n++;
        return text[n] != '\0'; /* more than a single operand */
}

int cexpr_eval(const char *text, bool cxx, cexpr_operand_fn operand, void *ctx,
               struct cnum *ret, char *why, size_t whylen)
{
        struct cexpr_host h = { .operand = operand };

        return cexpr_eval_host(text, cxx, &h, ctx, ret, why, whylen);
}

int cexpr_eval_host(const char *text, bool cxx, const struct cexpr_host *host, void *ctx,
                    struct cnum *ret, char *why, size_t whylen)
{
        struct parser p = { .s = text, .cxx = cxx, .operand = host->operand, .host = host,
                            .ctx = ctx, .why = why, .whylen = whylen, .dry = true };

        /* the whole text parsed first, so that a value's failure does not hide the
         * text's */
        for (int pass = 0; pass < 2; pass++) {
                why[0] = 0;
                p.pos = 0;
                p.depth = 0;
                p.dry = p.first = pass == 0;
                if (parse_expr(&p, ret) < 0)
                        return p.syntax ? -2 : -1;
                skip_space(&p);
                if (text[p.pos]) {
                        bad_syntax(&p, "an operator print does not evaluate (C's arithmetic, "
                                       "comparisons and logic only)");
                        return -2;
                }
        }
        if (p.void_call && !is_void(ret)) /* reset() + 1: gdb's words */
                return fail(&p, "Argument to arithmetic operation not a number or boolean.");
        return 0;
}

const char *cexpr_type_name(const struct cnum *n)
{
        if (n->ptr)
                return n->ptr == 'f' ? "void (*)()" : "void *";
        if (n->is_complex) /* gdb's names */
                return n->size == 4 ? "complex float" : n->size == 8 ? "complex double"
                                                               : "complex long double";
        if (n->is_float)
                return n->size == 4 ? "float" : n->size == 8 ? "double" : "long double";
        if (n->size == 16)
                return n->is_unsigned ? "unsigned __int128" : "__int128";
        if (n->is_bool)
                return "bool";
        if (n->size == 1)
                return n->is_unsigned ? "unsigned char" : "char";
        if (n->size == 2)
                return n->is_unsigned ? "unsigned short" : "short";
        if (n->size == 4)
                return n->is_unsigned ? "unsigned int" : "int";
        return n->is_unsigned ? "unsigned long" : "long";
}
