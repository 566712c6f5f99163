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
        struct dw_frame f = { .known = (UINT64_C(1) << 6) | (UINT64_C(1) << 7) | (UINT64_C(1) << 3), .cfa = 0x7ff0,
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
        f.known |= (UINT64_C(1) << 4) | (UINT64_C(1) << 5);
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

/* Types by the offset the operations name: 0x2a double, 0x31 float, 0x38 int. */
static int types(void *tctx, const Dwarf_Op *op, unsigned *enc, unsigned *size)
{
        Dwarf_Word off = op->atom == DW_OP_regval_type || op->atom == DW_OP_deref_type
                                 ? op->number2
                                 : op->number;

        (void)tctx;
        if (off == 0x2a || off == 0x31) {
                *enc = DW_ATE_float;
                *size = off == 0x2a ? 8 : 4;
                return 0;
        }
        if (off == 0x38) {
                *enc = DW_ATE_signed;
                *size = 4;
                return 0;
        }
        return -1;
}

static double as_double(uint64_t v)
{
        double d;

        memcpy(&d, &v, 8);
        return d;
}

static float as_float(uint64_t v)
{
        float fl;
        uint32_t w = (uint32_t)v;

        memcpy(&fl, &w, 4);
        return fl;
}

/* What gcc -O2 emits for floating-point values: an xmm register, a typed register
 * value, a double loaded with its type, a float constant, conversions and arithmetic
 * (`double d = argc * 1.5`). */
static void test_dwexpr_typed(void **state)
{
        static const uint8_t c15[] = { 8, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f }; /* 1.5 */
        static const uint8_t c225[] = { 4, 0, 0, 0x10, 0x40 };           /* 2.25f */
        double x = 2.5;
        uint64_t bits;
        Dwarf_Op xmm0[] = { { .atom = DW_OP_reg17 } };
        Dwarf_Op regval[] = { { .atom = DW_OP_regval_type, .number = 17, .number2 = 0x2a },
                              { .atom = DW_OP_stack_value } };
        Dwarf_Op constf[] = { { .atom = DW_OP_const_type, .number = 0x31,
                                .number2 = (Dwarf_Word)(uintptr_t)c225 } };
        Dwarf_Op deref[] = { { .atom = DW_OP_const2u, .number = 0x7000 },
                             { .atom = DW_OP_deref_type, .number = 8, .number2 = 0x2a } };
        /* (double)(int)rbx * 1.5 */
        Dwarf_Op times[] = { { .atom = DW_OP_breg3, .number = 0 },
                             { .atom = DW_OP_convert, .number = 0x38 },
                             { .atom = DW_OP_convert, .number = 0x2a },
                             { .atom = DW_OP_const_type, .number = 0x2a,
                               .number2 = (Dwarf_Word)(uintptr_t)c15 },
                             { .atom = DW_OP_mul },
                             { .atom = DW_OP_stack_value } };
        /* a float and a double may not be added; nor a double shifted */
        Dwarf_Op mixed[] = { { .atom = DW_OP_const_type, .number = 0x31,
                               .number2 = (Dwarf_Word)(uintptr_t)c225 },
                             { .atom = DW_OP_const_type, .number = 0x2a,
                               .number2 = (Dwarf_Word)(uintptr_t)c15 },
                             { .atom = DW_OP_plus },
                             { .atom = DW_OP_stack_value } };
        Dwarf_Op shift[] = { { .atom = DW_OP_const_type, .number = 0x2a,
                               .number2 = (Dwarf_Word)(uintptr_t)c15 },
                             { .atom = DW_OP_lit1 },
                             { .atom = DW_OP_shl },
                             { .atom = DW_OP_stack_value } };
        struct dw_frame f = frame();
        struct dw_loc loc;
        const char *why;

        (void)state;
        memcpy(&bits, &x, 8);
        f.regs[DW_REG_XMM0] = bits;
        f.known |= UINT64_C(1) << DW_REG_XMM0;
        f.regs[3] = (uint64_t)-3; /* ebx: -3 as an int */
        assert_int_equal(dwexpr_eval(xmm0, 1, &f, &loc, &why), 0);
        assert_int_equal(loc.kind, DW_LOC_REGISTER);
        assert_true(as_double(loc.value) == 2.5);
        /* typed operations need the types */
        assert_int_equal(dwexpr_eval(regval, 2, &f, &loc, &why), -1);
        assert_string_equal(why, "a typed value dbgd does not read");
        f.base_type = types;
        assert_int_equal(dwexpr_eval(regval, 2, &f, &loc, &why), 0);
        assert_true(as_double(loc.value) == 2.5);
        /* a call site's value: the typed top of the stack is the value */
        assert_int_equal(dwexpr_eval(constf, 1, &f, &loc, &why), 0);
        assert_int_equal(loc.kind, DW_LOC_VALUE);
        assert_true(as_float(loc.value) == 2.25f);
        assert_int_equal(dwexpr_eval(deref, 2, &f, &loc, &why), 0);
        assert_int_equal(loc.value, 0x1234);
        assert_int_equal(dwexpr_eval(times, 6, &f, &loc, &why), 0);
        assert_true(as_double(loc.value) == -4.5);
        {
                /* a float widened (gcc's entry value of a float passed to printf) and
                 * a double cut to an int */
                Dwarf_Op widen[] = { { .atom = DW_OP_const_type, .number = 0x31,
                                       .number2 = (Dwarf_Word)(uintptr_t)c225 },
                                     { .atom = DW_OP_convert, .number = 0x2a },
                                     { .atom = DW_OP_stack_value } };
                Dwarf_Op cut[] = { { .atom = DW_OP_const_type, .number = 0x2a,
                                     .number2 = (Dwarf_Word)(uintptr_t)c15 },
                                   { .atom = DW_OP_convert, .number = 0x38 },
                                   { .atom = DW_OP_stack_value } };

                assert_int_equal(dwexpr_eval(widen, 3, &f, &loc, &why), 0);
                assert_true(as_double(loc.value) == 2.25);
                assert_int_equal(dwexpr_eval(cut, 3, &f, &loc, &why), 0);
                assert_int_equal(loc.value, 1);
        }
        assert_int_equal(dwexpr_eval(mixed, 4, &f, &loc, &why), -1);
        assert_string_equal(why, "floating-point arithmetic in its location");
        assert_int_equal(dwexpr_eval(shift, 4, &f, &loc, &why), -1);
        assert_string_equal(why, "floating-point arithmetic in its location");
}

/* Values in pieces: a struct in two registers, with its second half optimized out,
 * with a constant; an implicit value (libdw's block: its ULEB128 length, then it). */
static void test_dwexpr_pieces(void **state)
{
        static const uint8_t implicit[] = { 8, 0, 0, 0, 0, 0, 0, 0xe8, 0x3f }; /* 0.75 */
        Dwarf_Op two[] = { { .atom = DW_OP_reg3 },
                           { .atom = DW_OP_piece, .number = 4 },
                           { .atom = DW_OP_reg6 },
                           { .atom = DW_OP_piece, .number = 4 } };
        Dwarf_Op half[] = { { .atom = DW_OP_piece, .number = 4 },
                            { .atom = DW_OP_reg3 },
                            { .atom = DW_OP_piece, .number = 4 } };
        Dwarf_Op cfg[] = { { .atom = DW_OP_implicit_value, .number = 8,
                             .number2 = (Dwarf_Word)(uintptr_t)implicit },
                           { .atom = DW_OP_piece, .number = 8 },
                           { .atom = DW_OP_const1u, .number = 100 },
                           { .atom = DW_OP_stack_value },
                           { .atom = DW_OP_piece, .number = 8 } };
        Dwarf_Op unknown[] = { { .atom = DW_OP_reg0 },
                               { .atom = DW_OP_piece, .number = 4 },
                               { .atom = DW_OP_piece, .number = 4 } };
        Dwarf_Op bits[] = { { .atom = DW_OP_reg3 },
                            { .atom = DW_OP_bit_piece, .number = 3 } };
        Dwarf_Op trailing[] = { { .atom = DW_OP_reg3 },
                                { .atom = DW_OP_piece, .number = 4 },
                                { .atom = DW_OP_reg6 } };
        struct dw_frame f = frame();
        struct dw_loc p[DW_PIECES_MAX];
        size_t n;
        const char *why;

        (void)state;
        assert_int_equal(dwexpr_eval_pieces(two, 4, &f, p, &n, &why), 0);
        assert_int_equal(n, 2);
        assert_int_equal(p[0].kind, DW_LOC_REGISTER);
        assert_int_equal(p[0].value, 42);
        assert_int_equal(p[0].piece, 4);
        assert_int_equal(p[1].value, 0x7fe0);
        assert_int_equal(dwexpr_eval_pieces(half, 3, &f, p, &n, &why), 0);
        assert_int_equal(n, 2);
        assert_int_equal(p[0].kind, DW_LOC_EMPTY);
        assert_string_equal(p[0].why, "optimized out");
        assert_int_equal(p[1].kind, DW_LOC_REGISTER);
        assert_int_equal(dwexpr_eval_pieces(cfg, 5, &f, p, &n, &why), 0);
        assert_int_equal(n, 2);
        assert_int_equal(p[0].kind, DW_LOC_IMPLICIT);
        assert_int_equal(p[0].len, 8);
        assert_true(as_double(p[0].value) == 0.75);
        assert_int_equal(p[1].kind, DW_LOC_VALUE);
        assert_int_equal(p[1].value, 100);
        /* nothing of it can be had: the first reason */
        assert_int_equal(dwexpr_eval_pieces(unknown, 3, &f, p, &n, &why), -1);
        assert_string_equal(why, "in a register this frame does not know");
        assert_int_equal(dwexpr_eval_pieces(bits, 2, &f, p, &n, &why), -1);
        assert_string_equal(why, "a value in pieces dbgd does not read");
        assert_int_equal(dwexpr_eval_pieces(trailing, 3, &f, p, &n, &why), -1);
        /* without pieces: one, the whole value */
        assert_int_equal(dwexpr_eval_pieces(two, 1, &f, p, &n, &why), 0);
        assert_int_equal(n, 1);
        assert_int_equal(p[0].piece, 0);
        /* a pointer optimized away, 4 bytes into the variable at DIE 0x1234: told as
         * such, as the whole value; dwexpr_eval (a register's or a call's value)
         * refuses it */
        {
                Dwarf_Op ip[] = { { .atom = DW_OP_implicit_pointer, .number = 0x1234,
                                    .number2 = 4 } };

                assert_int_equal(dwexpr_eval_pieces(ip, 1, &f, p, &n, &why), 0);
                assert_int_equal(p[0].kind, DW_LOC_IMPLICIT_POINTER);
                assert_int_equal(p[0].addr, 0x1234);
                assert_int_equal(p[0].value, 4);
                assert_int_equal(dwexpr_eval(ip, 1, &f, p, &why), -1);
                assert_string_equal(why, "a pointer optimized away (gdb's <synthetic pointer>)");
        }
        /* dwexpr_eval takes a single location only */
        assert_int_equal(dwexpr_eval(two, 4, &f, p, &why), -1);
        assert_string_equal(why, "a value in pieces");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_dwexpr_memory),
                cmocka_unit_test(test_dwexpr_registers_and_values),
                cmocka_unit_test(test_dwexpr_gcc_o2),
                cmocka_unit_test(test_dwexpr_refused),
                cmocka_unit_test(test_dwexpr_entry_value),
                cmocka_unit_test(test_dwexpr_typed),
                cmocka_unit_test(test_dwexpr_pieces),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
