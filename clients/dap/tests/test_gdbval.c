/* test_gdbval.c — gdb's value text split into its members and elements, one level at a
 * time: the texts below are what gdb 13 (and dbgd) print for the fixtures' values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gdbval.h"

/* The parts of text as "name=value" (or "value", "value*N" for repeats) joined by
 * " | ", with "[array]" or "[struct]" first and "..." last when cut short; NULL for a
 * scalar. */
static char *show(const char *text)
{
        json_t *v = gdbval_parse(text), *it;
        static char buf[8192];
        size_t i, len;

        if (!v)
                return NULL;
        len = (size_t)snprintf(buf, sizeof(buf), "%s",
                               json_is_true(json_object_get(v, "array")) ? "[array]"
                                                                          : "[struct]");
        json_array_foreach(json_object_get(v, "items"), i, it) {
                const char *name = json_string_value(json_object_get(it, "name"));
                json_int_t rep = json_integer_value(json_object_get(it, "repeats"));

                len += (size_t)snprintf(buf + len, sizeof(buf) - len, " | %s%s%s", name ?: "",
                                        name ? "=" : "",
                                        json_string_value(json_object_get(it, "value")));
                if (rep)
                        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "*%lld",
                                                (long long)rep);
        }
        if (json_is_true(json_object_get(v, "more")))
                snprintf(buf + len, sizeof(buf) - len, " | ...");
        json_decref(v);
        return buf;
}

static void check(const char *text, const char *want)
{
        char *got = show(text);

        if (!want) {
                assert_null(got);
                assert_false(gdbval_is_aggregate(text));
                return;
        }
        assert_non_null(got);
        assert_string_equal(got, want);
        assert_true(gdbval_is_aggregate(text));
}

static void test_gdbval_scalars(void **state)
{
        (void)state;
        check("3", NULL);
        check("97 'a'", NULL);
        check("0x404028 <counter>", NULL);
        check("(struct pt *) 0x7fffffffe448", NULL);
        check("0x402008 \"bobby, {x}\"", NULL);
        check("(RED | unknown: 0x8)", NULL);
        check("{int (int, int)} 0x401136 <add_ints>", NULL); /* a function */
        check("<optimized out>", NULL);
        check("std::vector of length 0, capacity 0", NULL);
        check("", NULL);
}

static void test_gdbval_structs(void **state)
{
        (void)state;
        check("{x = 3, y = 4}", "[struct] | x=3 | y=4");
        check("{name = \"bob\\000\\000\\000\\000\", age = 30, home = {x = 1, y = 2}, nick = "
              "0x402008 \"bobby\", where = 0x7fffffffe448}",
              "[struct] | name=\"bob\\000\\000\\000\\000\" | age=30 | home={x = 1, y = 2} | "
              "nick=0x402008 \"bobby\" | where=0x7fffffffe448");
        /* anonymous members: parts without a name in a struct */
        check("{kind = 2, {i = 40, f = 5.60519386e-44}, {lo = 7, hi = 9}}",
              "[struct] | kind=2 | {i = 40, f = 5.60519386e-44} | {lo = 7, hi = 9}");
        /* quotes, brackets and symbols hold commas, braces and " = " */
        check("{s = 0x4020 \"a, b = {c}\", c = 44 ',', d = 125 '}', q = 39 '\\'', "
              "f = 0x401136 <f(int, char)>, e = (RED | unknown: 0x8)}",
              "[struct] | s=0x4020 \"a, b = {c}\" | c=44 ',' | d=125 '}' | q=39 '\\'' | "
              "f=0x401136 <f(int, char)> | e=(RED | unknown: 0x8)");
        check("{a = 5, b = -3, c = true}", "[struct] | a=5 | b=-3 | c=true");
        check("{}", "[array]");
        check("{<No data fields>}", "[array]");
}

static void test_gdbval_arrays(void **state)
{
        (void)state;
        check("{10, 20, 30}", "[array] | 10 | 20 | 30");
        check("{1, 2, 0 <repeats 18 times>}", "[array] | 1 | 2 | 0*18");
        check("{{x = 1, y = 2}, {x = 0, y = 0} <repeats 10 times>}",
              "[array] | {x = 1, y = 2} | {x = 0, y = 0}*10");
        check("{{1, 2, 3}, {4, 5, 6}}", "[array] | {1, 2, 3} | {4, 5, 6}");
        check("{0x402004 \"a\", 0x402006 \"b\"}", "[array] | 0x402004 \"a\" | 0x402006 \"b\"");
        /* gdb's limit of 200 elements */
        check("{197, 198, 199...}", "[array] | 197 | 198 | 199 | ...");
        check("{{x = 1}, {x = 2}...}", "[array] | {x = 1} | {x = 2} | ...");
        /* strings of a char array (two side by side are two elements) */
        check("{\"ab\", \"cd\"}", "[array] | \"ab\" | \"cd\"");
        /* a designated element (a map's key) */
        check("{[1] = 10, [\"k, v\"] = 20}", "[struct] | [1]=10 | [\"k, v\"]=20");
}

static void test_gdbval_char_array_pieces(void **state)
{
        (void)state;
        /* a char array's pieces around a run are one value */
        check("{buf = \"tag\", '\\000' <repeats 28 times>, n = 5}",
              "[struct] | buf=\"tag\", '\\000' <repeats 28 times> | n=5");
        check("{buf = 'x' <repeats 12 times>, \"yz\", 'a' <repeats 20 times>}",
              "[struct] | buf='x' <repeats 12 times>, \"yz\", 'a' <repeats 20 times>");
        /* a string cut short by the limit stays the value's */
        check("{s = \"aaaa\"..., n = 1}", "[struct] | s=\"aaaa\"... | n=1");
        check("{n = 1, s = \"aaaa\"...}", "[struct] | n=1 | s=\"aaaa\"...");
}

static void test_gdbval_cxx(void **state)
{
        (void)state;
        check("{<Base> = {id = 1}, extra = 2}", "[struct] | <Base>={id = 1} | extra=2");
        check("{<std::_Vector_base<int, std::allocator<int> >> = {_M_impl = {x = 1}}, "
              "<No data fields>}",
              "[struct] | <std::_Vector_base<int, std::allocator<int> >>={_M_impl = {x = 1}}");
        check("{_vptr.Shape = 0x403d48 <vtable for Circle+16>, r = 2}",
              "[struct] | _vptr.Shape=0x403d48 <vtable for Circle+16> | r=2");
        /* pretty printers */
        check("std::vector of length 3, capacity 4 = {1, 2, 3}", "[array] | 1 | 2 | 3");
        check("std::map with 2 elements = {[1] = 2, [3] = 4}", "[struct] | [1]=2 | [3]=4");
        check("std::unique_ptr<int> = {get() = 0x4172b0}", "[struct] | get()=0x4172b0");
        check("{v = std::vector of length 2, capacity 2 = {1, 2}, s = \"hi\"}",
              "[struct] | v=std::vector of length 2, capacity 2 = {1, 2} | s=\"hi\"");
        check("{std::vector of length 1, capacity 1 = {7}, std::vector of length 0, capacity 0}",
              "[array] | std::vector of length 1, capacity 1 = {7} | "
              "std::vector of length 0, capacity 0");
}

static void test_gdbval_not_gdbs(void **state)
{
        (void)state;
        check("{x = 3", NULL);
        check("{x = \"3}", NULL);
        check("{x = (3}", NULL);
        check("{x = 3}}", NULL);
        check("{'}", NULL);
        check("{x = 3} tail", NULL);
        check("a = {", NULL);
        check("{1, 0 <repeats\v18, 2 <repeats 3 times>}", NULL); /* braces balance, parts do not */
}

static void test_gdbval_deep(void **state)
{
        char *s = malloc(2 * 100000 + 1);
        size_t i;

        (void)state;
        for (i = 0; i < 100000; i++) {
                s[i] = '{';
                s[2 * 100000 - 1 - i] = '}';
        }
        s[2 * 100000] = 0;
        assert_null(gdbval_parse(s)); /* too deep to be gdb's: refused, not a crash */
        free(s);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_gdbval_scalars),
                cmocka_unit_test(test_gdbval_structs),
                cmocka_unit_test(test_gdbval_arrays),
                cmocka_unit_test(test_gdbval_char_array_pieces),
                cmocka_unit_test(test_gdbval_cxx),
                cmocka_unit_test(test_gdbval_not_gdbs),
                cmocka_unit_test(test_gdbval_deep),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
