/* test_srcfile.c — srcfile.c's pure parts: which names a client's file name matches (as
 * gdb's `list` matches them), and a file's lines as `source` answers them (line ends,
 * cut lines, bytes that are not UTF-8, bounds). The files are written here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errors.h"
#include "srcfile.h"

static void test_srcfile_matches(void **st)
{
        (void)st;
        /* relative: the path's last whole components */
        assert_true(srcfile_matches("/src/proj/loop.c", "loop.c"));
        assert_true(srcfile_matches("/src/proj/loop.c", "proj/loop.c"));
        assert_false(srcfile_matches("/src/proj/loop.c", "oop.c"));
        assert_false(srcfile_matches("/src/proj/loop.c", "roj/loop.c"));
        /* as the debug info spells it, "..", or once normalised */
        assert_true(srcfile_matches("/b/build/../src/x.c", "../src/x.c"));
        assert_true(srcfile_matches("/b/build/../src/x.c", "src/x.c"));
        assert_true(srcfile_matches("/b/build/../src/x.c", "b/src/x.c"));
        /* a relative want is not normalised (gdb's is not) */
        assert_false(srcfile_matches("/src/proj/loop.c", "proj/../proj/loop.c"));
        assert_false(srcfile_matches("/src/proj/loop.c", "../../etc/passwd"));
        assert_false(srcfile_matches("/src/proj/loop.c", "loop.c/../../../etc/passwd"));
        /* absolute: the same path once both are normalised */
        assert_true(srcfile_matches("/src/proj/loop.c", "/src/proj/loop.c"));
        assert_true(srcfile_matches("/src/proj/loop.c", "/src/./proj//loop.c"));
        assert_true(srcfile_matches("/src/proj/loop.c", "/src/x/../proj/loop.c"));
        assert_true(srcfile_matches("/src/proj/loop.c", "/../src/proj/loop.c"));
        assert_true(srcfile_matches("/b/build/../src/x.c", "/b/src/x.c"));
        assert_false(srcfile_matches("/src/proj/loop.c", "/proj/loop.c"));
        assert_false(srcfile_matches("/src/proj/loop.c", "/src/proj/loop.c/.."));
        assert_false(srcfile_matches("/src/proj/loop.c", "/src/proj/loop.c/../../../etc/passwd"));
        assert_false(srcfile_matches("/src/proj/loop.c", "/etc/passwd"));
        /* nothing names everything */
        assert_false(srcfile_matches("/src/proj/loop.c", ""));
        assert_false(srcfile_matches("/src/proj/loop.c", "/"));
        assert_false(srcfile_matches("/src/proj/loop.c", "."));
        /* a name the debug info gives without a directory */
        assert_true(srcfile_matches("../include/stdio.h", "stdio.h"));
        assert_true(srcfile_matches("../include/stdio.h", "../include/stdio.h"));
        assert_false(srcfile_matches("../include/stdio.h", "/include/stdio.h"));
}

/* srcfile_find's modules: a fake names_of, the names as two modules' file tables give
 * them (the second one's relative names are a unit's without a directory). */
static const char *const exe_names[] = { "/src/proj/loop.c", "/src/proj/util.h" };
static const char *const lib_names[] = { "../csu/start.c", "/build/lib/./io/write.c",
                                         "/build/lib/loop.c", "/usr/include/stdio.h" };

static int fake_names(const char *module, const char *const **ret_names, size_t *ret_n,
                      bool *ret_dwarf)
{
        if (strcmp(module, "/bin/exe") == 0) {
                *ret_names = exe_names;
                *ret_n = 2;
                *ret_dwarf = true;
                return 0;
        }
        if (strcmp(module, "/lib/libx.so") == 0) {
                *ret_names = lib_names;
                *ret_n = 4;
                *ret_dwarf = true;
                return 0;
        }
        if (strcmp(module, "/lib/nodebug.so") == 0) {
                *ret_names = NULL;
                *ret_n = 0;
                *ret_dwarf = false;
                return 0;
        }
        return -ENOENT;
}

static void expect_found(const char *const *mods, size_t n, const char *want,
                         const char *path)
{
        char *got = NULL;
        bool dwarf = false;

        assert_int_equal(srcfile_find(mods, n, want, fake_names, &got, &dwarf), 0);
        assert_string_equal(got, path);
        assert_true(dwarf);
        free(got);
}

static void test_srcfile_find(void **st)
{
        const char *mods[] = { "/bin/exe", "/gone.so", "/lib/libx.so" };
        const char *bare[] = { "/lib/nodebug.so", "/gone.so" };
        char *got = NULL;
        bool dwarf = true;

        (void)st;
        /* the executable's first, then the libraries' */
        expect_found(mods, 3, "loop.c", "/src/proj/loop.c");
        expect_found(mods, 3, "lib/loop.c", "/build/lib/loop.c");
        expect_found(mods, 3, "stdio.h", "/usr/include/stdio.h");
        /* a name given with "." components matches as spelt and normalised */
        expect_found(mods, 3, "io/write.c", "/build/lib/./io/write.c");
        expect_found(mods, 3, "/build/lib/io/write.c", "/build/lib/./io/write.c");
        /* one without its directory comes only after every module's absolute names */
        expect_found(mods, 3, "start.c", "../csu/start.c");
        /* not named: NO_SYMBOL, and whether any module had line tables */
        assert_int_equal(srcfile_find(mods, 3, "/etc/passwd", fake_names, &got, &dwarf),
                         -ERR_NO_SYMBOL);
        assert_true(dwarf);
        assert_int_equal(srcfile_find(bare, 2, "loop.c", fake_names, &got, &dwarf),
                         -ERR_NO_SYMBOL);
        assert_false(dwarf);
        assert_null(got);
}

static char *write_tmp(const void *data, size_t len)
{
        char *path = strdup("/tmp/dbgd-srcfile-XXXXXX");
        int fd = mkstemp(path);

        assert_true(fd >= 0);
        assert_int_equal(write(fd, data, len), (ssize_t)len);
        close(fd);
        return path;
}

static void test_srcfile_lines(void **st)
{
        static const char text[] = "one\r\ntwo\n\ncaf\xe9 \xc3\xa9\nlast";
        char *path = write_tmp(text, sizeof(text) - 1);
        json_t *lines, *cut;
        size_t total;

        (void)st;
        assert_int_equal(srcfile_lines(path, 1, 100, &lines, &total, &cut), 0);
        assert_int_equal(total, 5);
        assert_int_equal(json_array_size(lines), 5);
        assert_string_equal(json_string_value(json_array_get(lines, 0)), "one");
        assert_string_equal(json_string_value(json_array_get(lines, 2)), "");
        /* a Latin-1 byte is U+FFFD; the UTF-8 one stays */
        assert_string_equal(json_string_value(json_array_get(lines, 3)),
                            "caf\xef\xbf\xbd \xc3\xa9");
        assert_string_equal(json_string_value(json_array_get(lines, 4)), "last");
        assert_int_equal(json_array_size(cut), 0);
        json_decref(lines);
        json_decref(cut);
        /* a window, and one past the end */
        assert_int_equal(srcfile_lines(path, 2, 2, &lines, &total, &cut), 0);
        assert_int_equal(json_array_size(lines), 2);
        assert_string_equal(json_string_value(json_array_get(lines, 0)), "two");
        json_decref(lines);
        json_decref(cut);
        assert_int_equal(srcfile_lines(path, 5, 10, &lines, &total, &cut), 0);
        assert_int_equal(json_array_size(lines), 1);
        json_decref(lines);
        json_decref(cut);
        total = 0;
        assert_int_equal(srcfile_lines(path, 6, 1, &lines, &total, &cut), -ERANGE);
        assert_int_equal(total, 5);
        unlink(path);
        assert_int_equal(srcfile_lines(path, 1, 1, &lines, &total, &cut), -ENOENT);
        free(path);
        assert_int_equal(srcfile_lines("/tmp", 1, 1, &lines, &total, &cut), -EISDIR);
        assert_int_equal(srcfile_lines("/dev/null", 1, 1, &lines, &total, &cut), -EINVAL);
}

static void test_srcfile_lines_long_and_empty(void **st)
{
        size_t n = SRCFILE_MAX_LINE_BYTES + 10, total;
        char *buf = malloc(n + 3), *path;
        json_t *lines, *cut;

        (void)st;
        memset(buf, 'x', n);
        memcpy(buf + n, "\ny\n", 3);
        path = write_tmp(buf, n + 3);
        assert_int_equal(srcfile_lines(path, 1, 10, &lines, &total, &cut), 0);
        assert_int_equal(total, 2);
        assert_int_equal(strlen(json_string_value(json_array_get(lines, 0))),
                         SRCFILE_MAX_LINE_BYTES);
        assert_int_equal(json_array_size(cut), 1);
        assert_int_equal(json_integer_value(json_array_get(cut, 0)), 1);
        json_decref(lines);
        json_decref(cut);
        unlink(path);
        free(path);
        free(buf);
        /* an empty file has no lines, and line 1 of it is no error */
        path = write_tmp("", 0);
        assert_int_equal(srcfile_lines(path, 1, 10, &lines, &total, &cut), 0);
        assert_int_equal(total, 0);
        assert_int_equal(json_array_size(lines), 0);
        json_decref(lines);
        json_decref(cut);
        assert_int_equal(srcfile_lines(path, 2, 10, &lines, &total, &cut), -ERANGE);
        unlink(path);
        free(path);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_srcfile_matches),
                cmocka_unit_test(test_srcfile_find),
                cmocka_unit_test(test_srcfile_lines),
                cmocka_unit_test(test_srcfile_lines_long_and_empty),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
