/* cond.c — parse and evaluate breakpoint conditions (grammar in cond.h). The parser
 * builds a small tree once, at `break` time; evaluation walks it at each hit. */
#include "cond.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum op {
        OP_NUM, OP_REG, OP_LOAD, OP_NOT, OP_NEG,
        OP_OR, OP_AND, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
        OP_BITOR, OP_BITAND, OP_ADD, OP_SUB,
};

struct node {
        enum op op;
        uint64_t num;           /* OP_NUM */
        char reg[16];           /* OP_REG */
        unsigned width;         /* OP_LOAD: bytes */
        bool sign;              /* OP_LOAD: sign-extend */
        struct node *a, *b;
};

struct cond {
        struct node *root;      /* NULL: a condition in the program's terms (env->source) */
        char *text;
};

struct parser {
        const char *s, *p;
        bool (*is_reg)(const char *);
        char *err;
        size_t errlen;
        bool failed;
        int depth;
};

#define MAX_DEPTH 64

static void node_free(struct node *n)
{
        if (!n)
                return;
        node_free(n->a);
        node_free(n->b);
        free(n);
}

static struct node *fail(struct parser *ps, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
static struct node *fail(struct parser *ps, const char *fmt, ...)
{
        va_list ap;
        int n;

        if (ps->failed)
                return NULL;
        ps->failed = true;
        n = snprintf(ps->err, ps->errlen, "condition, column %d: ", (int)(ps->p - ps->s) + 1);
        if (n > 0 && (size_t)n < ps->errlen) {
                va_start(ap, fmt);
                vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
                va_end(ap);
        }
        return NULL;
}

static void skip(struct parser *ps)
{
        while (isspace((unsigned char)*ps->p))
                ps->p++;
}

static bool accept(struct parser *ps, const char *tok)
{
        size_t n = strlen(tok);

        skip(ps);
        if (strncmp(ps->p, tok, n) != 0)
                return false;
        /* "<" must not swallow "<=", "|" not "||", "&" not "&&". */
        if (n == 1 && (tok[0] == '<' || tok[0] == '>') && ps->p[1] == '=')
                return false;
        if (n == 1 && (tok[0] == '|' || tok[0] == '&') && ps->p[1] == tok[0])
                return false;
        if (n == 1 && tok[0] == '!' && ps->p[1] == '=')
                return false;
        ps->p += n;
        return true;
}

static struct node *mk(enum op op, struct node *a, struct node *b)
{
        struct node *n = calloc(1, sizeof(*n));

        if (!n) {
                node_free(a);
                node_free(b);
                return NULL;
        }
        n->op = op;
        n->a = a;
        n->b = b;
        return n;
}

static struct node *parse_expr(struct parser *ps);

static struct node *parse_primary(struct parser *ps)
{
        char ident[16];
        size_t n = 0;

        skip(ps);
        if (accept(ps, "(")) {
                struct node *e = parse_expr(ps);
                if (!e)
                        return NULL;
                if (!accept(ps, ")")) {
                        node_free(e);
                        return fail(ps, "expected \")\"");
                }
                return e;
        }
        if (isdigit((unsigned char)*ps->p)) {
                char *end;
                errno = 0;
                uint64_t v = strtoull(ps->p, &end, 0);
                if (errno || isalnum((unsigned char)*end) || *end == '_')
                        return fail(ps, "bad number");
                ps->p = end;
                struct node *e = mk(OP_NUM, NULL, NULL);
                if (e)
                        e->num = v;
                return e;
        }
        while ((isalnum((unsigned char)ps->p[n]) || ps->p[n] == '_') && n < sizeof(ident) - 1)
                n++;
        if (n == 0)
                return fail(ps, "expected a number, a register or \"(\"");
        memcpy(ident, ps->p, n);
        ident[n] = 0;
        static const struct { const char *name; unsigned width; bool sign; } loads[] = {
                { "u8", 1, false }, { "u16", 2, false }, { "u32", 4, false },
                { "u64", 8, false }, { "s8", 1, true }, { "s16", 2, true },
                { "s32", 4, true }, { "s64", 8, true },
        };
        for (size_t i = 0; i < sizeof(loads) / sizeof(loads[0]); i++) {
                if (strcmp(ident, loads[i].name) != 0)
                        continue;
                ps->p += n;
                if (!accept(ps, "["))
                        return fail(ps, "expected \"[\" after %s", ident);
                struct node *addr = parse_expr(ps);
                if (!addr)
                        return NULL;
                if (!accept(ps, "]")) {
                        node_free(addr);
                        return fail(ps, "expected \"]\"");
                }
                struct node *e = mk(OP_LOAD, addr, NULL);
                if (e) {
                        e->width = loads[i].width;
                        e->sign = loads[i].sign;
                }
                return e;
        }
        if (!ps->is_reg(ident))
                return fail(ps, "unknown register \"%s\"", ident);
        ps->p += n;
        struct node *e = mk(OP_REG, NULL, NULL);
        if (e)
                snprintf(e->reg, sizeof(e->reg), "%s", ident);
        return e;
}

static struct node *parse_unary(struct parser *ps)
{
        enum op op;
        struct node *a;

        if (++ps->depth > MAX_DEPTH)
                return fail(ps, "nested too deeply");
        skip(ps);
        if (accept(ps, "!"))
                op = OP_NOT;
        else if (accept(ps, "-"))
                op = OP_NEG;
        else if (accept(ps, "*"))
                op = OP_LOAD;
        else {
                a = parse_primary(ps);
                ps->depth--;
                return a;
        }
        a = parse_unary(ps);
        ps->depth--;
        if (!a)
                return NULL;
        struct node *e = mk(op, a, NULL);
        if (e && op == OP_LOAD)
                e->width = 8;
        return e;
}

typedef struct node *(*parse_fn)(struct parser *);

/* A left-associative level: sub (OP sub)*, the first matching token wins. */
static struct node *parse_level(struct parser *ps, parse_fn sub, const char *const *toks,
                                const enum op *ops, size_t n, bool once)
{
        struct node *a = sub(ps);

        while (a) {
                size_t i;

                for (i = 0; i < n; i++)
                        if (accept(ps, toks[i]))
                                break;
                if (i == n)
                        return a;
                struct node *b = sub(ps);
                if (!b) {
                        node_free(a);
                        return NULL;
                }
                a = mk(ops[i], a, b);
                if (once)
                        return a;
        }
        return NULL;
}

static struct node *parse_sum(struct parser *ps)
{
        static const char *const t[] = { "+", "-" };
        static const enum op o[] = { OP_ADD, OP_SUB };
        return parse_level(ps, parse_unary, t, o, 2, false);
}

static struct node *parse_bitand(struct parser *ps)
{
        static const char *const t[] = { "&" };
        static const enum op o[] = { OP_BITAND };
        return parse_level(ps, parse_sum, t, o, 1, false);
}

static struct node *parse_bitor(struct parser *ps)
{
        static const char *const t[] = { "|" };
        static const enum op o[] = { OP_BITOR };
        return parse_level(ps, parse_bitand, t, o, 1, false);
}

static struct node *parse_cmp(struct parser *ps)
{
        static const char *const t[] = { "==", "!=", "<=", ">=", "<", ">" };
        static const enum op o[] = { OP_EQ, OP_NE, OP_LE, OP_GE, OP_LT, OP_GT };
        return parse_level(ps, parse_bitor, t, o, 6, true);
}

static struct node *parse_and(struct parser *ps)
{
        static const char *const t[] = { "&&" };
        static const enum op o[] = { OP_AND };
        return parse_level(ps, parse_cmp, t, o, 1, false);
}

static struct node *parse_expr(struct parser *ps)
{
        static const char *const t[] = { "||" };
        static const enum op o[] = { OP_OR };
        struct node *e;

        if (++ps->depth > MAX_DEPTH)
                return fail(ps, "nested too deeply");
        e = parse_level(ps, parse_and, t, o, 1, false);
        ps->depth--;
        return e;
}

int cond_parse(const char *text, bool (*is_reg)(const char *name), struct cond **ret,
               char *errbuf, size_t errlen)
{
        struct parser ps = { .s = text, .p = text, .is_reg = is_reg, .err = errbuf,
                             .errlen = errlen };
        struct node *root = parse_expr(&ps);
        struct cond *c;

        if (root) {
                skip(&ps);
                if (*ps.p) {
                        node_free(root);
                        root = fail(&ps, "unexpected \"%.10s\"", ps.p);
                }
        }
        if (!root) {
                if (!ps.failed)
                        snprintf(errbuf, errlen, "condition: out of memory");
                return -EINVAL;
        }
        c = calloc(1, sizeof(*c));
        if (!c || !(c->text = strdup(text))) {
                free(c);
                node_free(root);
                return -ENOMEM;
        }
        c->root = root;
        *ret = c;
        return 0;
}

int cond_source(const char *text, struct cond **ret)
{
        struct cond *c = calloc(1, sizeof(*c));

        if (!c || !(c->text = strdup(text))) {
                free(c);
                return -ENOMEM;
        }
        *ret = c;
        return 0;
}

bool cond_is_source(const struct cond *c)
{
        return !c->root;
}

void cond_free(struct cond *c)
{
        if (!c)
                return;
        node_free(c->root);
        free(c->text);
        free(c);
}

const char *cond_text(const struct cond *c)
{
        return c->text;
}

static int eval(const struct node *n, const struct cond_env *env, uint64_t *v)
{
        uint64_t a = 0, b = 0;
        int r;

        switch (n->op) {
        case OP_NUM:
                *v = n->num;
                return 0;
        case OP_REG:
                return env->reg(env->data, n->reg, v);
        case OP_LOAD: {
                uint8_t buf[8] = { 0 };
                if ((r = eval(n->a, env, &a)) < 0)
                        return r;
                if ((r = env->mem(env->data, a, buf, n->width)) < 0)
                        return r;
                uint64_t x = 0;
                for (unsigned i = 0; i < n->width; i++) /* little-endian */
                        x |= (uint64_t)buf[i] << (8 * i);
                if (n->sign && n->width < 8 && (x >> (8 * n->width - 1)) & 1)
                        x |= ~0ULL << (8 * n->width);
                *v = x;
                return 0;
        }
        case OP_NOT:
        case OP_NEG:
                if ((r = eval(n->a, env, &a)) < 0)
                        return r;
                *v = n->op == OP_NOT ? !a : (uint64_t)0 - a;
                return 0;
        case OP_OR:
        case OP_AND:
                if ((r = eval(n->a, env, &a)) < 0)
                        return r;
                if (n->op == OP_OR ? a != 0 : a == 0) { /* short-circuit */
                        *v = n->op == OP_OR;
                        return 0;
                }
                if ((r = eval(n->b, env, &b)) < 0)
                        return r;
                *v = b != 0;
                return 0;
        default:
                break;
        }
        if ((r = eval(n->a, env, &a)) < 0 || (r = eval(n->b, env, &b)) < 0)
                return r;
        switch (n->op) {
        case OP_EQ: *v = a == b; break;
        case OP_NE: *v = a != b; break;
        /* Ordered comparisons are signed, as C on int and on addresses below 2^63. */
        case OP_LT: *v = (int64_t)a < (int64_t)b; break;
        case OP_LE: *v = (int64_t)a <= (int64_t)b; break;
        case OP_GT: *v = (int64_t)a > (int64_t)b; break;
        case OP_GE: *v = (int64_t)a >= (int64_t)b; break;
        case OP_BITOR: *v = a | b; break;
        case OP_BITAND: *v = a & b; break;
        case OP_ADD: *v = a + b; break;
        case OP_SUB: *v = a - b; break;
        default: return -EINVAL;
        }
        return 0;
}

int cond_eval(const struct cond *c, const struct cond_env *env)
{
        uint64_t v;
        int r;

        if (!c->root)
                return env->source(env->data, c->text);
        r = eval(c->root, env, &v);
        return r < 0 ? r : v != 0;
}
