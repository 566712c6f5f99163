/* test_dwexpr.c — DWARF location expressions over a frame's registers: what gcc and
 * clang emit for variables at -O0 and -O2, and what is refused with its reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <dwarf.h>

#include "dwexpr.h"

static int read8(void *ctx, uint64_t addr, uint64_t *ret)
{
        (void)ctx;
        if (addr != 0x7000)
                return -1;
        *ret = 0x1234;
        return 0;
}

static struct dw_frame frame(void)
{
        struct dw_frame f = { .known = (1u << 6) | (1u << 7) | (1u << 3), .cfa = 0x7ff0,
                              .have_cfa = true, .frame_base = 0x7ff0, .have_frame_base = true,
                              .bias = 0x400000, .read8 = read8 };

        f.regs[6] = 0x7fe0; /* rbp */
        f.regs[7] = 0x7fd0; /* rsp */
        f.regs[3] = 42;     /* rbx */
        return f;
}

static struct dw_loc eval_ok(const Dwarf_Op *ops, size_t n)
{
        struct dw_frame f = frame();
        struct dw_loc loc;
        const char *why = NULL;

        assert_int_equal(dwexpr_eval(ops, n, &f, &loc, &why), 0);
        return loc;
}

static const char *eval_fails(const Dwarf_Op *ops, size_t n)
{
        struct dw_frame f = frame();
        struct dw_loc loc;
        const char *why = NULL;

        assert_int_equal(dwexpr_eval(ops, n, &f, &loc, &why), -1);
        assert_non_null(why);
        return why;
}

static void test_dwexpr_memory(void **state)
{
        Dwarf_Op fbreg[] = { { .atom = DW_OP_fbreg, .number = (Dwarf_Word)-20 } };
        Dwarf_Op addr[] = { { .atom = DW_OP_addr, .number = 0x4010 } };
        Dwarf_Op breg[] = { { .atom = DW_OP_breg6, .number = (Dwarf_Word)-8 } };
        Dwarf_Op cfa[] = { { .atom = DW_OP_call_frame_cfa } };
        Dwarf_Op deref[] = { { .atom = DW_OP_const2u, .number = 0x7000 },
                             { .atom = DW_OP_deref },
                             { .atom = DW_OP_plus_uconst, .number = 4 } };
        struct dw_loc l;

        (void)state;
        l = eval_ok(fbreg, 1);
        assert_int_equal(l.kind, DW_LOC_MEMORY);
        assert_int_equal(l.addr, 0x7ff0 - 20);
        assert_int_equal(eval_ok(addr, 1).addr, 0x404010);
        assert_int_equal(eval_ok(breg, 1).addr, 0x7fe0 - 8);
        assert_int_equal(eval_ok(cfa, 1).addr, 0x7ff0);
        assert_int_equal(eval_ok(deref, 3).addr, 0x1238);
}

static void test_dwexpr_registers_and_values(void **state)
{
        Dwarf_Op reg[] = { { .atom = DW_OP_reg3 } };
        Dwarf_Op value[] = { { .atom = DW_OP_breg3, .number = 1 },
                             { .atom = DW_OP_lit3 },
                             { .atom = DW_OP_mul },
                             { .atom = DW_OP_stack_value } };
        Dwarf_Op shifts[] = { { .atom = DW_OP_lit1 },
                              { .atom = DW_OP_const1u, .number = 70 },
                              { .atom = DW_OP_shl },
                              { .atom = DW_OP_stack_value } };
        struct dw_loc l;

        (void)state;
        l = eval_ok(reg, 1);
        assert_int_equal(l.kind, DW_LOC_REGISTER);
        assert_int_equal(l.reg, 3);
        assert_int_equal(l.value, 42);
        l = eval_ok(value, 4);
        assert_int_equal(l.kind, DW_LOC_VALUE);
        assert_int_equal(l.value, 129);
        assert_int_equal(eval_ok(shifts, 4).value, 0); /* no undefined shift */
}

/* gcc -O2's location of vars.c's `depth = r->at.x + (m == M_ON)`: a comparison and a
 * 4-byte load */
static void test_dwexpr_gcc_o2(void **state)
{
        Dwarf_Op ops[] = { { .atom = DW_OP_breg4, .number = 0 },
                           { .atom = DW_OP_const1u, .number = 32 },
                           { .atom = DW_OP_shl },
                           { .atom = DW_OP_lit16 },
                           { .atom = DW_OP_lit30 },
                           { .atom = DW_OP_shl },
                           { .atom = DW_OP_eq },
                           { .atom = DW_OP_const1u, .number = 255 },
                           { .atom = DW_OP_and },
                           { .atom = DW_OP_breg5, .number = 12 },
                           { .atom = DW_OP_deref_size, .number = 4 },
                           { .atom = DW_OP_plus },
                           { .atom = DW_OP_stack_value } };
        Dwarf_Op branch[] = { { .atom = DW_OP_lit0, .offset = 0 },
                              { .atom = DW_OP_bra, .number = 1, .offset = 1 },
                              { .atom = DW_OP_lit7, .offset = 4 },
                              { .atom = DW_OP_lit9, .offset = 5 },
                              { .atom = DW_OP_stack_value, .offset = 6 } };
        struct dw_frame f = frame();
        struct dw_loc loc;
        const char *why;

        (void)state;
        f.known |= (1u << 4) | (1u << 5);
        f.regs[4] = 4;          /* rsi: 4 << 32 == 16 << 30 */
        f.regs[5] = 0x7000 - 12; /* rdi + 12: 0x1234 there */
        assert_int_equal(dwexpr_eval(ops, 13, &f, &loc, &why), 0);
        assert_int_equal(loc.kind, DW_LOC_VALUE);
        assert_int_equal(loc.value, 0x1235);
        /* bra not taken (0): lit7 and lit9 both pushed; the top is 9 */
        assert_int_equal(dwexpr_eval(branch, 5, &f, &loc, &why), 0);
        assert_int_equal(loc.value, 9);
}

static void test_dwexpr_refused(void **state)
{
        Dwarf_Op rax[] = { { .atom = DW_OP_reg0 } };
        Dwarf_Op pieces[] = { { .atom = DW_OP_reg3 }, { .atom = DW_OP_piece, .number = 4 } };
        Dwarf_Op entry[] = { { .atom = DW_OP_entry_value } };
        /* gcc -O2's struct of constants: only the first piece would be read */
        Dwarf_Op constants[] = { { .atom = DW_OP_lit1 },
                                 { .atom = DW_OP_stack_value },
                                 { .atom = DW_OP_piece, .number = 4 },
                                 { .atom = DW_OP_const1u, .number = 113 },
                                 { .atom = DW_OP_stack_value },
                                 { .atom = DW_OP_piece, .number = 1 } };
        Dwarf_Op bad_deref[] = { { .atom = DW_OP_lit0 }, { .atom = DW_OP_deref } };
        Dwarf_Op underflow[] = { { .atom = DW_OP_plus } };

        (void)state;
        assert_string_equal(eval_fails(rax, 1), "in a register this frame does not know");
        assert_string_equal(eval_fails(pieces, 2), "a value in pieces");
        assert_string_equal(eval_fails(constants, 6), "a value in pieces");
        assert_string_equal(eval_fails(entry, 1),
                            "optimized out (its value at the function's entry)");
        assert_string_equal(eval_fails(bad_deref, 2), "its address cannot be read");
        assert_string_equal(eval_fails(underflow, 1), "malformed location expression");
        assert_string_equal(eval_fails(NULL, 0), "optimized out");
}

/* The caller knows what rsi held at the call: 7. */
static int entry_rsi(void *ectx, int reg, uint64_t *ret)
{
        (void)ectx;
        if (reg != 4)
                return -1;
        *ret = 7;
        return 0;
}

static void test_dwexpr_entry_value(void **state)
{
        /* as libdw gives them: the block's ULEB128 length, then its bytes */
        static const uint8_t rsi[] = { 1, DW_OP_reg4 }, rdi[] = { 1, DW_OP_reg5 },
                             rsi_x[] = { 2, DW_OP_regx, 4 }, breg[] = { 2, DW_OP_breg4, 0 };
        /* gcc -O2: DW_OP_entry_value(DW_OP_reg4 (rsi)); DW_OP_stack_value, and plus 1 */
        Dwarf_Op b[] = { { .atom = DW_OP_entry_value, .number = 1,
                           .number2 = (Dwarf_Word)(uintptr_t)rsi },
                         { .atom = DW_OP_stack_value } };
        Dwarf_Op b1[] = { { .atom = DW_OP_entry_value, .number = 2,
                            .number2 = (Dwarf_Word)(uintptr_t)rsi_x },
                          { .atom = DW_OP_plus_uconst, .number = 1 },
                          { .atom = DW_OP_stack_value } };
        Dwarf_Op a[] = { { .atom = DW_OP_GNU_entry_value, .number = 1,
                           .number2 = (Dwarf_Word)(uintptr_t)rdi },
                         { .atom = DW_OP_stack_value } };
        Dwarf_Op memory[] = { { .atom = DW_OP_entry_value, .number = 2,
                                .number2 = (Dwarf_Word)(uintptr_t)breg },
                              { .atom = DW_OP_stack_value } };
        struct dw_frame f = frame();
        struct dw_loc loc;
        const char *why;

        (void)state;
        /* without a way to find it: not available */
        assert_int_equal(dwexpr_eval(b, 2, &f, &loc, &why), -1);
        assert_string_equal(why, "optimized out (its value at the function's entry)");
        f.entry_value = entry_rsi;
        assert_int_equal(dwexpr_eval(b, 2, &f, &loc, &why), 0);
        assert_int_equal(loc.kind, DW_LOC_VALUE);
        assert_int_equal(loc.value, 7);
        assert_int_equal(dwexpr_eval(b1, 3, &f, &loc, &why), 0);
        assert_int_equal(loc.value, 8);
        /* the caller does not know rdi; a sub-expression other than a register */
        assert_int_equal(dwexpr_eval(a, 2, &f, &loc, &why), -1);
        assert_string_equal(why, "optimized out (its value at the function's entry)");
        assert_int_equal(dwexpr_eval(memory, 2, &f, &loc, &why), -1);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_dwexpr_memory),
                cmocka_unit_test(test_dwexpr_registers_and_values),
                cmocka_unit_test(test_dwexpr_gcc_o2),
                cmocka_unit_test(test_dwexpr_refused),
                cmocka_unit_test(test_dwexpr_entry_value),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
