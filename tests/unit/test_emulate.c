/* test_emulate.c — the instructions dbgd steps over without the trap flag. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "emulate.h"

static struct user_regs_struct regs0(void)
{
        struct user_regs_struct r;

        memset(&r, 0, sizeof(r));
        r.rip = 0x401000;
        r.rsp = 0x7ffe0000;
        r.rbp = 0x7ffe0100;
        r.rbx = 0xbbbb;
        r.r12 = 0x1212;
        return r;
}

static void test_emulate_push_rbp(void **state)
{
        const uint8_t insn[] = { 0x55, 0x48, 0x89, 0xe5 };
        struct user_regs_struct r = regs0();
        struct emu_effect e;

        assert_true(emulate_insn(insn, sizeof(insn), &r, &e));
        assert_int_equal(r.rip, 0x401001);
        assert_int_equal(r.rsp, 0x7ffe0000 - 8);
        assert_true(e.store);
        assert_int_equal(e.store_addr, 0x7ffe0000 - 8);
        assert_int_equal(e.store_value, 0x7ffe0100);
}

static void test_emulate_push_rsp_and_r12(void **state)
{
        const uint8_t push_rsp[] = { 0x54 }, push_r12[] = { 0x41, 0x54 };
        struct user_regs_struct r = regs0();
        struct emu_effect e;

        assert_true(emulate_insn(push_rsp, 1, &r, &e));
        assert_int_equal(e.store_value, 0x7ffe0000); /* the value before the push */
        r = regs0();
        assert_true(emulate_insn(push_r12, 2, &r, &e));
        assert_int_equal(e.store_value, 0x1212);
        assert_int_equal(r.rip, 0x401002);
        /* push %rbx */
        const uint8_t push_rbx[] = { 0x53 };
        r = regs0();
        assert_true(emulate_insn(push_rbx, 1, &r, &e));
        assert_int_equal(e.store_value, 0xbbbb);
}

static void test_emulate_endbr64_nop_mov(void **state)
{
        const uint8_t endbr[] = { 0xf3, 0x0f, 0x1e, 0xfa }, nop[] = { 0x90 };
        const uint8_t mov[] = { 0x48, 0x89, 0xe5, 0x00 };
        struct user_regs_struct r = regs0();
        struct emu_effect e;

        assert_true(emulate_insn(endbr, 4, &r, &e));
        assert_int_equal(r.rip, 0x401004);
        assert_false(e.store);
        assert_true(emulate_insn(nop, 1, &r, &e));
        assert_int_equal(r.rip, 0x401005);
        assert_true(emulate_insn(mov, 4, &r, &e));
        assert_int_equal(r.rbp, r.rsp);
        assert_int_equal(r.rip, 0x401008);
}

static void test_emulate_refuses_others(void **state)
{
        const uint8_t call[] = { 0xe8, 0, 0, 0, 0 }, sub[] = { 0x48, 0x83, 0xec, 0x10 };
        const uint8_t rexw_push[] = { 0x48, 0x55 }, short_endbr[] = { 0xf3, 0x0f, 0x1e };
        struct user_regs_struct r = regs0(), before = r;
        struct emu_effect e;

        assert_false(emulate_insn(call, sizeof(call), &r, &e));
        assert_false(emulate_insn(sub, sizeof(sub), &r, &e));
        assert_false(emulate_insn(rexw_push, sizeof(rexw_push), &r, &e));
        assert_false(emulate_insn(short_endbr, sizeof(short_endbr), &r, &e));
        assert_false(emulate_insn(call, 0, &r, &e));
        assert_memory_equal(&r, &before, sizeof(r));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_emulate_push_rbp),
                cmocka_unit_test(test_emulate_push_rsp_and_r12),
                cmocka_unit_test(test_emulate_endbr64_nop_mov),
                cmocka_unit_test(test_emulate_refuses_others),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
