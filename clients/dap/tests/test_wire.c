/* test_wire.c — DAP framing: whole messages out of bytes that arrive in any pieces, and
 * the malformed ones refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wire.h"

static void feed(struct dap_reader *r, const char *s)
{
        assert_int_equal(dap_feed(r, s, strlen(s)), 0);
}

static void test_wire_pieces(void **state)
{
        struct dap_reader r = { 0 };
        const char *two = "Content-Length: 12\r\n\r\n{\"seq\": 1.0}"
                          "content-length:8\r\nContent-Type: x\r\n\r\n{\"a\":[]}";
        json_t *m = NULL;

        (void)state;
        /* one byte at a time: nothing until the first body is whole */
        for (size_t i = 0; i < strlen(two); i++) {
                char c[2] = { two[i], 0 };

                feed(&r, c);
                if (i < 33)
                        assert_int_equal(dap_next(&r, &m), 0);
        }
        assert_int_equal(dap_next(&r, &m), 1);
        assert_true(json_is_real(json_object_get(m, "seq")));
        json_decref(m);
        assert_int_equal(dap_next(&r, &m), 1); /* any case, other headers ignored */
        assert_true(json_is_array(json_object_get(m, "a")));
        json_decref(m);
        assert_int_equal(dap_next(&r, &m), 0);
        dap_reader_free(&r);
}

static void test_wire_malformed(void **state)
{
        static const char *const bad[] = {
                "Content-Length: 2\r\n\r\n[]",           /* not an object */
                "Content-Length: x\r\n\r\n{}",           /* no number */
                "Content-Type: y\r\n\r\n{}",             /* no length */
                "Content-Length: 99999999999\r\n\r\n{}", /* too long */
                "Content-Length: 3\r\n\r\n{x}",          /* not JSON */
        };
        json_t *m = NULL;

        (void)state;
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                struct dap_reader r = { 0 };

                feed(&r, bad[i]);
                assert_int_equal(dap_next(&r, &m), -1);
                dap_reader_free(&r);
        }
}

static void test_wire_write(void **state)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        json_t *m = json_pack("{s:i}", "seq", 7);

        (void)state;
        assert_int_equal(dap_write(f, m), 0);
        fclose(f);
        assert_string_equal(buf, "Content-Length: 9\r\n\r\n{\"seq\":7}");
        json_decref(m);
        free(buf);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_wire_pieces),
                cmocka_unit_test(test_wire_malformed),
                cmocka_unit_test(test_wire_write),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
