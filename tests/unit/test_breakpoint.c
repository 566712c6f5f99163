/* test_breakpoint.c — the breakpoint table on this process's own memory (a buffer read
 * and written through /proc/self/mem, as the tracee's would be): step-overs counted so
 * that two threads stepping over one breakpoint cannot re-arm it under each other,
 * removed addresses remembered (moribund), the hold of a vfork, and what an exec does to
 * the table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "breakpoint.h"

#define INT3 0xcc

static uint8_t code[64] = { 0x55, 0x48, 0x89, 0xe5, 0x90, 0x90, 0x90, 0xc3 };

struct fixture {
        struct bp_table t;
        int memfd;
        unsigned hold;
        struct bp_mem m;
};

static int setup(void **state)
{
        struct fixture *f = calloc(1, sizeof(*f));

        bp_table_init(&f->t);
        f->memfd = -1;
        f->m = (struct bp_mem){ .pid = getpid(), .memfd = &f->memfd, .hold = &f->hold };
        memcpy(code, "\x55\x48\x89\xe5\x90\x90\x90\xc3", 8);
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        struct fixture *f = *state;

        bp_table_clear(&f->t);
        if (f->memfd >= 0)
                close(f->memfd);
        free(f);
        return 0;
}

static uint64_t at(int i)
{
        return (uint64_t)(uintptr_t)&code[i];
}

static void test_breakpoint_step_overs_are_counted(void **state)
{
        struct fixture *f = *state;
        struct breakpoint *b;

        assert_int_equal(bp_insert(&f->t, &f->m, at(0), false, false, &b), 0);
        assert_int_equal(code[0], INT3);
        assert_int_equal(b->orig, 0x55);
        /* two threads step over it: out at the first begin, back at the last end */
        assert_int_equal(bp_step_begin(&f->m, b), 0);
        assert_int_equal(bp_step_begin(&f->m, b), 0);
        assert_int_equal(code[0], 0x55);
        assert_true(bp_trapped(b)); /* an int3 run before it came out is still ours */
        bp_step_end(&f->m, b);
        assert_int_equal(code[0], 0x55); /* the second thread is still stepping */
        bp_step_end(&f->m, b);
        assert_int_equal(code[0], INT3);
        assert_int_equal(b->overs, 0);
        bp_step_end(&f->m, b); /* one too many changes nothing */
        assert_int_equal(code[0], INT3);
        assert_int_equal(b->overs, 0);
}

static void test_breakpoint_removed_ones_are_moribund(void **state)
{
        struct fixture *f = *state;
        struct breakpoint *b;

        assert_int_equal(bp_insert(&f->t, &f->m, at(1), false, false, &b), 0);
        assert_false(bp_moribund(&f->t, at(1)));
        assert_int_equal(bp_remove(&f->t, &f->m, b), 0);
        assert_int_equal(code[1], 0x48);
        assert_null(bp_find_addr(&f->t, at(1)));
        assert_true(bp_moribund(&f->t, at(1)));
        assert_false(bp_moribund(&f->t, at(2)));
        /* only the last BP_GONE_MAX are remembered */
        for (int i = 0; i < BP_GONE_MAX; i++) {
                assert_int_equal(bp_insert(&f->t, &f->m, at(16 + i), false, false, &b), 0);
                bp_remove(&f->t, &f->m, b);
        }
        assert_false(bp_moribund(&f->t, at(1)));
        assert_true(bp_moribund(&f->t, at(16)));
}

static void test_breakpoint_held_during_a_vfork(void **state)
{
        struct fixture *f = *state;
        struct breakpoint *b;

        f->hold = 1;
        assert_int_equal(bp_insert(&f->t, &f->m, at(2), false, false, &b), 0);
        assert_int_equal(code[2], 0x89); /* the child runs on this memory: no int3 */
        assert_true(b->held);
        assert_false(b->armed);
        f->hold = 0;
        assert_int_equal(bp_arm(&f->m, b), 0);
        assert_int_equal(code[2], INT3);
}

static void test_breakpoint_pending_and_exec(void **state)
{
        struct fixture *f = *state;
        struct breakpoint *by_symbol, *by_address, *internal, *pending, *other;
        int address_id;

        assert_int_equal(bp_insert(&f->t, &f->m, at(3), false, false, &by_symbol), 0);
        by_symbol->spec = strdup("tick");
        by_symbol->hits = 3;
        assert_int_equal(bp_insert(&f->t, &f->m, at(4), false, false, &by_address), 0);
        address_id = by_address->id;
        assert_int_equal(bp_insert(&f->t, &f->m, at(5), true, true, &internal), 0);
        assert_true(internal->internal);
        assert_int_equal(bp_insert_pending(&f->t, "cbrt", false, &pending), 0);
        assert_true(pending->pending);
        assert_int_equal(f->t.count, 3);
        /* a pending one has no address: nothing at 0 is it */
        assert_null(bp_find_addr(&f->t, 0));
        /* placed where another one is: it stays pending */
        assert_int_equal(bp_place_pending(&f->t, &f->m, pending, at(4)), -EEXIST);
        assert_true(pending->pending);
        assert_int_equal(bp_place_pending(&f->t, &f->m, pending, at(6)), 0);
        assert_false(pending->pending);
        assert_int_equal(code[6], INT3);
        assert_ptr_equal(bp_find_addr(&f->t, at(6)), pending);

        /* an exec: those set on symbols wait for the new image, the others go; the
         * memory is the old image's and is not touched */
        memset(code, 0, 8);
        assert_true(bp_table_exec(&f->t));
        assert_int_equal(f->t.count, 2);
        assert_null(bp_find_addr(&f->t, at(3)));
        assert_null(bp_find_addr(&f->t, at(6)));
        other = bp_find_id(&f->t, by_symbol->id);
        assert_ptr_equal(other, by_symbol);
        assert_true(other->pending);
        assert_false(other->armed);
        assert_int_equal(other->hits, 3);
        assert_string_equal(other->spec, "tick");
        assert_true(bp_find_id(&f->t, pending->id)->pending);
        assert_null(bp_find_id(&f->t, address_id));
        assert_null(bp_find_addr(&f->t, at(5))); /* dbgd's own went too */
        assert_int_equal(memcmp(code, "\0\0\0\0\0\0\0\0", 8), 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_breakpoint_step_overs_are_counted, setup,
                                                teardown),
                cmocka_unit_test_setup_teardown(test_breakpoint_removed_ones_are_moribund,
                                                setup, teardown),
                cmocka_unit_test_setup_teardown(test_breakpoint_held_during_a_vfork, setup,
                                                teardown),
                cmocka_unit_test_setup_teardown(test_breakpoint_pending_and_exec, setup,
                                                teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
