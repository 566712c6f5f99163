/* test_displace.c — which instructions may run out of line, and their relocation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "displace.h"

static int prep(const uint8_t *code, size_t n, uint64_t orig, uint64_t scratch, uint8_t *out,
                size_t *out_len, size_t *insn_len)
{
        return displace_prepare(code, n, orig, scratch, out, out_len, insn_len, NULL);
}

static void test_displace_plain_instructions(void **state)
{
        /* add $0x1,%rax ; then junk after it that must not be copied */
        const uint8_t add[] = { 0x48, 0x83, 0xc0, 0x01, 0xff, 0xff };
        uint8_t out[DISPLACE_MAX];
        size_t ol, il;

        assert_int_equal(prep(add, sizeof(add), 0x401000, 0x400000, out, &ol, &il), 0);
        assert_int_equal(il, 4);
        assert_int_equal(ol, 5);
        assert_memory_equal(out, add, 4);
        assert_int_equal(out[4], 0xCC);
}

static void test_displace_rip_relative(void **state)
{
        /* mov 0x2ef3(%rip),%rax at 0x401126: target 0x401126 + 7 + 0x2ef3 = 0x404020 */
        const uint8_t mov[] = { 0x48, 0x8b, 0x05, 0xf3, 0x2e, 0x00, 0x00 };
        uint8_t out[DISPLACE_MAX];
        size_t ol, il;
        int32_t d;

        assert_int_equal(prep(mov, sizeof(mov), 0x401126, 0x401040, out, &ol, &il), 0);
        assert_int_equal(il, 7);
        memcpy(&d, out + 3, 4);
        assert_int_equal(0x401040 + 7 + (int64_t)d, 0x404020);
        assert_int_equal(out[7], 0xCC);
        /* out of reach: scratch 4 GiB away */
        assert_int_equal(prep(mov, sizeof(mov), 0x401126, 0x100401040ULL, out, &ol, &il),
                         -EINVAL);
}

static void test_displace_refuses_position_dependent(void **state)
{
        const uint8_t call[] = { 0xe8, 0x10, 0x00, 0x00, 0x00 };
        const uint8_t jmp[] = { 0xeb, 0xfe };
        const uint8_t jcc[] = { 0x74, 0x05 };
        const uint8_t ret[] = { 0xc3 };
        const uint8_t syscall_[] = { 0x0f, 0x05 };
        const uint8_t int3[] = { 0xcc };
        const uint8_t jmp_ind[] = { 0xff, 0xe0 };       /* jmp *%rax */
        const uint8_t call_ind[] = { 0xff, 0x15, 0, 0, 0, 0 }; /* call *0(%rip) */
        const uint8_t bad[] = { 0x0f, 0xff };
        uint8_t out[DISPLACE_MAX];
        size_t ol, il;

        assert_int_equal(prep(call, sizeof(call), 0x401000, 0x400000, out, &ol, &il), -EINVAL);
        assert_int_equal(prep(jmp, sizeof(jmp), 0x401000, 0x400000, out, &ol, &il), -EINVAL);
        assert_int_equal(prep(jcc, sizeof(jcc), 0x401000, 0x400000, out, &ol, &il), -EINVAL);
        assert_int_equal(prep(ret, sizeof(ret), 0x401000, 0x400000, out, &ol, &il), -EINVAL);
        assert_int_equal(prep(syscall_, sizeof(syscall_), 0x401000, 0x400000, out, &ol, &il),
                         -EINVAL);
        assert_int_equal(prep(int3, sizeof(int3), 0x401000, 0x400000, out, &ol, &il), -EINVAL);
        assert_int_equal(prep(jmp_ind, sizeof(jmp_ind), 0x401000, 0x400000, out, &ol, &il),
                         -EINVAL);
        assert_int_equal(prep(call_ind, sizeof(call_ind), 0x401000, 0x400000, out, &ol, &il),
                         -EINVAL);
        assert_int_equal(prep(bad, sizeof(bad), 0x401000, 0x400000, out, &ol, &il), -EINVAL);
        displace_done();
}

/* `syscall` runs out of line only for a caller that says it fixes it up; the traps and
 * branches stay refused then too, and a prefixed syscall also. */
static void test_displace_syscall_when_asked(void **state)
{
        const uint8_t syscall_[] = { 0x0f, 0x05, 0xc3 };
        const uint8_t rex_syscall[] = { 0x48, 0x0f, 0x05 };
        const uint8_t sysenter[] = { 0x0f, 0x34 };
        const uint8_t int80[] = { 0xcd, 0x80 };
        const uint8_t jmp_ind[] = { 0xff, 0xe0 };
        const uint8_t add[] = { 0x48, 0x83, 0xc0, 0x01 };
        uint8_t out[DISPLACE_MAX];
        size_t ol, il;
        bool sc = false;

        (void)state;
        assert_int_equal(displace_prepare(syscall_, sizeof(syscall_), 0x401000, 0x400000, out,
                                          &ol, &il, &sc), 0);
        assert_true(sc);
        assert_int_equal(il, 2);
        assert_int_equal(ol, 3);
        assert_int_equal(out[0], 0x0f);
        assert_int_equal(out[1], 0x05);
        assert_int_equal(out[2], 0xCC);
        assert_int_equal(displace_prepare(add, sizeof(add), 0x401000, 0x400000, out, &ol, &il,
                                          &sc), 0);
        assert_false(sc);
        assert_int_equal(displace_prepare(rex_syscall, sizeof(rex_syscall), 0x401000, 0x400000,
                                          out, &ol, &il, &sc), -EINVAL);
        assert_int_equal(displace_prepare(sysenter, sizeof(sysenter), 0x401000, 0x400000, out,
                                          &ol, &il, &sc), -EINVAL);
        assert_int_equal(displace_prepare(int80, sizeof(int80), 0x401000, 0x400000, out, &ol,
                                          &il, &sc), -EINVAL);
        assert_int_equal(displace_prepare(jmp_ind, sizeof(jmp_ind), 0x401000, 0x400000, out,
                                          &ol, &il, &sc), -EINVAL);
        displace_done();
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_displace_plain_instructions),
                cmocka_unit_test(test_displace_rip_relative),
                cmocka_unit_test(test_displace_refuses_position_dependent),
                cmocka_unit_test(test_displace_syscall_when_asked),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
