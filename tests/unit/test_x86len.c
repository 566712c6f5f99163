/* test_x86len.c — x86_vector_len (x86len.c): lengths of VEX and EVEX instructions that
 * capstone 4 cannot decode, taken from glibc's code as objdump decodes it, and of ones
 * capstone can, where both must agree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <capstone/capstone.h>
#include <string.h>

#include "x86len.h"

struct enc {
        const char *what;
        uint8_t bytes[16];
        size_t len;
};

/* From objdump -d of Debian 12's libc.so.6 (capstone 4 fails on each). */
static const struct enc unknown[] = {
        { "vpcmpeqb (%rdi),%ymm16,%k0", { 0x62, 0xf3, 0x7d, 0x20, 0x3f, 0x07, 0x00 }, 7 },
        { "vpternlogd $0xde,%ymm24,%ymm22,%ymm23",
          { 0x62, 0x83, 0x4d, 0x20, 0x25, 0xf8, 0xde }, 7 },
        { "vptestnmb %ymm26,%ymm26,%k1", { 0x62, 0x92, 0x2e, 0x20, 0x26, 0xca }, 6 },
        { "vpcmpeqd (%rsi,%r9,4),%xmm0,%k1{%k2}",
          { 0x62, 0xb3, 0x7d, 0x0a, 0x1f, 0x0c, 0x8e, 0x00 }, 8 },
        { "vpbroadcastb (%rdi,%rcx,1),%zmm2", { 0x62, 0xf2, 0x7d, 0x48, 0x78, 0x14, 0x0f }, 7 },
        { "vpcmpnequb 0x60(%rdi),%ymm20,%k1",
          { 0x62, 0xf3, 0x5d, 0x20, 0x3e, 0x4f, 0x03, 0x04 }, 8 },
        { "kmovd %k0,%r8d", { 0xc5, 0x7b, 0x93, 0xc0 }, 4 },
        { "kmovq %r11,%k2", { 0xc4, 0xc1, 0xfb, 0x92, 0xd3 }, 5 },
        { "kortestd %k0,%k1", { 0xc4, 0xe1, 0xf9, 0x98, 0xc8 }, 5 },
        { "kunpckdq %k2,%k3,%k3", { 0xc4, 0xe1, 0xe4, 0x4b, 0xda }, 5 },
        /* made up, for the addressing forms: disp32 off rip, SIB without base */
        { "EVEX map 0F38, rip-relative", { 0x62, 0xf2, 0x7d, 0x48, 0x78, 0x15, 1, 2, 3, 4 }, 10 },
        { "EVEX map 0F3A, SIB no base, imm8",
          { 0x62, 0xf3, 0x5d, 0x20, 0x3e, 0x0c, 0x25, 1, 2, 3, 4, 0x05 }, 12 },
        { "67 prefix, EVEX disp32", { 0x67, 0x62, 0xf2, 0x7d, 0x48, 0x78, 0x97, 1, 2, 3, 4 }, 11 },
};

static void test_x86len_what_capstone_cannot(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
                const struct enc *e = &unknown[i];

                print_message("%s\n", e->what);
                assert_int_equal(x86_vector_len(e->bytes, sizeof(e->bytes)), e->len);
                /* cut short: no length */
                assert_int_equal(x86_vector_len(e->bytes, e->len - 1), 0);
        }
}

/* VEX instructions capstone 4 decodes: the lengths must be the same. */
static void test_x86len_agrees_with_capstone(void **state)
{
        static const struct enc known[] = {
                { "vpxor %xmm0,%xmm0,%xmm0", { 0xc5, 0xf9, 0xef, 0xc0 }, 4 },
                { "vmovdqu 0x100(%rdi),%ymm0", { 0xc5, 0xfe, 0x6f, 0x87, 0, 1, 0, 0 }, 8 },
                { "vpcmpeqb 0x10(%rip),%ymm0,%ymm1", { 0xc5, 0xfd, 0x74, 0x0d, 0x10, 0, 0, 0 },
                  8 },
                { "vpalignr $8,%ymm1,%ymm0,%ymm0", { 0xc4, 0xe3, 0x7d, 0x0f, 0xc1, 0x08 }, 6 },
                { "vzeroupper", { 0xc5, 0xf8, 0x77 }, 3 },
                { "vpshufd $0x1b,(%rax,%rbx,2),%xmm3", { 0xc5, 0xf9, 0x70, 0x1c, 0x58, 0x1b }, 6 },
                { "vpsrldq $4,%xmm1,%xmm2", { 0xc5, 0xe9, 0x73, 0xd9, 0x04 }, 5 },
                { "vpminub (%rdi),%ymm1,%ymm2", { 0xc5, 0xf5, 0xda, 0x17 }, 4 },
                { "vpbroadcastb %xmm0,%ymm0", { 0xc4, 0xe2, 0x7d, 0x78, 0xc0 }, 5 },
        };
        csh h;
        cs_insn *in;

        (void)state;
        assert_int_equal(cs_open(CS_ARCH_X86, CS_MODE_64, &h), CS_ERR_OK);
        for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
                const struct enc *e = &known[i];
                size_t n = cs_disasm(h, e->bytes, e->len, 0x1000, 1, &in);

                print_message("%s\n", e->what);
                assert_int_equal(n, 1);
                assert_int_equal(in->size, e->len);
                assert_int_equal(x86_vector_len(e->bytes, e->len), e->len);
                cs_free(in, n);
        }
        cs_close(&h);
}

static void test_x86len_not_vector(void **state)
{
        static const uint8_t none[][4] = {
                { 0x48, 0x89, 0xe5 },       /* mov %rsp,%rbp */
                { 0x62, 0xf0, 0x7d, 0x20 }, /* EVEX map 0: none */
                { 0xc4, 0xe4, 0x7d, 0x0f }, /* VEX map 4: none */
                { 0x67, 0x67, 0x62, 0xf3 }, /* one 67 only */
        };

        (void)state;
        for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++)
                assert_int_equal(x86_vector_len(none[i], 4), 0);
        assert_int_equal(x86_vector_len(none[0], 0), 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_x86len_what_capstone_cannot),
                cmocka_unit_test(test_x86len_agrees_with_capstone),
                cmocka_unit_test(test_x86len_not_vector),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
