/* cexpr.c — C arithmetic for print (see cexpr.h): a recursive-descent parser that
 * evaluates as it goes, one function per level of C's precedence. */
#include "cexpr.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
        const char *s;          /* the text, spaces left in */
        size_t pos;
        bool cxx;
        cexpr_operand_fn operand;
        void *ctx;
        char *why;
        size_t whylen;
        int depth;              /* of parentheses and unary operators: bounded */
        bool syntax;            /* the failure is the text's, not the values' */
        bool dry;               /* parse only: operands are 1, nothing is computed */
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

static double as_double(const struct cnum *n)
{
        if (n->is_float)
                return n->f;
        return n->is_unsigned ? (double)n->i : (double)(int64_t)n->i;
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

static void set_float(struct cnum *n, double x, unsigned size)
{
        *n = (struct cnum){ .is_float = true, .size = size, .f = size == 4 ? (float)x : x };
}

/* C's usual arithmetic conversions of a and b to one type, into both. */
static void convert(struct cnum *a, struct cnum *b)
{
        promote(a);
        promote(b);
        if (a->is_float || b->is_float) {
                unsigned size = (a->is_float && a->size == 8) || (b->is_float && b->size == 8)
                                        ? 8
                                        : 4;

                set_float(a, as_double(a), size);
                set_float(b, as_double(b), size);
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
        return n->is_float ? n->f != 0 : n->i != 0;
}

static int parse_expr(struct parser *p, struct cnum *ret);

/* A character literal after its opening quote: 'a', '\n', '\0', '\x41', '\\'. */
static int char_literal(struct parser *p, struct cnum *ret)
{
        const char *at = p->s + p->pos;
        unsigned long v;
        char *end;

        if (at[0] == '\\') {
                static const char esc[] = "n\nt\tr\rv\va\ab\bf\fe\033\\\\''\"\"??";
                const char *e = NULL;

                for (size_t k = 0; esc[k]; k += 2)
                        if (esc[k] == at[1])
                                e = &esc[k];
                if (e) {
                        v = (unsigned char)e[1];
                        at += 2;
                } else if (at[1] == 'x') {
                        v = strtoul(at + 2, &end, 16);
                        if (end == at + 2)
                                return bad_syntax(p, "a bad character literal");
                        at = end;
                } else if (at[1] >= '0' && at[1] <= '7') {
                        v = strtoul(at + 1, &end, 8);
                        at = end;
                } else {
                        return bad_syntax(p, "a bad character literal");
                }
        } else if (at[0] && at[0] != '\'') {
                v = (unsigned char)at[0];
                at++;
        } else {
                return bad_syntax(p, "a bad character literal");
        }
        if (*at != '\'')
                return bad_syntax(p, "a bad character literal");
        p->pos = (size_t)(at + 1 - p->s);
        /* gdb: a char literal is a char (prints 97 'a'); as an operand, an int */
        *ret = (struct cnum){ .size = 1, .i = (uint64_t)(int64_t)(signed char)v };
        return 0;
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

        while (at[n] == '*' || at[n] == '&' || at[n] == ' ')
                n++;
        if (n == 0 && at[0] == '$') { /* a register: $pc, $rax */
                n = 1;
                while (isalnum((unsigned char)at[n]) || at[n] == '_')
                        n++;
                return n > 1 ? n : 0;
        }
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

static int primary(struct parser *p, struct cnum *ret)
{
        const char *at;
        size_t n;

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
        if (p->dry)
                *ret = (struct cnum){ .size = 4, .i = 1 };
        else if (p->operand(p->ctx, at, n, ret, p->why, p->whylen) < 0)
                return fail(p, "its operand cannot be read");
        p->pos += n;
        return 0;
}

/* A cast's type at at, "(unsigned char)": its length up to and with the ')' and the
 * type (a cnum of it, value 0), or 0 when at is no cast of a C arithmetic type. */
static size_t cast_type(const char *at, struct cnum *type)
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
        if (sgn == 3 || chars + shorts + floats + doubles + bools > 1 || longs > 2 ||
            ((floats || doubles || bools) && (sgn || ints || shorts || longs || chars)) ||
            (chars && (ints || longs)) || (shorts && longs))
                return 0;
        if (floats || doubles)
                *type = (struct cnum){ .is_float = true, .size = floats ? 4 : 8 };
        else if (bools)
                *type = (struct cnum){ .is_bool = true, .size = 1 };
        else
                *type = (struct cnum){ .size = chars ? 1 : shorts ? 2 : longs ? 8 : 4,
                                       .is_unsigned = sgn == 1 };
        return n + 1;
}

/* *v converted to the type of to, as a C cast converts it. */
static void cast(struct cnum *v, const struct cnum *to)
{
        v->ptr = 0; /* (long)$sp: its address as a number */
        if (to->is_float) {
                set_float(v, as_double(v), to->size);
                return;
        }
        if (to->is_bool) {
                bool t = truth(v);

                *v = (struct cnum){ .is_bool = true, .size = 1, .i = t };
                return;
        }
        if (v->is_float) {
                double x = v->f;

                v->i = x >= 9.2e18 || x <= -9.2e18 || x != x ? 0 : (uint64_t)(int64_t)x;
        }
        v->is_float = false;
        v->is_bool = false;
        v->size = to->size;
        v->is_unsigned = to->is_unsigned;
        fit(v);
}

static int unary(struct parser *p, struct cnum *ret)
{
        struct cnum type;
        size_t n;
        int r;

        skip_space(p);
        if ((n = cast_type(p->s + p->pos, &type)) > 0) { /* (unsigned char)x */
                p->pos += n;
                if (++p->depth > DEPTH_MAX)
                        return bad_syntax(p, "an expression too deep");
                r = unary(p, ret);
                p->depth--;
                if (r < 0)
                        return -1;
                cast(ret, &type);
                return 0;
        }
        if (p->s[p->pos] == '-' || p->s[p->pos] == '+' || p->s[p->pos] == '!' ||
            p->s[p->pos] == '~') {
                char op = p->s[p->pos++];

                if (op == '-' && p->s[p->pos] == '-')
                        return bad_syntax(p, "-- is not evaluated (it would write)");
                if (++p->depth > DEPTH_MAX)
                        return bad_syntax(p, "an expression too deep");
                r = unary(p, ret);
                p->depth--;
                if (r < 0)
                        return -1;
                if (op == '!') {
                        set_truth(p, ret, !truth(ret));
                        return 0;
                }
                if (ret->ptr && !p->dry)
                        return fail(p, op == '-' ? "Argument to negate operation not a number."
                                                 : "Argument to complement operation not an "
                                                   "integer, boolean.");
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
        return primary(p, ret);
}

/* A binary operation with an untyped pointer (a register's): gdb's rules for `void *`
 * and `void (*)()`, whose arithmetic counts bytes. */
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
        if (!strcmp(op, "-") && a->ptr && b->ptr) { /* bytes between, a long */
                *a = (struct cnum){ .size = 8, .i = a->i - b->i };
                return 0;
        }
        if (!strcmp(op, "+") && !a->ptr) { /* 8 + $sp */
                struct cnum t = *b;

                t.i += a->i;
                *a = t;
                return 0;
        }
        if ((!strcmp(op, "+") || !strcmp(op, "-")) && a->ptr && !b->ptr) {
                a->i = op[0] == '+' ? a->i + b->i : a->i - b->i;
                return 0;
        }
        return fail(p, "Argument to arithmetic operation not a number or boolean.");
}

/* One binary operation of C on two values already converted to one type. */
static int binop(struct parser *p, const char *op, struct cnum *a, struct cnum b)
{
        if (p->dry)
                return 0;
        if (a->ptr || b.ptr)
                return pointer_op(p, op, a, &b);
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
        if (a->is_float) {
                double x = a->f, y = b.f;

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

/* The binary operators by level, loosest first; each level's operands are the next. */
static const char *const levels[][6] = {
        { "||" }, { "&&" }, { "|" }, { "^" }, { "&" }, { "==", "!=" },
        { "<=", ">=", "<", ">" }, { "<<", ">>" }, { "+", "-" }, { "*", "/", "%" },
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
                if (level(p, lv + 1, &b) < 0 || binop(p, op, ret, b) < 0)
                        return -1;
        }
}

static int parse_expr(struct parser *p, struct cnum *ret)
{
        return level(p, 0, ret);
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
        struct parser p = { .s = text, .cxx = cxx, .operand = operand, .ctx = ctx,
                            .why = why, .whylen = whylen, .dry = true };

        /* the whole text parsed first, so that a value's failure does not hide the
         * text's */
        for (int pass = 0; pass < 2; pass++) {
                why[0] = 0;
                p.pos = 0;
                p.depth = 0;
                p.dry = pass == 0;
                if (parse_expr(&p, ret) < 0)
                        return p.syntax ? -2 : -1;
                skip_space(&p);
                if (text[p.pos]) {
                        bad_syntax(&p, "an operator print does not evaluate (C's arithmetic, "
                                       "comparisons and logic only)");
                        return -2;
                }
        }
        return 0;
}

const char *cexpr_type_name(const struct cnum *n)
{
        if (n->ptr)
                return n->ptr == 'f' ? "void (*)()" : "void *";
        if (n->is_float)
                return n->size == 4 ? "float" : "double";
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
