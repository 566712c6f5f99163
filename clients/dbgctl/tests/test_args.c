/* test_args.c — dbgctl's command line and value parsers (args.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "args.h"

static int parse(struct dbgctl_args *a, char *err, size_t errlen, ...)
{
        char *argv[32];
        int argc = 0;
        va_list ap;
        char *s;

        argv[argc++] = (char *)"dbgctl";
        va_start(ap, errlen);
        while ((s = va_arg(ap, char *)))
                argv[argc++] = s;
        va_end(ap);
        argv[argc] = NULL;
        return dbgctl_args_parse(argc, argv, a, err, errlen);
}

#define PARSE(a, err, ...) parse(a, err, sizeof(err), __VA_ARGS__, (char *)NULL)

static void test_args_no_command_is_prompt(void **state)
{
        struct dbgctl_args a;
        char err[256];

        assert_int_equal(parse(&a, err, sizeof(err), (char *)NULL), 0);
        assert_null(a.command);
        assert_false(a.json);
        dbgctl_args_free(&a);
}

static void test_args_globals_anywhere(void **state)
{
        struct dbgctl_args a;
        char err[256];

        assert_int_equal(PARSE(&a, err, "--url", "unix:/s", "regs", "1", "rip", "--json",
                               "--token=abc", "rsp"),
                         0);
        assert_string_equal(a.command, "regs");
        assert_string_equal(a.url, "unix:/s");
        assert_string_equal(a.token, "abc");
        assert_true(a.json);
        assert_int_equal(a.n_pos, 3);
        assert_string_equal(a.pos[0], "1");
        assert_string_equal(a.pos[1], "rip");
        assert_string_equal(a.pos[2], "rsp");
        dbgctl_args_free(&a);
}

static void test_args_spawn_program_options_are_its_own(void **state)
{
        struct dbgctl_args a;
        char err[256];

        assert_int_equal(PARSE(&a, err, "spawn", "--stop", "main", "./prog", "--json", "-v"),
                         0);
        assert_string_equal(a.stop, "main");
        assert_false(a.json);
        assert_int_equal(a.n_pos, 3);
        assert_string_equal(a.pos[0], "./prog");
        assert_string_equal(a.pos[1], "--json");
        assert_string_equal(a.pos[2], "-v");
        dbgctl_args_free(&a);
}

static void test_args_double_dash(void **state)
{
        struct dbgctl_args a;
        char err[256];

        assert_int_equal(PARSE(&a, err, "debug", "--", "--weird-name", "x"), 0);
        assert_string_equal(a.command, "debug");
        assert_int_equal(a.n_pos, 2);
        assert_string_equal(a.pos[0], "--weird-name");
        dbgctl_args_free(&a);
}

static void test_args_command_options(void **state)
{
        struct dbgctl_args a;
        char err[256];

        assert_int_equal(PARSE(&a, err, "cont", "1", "--no-wait", "--timeout", "2.5",
                               "--signal", "SIGINT"),
                         0);
        assert_true(a.no_wait);
        assert_true(a.timeout > 2.4 && a.timeout < 2.6);
        assert_string_equal(a.signal, "SIGINT");
        assert_int_equal(a.count, -1);
        dbgctl_args_free(&a);

        assert_int_equal(PARSE(&a, err, "step", "1", "--count", "100"), 0);
        assert_int_equal(a.count, 100);
        dbgctl_args_free(&a);

        assert_int_equal(PARSE(&a, err, "regs", "1", "--set", "rax=0x10", "--set", "rbx=2"),
                         0);
        assert_int_equal(a.n_sets, 2);
        assert_string_equal(a.sets[1], "rbx=2");
        dbgctl_args_free(&a);

        assert_int_equal(PARSE(&a, err, "run", "--no-stdin", "--report", "r.json", "--",
                               "prog", "--no-stdin"),
                         0);
        assert_true(a.no_stdin);
        assert_string_equal(a.report_file, "r.json");
        assert_int_equal(a.n_pos, 2); /* the program's own --no-stdin is its argument */
        dbgctl_args_free(&a);
        assert_int_equal(PARSE(&a, err, "run", "prog"), 0);
        assert_false(a.no_stdin);
        dbgctl_args_free(&a);
        assert_int_equal(PARSE(&a, err, "step", "1", "--no-stdin"), -1);

        /* break's filters: --if (gdb's word) or --condition, --ignore */
        assert_int_equal(PARSE(&a, err, "break", "1", "visit", "--if", "r->id == 5",
                               "--ignore", "2"),
                         0);
        assert_string_equal(a.condition, "r->id == 5");
        assert_int_equal(a.ignore, 2);
        dbgctl_args_free(&a);
        assert_int_equal(PARSE(&a, err, "break", "1", "visit", "--condition", "-n > 1"), 0);
        assert_string_equal(a.condition, "-n > 1");
        assert_int_equal(a.ignore, -1);
        dbgctl_args_free(&a);
        assert_int_equal(PARSE(&a, err, "break", "1", "visit", "--ignore", "x"), -1);
        assert_non_null(strstr(err, "--ignore: expected a number"));
        assert_int_equal(PARSE(&a, err, "cont", "1", "--if", "x"), -1);
}

static void test_args_errors(void **state)
{
        struct dbgctl_args a;
        char err[256];

        assert_int_equal(PARSE(&a, err, "frobnicate"), -1);
        assert_non_null(strstr(err, "unknown command 'frobnicate'"));
        /* an option of another command */
        assert_int_equal(PARSE(&a, err, "regs", "1", "--count", "3"), -1);
        assert_non_null(strstr(err, "unknown option '--count' for regs"));
        assert_int_equal(PARSE(&a, err, "step", "1", "--count", "x"), -1);
        assert_non_null(strstr(err, "--count"));
        assert_int_equal(PARSE(&a, err, "step", "1", "--count"), -1);
        assert_non_null(strstr(err, "needs a value"));
        assert_int_equal(PARSE(&a, err, "cont", "1", "--no-wait=yes"), -1);
        assert_int_equal(PARSE(&a, err, "peek", "1"), -1);
        assert_non_null(strstr(err, "usage: dbgctl peek SESSION ADDR [LEN]"));
        assert_int_equal(PARSE(&a, err, "peek", "1", "0x10", "8", "9"), -1);
        assert_int_equal(PARSE(&a, err, "regs", "1", "--set", "rax"), -1);
        assert_int_equal(PARSE(&a, err, "output", "1", "--stream", "stdin"), -1);
        assert_int_equal(PARSE(&a, err, "-x"), -1);
        assert_int_equal(PARSE(&a, err, "cont", "1", "--timeout", "-1"), -1);
        /* print --format: gdb's letters only; not an option of other commands */
        assert_int_equal(PARSE(&a, err, "print", "1", "x", "--format", "xx"), -1);
        assert_non_null(strstr(err, "--format: expected one of x, d, u, o, t, c"));
        assert_int_equal(PARSE(&a, err, "print", "1", "x", "--format", "q"), -1);
        assert_int_equal(PARSE(&a, err, "regs", "1", "--format", "x"), -1);
        assert_int_equal(PARSE(&a, err, "print", "1", "x", "--format", "t"), 0);
        assert_string_equal(a.format, "t");
        dbgctl_args_free(&a);
        assert_int_equal(PARSE(&a, err, "locals", "1", "--format=x"), 0);
        assert_string_equal(a.format, "x");
        dbgctl_args_free(&a);
        assert_int_equal(PARSE(&a, err, "print", "1", "x"), 0);
        assert_null(a.format);
        dbgctl_args_free(&a);
        /* print's expression may begin with '-': what is none of its options is it */
        assert_int_equal(PARSE(&a, err, "print", "1", "-x", "--format", "x"), 0);
        assert_string_equal(a.pos[1], "-x");
        assert_string_equal(a.format, "x");
        dbgctl_args_free(&a);
        assert_int_equal(PARSE(&a, err, "print", "1", "--frame", "1", "-5"), 0);
        assert_string_equal(a.pos[1], "-5");
        assert_int_equal(a.frame, 1);
        dbgctl_args_free(&a);
        assert_int_equal(PARSE(&a, err, "print", "1", "-7 / 2", "-j"), 0);
        assert_string_equal(a.pos[1], "-7 / 2");
        assert_true(a.json);
        dbgctl_args_free(&a);
        assert_int_equal(PARSE(&a, err, "print", "-x", "1"), -1); /* before the session */
        assert_int_equal(PARSE(&a, err, "locals", "1", "-x"), -1); /* print's only */
}

static void test_args_thread_commands(void **state)
{
        struct dbgctl_args a;
        char err[256];

        assert_int_equal(PARSE(&a, err, "threads", "1"), 0);
        assert_string_equal(a.command, "threads");
        assert_int_equal(a.n_pos, 1);
        dbgctl_args_free(&a);
        assert_int_equal(PARSE(&a, err, "--json", "thread", "1", "4243"), 0);
        assert_string_equal(a.command, "thread");
        assert_true(a.json);
        assert_int_equal(a.n_pos, 2);
        assert_string_equal(a.pos[1], "4243");
        dbgctl_args_free(&a);
        assert_int_equal(PARSE(&a, err, "thread", "1"), -1);
        assert_non_null(strstr(err, "usage: dbgctl thread SESSION TID"));
        assert_int_equal(PARSE(&a, err, "threads"), -1);
        assert_non_null(strstr(err, "usage: dbgctl threads SESSION"));
        assert_int_equal(PARSE(&a, err, "threads", "1", "2"), -1);
        assert_int_equal(PARSE(&a, err, "thread", "1", "2", "--count", "3"), -1);
        assert_non_null(strstr(err, "unknown option '--count' for thread"));
}

static void test_args_help(void **state)
{
        struct dbgctl_args a;
        char err[256];

        assert_int_equal(PARSE(&a, err, "--help"), 0);
        assert_true(a.help);
        dbgctl_args_free(&a);
        assert_int_equal(PARSE(&a, err, "help", "peek"), 0);
        assert_true(a.help);
        assert_string_equal(a.command, "peek");
        dbgctl_args_free(&a);
        /* --help needs no positionals */
        assert_int_equal(PARSE(&a, err, "peek", "-h"), 0);
        assert_true(a.help);
        dbgctl_args_free(&a);
}

static void test_args_addr_parse(void **state)
{
        uint64_t v = 0;

        assert_int_equal(dbgctl_addr_parse("0x401126", &v), 0);
        assert_int_equal(v, 0x401126);
        assert_int_equal(dbgctl_addr_parse("0XfFfF", &v), 0);
        assert_int_equal(v, 0xffff);
        assert_int_equal(dbgctl_addr_parse("0xffffffffffffffff", &v), 0);
        assert_true(v == UINT64_MAX);
        assert_int_equal(dbgctl_addr_parse("401126", &v), DBGCTL_ADDR_NO_PREFIX);
        assert_int_equal(dbgctl_addr_parse("main", &v), DBGCTL_ADDR_NO_PREFIX);
        assert_int_equal(dbgctl_addr_parse("", &v), DBGCTL_ADDR_NO_PREFIX);
        assert_int_equal(dbgctl_addr_parse("0x", &v), DBGCTL_ADDR_BAD);
        assert_int_equal(dbgctl_addr_parse("0xzz", &v), DBGCTL_ADDR_BAD);
        assert_int_equal(dbgctl_addr_parse("0x12g", &v), DBGCTL_ADDR_BAD);
        assert_int_equal(dbgctl_addr_parse("0x10000000000000000", &v), DBGCTL_ADDR_BAD);
        assert_int_equal(dbgctl_addr_parse("0x-1", &v), DBGCTL_ADDR_BAD);

        assert_int_equal(dbgctl_addr_parse_any("4198694", &v), 0);
        assert_int_equal(v, 4198694);
        assert_int_equal(dbgctl_addr_parse_any("0x10", &v), 0);
        assert_int_equal(v, 16);
        assert_int_equal(dbgctl_addr_parse_any("-1", &v), -1);
        assert_int_equal(dbgctl_addr_parse_any("12abc", &v), -1);
        assert_int_equal(dbgctl_addr_parse_any("99999999999999999999999", &v), -1);
}

static void test_args_numbers(void **state)
{
        long long n;
        double d;

        assert_int_equal(dbgctl_uint_parse("0", &n), 0);
        assert_int_equal(n, 0);
        assert_int_equal(dbgctl_uint_parse("42", &n), 0);
        assert_int_equal(n, 42);
        assert_int_equal(dbgctl_uint_parse("-1", &n), -1);
        assert_int_equal(dbgctl_uint_parse("4x", &n), -1);
        assert_int_equal(dbgctl_uint_parse("", &n), -1);
        assert_int_equal(dbgctl_seconds_parse("0.25", &d), 0);
        assert_true(d == 0.25);
        assert_int_equal(dbgctl_seconds_parse("inf", &d), -1);
        assert_int_equal(dbgctl_seconds_parse("nan", &d), -1);
        assert_int_equal(dbgctl_seconds_parse("1e999", &d), -1);
}

static void test_args_hex_normalize(void **state)
{
        char out[32];

        assert_int_equal(dbgctl_hex_normalize("9090", out, sizeof(out)), 2);
        assert_string_equal(out, "9090");
        assert_int_equal(dbgctl_hex_normalize("0xCC 90 ab", out, sizeof(out)), 3);
        assert_string_equal(out, "cc90ab");
        assert_int_equal(dbgctl_hex_normalize("909", out, sizeof(out)), -1);
        assert_int_equal(dbgctl_hex_normalize("zz", out, sizeof(out)), -1);
        assert_int_equal(dbgctl_hex_normalize("", out, sizeof(out)), -1);
        assert_int_equal(dbgctl_hex_normalize("aabbccdd", out, 8), -1); /* no room */
}

static void test_args_state_dir(void **state)
{
        char *s;

        s = dbgctl_state_dir("/opt", "/env", "/run/user/1", "/home/u");
        assert_string_equal(s, "/opt");
        free(s);
        s = dbgctl_state_dir(NULL, "/env", "/run/user/1", "/home/u");
        assert_string_equal(s, "/env");
        free(s);
        s = dbgctl_state_dir(NULL, "", "/run/user/1", "/home/u");
        assert_string_equal(s, "/run/user/1/dbgd");
        free(s);
        s = dbgctl_state_dir(NULL, NULL, NULL, "/home/u");
        assert_string_equal(s, "/home/u/.local/state/dbgd");
        free(s);
        assert_null(dbgctl_state_dir(NULL, NULL, "", NULL));
}

static void test_args_split_assignment(void **state)
{
        size_t n;

        assert_int_equal(dbgctl_split_assignment("rax=1", &n), 0);
        assert_int_equal(n, 3);
        assert_int_equal(dbgctl_split_assignment("a==", &n), 0);
        assert_int_equal(n, 1);
        assert_int_equal(dbgctl_split_assignment("=1", &n), -1);
        assert_int_equal(dbgctl_split_assignment("rax", &n), -1);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_args_no_command_is_prompt),
                cmocka_unit_test(test_args_globals_anywhere),
                cmocka_unit_test(test_args_spawn_program_options_are_its_own),
                cmocka_unit_test(test_args_double_dash),
                cmocka_unit_test(test_args_command_options),
                cmocka_unit_test(test_args_errors),
                cmocka_unit_test(test_args_thread_commands),
                cmocka_unit_test(test_args_help),
                cmocka_unit_test(test_args_addr_parse),
                cmocka_unit_test(test_args_numbers),
                cmocka_unit_test(test_args_hex_normalize),
                cmocka_unit_test(test_args_state_dir),
                cmocka_unit_test(test_args_split_assignment),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
