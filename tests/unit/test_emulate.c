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
        r.cs = 0x33; /* 64-bit code */
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
        static const struct {
                const char *what;
                uint8_t bytes[8];
                size_t len;
        } refused[] = {
                { "call *%ax (0x66 prefix)", { 0x66, 0xff, 0xd0 }, 3 },
                { "cs jmp *%rax (2e prefix)", { 0x2e, 0xff, 0xe0 }, 3 },
                { "ljmp *(%rax) (ff /5)", { 0xff, 0x28 }, 2 },
                { "lcall *(%rax) (ff /3)", { 0xff, 0x18 }, 2 },
                { "truncated jmp *disp(%rip)", { 0xff, 0x25, 0, 0, 0 }, 5 },
                { "rex after rex: jmp", { 0x40, 0x41, 0xff, 0xe0 }, 4 },
                { "ret $8", { 0xc2, 8, 0 }, 3 },
                { "bnd ret", { 0xf2, 0xc3 }, 2 },
                { "pop %rsp", { 0x5c }, 1 },
                { "truncated call", { 0xe8, 0, 0, 0 }, 4 },
                { "truncated jcc rel32", { 0x0f, 0x85, 0, 0, 0 }, 5 },
                { "loop", { 0xe2, 0xfe }, 2 },
                { "jrcxz", { 0xe3, 0x00 }, 2 },
                { "syscall", { 0x0f, 0x05 }, 2 },
                { "REX.W push", { 0x48, 0x55 }, 2 },
                { "xchg %r8,%rax", { 0x41, 0x90 }, 2 },
                { "short endbr64", { 0xf3, 0x0f, 0x1e }, 3 },
                { "adc %rbx,%rax", { 0x48, 0x11, 0xd8 }, 3 },
                { "sbb %rbx,%rax", { 0x48, 0x19, 0xd8 }, 3 },
                { "add %bl,%al (byte form)", { 0x00, 0xd8 }, 2 },
                { "mov %ax,%bx (0x66 prefix)", { 0x66, 0x89, 0xc3 }, 3 },
                { "truncated SIB", { 0x48, 0x8b, 0x04 }, 3 },
                { "truncated rip load", { 0x48, 0x8b, 0x05, 0xf3, 0x2e }, 5 },
                { "truncated imm32", { 0x48, 0x81, 0xec, 0x10 }, 4 },
                { "adc $1,(%rax)", { 0x48, 0x83, 0x10, 0x01 }, 4 },
                { "adcb $1,%al (80 /2)", { 0x80, 0xd0, 0x01 }, 3 },
                { "incb %al (fe /0 of a register)", { 0xfe, 0xc0 }, 2 },
                { "push (%rax) (ff /6)", { 0xff, 0x30 }, 2 },
                { "add %al,(%rbx) (byte register into memory)", { 0x00, 0x03 }, 2 },
                { "notb %al (f6 /2)", { 0xf6, 0xd0 }, 2 },
                { "negq %rax (f7 /3)", { 0x48, 0xf7, 0xd8 }, 3 },
                { "movsxd without REX.W", { 0x63, 0xc0 }, 2 },
                { "movzx truncated", { 0x0f, 0xb6 }, 2 },
                { "bsf (0f bc)", { 0x0f, 0xbc, 0xc0 }, 3 },
                { "truncated cmpb imm", { 0x80, 0x38 }, 2 },
                { "lea with a register", { 0x48, 0x8d, 0xc0 }, 3 },
                { "c7 /1", { 0xc7, 0xc8, 0, 0, 0, 0 }, 6 },
                { "adc $1,%rax", { 0x48, 0x83, 0xd0, 0x01 }, 4 },
                { "empty", { 0 }, 0 },
        };
        struct user_regs_struct r = regs0(), before = r;
        struct emu_effect e;

        (void)state;
        for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
                if (emulate_insn(refused[i].bytes, refused[i].len, &r, &e))
                        fail_msg("emulated: %s", refused[i].what);
                assert_memory_equal(&r, &before, sizeof(r));
                assert_false(e.store || e.load);
        }
        /* Anything, with the program's own trap flag or alignment check flag set, or
         * in 32-bit code. */
        for (int f = 0; f < 3; f++) {
                const uint8_t nop[] = { 0x90 };

                r = regs0();
                if (f < 2)
                        r.eflags = f ? 0x40202 : 0x302;
                else
                        r.cs = 0x23;
                before = r;
                assert_false(emulate_insn(nop, sizeof(nop), &r, &e));
                assert_memory_equal(&r, &before, sizeof(r));
        }
}

/* One instruction at regs0(): the registers after it and its effect. */
static struct user_regs_struct run1(const uint8_t *insn, size_t len, struct emu_effect *e)
{
        struct user_regs_struct r = regs0();

        r.rdi = 0xffffffff;
        r.r8 = 0x8888;
        if (!emulate_insn(insn, len, &r, e))
                fail_msg("not emulated: %02x %02x %02x", insn[0], len > 1 ? insn[1] : 0,
                         len > 2 ? insn[2] : 0);
        assert_int_equal(r.rip, 0x401000 + len);
        return r;
}

static void test_emulate_loads_and_stores(void **state)
{
        const uint8_t rip_load[] = { 0x48, 0x8b, 0x05, 0xf3, 0x2e, 0x00, 0x00 };
        const uint8_t rbp_load32[] = { 0x8b, 0x45, 0xfc };
        const uint8_t rsp_load_r8[] = { 0x4c, 0x8b, 0x44, 0x24, 0x10 };
        const uint8_t store_rdi[] = { 0x48, 0x89, 0x7d, 0xf8 };
        const uint8_t store_edi[] = { 0x89, 0x7d, 0xfc };
        const uint8_t store_rsp_sib[] = { 0x48, 0x89, 0x7c, 0x24, 0x08 };
        const uint8_t store_disp32[] = { 0x48, 0x89, 0xbb, 0x00, 0x01, 0x00, 0x00 };
        const uint8_t movl_imm_mem[] = { 0xc7, 0x45, 0xfc, 0x2a, 0x00, 0x00, 0x00 };
        const uint8_t movq_imm_mem[] = { 0x48, 0xc7, 0x45, 0xf0, 0xff, 0xff, 0xff, 0xff };
        struct user_regs_struct r;
        struct emu_effect e;

        (void)state;
        r = run1(rip_load, sizeof(rip_load), &e);
        assert_true(e.load && !e.store);
        assert_int_equal(e.load_addr, 0x401007 + 0x2ef3);
        assert_int_equal(e.load_size, 8);
        assert_int_equal(e.load_reg, 0);
        emulate_load_done(&r, &e, 0x1122334455667788);
        assert_int_equal(r.rax, 0x1122334455667788);

        r = run1(rbp_load32, sizeof(rbp_load32), &e);
        assert_int_equal(e.load_addr, 0x7ffe0100 - 4);
        assert_int_equal(e.load_size, 4);
        r.rax = 0xdeadbeefdeadbeef;
        emulate_load_done(&r, &e, 0xffffffff);
        assert_int_equal(r.rax, 0xffffffff); /* zero-extended */

        r = run1(rsp_load_r8, sizeof(rsp_load_r8), &e);
        assert_int_equal(e.load_addr, 0x7ffe0000 + 0x10);
        assert_int_equal(e.load_reg, 8);

        r = run1(store_rdi, sizeof(store_rdi), &e);
        assert_true(e.store && !e.load);
        assert_int_equal(e.store_addr, 0x7ffe0100 - 8);
        assert_int_equal(e.store_value, 0xffffffff);
        assert_int_equal(e.store_size, 8);

        r = run1(store_edi, sizeof(store_edi), &e);
        assert_int_equal(e.store_addr, 0x7ffe0100 - 4);
        assert_int_equal(e.store_size, 4);

        r = run1(store_rsp_sib, sizeof(store_rsp_sib), &e);
        assert_int_equal(e.store_addr, 0x7ffe0000 + 8);

        r = run1(store_disp32, sizeof(store_disp32), &e);
        assert_int_equal(e.store_addr, 0xbbbb + 0x100);

        r = run1(movl_imm_mem, sizeof(movl_imm_mem), &e);
        assert_int_equal(e.store_addr, 0x7ffe0100 - 4);
        assert_int_equal(e.store_value & 0xffffffff, 42);
        assert_int_equal(e.store_size, 4);

        r = run1(movq_imm_mem, sizeof(movq_imm_mem), &e);
        assert_int_equal(e.store_value, UINT64_MAX); /* sign-extended */
        assert_int_equal(e.store_size, 8);
        (void)r;
}

static void test_emulate_moves_and_lea(void **state)
{
        const uint8_t mov_r8_rax[] = { 0x4c, 0x89, 0xc0 };
        const uint8_t mov_eax_ebx[] = { 0x89, 0xc3 };
        const uint8_t mov_rax_r9_8b[] = { 0x4c, 0x8b, 0xc8 };
        const uint8_t mov_imm_eax[] = { 0xb8, 0x78, 0x56, 0x34, 0x12 };
        const uint8_t mov_imm_r9d[] = { 0x41, 0xb9, 0x01, 0x00, 0x00, 0x00 };
        const uint8_t movabs[] = { 0x48, 0xb8, 1, 2, 3, 4, 5, 6, 7, 8 };
        const uint8_t mov_m1_rax[] = { 0x48, 0xc7, 0xc0, 0xff, 0xff, 0xff, 0xff };
        const uint8_t mov_m1_eax[] = { 0xc7, 0xc0, 0xff, 0xff, 0xff, 0xff };
        const uint8_t lea_rip[] = { 0x48, 0x8d, 0x05, 0x10, 0x00, 0x00, 0x00 };
        const uint8_t lea_32[] = { 0x8d, 0x47, 0x01 };
        const uint8_t lea_rsp[] = { 0x48, 0x8d, 0x54, 0x24, 0xf0 };
        struct user_regs_struct r;
        struct emu_effect e;

        (void)state;
        r = run1(mov_r8_rax, sizeof(mov_r8_rax), &e);
        assert_int_equal(r.rax, 0x8888);
        assert_false(e.store || e.load);
        r = run1(mov_eax_ebx, sizeof(mov_eax_ebx), &e);
        assert_int_equal(r.rbx, 0); /* rax was 0: ebx = 0, upper half cleared */
        r = run1(mov_rax_r9_8b, sizeof(mov_rax_r9_8b), &e);
        assert_int_equal(r.r9, 0);
        r = run1(mov_imm_eax, sizeof(mov_imm_eax), &e);
        assert_int_equal(r.rax, 0x12345678);
        r = run1(mov_imm_r9d, sizeof(mov_imm_r9d), &e);
        assert_int_equal(r.r9, 1);
        r = run1(movabs, sizeof(movabs), &e);
        assert_int_equal(r.rax, 0x0807060504030201);
        r = run1(mov_m1_rax, sizeof(mov_m1_rax), &e);
        assert_int_equal(r.rax, UINT64_MAX);
        r = run1(mov_m1_eax, sizeof(mov_m1_eax), &e);
        assert_int_equal(r.rax, 0xffffffff);
        r = run1(lea_rip, sizeof(lea_rip), &e);
        assert_int_equal(r.rax, 0x401007 + 0x10);
        r = run1(lea_32, sizeof(lea_32), &e);
        assert_int_equal(r.rax, 0); /* 0xffffffff + 1, truncated to 32 bits */
        r = run1(lea_rsp, sizeof(lea_rsp), &e);
        assert_int_equal(r.rdx, 0x7ffe0000 - 0x10);
}

/* The CPU's own result and flags for a op b, for comparison. */
#define NATIVE(name, insn)                                                                 \
        static uint64_t name(uint64_t a, uint64_t b, uint64_t *flags)                      \
        {                                                                                  \
                uint64_t f;                                                                \
                __asm__ volatile(insn "\n\tpushfq\n\tpopq %1"                              \
                                 : "+r"(a), "=r"(f)                                        \
                                 : "r"(b)                                                  \
                                 : "cc");                                                  \
                *flags = f;                                                                \
                return a;                                                                  \
        }
NATIVE(n_add64, "addq %2, %0")
NATIVE(n_or64, "orq %2, %0")
NATIVE(n_and64, "andq %2, %0")
NATIVE(n_sub64, "subq %2, %0")
NATIVE(n_xor64, "xorq %2, %0")
NATIVE(n_cmp64, "cmpq %2, %0")
NATIVE(n_test64, "testq %2, %0")
NATIVE(n_add32, "addl %k2, %k0")
NATIVE(n_or32, "orl %k2, %k0")
NATIVE(n_and32, "andl %k2, %k0")
NATIVE(n_sub32, "subl %k2, %k0")
NATIVE(n_xor32, "xorl %k2, %k0")
NATIVE(n_cmp32, "cmpl %k2, %k0")
NATIVE(n_test32, "testl %k2, %k0")

#define ARITH_FLAGS 0x8d5ULL /* CF PF AF ZF SF OF */

/* Every ALU instruction, register-register and with immediates, against the CPU on
 * operands chosen around the carry, overflow and sign boundaries. */
static void test_emulate_alu_matches_cpu(void **state)
{
        static const struct {
                const char *name;
                uint8_t op;     /* register-register opcode, reg = source (rbx) */
                int ext;        /* /digit of 81/83, -1 for test */
                uint64_t (*n64)(uint64_t, uint64_t, uint64_t *);
                uint64_t (*n32)(uint64_t, uint64_t, uint64_t *);
                bool writes;
        } ops[] = {
                { "add", 0x01, 0, n_add64, n_add32, true },
                { "or", 0x09, 1, n_or64, n_or32, true },
                { "and", 0x21, 4, n_and64, n_and32, true },
                { "sub", 0x29, 5, n_sub64, n_sub32, true },
                { "xor", 0x31, 6, n_xor64, n_xor32, true },
                { "cmp", 0x39, 7, n_cmp64, n_cmp32, false },
                { "test", 0x85, -1, n_test64, n_test32, false },
        };
        static const uint64_t vals[] = {
                0, 1, 2, 0xf, 0x10, 0x7f, 0x80, 0xff, 0x100, 0x7fffffff, 0x80000000,
                0xffffffff, 0x100000000, 0x7fffffffffffffff, 0x8000000000000000,
                0xffffffffffffffff, 0x123456789abcdef0, 0xfffffffffffffff0,
        };
        const size_t nv = sizeof(vals) / sizeof(vals[0]);

        (void)state;
        for (size_t o = 0; o < sizeof(ops) / sizeof(ops[0]); o++) {
                for (int wide = 0; wide <= 1; wide++) {
                        for (size_t i = 0; i < nv; i++) {
                                for (size_t j = 0; j < nv; j++) {
                                        /* op %rbx,%rax: ModRM 11 011 000 */
                                        uint8_t insn[4] = { 0x48, ops[o].op, 0xd8 };
                                        const uint8_t *p = wide ? insn : insn + 1;
                                        size_t len = wide ? 3 : 2;
                                        struct user_regs_struct r = regs0();
                                        struct emu_effect e;
                                        uint64_t f, want;

                                        r.rax = vals[i];
                                        r.rbx = vals[j];
                                        r.eflags = 0x202;
                                        want = (wide ? ops[o].n64 : ops[o].n32)(vals[i], vals[j], &f);
                                        if (!emulate_insn(p, len, &r, &e))
                                                fail_msg("%s not emulated", ops[o].name);
                                        if (!ops[o].writes)
                                                want = vals[i];
                                        if (r.rax != want || (r.eflags & ARITH_FLAGS) != (f & ARITH_FLAGS))
                                                fail_msg("%s%d %#llx, %#llx: got %#llx flags %#llx, "
                                                         "cpu %#llx flags %#llx", ops[o].name,
                                                         wide ? 64 : 32,
                                                         (unsigned long long)vals[i],
                                                         (unsigned long long)vals[j],
                                                         (unsigned long long)r.rax,
                                                         (unsigned long long)(r.eflags & ARITH_FLAGS),
                                                         (unsigned long long)want,
                                                         (unsigned long long)(f & ARITH_FLAGS));
                                        assert_int_equal(r.eflags & ~ARITH_FLAGS, 0x202);
                                        assert_int_equal(r.rbx, vals[j]);
                                }
                        }
                        if (ops[o].ext < 0)
                                continue;
                        /* The immediate forms on %rax: imm8 (83) and imm32 (81), sign-extended. */
                        for (size_t i = 0; i < nv; i++) {
                                static const int32_t imms[] = { 0, 1, -1, 0x7f, -0x80, 0x10,
                                                                0x7fffffff, -0x7fffffff - 1 };
                                for (size_t k = 0; k < sizeof(imms) / sizeof(imms[0]); k++) {
                                        int32_t imm = imms[k];
                                        bool small = imm >= -128 && imm <= 127;
                                        uint8_t insn[8] = { 0x48, small ? 0x83 : 0x81,
                                                            (uint8_t)(0xc0 | ops[o].ext << 3) };
                                        const uint8_t *p = wide ? insn : insn + 1;
                                        size_t len = (wide ? 3 : 2) + (small ? 1 : 4);
                                        uint64_t b = (uint64_t)(int64_t)imm, f, want;
                                        struct user_regs_struct r = regs0();
                                        struct emu_effect e;

                                        memcpy(insn + 3, &imm, small ? 1 : 4);
                                        r.rax = vals[i];
                                        want = (wide ? ops[o].n64 : ops[o].n32)(vals[i], b, &f);
                                        if (!ops[o].writes)
                                                want = vals[i];
                                        assert_true(emulate_insn(p, len, &r, &e));
                                        assert_int_equal(r.rip, 0x401000 + len);
                                        if (r.rax != want || (r.eflags & ARITH_FLAGS) != (f & ARITH_FLAGS))
                                                fail_msg("%s%d $%d, %#llx: got %#llx, cpu %#llx",
                                                         ops[o].name, wide ? 64 : 32, imm,
                                                         (unsigned long long)vals[i],
                                                         (unsigned long long)r.rax,
                                                         (unsigned long long)want);
                                }
                        }
                }
        }
}

static void test_emulate_calls_jumps_returns(void **state)
{
        const uint8_t call[] = { 0xe8, 0x10, 0x00, 0x00, 0x00 };      /* call .+0x15 */
        const uint8_t call_back[] = { 0xe8, 0xf0, 0xff, 0xff, 0xff }; /* call .-0xb */
        const uint8_t jmp32[] = { 0xe9, 0x00, 0x01, 0x00, 0x00 };
        const uint8_t jmp8[] = { 0xeb, 0xfe };                         /* jmp . */
        const uint8_t ret[] = { 0xc3 }, rep_ret[] = { 0xf3, 0xc3 };
        const uint8_t pop_rbx[] = { 0x5b }, pop_r12[] = { 0x41, 0x5c };
        struct user_regs_struct r = regs0();
        struct emu_effect e;

        (void)state;
        assert_true(emulate_insn(call, sizeof(call), &r, &e));
        assert_int_equal(r.rip, 0x401015);
        assert_int_equal(r.rsp, 0x7ffe0000 - 8);
        assert_true(e.store && !e.load);
        assert_int_equal(e.store_addr, 0x7ffe0000 - 8);
        assert_int_equal(e.store_value, 0x401005);
        assert_int_equal(e.insn_len, 5);

        /* The resume flag is cleared by every instruction the CPU completes. */
        r = regs0();
        r.eflags = 0x10202;
        assert_true(emulate_insn(jmp8, sizeof(jmp8), &r, &e));
        assert_int_equal(r.eflags, 0x202);

        r = regs0();
        assert_true(emulate_insn(call_back, sizeof(call_back), &r, &e));
        assert_int_equal(r.rip, 0x401005 - 0x10);

        r = regs0();
        assert_true(emulate_insn(jmp32, sizeof(jmp32), &r, &e));
        assert_int_equal(r.rip, 0x401105);
        assert_false(e.store || e.load);
        r = regs0();
        assert_true(emulate_insn(jmp8, sizeof(jmp8), &r, &e));
        assert_int_equal(r.rip, 0x401000);
        assert_int_equal(e.insn_len, 2);

        for (int i = 0; i < 2; i++) {
                r = regs0();
                assert_true(emulate_insn(i ? rep_ret : ret, i ? 2 : 1, &r, &e));
                assert_true(e.load && !e.store);
                assert_int_equal(e.load_addr, 0x7ffe0000);
                assert_int_equal(e.load_size, 8);
                assert_int_equal(e.load_reg, EMU_RIP);
                assert_int_equal(r.rsp, 0x7ffe0008);
                assert_true(emulate_load_done(&r, &e, 0x401234));
                assert_int_equal(r.rip, 0x401234);
        }
        /* A jump out of user space, or a return to a non-canonical address, is
         * the CPU's to fault on. */
        r = regs0();
        r.rip = 0x7ffffffff000ULL - 0x100;
        assert_false(emulate_insn(jmp32, sizeof(jmp32), &r, &e));
        r = regs0();
        assert_true(emulate_insn(ret, sizeof(ret), &r, &e));
        assert_false(emulate_load_done(&r, &e, 0x8000000000000000ULL));

        r = regs0();
        assert_true(emulate_insn(pop_rbx, sizeof(pop_rbx), &r, &e));
        assert_int_equal(r.rip, 0x401001);
        assert_int_equal(r.rsp, 0x7ffe0008);
        assert_int_equal(e.load_reg, 3);
        assert_true(emulate_load_done(&r, &e, 0x5555));
        assert_int_equal(r.rbx, 0x5555);
        r = regs0();
        assert_true(emulate_insn(pop_r12, sizeof(pop_r12), &r, &e));
        assert_int_equal(r.rip, 0x401002);
        assert_int_equal(e.load_reg, 12);
}

/* Calls and jumps through a register or memory, with the prefixes PLT stubs and switch
 * tables carry (notrack, bnd). */
static void test_emulate_indirect_calls_jumps(void **state)
{
        static const struct {
                const char *what;
                uint8_t bytes[10];
                size_t len;
                bool call, mem;
                uint64_t target_or_addr; /* the target, or the memory operand's address */
        } cases[] = {
                { "call *%rax", { 0xff, 0xd0 }, 2, true, false, 0x402000 },
                { "jmp *%rax", { 0xff, 0xe0 }, 2, false, false, 0x402000 },
                { "call *%r11", { 0x41, 0xff, 0xd3 }, 3, true, false, 0x403000 },
                { "rex.w jmp *%r11", { 0x49, 0xff, 0xe3 }, 3, false, false, 0x403000 },
                { "notrack jmp *%rax", { 0x3e, 0xff, 0xe0 }, 3, false, false, 0x402000 },
                { "notrack call *%rax", { 0x3e, 0xff, 0xd0 }, 3, true, false, 0x402000 },
                /* the PLT: jmp *GOT(%rip), bnd jmp *GOT(%rip); rip is the next insn's */
                { "jmp *0x2fe2(%rip)", { 0xff, 0x25, 0xe2, 0x2f, 0, 0 }, 6, false, true,
                  0x401006 + 0x2fe2 },
                { "bnd jmp *0x2fe2(%rip)", { 0xf2, 0xff, 0x25, 0xe2, 0x2f, 0, 0 }, 7, false,
                  true, 0x401007 + 0x2fe2 },
                { "call *0x18(%rbx)", { 0xff, 0x53, 0x18 }, 3, true, true, 0xbbbb + 0x18 },
                /* %rsp as it was before the push */
                { "call *0x8(%rsp)", { 0xff, 0x54, 0x24, 0x08 }, 4, true, true,
                  0x7ffe0000 + 8 },
                /* a switch table: notrack jmp *(%rdx,%rax,8) */
                { "notrack jmp *(%rdx,%rax,8)", { 0x3e, 0xff, 0x24, 0xc2 }, 4, false, true,
                  0x404000 + 3 * 8 },
                { "bnd notrack jmp *%rax", { 0xf2, 0x3e, 0xff, 0xe0 }, 4, false, false,
                  0x402000 },
        };
        struct user_regs_struct r;
        struct emu_effect e;

        (void)state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                r = regs0();
                r.rax = 0x402000;
                r.r11 = 0x403000;
                if (cases[i].mem && cases[i].bytes[cases[i].len - 1] == 0xc2) {
                        r.rdx = 0x404000;
                        r.rax = 3;
                }
                if (!emulate_insn(cases[i].bytes, cases[i].len, &r, &e))
                        fail_msg("not emulated: %s", cases[i].what);
                assert_int_equal(e.insn_len, cases[i].len);
                assert_int_equal(r.rsp, cases[i].call ? 0x7ffe0000 - 8 : 0x7ffe0000);
                assert_int_equal(e.store, cases[i].call);
                if (cases[i].call) {
                        assert_int_equal(e.store_addr, 0x7ffe0000 - 8);
                        assert_int_equal(e.store_value, 0x401000 + cases[i].len);
                        assert_int_equal(e.store_size, 8);
                        assert_false(e.store_from_load);
                }
                assert_int_equal(e.load, cases[i].mem);
                if (!cases[i].mem) {
                        assert_int_equal(r.rip, cases[i].target_or_addr);
                        continue;
                }
                assert_int_equal(e.load_addr, cases[i].target_or_addr);
                assert_int_equal(e.load_size, 8);
                assert_int_equal(e.load_reg, EMU_RIP);
                assert_true(emulate_load_done(&r, &e, 0x405678));
                assert_int_equal(r.rip, 0x405678);
                /* a target outside user space is the CPU's to fault on */
                assert_false(emulate_load_done(&r, &e, 0xffffffff81000000ULL));
        }
        /* Through a register that holds a kernel or non-canonical address: refused. */
        r = regs0();
        r.rax = 0x8000000000000000ULL;
        assert_false(emulate_insn(cases[0].bytes, cases[0].len, &r, &e));
        assert_int_equal(r.rsp, 0x7ffe0000);
        assert_int_equal(r.rip, 0x401000);
}

/* Whether the CPU takes jcc number cc with these flags: popfq, then the jump. */
#define NATIVE_JCC(cc)                                                                     \
        static bool n_j##cc(uint64_t flags)                                                \
        {                                                                                  \
                uint64_t taken = 0;                                                        \
                __asm__ volatile("pushq %1\n\tpopfq\n\tj" #cc " 1f\n\tjmp 2f\n"         \
                                 "1:\tmovq $1, %0\n2:"                                     \
                                 : "+r"(taken)                                             \
                                 : "r"(flags)                                              \
                                 : "cc");                                                  \
                return taken;                                                              \
        }
NATIVE_JCC(o)
NATIVE_JCC(no)
NATIVE_JCC(b)
NATIVE_JCC(ae)
NATIVE_JCC(e)
NATIVE_JCC(ne)
NATIVE_JCC(be)
NATIVE_JCC(a)
NATIVE_JCC(s)
NATIVE_JCC(ns)
NATIVE_JCC(p)
NATIVE_JCC(np)
NATIVE_JCC(l)
NATIVE_JCC(ge)
NATIVE_JCC(le)
NATIVE_JCC(g)

/* Every condition, short and near, under every combination of the flags it reads. */
static void test_emulate_jcc_matches_cpu(void **state)
{
        static bool (*const native[16])(uint64_t) = {
                n_jo, n_jno, n_jb, n_jae, n_je, n_jne, n_jbe, n_ja,
                n_js, n_jns, n_jp, n_jnp, n_jl, n_jge, n_jle, n_jg,
        };
        static const uint64_t bits[5] = { 0x001, 0x004, 0x040, 0x080, 0x800 };

        (void)state;
        for (unsigned cc = 0; cc < 16; cc++) {
                for (unsigned combo = 0; combo < 32; combo++) {
                        uint64_t flags = 0x202; /* IF and the always-one bit */
                        for (int b = 0; b < 5; b++)
                                if (combo & (1u << b))
                                        flags |= bits[b];
                        bool taken = native[cc](flags);
                        const uint8_t short_j[] = { (uint8_t)(0x70 + cc), 0x10 };
                        const uint8_t near_j[] = { 0x0f, (uint8_t)(0x80 + cc), 0, 1, 0, 0 };
                        struct user_regs_struct r = regs0();
                        struct emu_effect e;

                        r.eflags = flags;
                        assert_true(emulate_insn(short_j, sizeof(short_j), &r, &e));
                        if (r.rip != (taken ? 0x401012u : 0x401002u))
                                fail_msg("j%x flags %#llx: rip %#llx, cpu %s", cc,
                                         (unsigned long long)flags,
                                         (unsigned long long)r.rip, taken ? "taken" : "not");
                        r = regs0();
                        r.eflags = flags;
                        assert_true(emulate_insn(near_j, sizeof(near_j), &r, &e));
                        assert_int_equal(r.rip, taken ? 0x401106u : 0x401006u);
                        assert_int_equal(r.eflags, flags);
                }
        }
}

/* One instruction at regs0() with rax = a, rbx = b, rsi = 0x1000 and a memory operand at
 * 0x1000 holding mem: the registers after it, the load completed with mem. */
static struct user_regs_struct run_mem(const uint8_t *insn, size_t len, uint64_t a, uint64_t b,
                                       uint64_t mem)
{
        struct user_regs_struct r = regs0();
        struct emu_effect e;

        r.rax = a;
        r.rbx = b;
        r.rsi = 0x1000;
        r.eflags = 0x202;
        if (!emulate_insn(insn, len, &r, &e))
                fail_msg("not emulated: %02x %02x %02x", insn[0], insn[1], len > 2 ? insn[2] : 0);
        assert_int_equal(r.rip, 0x401000 + len);
        if (e.load) {
                assert_int_equal(e.load_addr, 0x1000);
                assert_true(emulate_load_done(&r, &e, mem));
        }
        assert_false(e.store);
        return r;
}

/* The CPU's flags for cmp/test at 8 and 64 bits, register operands. */
#define NATIVE_F(name, insn)                                                               \
        static uint64_t name(uint64_t a, uint64_t b)                                       \
        {                                                                                  \
                uint64_t f;                                                                \
                __asm__ volatile(insn "\n\tpushfq\n\tpopq %0"                              \
                                 : "=r"(f)                                                 \
                                 : "a"(a), "b"(b)                                          \
                                 : "cc");                                                  \
                return f;                                                                  \
        }
NATIVE_F(n_cmpb, "cmpb %%bl, %%al")
NATIVE_F(n_testb, "testb %%bl, %%al")
NATIVE_F(n_cmpq, "cmpq %%rbx, %%rax")
NATIVE_F(n_cmpb_ah, "cmpb %%bh, %%ah")

/* Compares and tests with memory and byte operands, flags against the CPU's. */
static void test_emulate_compares_with_memory_match_cpu(void **state)
{
        static const uint64_t vals[] = { 0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000,
                                         0x7fffffff, 0x80000000, 0xffffffff,
                                         0x8000000000000000, 0xffffffffffffffff,
                                         0x123456789abcdef0 };
        const size_t nv = sizeof(vals) / sizeof(vals[0]);
        /* cmp %bl,(%rsi) / cmp (%rsi),%al / test %bl,(%rsi) / cmpb $imm8,(%rsi) /
         * cmp %rbx,(%rsi) / cmp (%rsi),%rax / test %rax,(%rsi) / cmpq $imm8,(%rsi) /
         * cmp $imm8,%al / cmp %bh,%ah / cmpb $imm8,%al (80 /7) */
        const uint8_t cmpb_mr[] = { 0x38, 0x1e }, cmpb_rm[] = { 0x3a, 0x06 };
        const uint8_t testb_mr[] = { 0x84, 0x1e };
        const uint8_t cmpq_mr[] = { 0x48, 0x39, 0x1e }, cmpq_rm[] = { 0x48, 0x3b, 0x06 };
        const uint8_t cmp_ah_bh[] = { 0x38, 0xfc }; /* cmp %bh,%ah */

        (void)state;
        for (size_t i = 0; i < nv; i++) {
                for (size_t j = 0; j < nv; j++) {
                        uint64_t a = vals[i], b = vals[j];
                        uint8_t cmpb_imm[] = { 0x80, 0x3e, (uint8_t)b };
                        uint8_t cmp_al_imm[] = { 0x3c, (uint8_t)b };
                        struct user_regs_struct r;

                        /* (%rsi) holds a, rbx b: mem op reg is a op b. */
                        r = run_mem(cmpb_mr, sizeof(cmpb_mr), 0, b, a);
                        assert_int_equal(r.eflags & ARITH_FLAGS, n_cmpb(a, b) & ARITH_FLAGS);
                        r = run_mem(testb_mr, sizeof(testb_mr), 0, b, a);
                        assert_int_equal(r.eflags & ARITH_FLAGS, n_testb(a, b) & ARITH_FLAGS);
                        r = run_mem(cmpq_mr, sizeof(cmpq_mr), 0, b, a);
                        assert_int_equal(r.eflags & ARITH_FLAGS, n_cmpq(a, b) & ARITH_FLAGS);
                        r = run_mem(cmpb_imm, sizeof(cmpb_imm), 0, 0, a);
                        assert_int_equal(r.eflags & ARITH_FLAGS,
                                         n_cmpb(a, b & 0xff) & ARITH_FLAGS);
                        /* rax holds a, (%rsi) b: reg op mem. */
                        r = run_mem(cmpb_rm, sizeof(cmpb_rm), a, 0, b);
                        assert_int_equal(r.eflags & ARITH_FLAGS, n_cmpb(a, b) & ARITH_FLAGS);
                        r = run_mem(cmpq_rm, sizeof(cmpq_rm), a, 0, b);
                        assert_int_equal(r.eflags & ARITH_FLAGS, n_cmpq(a, b) & ARITH_FLAGS);
                        assert_int_equal(r.rax, a); /* a compare writes nothing */
                        r = run_mem(cmp_al_imm, sizeof(cmp_al_imm), a, 0, 0);
                        assert_int_equal(r.eflags & ARITH_FLAGS,
                                         n_cmpb(a, b & 0xff) & ARITH_FLAGS);
                        /* ah and bh: bits 8-15 of rax and rbx */
                        r = run_mem(cmp_ah_bh, sizeof(cmp_ah_bh), a, b, 0);
                        assert_int_equal(r.eflags & ARITH_FLAGS,
                                         n_cmpb_ah(a, b) & ARITH_FLAGS);
                }
        }
}

static void test_emulate_extensions_and_index(void **state)
{
        const uint8_t movzbl_m[] = { 0x0f, 0xb6, 0x06 };        /* movzbl (%rsi),%eax */
        const uint8_t movsbq_m[] = { 0x48, 0x0f, 0xbe, 0x06 };  /* movsbq (%rsi),%rax */
        const uint8_t movzwl_m[] = { 0x0f, 0xb7, 0x06 };        /* movzwl (%rsi),%eax */
        const uint8_t movswl_m[] = { 0x0f, 0xbf, 0x06 };        /* movswl (%rsi),%eax */
        const uint8_t movslq_m[] = { 0x48, 0x63, 0x06 };        /* movslq (%rsi),%rax */
        const uint8_t movzbl_ah[] = { 0x0f, 0xb6, 0xc7 };       /* movzbl %bh,%eax */
        const uint8_t movsbl_sil[] = { 0x40, 0x0f, 0xbe, 0xc6 }; /* movsbl %sil,%eax */
        const uint8_t add_m[] = { 0x48, 0x03, 0x06 };           /* add (%rsi),%rax */
        const uint8_t sub_m32[] = { 0x2b, 0x06 };               /* sub (%rsi),%eax */
        /* mov (%rsi,%rbx,8),%rax; lea 0x10(%rax,%rbx,4),%rcx; mov 0x20(,%rbx,2),%edx;
         * mov (%r12,%r13,1),%rax (REX.X and REX.B) */
        const uint8_t mov_idx[] = { 0x48, 0x8b, 0x04, 0xde };
        const uint8_t lea_idx[] = { 0x48, 0x8d, 0x4c, 0x98, 0x10 };
        const uint8_t mov_nobase[] = { 0x8b, 0x14, 0x5d, 0x20, 0x00, 0x00, 0x00 };
        const uint8_t mov_r12_r13[] = { 0x4b, 0x8b, 0x04, 0x2c };
        struct user_regs_struct r;
        struct emu_effect e;

        (void)state;
        r = run_mem(movzbl_m, sizeof(movzbl_m), ~0ULL, 0, 0x1234567890abcdf0);
        assert_int_equal(r.rax, 0xf0);
        r = run_mem(movsbq_m, sizeof(movsbq_m), 0, 0, 0xf0);
        assert_int_equal(r.rax, 0xfffffffffffffff0);
        r = run_mem(movzwl_m, sizeof(movzwl_m), ~0ULL, 0, 0x8001);
        assert_int_equal(r.rax, 0x8001);
        r = run_mem(movswl_m, sizeof(movswl_m), ~0ULL, 0, 0x8001);
        assert_int_equal(r.rax, 0xffff8001); /* 32-bit destination: zero-extended */
        r = run_mem(movslq_m, sizeof(movslq_m), 0, 0, 0x80000000);
        assert_int_equal(r.rax, 0xffffffff80000000);
        r = run_mem(movzbl_ah, sizeof(movzbl_ah), ~0ULL, 0xab00, 0);
        assert_int_equal(r.rax, 0xab);
        r = regs0();
        r.rsi = 0x80;
        assert_true(emulate_insn(movsbl_sil, sizeof(movsbl_sil), &r, &e));
        assert_int_equal(r.rax, 0xffffff80);
        r = run_mem(add_m, sizeof(add_m), 0xffffffffffffffff, 0, 1);
        assert_int_equal(r.rax, 0);
        assert_true(r.eflags & 0x41); /* CF, ZF */
        r = run_mem(sub_m32, sizeof(sub_m32), 0xffffffff00000005, 0, 7);
        assert_int_equal(r.rax, 0xfffffffe);
        assert_true(r.eflags & 0x1); /* CF */

        r = regs0();
        r.rsi = 0x1000;
        r.rbx = 3;
        r.rax = 0x2000;
        assert_true(emulate_insn(mov_idx, sizeof(mov_idx), &r, &e));
        assert_true(e.load);
        assert_int_equal(e.load_addr, 0x1000 + 3 * 8);
        assert_true(emulate_insn(lea_idx, sizeof(lea_idx), &r, &e));
        assert_int_equal(r.rcx, 0x2000 + 3 * 4 + 0x10);
        assert_true(emulate_insn(mov_nobase, sizeof(mov_nobase), &r, &e));
        assert_int_equal(e.load_addr, 3 * 2 + 0x20);
        assert_int_equal(e.load_size, 4);
        r.r12 = 0x5000;
        r.r13 = 0x30;
        assert_true(emulate_insn(mov_r12_r13, sizeof(mov_r12_r13), &r, &e));
        assert_int_equal(e.load_addr, 0x5030);
}

/* Read-modify-writes of memory, inc and dec, and leave, against the CPU. */
static void test_emulate_read_modify_write(void **state)
{
        static const struct {
                const char *name;
                uint8_t rr;     /* op r, r/m */
                int ext;        /* /digit of 81/83 and 80 */
                uint64_t (*n64)(uint64_t, uint64_t, uint64_t *);
                uint64_t (*n32)(uint64_t, uint64_t, uint64_t *);
        } ops[] = {
                { "add", 0x01, 0, n_add64, n_add32 }, { "or", 0x09, 1, n_or64, n_or32 },
                { "and", 0x21, 4, n_and64, n_and32 }, { "sub", 0x29, 5, n_sub64, n_sub32 },
                { "xor", 0x31, 6, n_xor64, n_xor32 },
        };
        static const uint64_t vals[] = { 0, 1, 0x7f, 0x80, 0xff, 0x7fffffff, 0x80000000,
                                         0xffffffff, 0x8000000000000000,
                                         0xffffffffffffffff, 0x123456789abcdef0 };
        const size_t nv = sizeof(vals) / sizeof(vals[0]);

        (void)state;
        for (size_t o = 0; o < sizeof(ops) / sizeof(ops[0]); o++) {
                for (size_t i = 0; i < nv; i++) {
                        for (size_t j = 0; j < nv; j++) {
                                for (int wide = 0; wide <= 1; wide++) {
                                        /* op %rbx,(%rsi); op $imm8,(%rsi) */
                                        uint8_t rr[3] = { 0x48, ops[o].rr, 0x1e };
                                        uint8_t ri[4] = { 0x48, 0x83, (uint8_t)(0x06 | ops[o].ext << 3),
                                                          (uint8_t)vals[j] };
                                        uint64_t b8 = (uint64_t)(int64_t)(int8_t)vals[j];
                                        uint64_t want, wf, fl;
                                        struct user_regs_struct r = regs0();
                                        struct emu_effect e;

                                        r.rbx = vals[j];
                                        r.rsi = 0x1000;
                                        assert_true(emulate_insn(wide ? rr : rr + 1, wide ? 3 : 2,
                                                                 &r, &e));
                                        assert_true(e.load && e.store && e.store_from_load);
                                        assert_int_equal(e.store_addr, 0x1000);
                                        assert_int_equal(e.store_size, wide ? 8 : 4);
                                        assert_true(emulate_load_done(&r, &e, vals[i]));
                                        want = wide ? ops[o].n64(vals[i], vals[j], &wf)
                                                    : ops[o].n32(vals[i], vals[j], &wf);
                                        fl = r.eflags;
                                        if ((e.store_value & (wide ? ~0ULL : 0xffffffff)) !=
                                                    (want & (wide ? ~0ULL : 0xffffffff)) ||
                                            (fl & ARITH_FLAGS) != (wf & ARITH_FLAGS))
                                                fail_msg("%s%d %#llx, %#llx: got %#llx flags %#llx",
                                                         ops[o].name, wide ? 64 : 32,
                                                         (unsigned long long)vals[i],
                                                         (unsigned long long)vals[j],
                                                         (unsigned long long)e.store_value,
                                                         (unsigned long long)fl);
                                        r = regs0();
                                        r.rsi = 0x1000;
                                        assert_true(emulate_insn(wide ? ri : ri + 1, wide ? 4 : 3,
                                                                 &r, &e));
                                        assert_true(emulate_load_done(&r, &e, vals[i]));
                                        want = wide ? ops[o].n64(vals[i], b8, &wf)
                                                    : ops[o].n32(vals[i], b8, &wf);
                                        assert_int_equal(e.store_value & (wide ? ~0ULL : 0xffffffff),
                                                         want & (wide ? ~0ULL : 0xffffffff));
                                        assert_int_equal(r.eflags & ARITH_FLAGS, wf & ARITH_FLAGS);
                                }
                        }
                }
        }
}

/* The CPU's inc or dec of a at 64 bits with CF preset: result and flags. */
static uint64_t n_incdec(bool dec, uint64_t a, uint64_t cf, uint64_t *flags)
{
        uint64_t f = 0x202 | cf;

        if (dec)
                __asm__ volatile("pushq %1\n\tpopfq\n\tdecq %0\n\tpushfq\n\tpopq %1"
                                 : "+r"(a), "+r"(f) : : "cc");
        else
                __asm__ volatile("pushq %1\n\tpopfq\n\tincq %0\n\tpushfq\n\tpopq %1"
                                 : "+r"(a), "+r"(f) : : "cc");
        *flags = f;
        return a;
}

static void test_emulate_inc_dec_leave(void **state)
{
        static const uint64_t vals[] = { 0, 1, 0xf, 0x7fffffffffffffff, 0x8000000000000000,
                                         0xffffffffffffffff };
        const uint8_t leave[] = { 0xc9 };

        (void)state;
        for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
                for (int dec = 0; dec <= 1; dec++) {
                        for (uint64_t cf = 0; cf <= 1; cf++) {
                                const uint8_t reg[] = { 0x48, 0xff, (uint8_t)(dec ? 0xc8 : 0xc0) };
                                const uint8_t mem[] = { 0x48, 0xff, (uint8_t)(dec ? 0x0e : 0x06) };
                                struct user_regs_struct r = regs0();
                                struct emu_effect e;
                                uint64_t wf, want = n_incdec(dec, vals[i], cf, &wf);

                                r.rax = vals[i];
                                r.eflags = 0x202 | cf;
                                assert_true(emulate_insn(reg, sizeof(reg), &r, &e));
                                assert_int_equal(r.rax, want);
                                assert_int_equal(r.eflags & ARITH_FLAGS, wf & ARITH_FLAGS);
                                r = regs0();
                                r.rsi = 0x1000;
                                r.eflags = 0x202 | cf;
                                assert_true(emulate_insn(mem, sizeof(mem), &r, &e));
                                assert_true(e.store_from_load && e.store_addr == 0x1000);
                                assert_true(emulate_load_done(&r, &e, vals[i]));
                                assert_int_equal(e.store_value, want);
                                assert_int_equal(r.eflags & ARITH_FLAGS, wf & ARITH_FLAGS);
                        }
                }
        }
        {
                struct user_regs_struct r = regs0();
                struct emu_effect e;

                assert_true(emulate_insn(leave, sizeof(leave), &r, &e));
                assert_int_equal(r.rsp, 0x7ffe0100 + 8);
                assert_true(e.load);
                assert_int_equal(e.load_addr, 0x7ffe0100);
                assert_true(emulate_load_done(&r, &e, 0x7ffe0200));
                assert_int_equal(r.rbp, 0x7ffe0200);
                assert_int_equal(r.rip, 0x401001);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_emulate_push_rbp),
                cmocka_unit_test(test_emulate_push_rsp_and_r12),
                cmocka_unit_test(test_emulate_endbr64_nop_mov),
                cmocka_unit_test(test_emulate_refuses_others),
                cmocka_unit_test(test_emulate_loads_and_stores),
                cmocka_unit_test(test_emulate_moves_and_lea),
                cmocka_unit_test(test_emulate_alu_matches_cpu),
                cmocka_unit_test(test_emulate_calls_jumps_returns),
                cmocka_unit_test(test_emulate_indirect_calls_jumps),
                cmocka_unit_test(test_emulate_jcc_matches_cpu),
                cmocka_unit_test(test_emulate_compares_with_memory_match_cpu),
                cmocka_unit_test(test_emulate_extensions_and_index),
                cmocka_unit_test(test_emulate_read_modify_write),
                cmocka_unit_test(test_emulate_inc_dec_leave),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
