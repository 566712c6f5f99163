/* test_cexpr.c — print's C arithmetic: precedence, C's conversions, literals, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cexpr.h"

/* Operands: x an int 7, u an unsigned int 3000000000, c a char 'a', d a double 0.25,
 * f a float 1.5, b a bool true, l a long -2, p->x an int 5, dz a complex double
 * 1.5 - 2i, fz a complex float 0.5 + 4i, h an __int128 2^64 + 3; others unknown. */
static int operand(void *ctx, const char *text, size_t len, struct cnum *ret, char *why,
                   size_t whylen)
{
        (void)ctx;
        if (len == 1 && text[0] == 'x')
                *ret = (struct cnum){ .size = 4, .i = 7 };
        else if (len == 1 && text[0] == 'u')
                *ret = (struct cnum){ .size = 4, .is_unsigned = true, .i = 3000000000u };
        else if (len == 1 && text[0] == 'c')
                *ret = (struct cnum){ .size = 1, .i = 'a' };
        else if (len == 1 && text[0] == 'd')
                *ret = (struct cnum){ .is_float = true, .size = 8, .f = 0.25 };
        else if (len == 1 && text[0] == 'f')
                *ret = (struct cnum){ .is_float = true, .size = 4, .f = 1.5 };
        else if (len == 1 && text[0] == 'b')
                *ret = (struct cnum){ .is_bool = true, .size = 1, .i = 1 };
        else if (len == 1 && text[0] == 'l')
                *ret = (struct cnum){ .size = 8, .i = (uint64_t)-2 };
        else if (len == 4 && memcmp(text, "p->x", 4) == 0)
                *ret = (struct cnum){ .size = 4, .i = 5 };
        else if (len == 2 && memcmp(text, "dz", 2) == 0) /* 1.5 - 2i */
                *ret = (struct cnum){ .is_float = true, .is_complex = true, .size = 8,
                                      .f = 1.5, .im = -2 };
        else if (len == 2 && memcmp(text, "fz", 2) == 0) /* 0.5 + 4i, of floats */
                *ret = (struct cnum){ .is_float = true, .is_complex = true, .size = 4,
                                      .f = 0.5, .im = 4 };
        else if (len == 1 && text[0] == 'h') /* an __int128: 2^64 + 3 */
                *ret = (struct cnum){ .size = 16, .i = 3, .hi = 1 };
        else {
                snprintf(why, whylen, "no variable \"%.*s\"", (int)len, text);
                return -1;
        }
        return 0;
}

static struct cnum eval_ok(const char *text, bool cxx)
{
        struct cnum v;
        char why[128];

        if (cexpr_eval(text, cxx, operand, NULL, &v, why, sizeof(why)) != 0)
                fail_msg("%s: %s", text, why);
        return v;
}

static int64_t as_int(const char *text)
{
        struct cnum v = eval_ok(text, false);

        assert_false(v.is_float);
        return (int64_t)v.i;
}

static void test_cexpr_precedence(void **state)
{
        (void)state;
        assert_int_equal(as_int("1 + 2 * 3"), 7);
        assert_int_equal(as_int("(1 + 2) * 3"), 9);
        assert_int_equal(as_int("x - 2 - 3"), 2);  /* left to right */
        assert_int_equal(as_int("x << 1 + 1"), 28); /* + binds tighter than << */
        assert_int_equal(as_int("1 | 2 ^ 3 & 4"), 3);
        assert_int_equal(as_int("x > 3 && x < 10 || 0"), 1);
        assert_int_equal(as_int("-x * -2"), 14);
        assert_int_equal(as_int("!x + ~0"), -1);
        assert_int_equal(as_int("p->x*p->x"), 25);
        assert_int_equal(as_int("x == 7 == 1"), 1);
        assert_int_equal(as_int("x<=7"), 1);
        assert_int_equal(as_int("x>>1"), 3);
}

/* C's usual arithmetic conversions, and the types of literals. */
static void test_cexpr_conversions(void **state)
{
        struct cnum v;

        (void)state;
        v = eval_ok("c + 1", false);   /* char promoted to int */
        assert_string_equal(cexpr_type_name(&v), "int");
        assert_int_equal(v.i, 98);
        v = eval_ok("u + x", false);   /* unsigned int wins at the same size */
        assert_string_equal(cexpr_type_name(&v), "unsigned int");
        assert_int_equal(v.i, 3000000007u);
        v = eval_ok("l + u", false);   /* long holds every unsigned int */
        assert_string_equal(cexpr_type_name(&v), "long");
        assert_int_equal((int64_t)v.i, 2999999998);
        v = eval_ok("x / 2", false);
        assert_int_equal(v.i, 3);
        v = eval_ok("x / 2.0", false);
        assert_true(v.is_float && v.size == 8 && v.f == 3.5);
        v = eval_ok("f * 2", false);   /* float with int stays float */
        assert_string_equal(cexpr_type_name(&v), "float");
        assert_true(v.f == 3.0);
        v = eval_ok("f + d", false);   /* with a double, double */
        assert_string_equal(cexpr_type_name(&v), "double");
        v = eval_ok("2147483647 + 1", false); /* int wraps, as gdb's */
        assert_int_equal((int64_t)v.i, INT32_MIN);
        v = eval_ok("3000000000", false);
        assert_string_equal(cexpr_type_name(&v), "long");
        v = eval_ok("0xffffffff", false);
        assert_string_equal(cexpr_type_name(&v), "unsigned int");
        v = eval_ok("-5 % 3", false);
        assert_int_equal((int64_t)v.i, -2);
        v = eval_ok("-1 >> 1", false);
        assert_int_equal((int64_t)v.i, -1);
        v = eval_ok("u >> 40", false); /* a shift past the width: 0 */
        assert_int_equal(v.i, 0);
        v = eval_ok("'a'", false);     /* a char literal alone is a char */
        assert_string_equal(cexpr_type_name(&v), "char");
        v = eval_ok("'\\n' + '\\x41' + '\\0'", false);
        assert_int_equal(v.i, 10 + 0x41);
        v = eval_ok("b + 1", false);
        assert_int_equal(v.i, 2);
        v = eval_ok("1.5e1 + .5", false);
        assert_true(v.f == 15.5);
}

/* Casts to C's arithmetic types, and what is no cast. */
static void test_cexpr_casts(void **state)
{
        struct cnum v;

        (void)state;
        v = eval_ok("(unsigned char)300", false);
        assert_true(v.size == 1 && v.is_unsigned && v.i == 44);
        v = eval_ok("(uint8_t)-1 + 0", false); /* promoted again: int 255 */
        assert_int_equal(v.i, 255);
        v = eval_ok("(int)d * 4", false);      /* the cast binds first: 0 * 4 */
        assert_int_equal(v.i, 0);
        v = eval_ok("(double)x / 2", false);
        assert_true(v.is_float && v.f == 3.5);
        v = eval_ok("( const unsigned long long )-1", false);
        assert_true(v.size == 8 && v.is_unsigned && v.i == UINT64_MAX);
        v = eval_ok("(_Bool)x", false);
        assert_true(v.is_bool && v.i == 1);
        v = eval_ok("(long double)1 / 3", false); /* in full precision, not a double's */
        assert_true(v.is_float && v.size == 16 && v.f == 1.0L / 3.0L);
        v = eval_ok("(long double)1 / 3 != (double)((long double)1 / 3)", false);
        assert_int_equal(v.i, 1);
        v = eval_ok("-((long double)1 / 3) * 2", false);
        assert_true(v.f == -(1.0L / 3.0L) * 2);
        v = eval_ok("(float)((long double)1 / 3)", false); /* rounded once, to a float */
        assert_true(v.size == 4 && v.f == (float)(1.0L / 3.0L));
        v = eval_ok("(double)1 / 3", false);              /* a double stays a double */
        assert_true(v.size == 8 && v.f == 1.0 / 3.0);
        v = eval_ok("(short)70000", false);
        assert_int_equal((int64_t)v.i, 4464);
        v = eval_ok("(x)", false);             /* a parenthesized name, no cast */
        assert_int_equal(v.i, 7);
        v = eval_ok("(int32_t)u", false);
        assert_int_equal((int64_t)v.i, (int64_t)(int32_t)3000000000u);
        assert_int_equal(cexpr_eval("(unsigned float)1", false, operand, NULL, &v,
                                    (char[64]){ 0 }, 64),
                         -2);
        assert_int_equal(cexpr_eval("(long char)1", false, operand, NULL, &v,
                                    (char[64]){ 0 }, 64),
                         -2);
}

/* C++ comparisons are bools; C's are ints. */
static void test_cexpr_bools(void **state)
{
        struct cnum v;

        (void)state;
        v = eval_ok("x == 7", true);
        assert_true(v.is_bool && v.i == 1);
        assert_string_equal(cexpr_type_name(&v), "bool");
        v = eval_ok("x == 7", false);
        assert_string_equal(cexpr_type_name(&v), "int");
        v = eval_ok("!b || false", true);
        assert_true(v.is_bool && v.i == 0);
}

/* C's && and ||: the right side is not evaluated once the left decides (gdb's `p &&
 * p->x` with p null is 0), but its text is still checked. */
static void test_cexpr_short_circuit(void **state)
{
        struct cnum v;
        char why[160];

        (void)state;
        assert_int_equal(as_int("0 && x / 0"), 0);
        assert_int_equal(as_int("1 || nosuch"), 1);
        assert_int_equal(as_int("x == 7 || nosuch + 1"), 1);
        assert_int_equal(as_int("x != 7 && (nosuch->y == 2 || 1 / 0)"), 0);
        assert_int_equal(as_int("1 && x == 7"), 1);
        assert_int_equal(as_int("0 || x"), 1);
        v = eval_ok("0 && nosuch", true);
        assert_true(v.is_bool && v.i == 0);
        /* evaluated when it decides */
        assert_int_equal(cexpr_eval("1 && nosuch", false, operand, NULL, &v, why, sizeof(why)),
                         -1);
        assert_int_equal(cexpr_eval("0 || x / 0", false, operand, NULL, &v, why, sizeof(why)),
                         -1);
        assert_string_equal(why, "Division by zero");
        /* the skipped side's syntax is the text's */
        assert_int_equal(cexpr_eval("0 && (x +", false, operand, NULL, &v, why, sizeof(why)),
                         -2);
}

static int names_seen;

static int name_hook(void *ctx, const char *text, size_t len, char *why, size_t whylen)
{
        (void)ctx;
        names_seen++;
        if (len == 6 && memcmp(text, "nosuch", 6) == 0) {
                snprintf(why, whylen, "unknown %.*s", (int)len, text);
                return -1;
        }
        return 0;
}

/* The name hook sees every operand once, the skipped ones too. */
static void test_cexpr_name_hook(void **state)
{
        struct cexpr_host host = { .operand = operand, .name = name_hook };
        struct cnum v;
        char why[160];

        (void)state;
        names_seen = 0;
        assert_int_equal(cexpr_eval_host("x == 7 || p->x + c", false, &host, NULL, &v, why,
                                         sizeof(why)),
                         0);
        assert_int_equal(names_seen, 3);
        assert_int_equal(cexpr_eval_host("0 && nosuch", false, &host, NULL, &v, why,
                                         sizeof(why)),
                         -1);
        assert_string_equal(why, "unknown nosuch");
}

static void test_cexpr_errors(void **state)
{
        static const struct { const char *text, *why; } bad[] = {
                { "x / 0", "Division by zero" },
                { "x % 0", "Division by zero" },
                { "d % 2", "an integer-only operation on a floating-point value" },
                { "d << 1", "an integer-only operation on a floating-point value" },
                { "~d", "~ of a floating-point value" },
                { "nosuch + 1", "no variable \"nosuch\"" },
                { "x +", "a value is missing at the end" },
                { "(x + 1", "a ')' is missing" },
                { "x = 3", "an operator print does not evaluate (C's arithmetic, "
                           "comparisons and logic only)" },
                { "--x", "-- is not evaluated (it would write)" },
                { "1 + 0x", "a bad number" },
                { "99999999999999999999", "a bad number, or one too large" },
                { "'ab'", "a bad character literal" },
                { "x ? 1", "a ':' is missing after '?'" },
        };
        char deep[400];
        struct cnum v;
        char why[160];

        (void)state;
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                int r = cexpr_eval(bad[i].text, false, operand, NULL, &v, why, sizeof(why));

                /* the values' failures -1, the text's -2 */
                assert_int_equal(r, i < 6 ? -1 : -2);
                if (strcmp(why, bad[i].why) != 0)
                        fail_msg("%s: \"%s\", want \"%s\"", bad[i].text, why, bad[i].why);
        }
        /* nesting is bounded */
        memset(deep, '(', 200);
        strcpy(deep + 200, "1");
        assert_int_equal(cexpr_eval(deep, false, operand, NULL, &v, why, sizeof(why)), -2);
        assert_string_equal(why, "an expression too deep");
        memset(deep, '~', 300);
        strcpy(deep + 300, "1");
        assert_int_equal(cexpr_eval(deep, false, operand, NULL, &v, why, sizeof(why)), -2);
}

/* Complex arithmetic as gdb 13's (the values from its print on the same operands):
 * the type of the wider part, a complex divisor through its conjugate, a real one part
 * by part; $_creal and $_cimag; and its refusals. */
static void test_cexpr_complex(void **state)
{
        static const struct { const char *text; long double re, im; unsigned size; } ok[] = {
                { "dz * 2", 3, -4, 8 },
                { "dz + fz", 2, 2, 8 },
                { "dz * dz", -1.75, -6, 8 },
                { "fz * fz", -15.75, 4, 4 },
                { "-dz", -1.5, 2, 8 },
                { "~fz", 0.5, -4, 4 },
                { "+dz", 1.5, -2, 8 },
                { "1 - dz", -0.5, 2, 8 },
                { "dz / 2", 0.75, -1, 8 },
                { "dz + 'a'", 98.5, -2, 8 },
                { "fz + 1", 1.5, 4, 4 },
                { "fz + d", 0.75, 4, 8 },
                { "dz / fz", -7.25 / 16.25, -7.0 / 16.25, 8 },
        };
        static const struct { const char *text, *why; } bad[] = {
                { "dz == fz", "Invalid type combination in equality test." },
                { "dz == 1.5", "Invalid type combination in equality test." },
                { "dz < dz", "Invalid type combination in ordering comparison." },
                { "dz >= dz", "Invalid type combination in ordering comparison." },
                { "dz % 2", "Invalid binary operation on numbers." },
                { "dz << 1", "Invalid binary operation on numbers." },
                { "$_creal(x)", "expected a complex number" },
                { "$_cimag(1.5)", "expected a complex number" },
                { "$_creal()", "You must provide one argument for $_creal." },
                { "$_cimag(dz, dz)", "You must provide one argument for $_cimag." },
        };
        struct cnum v;
        char why[160];

        (void)state;
        for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
                v = eval_ok(ok[i].text, false);
                if (!v.is_complex || v.f != ok[i].re || v.im != ok[i].im || v.size != ok[i].size)
                        fail_msg("%s: %Lg + %Lgi (%u bytes a part), want %Lg + %Lgi (%u)",
                                 ok[i].text, v.f, v.im, v.size, ok[i].re, ok[i].im,
                                 ok[i].size);
        }
        /* a part of a complex float is rounded to a float at each step */
        v = eval_ok("fz / 3", false);
        assert_true(v.f == (float)(0.5 / 3) && v.im == (float)(4.0 / 3));
        /* a real divisor part by part: inf + -infi, not NaNs */
        v = eval_ok("dz / 0", false);
        assert_true(v.f > 0 && v.im < 0 && v.f * 0 != 0 && v.im * 0 != 0);
        assert_int_equal(as_int("dz == dz"), 1);
        assert_int_equal(as_int("dz != dz"), 0);
        assert_int_equal(as_int("!dz"), 0);
        assert_int_equal(as_int("dz && 1"), 1);
        assert_int_equal(as_int("dz ? 1 : 2"), 1);
        v = eval_ok("$_creal(dz)", false);
        assert_true(v.is_float && !v.is_complex && v.size == 8 && v.f == 1.5);
        v = eval_ok("$_cimag(fz * fz)", false);
        assert_true(v.is_float && !v.is_complex && v.size == 4 && v.f == 4);
        v = eval_ok("(float)dz", false); /* C's cast: the real part */
        assert_true(v.is_float && !v.is_complex && v.size == 4 && v.f == 1.5);
        assert_int_equal(as_int("(int)fz"), 0);
        assert_string_equal(cexpr_type_name(&(struct cnum){ .is_float = true,
                                                            .is_complex = true, .size = 4 }),
                            "complex float");
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                assert_int_equal(cexpr_eval(bad[i].text, false, operand, NULL, &v, why,
                                            sizeof(why)), -1);
                if (strcmp(why, bad[i].why) != 0)
                        fail_msg("%s: \"%s\", want \"%s\"", bad[i].text, why, bad[i].why);
        }
}

/* __int128 as gdb 13 takes it: printed, tested for truth, given to unary +; every
 * other operation refused in its words. */
static void test_cexpr_int128(void **state)
{
        static const char *const refused[] = { "h + 1", "-h", "h * 2", "h == h", "h > 0",
                                               "~h", "(long)h", "h << 1", "x + h", "dz * h",
                                               "h % 2" };
        struct cnum v;
        char why[160];

        (void)state;
        v = eval_ok("+h", false);
        assert_true(v.size == 16 && v.i == 3 && v.hi == 1);
        v = eval_ok("1 ? h : 2", false);
        assert_true(v.size == 16 && v.i == 3 && v.hi == 1);
        assert_int_equal(as_int("!h"), 0);
        assert_int_equal(as_int("h && 1"), 1);
        assert_int_equal(as_int("h || 0"), 1);
        assert_string_equal(cexpr_type_name(&v), "__int128");
        for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
                assert_int_equal(cexpr_eval(refused[i], false, operand, NULL, &v, why,
                                            sizeof(why)), -1);
                if (strcmp(why, "That operation is not available on integers of more than "
                                "8 bytes.") != 0)
                        fail_msg("%s: \"%s\"", refused[i], why);
        }
}

/* Memory for the string functions: "hello" at 0x1000, 128 KiB of 'z' from 0x2000
 * with no NUL, nothing else. s points to "hello", z to the 'z's, n is null. */
static long mem_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
        static const char hello[] = "hello";
        size_t got = 0;

        (void)ctx;
        for (; got < len; got++, addr++) {
                if (addr >= 0x1000 && addr < 0x1000 + sizeof(hello))
                        ((char *)buf)[got] = hello[addr - 0x1000];
                else if (addr >= 0x2000 && addr < 0x22000)
                        ((char *)buf)[got] = 'z';
                else
                        break;
        }
        return got ? (long)got : -1;
}

static int str_operand(void *ctx, const char *text, size_t len, struct cnum *ret, char *why,
                       size_t whylen)
{
        uint64_t at = len == 1 && text[0] == 's' ? 0x1000 : len == 1 && text[0] == 'z' ? 0x2000
                                                                                       : 1;

        if (len == 1 && text[0] == 't') { /* a std::string object holding "hello" */
                *ret = (struct cnum){ .object = true, .lval = true, .addr = 0x5000, .size = 32,
                                      .type = { .unit = &mem_read } };
                return 0;
        }
        if (len == 1 && (text[0] == 's' || text[0] == 'z' || text[0] == 'n')) {
                *ret = (struct cnum){ .size = 8, .ptr = 'p', .elem = 1,
                                      .i = text[0] == 'n' ? 0 : at };
                return 0;
        }
        return operand(ctx, text, len, ret, why, whylen);
}

/* The host's objects: t is a string class whose characters are "hello" at 0x1000. */
static int str_op(void *ctx, enum cexpr_op op, const struct cnum *v, const char *name,
                  size_t len, struct cnum *ret, char *why, size_t whylen)
{
        (void)ctx, (void)name, (void)len;
        if (op == CEXPR_STRING && v->addr == 0x5000) {
                *ret = (struct cnum){ .ptr = 'p', .elem = 1, .i = 0x1000, .size = 5 };
                return 0;
        }
        if (op == CEXPR_STRING || op == CEXPR_DECAY) {
                *ret = *v;
                return op == CEXPR_STRING ? 1 : 0;
        }
        snprintf(why, whylen, "no such operation");
        return -1;
}

/* String literals as gdb takes them, and its $_streq, $_strlen, $_memeq. */
static void test_cexpr_strings(void **state)
{
        struct cexpr_host host = { .operand = str_operand, .op = str_op, .read = mem_read };
        static const struct { const char *text; int64_t want; } ok[] = {
                { "sizeof(\"abc\")", 4 },
                { "sizeof \"a\\tb\\101\\x42\"", 6 },
                { "\"abc\"[1]", 'b' },
                { "*\"xyz\"", 'x' },
                { "\"ab\"[2]", 0 },
                { "s == \"hello\"", 0 },   /* never the literal's address */
                { "s != \"hello\"", 1 },
                { "\"a\" == \"a\"", 0 },
                { "!\"a\"", 0 },
                { "\"a\" && x", 1 },
                { "$_streq(s, \"hello\")", 1 },
                { "$_streq(\"hello\", s)", 1 },
                { "$_streq(s, \"hell\")", 0 },
                { "$_streq(s, \"hello!\")", 0 },
                { "$_strlen(s)", 5 },
                { "$_strlen(\"a\\0b\")", 1 },
                { "$_memeq(s, \"help\", 3)", 1 },
                { "$_memeq(s, \"help\", 4)", 0 },
                { "$_memeq(s, s, 0)", 1 },
                { "x == 7 && $_streq(s + 1, \"ello\")", 1 },
                { "n == 0 || $_streq(n, \"x\")", 1 },
                { "t == \"hello\"", 1 },     /* a std::string: by its characters */
                { "\"hello\" != t", 0 },
                { "t == \"hell\"", 0 },
                { "t == \"hello!\"", 0 },
                { "sizeof(\"ab\" \"cd\")", 5 },       /* adjacent literals are one */
                { "\"ab\"  \"cd\"[2]", 'c' },
                { "$_streq(s, \"he\" \"llo\")", 1 },
                /* $_regex: Python's re.match, at the string's start */
                { "$_regex(s, \"hel\")", 1 },
                { "$_regex(s, \"ell\")", 0 },
                { "$_regex(s, \"h.l+o$\")", 1 },
                { "$_regex(s, \"[a-h]\\\\w+\")", 1 },
                { "$_regex(s, \"\\\\d\")", 0 },
                { "$_regex(s, \"\\\\D*\")", 1 },
                { "$_regex(s, \"\\\\w{2,3}?l\")", 1 },
                { "$_regex(s, \"(?:he|x)l\")", 1 },
                { "$_regex(s, \"H\")", 0 },
                { "$_regex(s, \"hel{3}\")", 0 },
                { "$_regex(s, \"[\\\\s\\\\d]|h\")", 1 },
                { "$_regex(s, \"he\" \"llo$\")", 1 },
                { "$_regex(\"a\\nb\", \"a.b\")", 0 },  /* . is not a newline */
                { "$_regex(\"ab\\n\", \"ab$\")", 1 },   /* $ before a last newline */
                { "$_regex(\"ab\\nc\", \"ab$\")", 0 },
                { "$_regex(s, \"h(el){1,2}l?o\")", 1 },
                { "$_regex(s, \"x{,3}he\")", 1 },
                { "$_regex(\"a\\nb\", \"a\\\\nb\")", 1 },
                { "$_regex(s, \"h+?e*?l{1,2}?\")", 1 },  /* lazy after each kind */
                { "$_regex(\"a}\", \"a}?$\")", 1 },     /* a literal } quantified */
        };
        static const struct { const char *text, *why; int r; } bad[] = {
                { "$_streq(n, \"x\")", "Cannot access memory at address 0x0", -1 },
                { "$_strlen(z)", "$_strlen: no NUL within 65536 bytes", -1 },
                { "$_strlen(z + 0x1f000)", "Cannot access memory at address 0x22000", -1 },
                { "$_streq(x, \"a\")", "$_streq: Trying to read string with inappropriate "
                                       "type `int'.", -1 },
                { "$_memeq(s, \"ab\", 4)", "$_memeq: the length is past the string "
                                           "literal's end", -1 },
                { "\"abc\" + 1", "a string literal is compared with == and != only (or "
                                 "given to $_streq)", -1 },
                { "\"ab\"[3]", "no such vector element", -1 },
                { "$_streq(s)", "a ',' is missing between a function's arguments", -2 },
                { "$_strlen(s, s)", "$_strlen takes 1 argument", -2 },
                { "\"abc", "a '\"' is missing", -2 },
                { "\"ab\" \"c", "a '\"' is missing", -2 },
                { "$_regex(s, \"(?=h)\")", "$_regex: Python's (?...) forms other than "
                                           "(?:...) are not taken", -1 },
                { "$_regex(s, \"[\\\\W]\")", "$_regex: a negated class (\\D \\W \\S) "
                                          "inside [...] is not taken", -1 },
                { "$_regex(s, \"[ab\")", "$_regex: a '[' is not closed", -1 },
                { "$_regex(s, \"a{2\")", "$_regex: Unmatched \\{", -1 },
                { "$_regex(s, \"((a{100}){100}){100}\")", "$_regex: the counts {m,n} are too "
                                                        "large (their product passes 65536)",
                  -1 },
                { "$_regex(s, \"a{99999999999999999999}\")", "$_regex: the counts {m,n} are "
                                                          "too large (their product passes "
                                                          "65536)", -1 },
                { "$_regex(s, \"a{,70000}\")", "$_regex: the counts {m,n} are too large "
                                             "(their product passes 65536)", -1 },
                { "$_regex(s)", "a ',' is missing between a function's arguments", -2 },
                /* repeats of repeats: Python's errors, and an automaton glibc would
                 * multiply (the fuzzer's a+++++... ran out of memory) */
                { "$_regex(s, \"h**\")", "$_regex: multiple repeat", -1 },
                { "$_regex(s, \"h+??\")", "$_regex: multiple repeat", -1 },
                { "$_regex(s, \"h{2}*\")", "$_regex: multiple repeat", -1 },
                { "$_regex(s, \"h*{2}\")", "$_regex: multiple repeat", -1 },
                { "$_regex(s, \"h*+\")", "$_regex: possessive quantifiers (a*+, a++) are "
                                        "not taken", -1 },
                { "$_regex(s, \"((~%9~+++?+++++++++++?+++++++++()EEEEc(a\")",
                  "$_regex: possessive quantifiers (a*+, a++) are not taken", -1 },
        };
        struct cnum v;
        char why[160];

        (void)state;
        for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
                if (cexpr_eval_host(ok[i].text, false, &host, NULL, &v, why, sizeof(why)) != 0)
                        fail_msg("%s: %s", ok[i].text, why);
                if ((int64_t)v.i != ok[i].want)
                        fail_msg("%s: %lld, want %lld", ok[i].text, (long long)v.i,
                                 (long long)ok[i].want);
        }
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                int r = cexpr_eval_host(bad[i].text, false, &host, NULL, &v, why, sizeof(why));

                if (r != bad[i].r || strcmp(why, bad[i].why) != 0)
                        fail_msg("%s: %d \"%s\", want %d \"%s\"", bad[i].text, r, why,
                                 bad[i].r, bad[i].why);
        }
        /* a literal as the value: its text, escapes decoded by cexpr_string */
        assert_int_equal(cexpr_eval_host("\"a\\tb\"", false, &host, NULL, &v, why,
                                         sizeof(why)),
                         0);
        assert_non_null(v.str);
        assert_int_equal(v.size, 4);
        assert_int_equal(cexpr_string(&v, why, sizeof(why)), 3);
        assert_string_equal(why, "a\tb");
        /* C++: the functions are bools */
        assert_int_equal(cexpr_eval_host("$_streq(s, \"hello\")", true, &host, NULL, &v, why,
                                         sizeof(why)),
                         0);
        assert_true(v.is_bool && v.i == 1);
}

static void test_cexpr_is_arith(void **state)
{
        (void)state;
        assert_false(cexpr_is_arith("x"));
        assert_false(cexpr_is_arith("p->next->value"));
        assert_false(cexpr_is_arith("table[2].name"));
        assert_false(cexpr_is_arith("*argv"));
        assert_false(cexpr_is_arith("&counter"));
        assert_false(cexpr_is_arith("arr[i + 1]"));
        assert_false(cexpr_is_arith("ns::var"));
        assert_false(cexpr_is_arith("::var"));
        assert_true(cexpr_is_arith("\"abc\""));
        assert_true(cexpr_is_arith("$_strlen(s)"));
        assert_true(cexpr_is_arith("x + 1"));
        assert_true(cexpr_is_arith("-x"));
        assert_true(cexpr_is_arith("42"));
        assert_true(cexpr_is_arith("'a'"));
        assert_true(cexpr_is_arith("(x)"));
        assert_true(cexpr_is_arith("x == y"));
}

/* The call hook: f(a, b...) is the sum of its arguments times 10, plus 1 when a cast
 * came before it; v() is void; each call counted. */
static int calls_made;
static char call_name[32];

static int call_hook(void *ctx, const char *name, size_t len, const struct cnum *args,
                     size_t nargs, const struct cnum *cast, struct cnum *ret, char *why,
                     size_t whylen)
{
        uint64_t sum = 0;

        (void)ctx;
        calls_made++;
        snprintf(call_name, sizeof(call_name), "%.*s", (int)len, name);
        if (len == 1 && name[0] == 'v') {
                *ret = (struct cnum){ .size = 0 };
                return 0;
        }
        if (len == 4 && !memcmp(name, "fail", 4)) {
                snprintf(why, whylen, "it failed");
                return -1;
        }
        for (size_t k = 0; k < nargs; k++)
                sum += args[k].is_float ? (uint64_t)args[k].f : args[k].i;
        *ret = (struct cnum){ .size = 4, .i = sum * 10 + (cast ? 1 : 0) };
        return 0;
}

/* Calls: parsed in the first pass, run once in the second, arguments evaluated left to
 * right, a cast right before one passed to the hook, not one before parentheses or an
 * operator; without a hook, a call is no expression. */
static void test_cexpr_calls(void **state)
{
        struct cexpr_host host = { .operand = operand, .call = call_hook };
        struct cexpr_host none = { .operand = operand };
        struct cnum v;
        char why[160];
        struct { const char *text; int64_t want; int made; } ok[] = {
                { "f(1, 2)", 30, 1 },           { "f() + 1", 1, 1 },
                { "f(x, p->x) * 2", 240, 1 },   { "f(f(1), 2)", 120, 2 },
                { "(int) f(3)", 31, 1 },        { "(int) -f(3)", -30, 1 },
                { "(long)(f(3))", 30, 1 },      { "0 && f(1)", 0, 0 },
                { "x > 1 ? f(1) : f(2)", 10, 1 }, { "ns::g (2)", 20, 1 },
                { "f(1.5 * 2, c - 'a')", 30, 1 },
        };

        (void)state;
        for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
                calls_made = 0;
                if (cexpr_eval_host(ok[i].text, false, &host, NULL, &v, why, sizeof(why)) != 0)
                        fail_msg("%s: %s", ok[i].text, why);
                assert_int_equal((int64_t)v.i, ok[i].want);
                assert_int_equal(calls_made, ok[i].made);
        }
        assert_string_equal(call_name, "f"); /* the last one's */
        calls_made = 0;
        assert_int_equal(cexpr_eval_host("v()", false, &host, NULL, &v, why, sizeof(why)), 0);
        assert_int_equal(v.size, 0);
        assert_int_equal(cexpr_eval_host("v() + 1", false, &host, NULL, &v, why, sizeof(why)),
                         -1);
        assert_string_equal(why, "Argument to arithmetic operation not a number or boolean.");
        assert_int_equal(cexpr_eval_host("f(v())", false, &host, NULL, &v, why, sizeof(why)),
                         -1);
        assert_int_equal(cexpr_eval_host("fail(1)", false, &host, NULL, &v, why, sizeof(why)),
                         -1);
        assert_string_equal(why, "it failed");
        /* the text's errors: found in the parsing pass, before anything runs */
        calls_made = 0;
        assert_int_equal(cexpr_eval_host("f(1, 2", false, &host, NULL, &v, why, sizeof(why)),
                         -2);
        assert_int_equal(cexpr_eval_host("f(1,) + f(2)", false, &host, NULL, &v, why,
                                         sizeof(why)),
                         -2);
        assert_int_equal(cexpr_eval_host("f(1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17)", false,
                                         &host, NULL, &v, why, sizeof(why)),
                         -2);
        assert_string_equal(why, "a call of more than 16 arguments");
        assert_int_equal(calls_made, 0);
        assert_int_equal(cexpr_eval_host("f(1)", false, &none, NULL, &v, why, sizeof(why)), -2);
        assert_string_equal(why, "calls of the program's functions are not evaluated in a "
                                 "breakpoint's condition");
        assert_true(cexpr_is_arith("f(1)"));
        assert_true(cexpr_is_arith("f ()"));
}

/* Calls through a value: the hook's value is the callee's value times 100 plus the sum
 * of the arguments; each call counted. */
static int call_value_hook(void *ctx, const struct cnum *fn, const struct cnum *args,
                           size_t nargs, const struct cnum *cast, struct cnum *ret, char *why,
                           size_t whylen)
{
        uint64_t sum = fn->i * 100;

        (void)ctx;
        (void)cast;
        calls_made++;
        if (fn->i == 0) {
                snprintf(why, whylen, "Invalid data type for function to be called.");
                return -1;
        }
        for (size_t k = 0; k < nargs; k++)
                sum += args[k].i;
        *ret = (struct cnum){ .size = 4, .i = sum };
        return 0;
}

/* (x)(1), p->x(2), f(1)(2): a call through any value but a function's name, which is
 * the name's call; parsed in the first pass, run once. */
static void test_cexpr_call_value(void **state)
{
        struct cexpr_host host = { .operand = operand, .call = call_hook,
                                   .call_value = call_value_hook };
        struct cexpr_host named = { .operand = operand, .call = call_hook };
        struct cnum v;
        char why[160];
        struct { const char *text; int64_t want; int made; } ok[] = {
                { "(x + 0)(1, 2)", 703, 1 },        { "p->x(1)", 501, 1 },
                { "(x + 0)() + 1", 701, 1 },        { "f(1)(2)", 1002, 2 },
                { "(x + 0)(f(1))", 710, 2 },        { "0 && (x + 0)(1)", 0, 0 },
                { "(x + 0)(1)(2)", 70102, 2 },      { "x(1)", 10, 1 },
        };

        (void)state;
        for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
                calls_made = 0;
                if (cexpr_eval_host(ok[i].text, false, &host, NULL, &v, why, sizeof(why)) != 0)
                        fail_msg("%s: %s", ok[i].text, why);
                assert_int_equal((int64_t)v.i, ok[i].want);
                assert_int_equal(calls_made, ok[i].made);
        }
        assert_int_equal(cexpr_eval_host("(0 + 0)(1)", false, &host, NULL, &v, why, sizeof(why)),
                         -1);
        assert_string_equal(why, "Invalid data type for function to be called.");
        calls_made = 0;
        assert_int_equal(cexpr_eval_host("(x + 0)(1", false, &host, NULL, &v, why, sizeof(why)),
                         -2);
        assert_int_equal(cexpr_eval_host("f(1) + (x + 0)(1,", false, &host, NULL, &v, why,
                                         sizeof(why)),
                         -2);
        assert_int_equal(calls_made, 0);
        assert_int_equal(cexpr_eval_host("(x + 0)(1)", false, &named, NULL, &v, why, sizeof(why)),
                         -2);
        assert_string_equal(why, "calls of the program's functions are not evaluated in a "
                                 "breakpoint's condition");
}

/* Methods: o.get(n) is o's address plus 10 n; o.fp names a member, called through
 * (call_value: its value times 100 plus the arguments). */
static int call_method_hook(void *ctx, const struct cnum *obj, const char *name, size_t len,
                            const struct cnum *args, size_t nargs, const struct cnum *cast,
                            struct cnum *ret, char *why, size_t whylen)
{
        (void)ctx;
        (void)cast;
        calls_made++;
        if (len == 2 && !memcmp(name, "fp", 2))
                return 1;
        if (len != 3 || memcmp(name, "get", 3)) {
                snprintf(why, whylen, "Couldn't find method %.*s", (int)len, name);
                return -1;
        }
        *ret = (struct cnum){ .size = 4, .i = obj->addr + (nargs ? 10 * args[0].i : 0) };
        return 0;
}

/* Operands for .* and ->*: o an object in memory at 100 of a host type, op a pointer to
 * it, m a pointer to data member (offset 8, of a host type), x the plain int 7. */
static const struct cexpr_type host_type = { .unit = &host_type, .off = 1 };

static int memptr_operand(void *ctx, const char *text, size_t len, struct cnum *ret,
                          char *why, size_t whylen)
{
        if (len == 1 && text[0] == 'o')
                *ret = (struct cnum){ .object = true, .lval = true, .addr = 100, .size = 16,
                                      .type = host_type };
        else if (len == 2 && !memcmp(text, "op", 2))
                *ret = (struct cnum){ .ptr = 'p', .size = 8, .i = 100, .elem = 16,
                                      .type = host_type };
        else if (len == 1 && text[0] == 'm')
                *ret = (struct cnum){ .size = 8, .i = 8, .type = host_type };
        else if (len == 4 && !memcmp(text, "o.fp", 4))
                *ret = (struct cnum){ .size = 8, .i = 3 };
        else
                return operand(ctx, text, len, ret, why, whylen);
        return 0;
}

/* The host: *op is o, which is no array; o.*m an int, o's address plus m's offset. */
static int memptr_op(void *ctx, enum cexpr_op op, const struct cnum *v, const char *name,
                     size_t len, struct cnum *ret, char *why, size_t whylen)
{
        (void)ctx;
        (void)name;
        (void)len;
        if (op == CEXPR_DEREF && v->i == 100) {
                *ret = (struct cnum){ .object = true, .lval = true, .addr = 100, .size = 16,
                                      .type = host_type };
                return 0;
        }
        if (op == CEXPR_MEMBER && len == 2 && !memcmp(name, "fp", 2)) {
                *ret = (struct cnum){ .size = 8, .i = 3 };
                return 0;
        }
        if (op == CEXPR_MEMPTR) {
                *ret = (struct cnum){ .size = 4, .i = v->addr + ret->i };
                return 0;
        }
        if (op == CEXPR_TYPE)
                return 1;
        if (op == CEXPR_DECAY) { /* o is no array */
                *ret = *v;
                return 0;
        }
        snprintf(why, whylen, "no such operation");
        return -1;
}

/* C++'s .* and ->*: tighter than *, looser than unary operators; the right side must
 * be a pointer to member (gdb's words), the left an object in memory. */
static void test_cexpr_member_pointer(void **state)
{
        struct cexpr_host host = { .operand = memptr_operand, .op = memptr_op };
        struct cnum v;
        char why[160];
        struct { const char *text; int64_t want; } ok[] = {
                { "o.*m", 108 },        { "op->*m", 108 },      { "o.*m + 1", 109 },
                { "o.*m * 2", 216 },    { "2 * op->*m", 216 },  { "(o.*m)", 108 },
                { "o .* m", 108 },      { "-(o.*m)", -108 },     { "(*(op)).*m", 108 },
        };

        (void)state;
        for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
                if (cexpr_eval_host(ok[i].text, true, &host, NULL, &v, why, sizeof(why)) != 0)
                        fail_msg("%s: %s", ok[i].text, why);
                assert_int_equal((int64_t)v.i, ok[i].want);
        }
        assert_int_equal(cexpr_eval_host("o.*x", true, &host, NULL, &v, why, sizeof(why)), -1);
        assert_string_equal(why, "non-pointer-to-member value used in pointer-to-member "
                                 "construct");
        assert_int_equal(cexpr_eval_host("o.*3", true, &host, NULL, &v, why, sizeof(why)), -1);
        assert_string_equal(why, "non-pointer-to-member value used in pointer-to-member "
                                 "construct");
        assert_int_equal(cexpr_eval_host("3 .* m", true, &host, NULL, &v, why, sizeof(why)),
                         -1);
        assert_string_equal(why, "Attempt to take address of value not located in memory.");
        assert_int_equal(cexpr_eval_host("o->*m", true, &host, NULL, &v, why, sizeof(why)),
                         -1);
        assert_string_equal(why, "Attempt to take contents of a non-pointer value.");
        assert_int_equal(cexpr_eval_host("x .* m", true, &host, NULL, &v, why, sizeof(why)),
                         -1);
        assert_int_equal(cexpr_eval_host("o.*", true, &host, NULL, &v, why, sizeof(why)), -2);
        assert_int_equal(cexpr_eval_host("o.*m.*", true, &host, NULL, &v, why, sizeof(why)),
                         -2);
        assert_int_equal(cexpr_eval_host("op->*", true, &host, NULL, &v, why, sizeof(why)), -2);
        assert_true(cexpr_is_arith("o.*m"));
        assert_true(cexpr_is_arith("op->*m"));
}

/* C++'s o.get(1), op->get(): the object's path, then the method called with it; a
 * member of that name called through its value; parsed first, run once. */
static void test_cexpr_methods(void **state)
{
        struct cexpr_host host = { .operand = memptr_operand, .op = memptr_op,
                                   .call_value = call_value_hook,
                                   .call_method = call_method_hook };
        struct cexpr_host none = { .operand = memptr_operand, .op = memptr_op };
        struct cnum v;
        char why[160];
        struct { const char *text; int64_t want; int made; } ok[] = {
                { "o.get(1)", 110, 1 },         { "op->get()", 100, 1 },
                { "o.get(2) * 2", 240, 1 },     { "o . get (1)", 110, 1 },
                { "(o).get(1)", 110, 1 },       { "o.get(o.get(0) - 100)", 100, 2 },
                { "o.fp(4)", 304, 2 },          { "0 && o.get(1)", 0, 0 },
        };

        (void)state;
        for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
                calls_made = 0;
                if (cexpr_eval_host(ok[i].text, true, &host, NULL, &v, why, sizeof(why)) != 0)
                        fail_msg("%s: %s", ok[i].text, why);
                assert_int_equal((int64_t)v.i, ok[i].want);
                assert_int_equal(calls_made, ok[i].made);
        }
        assert_int_equal(cexpr_eval_host("o.nosuch(1)", true, &host, NULL, &v, why,
                                         sizeof(why)),
                         -1);
        assert_string_equal(why, "Couldn't find method nosuch");
        assert_int_equal(cexpr_eval_host("x.get(1)", true, &host, NULL, &v, why, sizeof(why)),
                         -1);
        calls_made = 0;
        assert_int_equal(cexpr_eval_host("o.get(1", true, &host, NULL, &v, why, sizeof(why)),
                         -2);
        assert_int_equal(calls_made, 0);
        /* without the hooks (a breakpoint's condition), no call is an expression */
        assert_int_equal(cexpr_eval_host("o.get(1)", true, &none, NULL, &v, why, sizeof(why)),
                         -2);
        assert_string_equal(why, "calls of the program's functions are not evaluated in a "
                                 "breakpoint's condition");
}

/* mk(): a call whose value is an object no variable holds (at 200, not an lval) */
static int make_hook(void *ctx, const char *name, size_t len, const struct cnum *args,
                     size_t nargs, const struct cnum *cast, struct cnum *ret, char *why,
                     size_t whylen)
{
        (void)ctx;
        (void)args;
        (void)nargs;
        (void)cast;
        calls_made++;
        if (len != 2 || memcmp(name, "mk", 2)) {
                snprintf(why, whylen, "No symbol \"%.*s\" in current context.", (int)len, name);
                return -1;
        }
        *ret = (struct cnum){ .object = true, .addr = 200, .size = 16, .type = host_type };
        return 0;
}

/* A method of a call's value (K::make(3).get()) is the host's to run (it copies the
 * object to the program's memory); a method of a number is gdb's error. */
static void test_cexpr_method_of_value(void **state)
{
        struct cexpr_host host = { .operand = memptr_operand, .op = memptr_op,
                                   .call = make_hook, .call_value = call_value_hook,
                                   .call_method = call_method_hook };
        struct cnum v;
        char why[160];

        (void)state;
        calls_made = 0;
        assert_int_equal(cexpr_eval_host("mk().get(1)", true, &host, NULL, &v, why,
                                         sizeof(why)),
                         0);
        assert_int_equal(v.i, 210);
        assert_int_equal(calls_made, 2);
        calls_made = 0;
        assert_int_equal(cexpr_eval_host("mk().get(mk().get(0) - 200) + 1", true, &host, NULL,
                                         &v, why, sizeof(why)),
                         0);
        assert_int_equal(v.i, 201);
        assert_int_equal(calls_made, 4);
        calls_made = 0;
        assert_int_equal(cexpr_eval_host("x.get(1)", true, &host, NULL, &v, why, sizeof(why)),
                         -1);
        assert_string_equal(why, "Attempt to extract a component of a value that is not a "
                                 "struct or union");
        assert_int_equal(calls_made, 0);
        assert_int_equal(cexpr_eval_host("(1 + 2).get()", true, &host, NULL, &v, why,
                                         sizeof(why)),
                         -1);
        assert_string_equal(why, "Attempt to extract a component of a value that is not a "
                                 "struct or union");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_cexpr_precedence),
                cmocka_unit_test(test_cexpr_conversions),
                cmocka_unit_test(test_cexpr_casts),
                cmocka_unit_test(test_cexpr_bools),
                cmocka_unit_test(test_cexpr_errors),
                cmocka_unit_test(test_cexpr_short_circuit),
                cmocka_unit_test(test_cexpr_name_hook),
                cmocka_unit_test(test_cexpr_is_arith),
                cmocka_unit_test(test_cexpr_strings),
                cmocka_unit_test(test_cexpr_calls),
                cmocka_unit_test(test_cexpr_call_value),
                cmocka_unit_test(test_cexpr_member_pointer),
                cmocka_unit_test(test_cexpr_methods),
                cmocka_unit_test(test_cexpr_method_of_value),
                cmocka_unit_test(test_cexpr_complex),
                cmocka_unit_test(test_cexpr_int128),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
