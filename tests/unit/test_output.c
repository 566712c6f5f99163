/* test_output.c — the bounded output rings and the wire encodings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "encode.h"
#include "output.h"
#include "regs.h"

static void read_all(struct output_ring *r, uint64_t from, const char *want, uint64_t want_start)
{
        char *b;
        size_t len;
        uint64_t start;

        assert_int_equal(output_ring_read(r, from, &b, &len, &start), 0);
        assert_int_equal(len, strlen(want));
        assert_memory_equal(b, want, len);
        assert_int_equal(start, want_start);
        free(b);
}

static void test_output_ring_small(void **state)
{
        struct output_ring r;

        output_ring_init(&r, 16);
        assert_int_equal(output_ring_append(&r, "hello ", 6), 0);
        assert_int_equal(output_ring_append(&r, "world", 5), 0);
        read_all(&r, 0, "hello world", 0);
        read_all(&r, 6, "world", 6);
        read_all(&r, 100, "", 11);
        output_ring_free(&r);
}

static void test_output_ring_wraps_and_drops_oldest(void **state)
{
        struct output_ring r;

        output_ring_init(&r, 8);
        output_ring_append(&r, "0123456789", 10); /* longer than cap: only the tail */
        read_all(&r, 0, "23456789", 2);
        output_ring_append(&r, "abc", 3);
        read_all(&r, 0, "56789abc", 5);
        read_all(&r, 9, "9abc", 9);
        assert_int_equal(r.total, 13);
        output_ring_free(&r);
}

static void test_output_ring_room(void **state)
{
        struct output_ring r;

        (void)state;
        output_ring_init(&r, 8);
        assert_int_equal(output_ring_room(&r), SIZE_MAX); /* drops: always room */
        r.block = true;
        assert_int_equal(output_ring_room(&r), 8);
        assert_int_equal(output_ring_append(&r, "abcde", 5), 0);
        assert_int_equal(output_ring_room(&r), 3);
        assert_int_equal(output_ring_append(&r, "fgh", 3), 0);
        assert_int_equal(output_ring_room(&r), 0);
        output_ring_mark_read(&r, 2);
        assert_int_equal(output_ring_room(&r), 2);
        output_ring_mark_read(&r, 1); /* never backwards */
        assert_int_equal(output_ring_room(&r), 2);
        output_ring_mark_read(&r, 99); /* never past what was written */
        assert_int_equal(r.read, 8);
        assert_int_equal(output_ring_room(&r), 8);
        assert_int_equal(output_ring_append(&r, "ij", 2), 0);
        read_all(&r, 2, "cdefghij", 2);
        output_ring_free(&r);
}

static void test_output_ring_many_small_appends(void **state)
{
        struct output_ring r;
        char want[101];

        output_ring_init(&r, 100);
        for (int i = 0; i < 1000; i++) {
                char c = (char)('a' + i % 26);
                output_ring_append(&r, &c, 1);
        }
        for (int i = 0; i < 100; i++)
                want[i] = (char)('a' + (900 + i) % 26);
        want[100] = 0;
        read_all(&r, 0, want, 900);
        assert_true(r.alloc <= 100);
        output_ring_free(&r);
}

static void test_output_encode_hex_base64(void **state)
{
        const uint8_t bytes[] = { 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x00, 0xff };
        uint8_t *b;
        size_t n;
        char *s = encode_hex(bytes, sizeof(bytes));

        assert_string_equal(s, "48656c6c6f00ff");
        assert_int_equal(decode_hex(s, &b, &n), 0);
        assert_int_equal(n, sizeof(bytes));
        assert_memory_equal(b, bytes, n);
        free(b);
        free(s);
        assert_int_equal(decode_hex("0x0a0B", &b, &n), 0);
        assert_int_equal(n, 2);
        assert_int_equal(b[1], 0x0b);
        free(b);
        assert_int_equal(decode_hex("abc", &b, &n), -EINVAL);
        assert_int_equal(decode_hex("zz", &b, &n), -EINVAL);

        for (size_t len = 0; len <= sizeof(bytes); len++) {
                s = encode_base64(bytes, len);
                assert_int_equal(decode_base64(s, &b, &n), 0);
                assert_int_equal(n, len);
                assert_memory_equal(b, bytes, len);
                free(b);
                free(s);
        }
        s = encode_base64((const uint8_t *)"Hello", 5);
        assert_string_equal(s, "SGVsbG8=");
        free(s);
        assert_int_equal(decode_base64("SGV$bG8=", &b, &n), -EINVAL);
        assert_int_equal(decode_base64("SG=V", &b, &n), -EINVAL);
}

static void test_output_utf8_repair(void **state)
{
        size_t n;
        char *s = encode_utf8_repair("ok \xc3\xa9 \xff!", 8, &n);

        assert_int_equal(n, 10);
        assert_memory_equal(s, "ok \xc3\xa9 \xef\xbf\xbd!", 10);
        free(s);
        /* Overlong encodings and surrogates are invalid. */
        s = encode_utf8_repair("\xc0\xaf\xed\xa0\x80", 5, &n);
        assert_int_equal(n, 15);
        free(s);
        /* NUL is kept. */
        s = encode_utf8_repair("a\0b", 3, &n);
        assert_int_equal(n, 3);
        assert_memory_equal(s, "a\0b", 3);
        free(s);
}

static void test_output_regs_table(void **state)
{
        struct user_regs_struct r = { 0 };

        assert_non_null(regs_find("rip"));
        assert_ptr_equal(regs_find("pc"), regs_find("rip"));
        assert_null(regs_find("xmm0"));
        regs_set(&r, regs_find("rsp"), 0x7fffffffe000);
        assert_int_equal(r.rsp, 0x7fffffffe000);
        assert_int_equal(regs_get(&r, regs_find("rsp")), 0x7fffffffe000);
        int n = 0;
        for (const struct regs_name *p = regs_names; p->name; p++)
                n++;
        assert_int_equal(n, 27);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_output_ring_small),
                cmocka_unit_test(test_output_ring_wraps_and_drops_oldest),
                cmocka_unit_test(test_output_ring_room),
                cmocka_unit_test(test_output_ring_many_small_appends),
                cmocka_unit_test(test_output_encode_hex_base64),
                cmocka_unit_test(test_output_utf8_repair),
                cmocka_unit_test(test_output_regs_table),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
