/* test_logmsg.c — a logpoint's message: {expressions} replaced by their values, the
 * escapes and what is not an expression left as written, the length bounded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "logmsg.h"

/* "<expr>" for any expression, and records how many were asked. */
static void fake_eval(const char *expr, char *out, size_t outlen, void *data)
{
        (*(int *)data)++;
        snprintf(out, outlen, "<%s>", expr);
}

static void check(const char *tmpl, const char *want, int want_evals)
{
        int evals = 0;
        char *s = logmsg_expand(tmpl, fake_eval, &evals);

        assert_non_null(s);
        assert_string_equal(s, want);
        assert_int_equal(evals, want_evals);
        free(s);
}

static void test_logmsg_expressions(void **state)
{
        (void)state;
        check("x is {x}, p->name is {p->name}", "x is <x>, p->name is <p->name>", 2);
        check("{a}{b}", "<a><b>", 2);
        check("no braces", "no braces", 0);
        check("", "", 0);
        /* nested braces are one expression; the outer pair closes it */
        check("v={f({1})} end", "v=<f({1})> end", 1);
}

static void test_logmsg_not_expressions(void **state)
{
        (void)state;
        check("\\{x\\} is {x}", "{x} is <x>", 1);
        check("open { never closed", "open { never closed", 0);
        check("empty {} stays", "empty {} stays", 0);
        check("a } alone", "a } alone", 0);
        check("trailing \\", "trailing \\", 0);
}

static void test_logmsg_bounded(void **state)
{
        size_t n = LOGMSG_MAX * 2;
        char *big = malloc(n + 1), *s, *expr;
        int evals = 0;

        (void)state;
        memset(big, 'a', n);
        big[n] = 0;
        s = logmsg_expand(big, fake_eval, &evals);
        assert_int_equal(strlen(s), LOGMSG_MAX);
        free(s);
        /* an expression longer than LOGMSG_EXPR_MAX is text, not evaluated */
        expr = malloc(LOGMSG_EXPR_MAX + 3);
        expr[0] = '{';
        memset(expr + 1, 'x', LOGMSG_EXPR_MAX);
        expr[LOGMSG_EXPR_MAX + 1] = '}';
        expr[LOGMSG_EXPR_MAX + 2] = 0;
        s = logmsg_expand(expr, fake_eval, &evals);
        assert_string_equal(s, expr);
        assert_int_equal(evals, 0);
        free(s);
        free(expr);
        free(big);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_logmsg_expressions),
                cmocka_unit_test(test_logmsg_not_expressions),
                cmocka_unit_test(test_logmsg_bounded),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
