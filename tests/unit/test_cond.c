/* test_cond.c — breakpoint conditions: parsing, precedence, loads, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "cond.h"

static bool is_reg(const char *name)
{
        return strcmp(name, "rdi") == 0 || strcmp(name, "rsp") == 0 || strcmp(name, "rax") == 0;
}

static int reg(void *data, const char *name, uint64_t *ret)
{
        if (strcmp(name, "rdi") == 0)
                *ret = 3;
        else if (strcmp(name, "rsp") == 0)
                *ret = 0x1000;
        else
                *ret = (uint64_t)-2; /* rax */
        return 0;
}

/* Memory: 16 bytes at 0x1000: 01 02 ... 0f 10; byte 0x1008 is 0xff. */
static int mem(void *data, uint64_t addr, void *buf, size_t len)
{
        uint8_t *b = buf;

        if (addr < 0x1000 || addr + len > 0x1010)
                return -EFAULT;
        for (size_t i = 0; i < len; i++)
                b[i] = addr + i == 0x1008 ? 0xff : (uint8_t)(addr + i - 0x1000 + 1);
        return 0;
}

static const struct cond_env env = { .reg = reg, .mem = mem };

static int eval(const char *text)
{
        struct cond *c;
        char err[128];
        int r = cond_parse(text, is_reg, &c, err, sizeof(err));

        assert_int_equal(r, 0);
        r = cond_eval(c, &env);
        cond_free(c);
        return r;
}

static void parse_fails(const char *text, const char *want)
{
        struct cond *c = NULL;
        char err[128] = "";

        assert_int_equal(cond_parse(text, is_reg, &c, err, sizeof(err)), -EINVAL);
        assert_null(c);
        assert_non_null(strstr(err, want));
}

static void test_cond_arithmetic_and_precedence(void **state)
{
        assert_int_equal(eval("rdi == 3"), 1);
        assert_int_equal(eval("rdi != 3"), 0);
        assert_int_equal(eval("1 + 2 == 3 && 2 < 3"), 1);
        assert_int_equal(eval("0 || 0 && 1"), 0);
        assert_int_equal(eval("1 || 0 && 0"), 1);
        assert_int_equal(eval("(1 || 0) && 0"), 0);
        assert_int_equal(eval("rdi & 1"), 1);
        assert_int_equal(eval("(rdi | 4) == 7"), 1);
        assert_int_equal(eval("!rdi"), 0);
        assert_int_equal(eval("0x10 == 16"), 1);
        assert_int_equal(eval("rdi - 4 < 0"), 1);       /* signed */
        assert_int_equal(eval("rax < 0"), 1);
        assert_int_equal(eval("-rax == 2"), 1);
        assert_int_equal(eval("rdi >= 3 && rdi <= 3 && rdi > 2"), 1);
}

static void test_cond_memory(void **state)
{
        assert_int_equal(eval("u8[rsp] == 1"), 1);
        assert_int_equal(eval("u16[rsp] == 0x0201"), 1);
        assert_int_equal(eval("u32[rsp+4] == 0x08070605"), 1);
        assert_int_equal(eval("*rsp == 0x0807060504030201"), 1);
        assert_int_equal(eval("u8[rsp+8] == 255"), 1);
        assert_int_equal(eval("s8[rsp+8] == -1"), 1);
        assert_int_equal(eval("s8[rsp+8] < 0"), 1);
        /* Unreadable memory is an error, not false. */
        assert_true(eval("u8[0] == 0") < 0);
        /* ... unless short-circuited away. */
        assert_int_equal(eval("0 && u8[0]"), 0);
}

static void test_cond_parse_errors(void **state)
{
        parse_fails("", "expected");
        parse_fails("rdi ==", "expected");
        parse_fails("rbx == 1", "unknown register \"rbx\"");
        parse_fails("(rdi == 1", "expected \")\"");
        parse_fails("u8 rsp", "expected \"[\"");
        parse_fails("u8[rsp", "expected \"]\"");
        parse_fails("rdi == 1 1", "unexpected");
        parse_fails("12abc", "bad number");
        parse_fails("99999999999999999999999", "bad number");
        char deep[400];
        memset(deep, '(', sizeof(deep) - 1);
        deep[sizeof(deep) - 1] = 0;
        parse_fails(deep, "nested too deeply");
}

static void test_cond_text(void **state)
{
        struct cond *c;
        char err[64];

        assert_int_equal(cond_parse("rdi==3", is_reg, &c, err, sizeof(err)), 0);
        assert_string_equal(cond_text(c), "rdi==3");
        cond_free(c);
        cond_free(NULL);
}

/* The host's answer for a source condition: the text's length odd or even, < 0 for "?". */
static int source(void *data, const char *text)
{
        (void)data;
        return text[0] == '?' ? -EINVAL : (int)(strlen(text) % 2);
}

static void test_cond_source_is_the_hosts(void **state)
{
        const struct cond_env host = { .reg = reg, .mem = mem, .source = source };
        struct cond *c;

        (void)state;
        assert_int_equal(cond_source("r->id == 5", &c), 0); /* 10 characters */
        assert_true(cond_is_source(c));
        assert_string_equal(cond_text(c), "r->id == 5");
        assert_int_equal(cond_eval(c, &host), 0);
        cond_free(c);
        assert_int_equal(cond_source("n > 3", &c), 0);
        assert_int_equal(cond_eval(c, &host), 1);
        cond_free(c);
        assert_int_equal(cond_source("?", &c), 0);
        assert_int_equal(cond_eval(c, &host), -EINVAL);
        cond_free(c);
        /* a compiled one never asks the host */
        assert_int_equal(cond_parse("rdi == 3", is_reg, &c, (char[64]){ 0 }, 64), 0);
        assert_false(cond_is_source(c));
        assert_int_equal(cond_eval(c, &host), 1);
        cond_free(c);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_cond_arithmetic_and_precedence),
                cmocka_unit_test(test_cond_memory),
                cmocka_unit_test(test_cond_parse_errors),
                cmocka_unit_test(test_cond_text),
                cmocka_unit_test(test_cond_source_is_the_hosts),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
