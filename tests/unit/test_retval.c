/* test_retval.c — finish's returned values, printed as gdb prints them: from registers
 * by the SysV ABI, through a fake process memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "retval.h"

static const char *fake_mem; /* what the fake process has at 0x1000 */

static ssize_t fake_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
        size_t have = fake_mem ? strlen(fake_mem) + 1 : 0;

        (void)ctx;
        if (addr < 0x1000 || addr >= 0x1000 + have)
                return -1;
        if (len > have - (addr - 0x1000))
                len = have - (addr - 0x1000);
        memcpy(buf, fake_mem + (addr - 0x1000), len);
        return (ssize_t)len;
}

static bool fake_symbol(void *ctx, uint64_t addr, char *buf, size_t len)
{
        (void)ctx;
        if (addr < 0x1000 || addr >= 0x1010)
                return false;
        snprintf(buf, len, addr == 0x1000 ? "text" : "text+%d", (int)(addr - 0x1000));
        return true;
}

static const struct ret_process proc = { fake_read, fake_symbol, NULL, NULL };

static void check(const struct ret_type *t, const struct ret_regs *r, const char *want)
{
        char *got = ret_format(t, r, &proc);

        assert_non_null(got);
        assert_string_equal(got, want);
        free(got);
}

/* t from a process whose memory at 0x1000 is bytes[0, n) (NULs too). */
static const uint8_t *raw_mem;
static size_t raw_len;

static ssize_t raw_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
        (void)ctx;
        if (addr < 0x1000 || addr - 0x1000 + len > raw_len)
                return -1;
        memcpy(buf, raw_mem + (addr - 0x1000), len);
        return (ssize_t)len;
}

static void check_bytes(const struct ret_type *t, const struct ret_regs *r, const void *bytes,
                        size_t n, const char *want)
{
        struct ret_process p = { raw_read, fake_symbol, NULL, NULL };
        char *got;

        raw_mem = bytes;
        raw_len = n;
        got = ret_format(t, r, &p);
        assert_non_null(got);
        assert_string_equal(got, want);
        free(got);
}

static void test_retval_strings(void **state)
{
        struct ret_type t = { .cls = RET_STRING, .size = 8, .name = "const char *" };
        struct ret_regs r = { .rax = 0x1000 };
        char longer[260];

        (void)state;
        fake_mem = "hi";
        check(&t, &r, "0x1000 <text> \"hi\"");
        fake_mem = "aaaaaaaaaaaaaaab\t\"\\\001";
        check(&t, &r, "0x1000 <text> 'a' <repeats 15 times>, \"b\\t\\\"\\\\\\001\"");
        fake_mem = "aaaaaaaaaab"; /* ten: no <repeats> yet */
        check(&t, &r, "0x1000 <text> \"aaaaaaaaaab\"");
        memset(longer, 'x', sizeof(longer) - 1);
        for (size_t i = 0; i < sizeof(longer) - 1; i += 2)
                longer[i] = 'y';
        longer[sizeof(longer) - 1] = 0;
        fake_mem = longer;
        char want[260];
        snprintf(want, sizeof(want), "0x1000 <text> \"%.200s\"...", longer);
        check(&t, &r, want);
        r.rax = 0x10;
        check(&t, &r, "0x10 <error: Cannot access memory at address 0x10>");
        t.cast = "unsigned char *";
        r.rax = 0x1001;
        fake_mem = "hello";
        check(&t, &r, "(unsigned char *) 0x1001 <text+1> \"ello\"");
        fake_mem = NULL;
}

static void test_retval_scalars(void **state)
{
        struct ret_type t = { .cls = RET_SIGNED, .size = 4, .name = "int" };
        struct ret_regs r = { .rax = 0xffffffffffffffd6 };
        double d = 3.14;
        float f = 2.5f / 3;

        (void)state;
        check(&t, &r, "-42");
        t.cls = RET_UNSIGNED;
        r.rax = 0x1234ffffffff; /* only the type's bytes */
        check(&t, &r, "4294967295");
        t.cls = RET_CHAR_SIGNED, t.size = 1, r.rax = 0xff;
        check(&t, &r, "-1 '\\377'");
        t.cls = RET_CHAR_UNSIGNED, r.rax = '\'';
        check(&t, &r, "39 '\\''");
        t.cls = RET_BOOL, r.rax = 1;
        check(&t, &r, "true");
        t.cls = RET_FLOAT, t.size = 8;
        memcpy(r.xmm0, &d, 8);
        check(&t, &r, "3.1400000000000001");
        t.size = 4;
        memcpy(r.xmm0, &f, 4);
        check(&t, &r, "0.833333313");
        t.cls = RET_POINTER, t.size = 8, t.cast = "void *", r.rax = 0;
        check(&t, &r, "(void *) 0x0");
}

/* Complexes: a float one's two parts in xmm0, a double one's in xmm0 and xmm1, a long
 * double one's in st(0) and st(1) (the SysV ABI's COMPLEX_X87 class). */
static void test_retval_complex(void **state)
{
        struct ret_type part = { .cls = RET_FLOAT, .size = 4, .name = "float" };
        struct ret_member m = { .type = &part };
        struct ret_type t = { .cls = RET_COMPLEX, .size = 8, .name = "complex float",
                              .members = &m, .n_members = 1 };
        struct ret_regs r = { 0 };
        float f[2] = { 1.5f, -2.5f };
        double d[2] = { 0.25, 3 };
        long double re = 1, im = -0.5;

        (void)state;
        memcpy(r.xmm0, f, 8);
        check(&t, &r, "1.5 + -2.5i");
        part.size = 8, t.size = 16;
        memcpy(r.xmm0, &d[0], 8);
        memcpy(r.xmm1, &d[1], 8);
        check(&t, &r, "0.25 + 3i");
        part.cls = RET_LONG_DOUBLE, part.size = 16, t.size = 32;
        memcpy(r.st0, &re, 10);
        memcpy(r.st1, &im, 10);
        check(&t, &r, "1 + -0.5i");
}

static void test_retval_enums(void **state)
{
        struct ret_enumerator e[] = { { 1, "R" }, { 2, "W" }, { 4, "X" } };
        struct ret_type t = { .cls = RET_ENUM, .size = 4, .name = "enum perm", .enums = e,
                              .n_enums = 3, .flag_enum = true };
        struct ret_regs r = { .rax = 5 };

        (void)state;
        check(&t, &r, "(R | X)");
        r.rax = 2;
        check(&t, &r, "W");
        r.rax = 10;
        check(&t, &r, "(W | unknown: 0x8)");
        r.rax = 0;
        check(&t, &r, "0");
        t.flag_enum = false, r.rax = 3;
        check(&t, &r, "3");
        t.scope = "ns::E::", r.rax = 4;
        check(&t, &r, "ns::E::X");
}

/* struct { int i; float f; double d; }: the first eightbyte holds an int (rax), the
 * second only a double (xmm0) */
static void test_retval_struct_in_registers(void **state)
{
        struct ret_type ti = { .cls = RET_SIGNED, .size = 4, .name = "int" };
        struct ret_type tf = { .cls = RET_FLOAT, .size = 4, .name = "float" };
        struct ret_type td = { .cls = RET_FLOAT, .size = 8, .name = "double" };
        struct ret_member m[] = { { .name = "i", .offset = 0, .type = &ti }, { .name = "f", .offset = 4, .type = &tf }, { .name = "d", .offset = 8, .type = &td } };
        struct ret_type t = { .cls = RET_STRUCT, .size = 16, .name = "struct mix",
                              .members = m, .n_members = 3 };
        struct ret_regs r = { 0 };
        float f = 0.5f;
        double d = 2;

        (void)state;
        r.rax = 7 | (uint64_t)0 << 32;
        memcpy((uint8_t *)&r.rax + 4, &f, 4);
        memcpy(r.xmm0, &d, 8);
        check(&t, &r, "{i = 7, f = 0.5, d = 2}");
        /* two doubles: xmm0 and xmm1 */
        struct ret_member m2[] = { { .name = "x", .offset = 0, .type = &td }, { .name = "y", .offset = 8, .type = &td } };
        struct ret_type t2 = { .cls = RET_STRUCT, .size = 16, .name = "struct pt",
                               .members = m2, .n_members = 2 };
        double x = 1.5, y = -0.25;
        memcpy(r.xmm0, &x, 8);
        memcpy(r.xmm1, &y, 8);
        check(&t2, &r, "{x = 1.5, y = -0.25}");
        /* an array member: not printed */
        struct ret_type ta = { .cls = RET_OTHER, .size = 8, .name = "int [2]" };
        struct ret_member m3[] = { { .name = "v", .offset = 0, .type = &ta } };
        struct ret_type t3 = { .cls = RET_STRUCT, .size = 8, .name = "struct arr",
                               .members = m3, .n_members = 1 };
        assert_null(ret_format(&t3, &r, &proc));
}

/* struct { char name[8]; int z[16]; }: in memory at rax (over 16 bytes); gdb's char
 * array (every byte but a last NUL) and <repeats> in arrays */
static void test_retval_arrays(void **state)
{
        struct ret_type tc = { .cls = RET_CHAR_SIGNED, .size = 1, .name = "char" };
        struct ret_type ti = { .cls = RET_SIGNED, .size = 4, .name = "int" };
        struct ret_member ec[] = { { .name = NULL, .offset = 0, .type = &tc } }, ei[] = { { .name = NULL, .offset = 0, .type = &ti } };
        struct ret_type name = { .cls = RET_ARRAY, .size = 8, .name = "char []",
                                 .members = ec, .n_members = 1 };
        struct ret_type z = { .cls = RET_ARRAY, .size = 64, .name = "int []", .members = ei,
                              .n_members = 1 };
        struct ret_member m[] = { { .name = "name", .offset = 0, .type = &name }, { .name = "z", .offset = 8, .type = &z } };
        struct ret_type t = { .cls = RET_STRUCT, .size = 72, .name = "struct rec",
                              .members = m, .n_members = 2 };
        static char mem[73] = "bob";
        struct ret_regs r = { .rax = 0x1000 };
        int one = 1, two = 2;

        (void)state;
        memcpy(mem + 8, &one, 4);
        memcpy(mem + 12, &two, 4);
        check_bytes(&t, &r, mem, 72,
                    "{name = \"bob\\000\\000\\000\\000\", z = {1, 2, 0 <repeats 14 times>}}");
}

/* int &: (int &) @ADDR: VALUE as `print` shows it, @ADDR: VALUE in `info locals` */
static void test_retval_reference(void **state)
{
        struct ret_type ti = { .cls = RET_SIGNED, .size = 4, .name = "int" };
        struct ret_member to[] = { { .name = NULL, .offset = 0, .type = &ti } };
        struct ret_type t = { .cls = RET_REFERENCE, .size = 8, .name = "int &", .members = to,
                              .n_members = 1 };
        uint8_t five[4] = { 5, 0, 0, 0 }, ref[8] = { 0x00, 0x10 };
        struct ret_regs r = { .rax = 0x1000 };
        struct ret_process p = { raw_read, fake_symbol, NULL, NULL };
        char *got;

        (void)state;
        check_bytes(&t, &r, five, 4, "(int &) @0x1000: 5");
        raw_mem = five;
        raw_len = 4;
        got = ret_format_bytes(&t, ref, false, &p);
        assert_string_equal(got, "@0x1000: 5");
        free(got);
        {
                /* a reference field (a lambda's capture by reference): its address
                 * alone, as gdb prints fields, not followed */
                struct ret_member fields[] = { { .name = "r", .offset = 0, .type = &t },
                                               { .name = "v", .offset = 8, .type = &ti } };
                struct ret_type st = { .cls = RET_STRUCT, .size = 16, .name = "S",
                                       .members = fields, .n_members = 2 };
                uint8_t sb[16] = { 0x00, 0x10, 0, 0, 0, 0, 0, 0, 3 };

                got = ret_format_bytes(&st, sb, false, &p);
                assert_string_equal(got, "{r = @0x1000, v = 3}");
                free(got);
        }
        {
                /* an anonymous union member: no name, as gdb prints it */
                struct ret_member um[] = { { .name = "i", .offset = 0, .type = &ti } };
                struct ret_type u = { .cls = RET_STRUCT, .size = 4, .name = "union {...}",
                                      .members = um, .n_members = 1 };
                struct ret_member fields[] = { { .name = "kind", .offset = 0, .type = &ti },
                                               { .name = "", .offset = 4, .type = &u } };
                struct ret_type st = { .cls = RET_STRUCT, .size = 8, .name = "struct tagged",
                                       .members = fields, .n_members = 2 };
                uint8_t sb[8] = { 4, 0, 0, 0, 40 };

                got = ret_format_bytes(&st, sb, false, &p);
                assert_string_equal(got, "{kind = 4, {i = 40}}");
                free(got);
        }
}

/* A value put together from pieces, part of it optimized out: that part prints as
 * gdb's <optimized out>; an array's elements too, and runs of them stay apart. */
static void test_retval_partial(void **state)
{
        struct ret_type ti = { .cls = RET_SIGNED, .size = 4, .name = "int" };
        struct ret_member fields[] = { { .name = "x", .offset = 0, .type = &ti },
                                       { .name = "y", .offset = 4, .type = &ti } };
        struct ret_type st = { .cls = RET_STRUCT, .size = 8, .name = "struct pt",
                               .members = fields, .n_members = 2 };
        struct ret_member el[] = { { .name = NULL, .offset = 0, .type = &ti } };
        struct ret_type arr = { .cls = RET_ARRAY, .size = 16, .name = "int [4]",
                                .members = el, .n_members = 1 };
        uint8_t b[16] = { 0, 0, 0, 0, 14 }, na[16] = { 1, 1, 1, 1 };
        char *got;

        (void)state;
        got = ret_format_partial(&st, b, na, false, NULL);
        assert_string_equal(got, "{x = <optimized out>, y = 14}");
        free(got);
        na[5] = 1; /* a byte of y too */
        got = ret_format_partial(&st, b, na, false, NULL);
        assert_string_equal(got, "{x = <optimized out>, y = <optimized out>}");
        free(got);
        memset(na, 1, 8); /* all of it */
        got = ret_format_partial(&st, b, na, false, NULL);
        assert_string_equal(got, "<optimized out>");
        free(got);
        memset(na, 0, sizeof(na));
        memset(na + 12, 1, 4);
        memset(b, 0, sizeof(b));
        got = ret_format_partial(&arr, b, na, false, NULL);
        assert_string_equal(got, "{0, 0, 0, <optimized out>}");
        free(got);
        got = ret_format_partial(&arr, b, NULL, false, NULL);
        assert_string_equal(got, "{0, 0, 0, 0}");
        free(got);
        {
                /* a std::tuple<int, int> at -O2, from pieces that leave out its padding:
                 * its elements print, as gdb's */
                struct ret_member te[] = { { .name = "", .offset = 8, .type = &ti },
                                           { .name = "", .offset = 0, .type = &ti } };
                struct ret_type tu = { .cls = RET_STD_TUPLE, .size = 16, .name = "T",
                                       .members = te, .n_members = 2 };
                uint8_t tb[16] = { 2, 0, 0, 0, 0, 0, 0, 0, 1 }, tna[16] = { 0 };

                memset(tna + 4, 1, 4);
                memset(tna + 12, 1, 4);
                got = ret_format_partial(&tu, tb, tna, false, NULL);
                assert_string_equal(got, "std::tuple containing = {[1] = 1, [2] = 2}");
                free(got);
        }
        {
                /* a std::optional<int> from pieces: its flag says, whatever its value
                 * and its padding; without the flag it is optimized out */
                struct ret_member oe[] = { { .name = "", .offset = 0, .type = &ti } };
                struct ret_type op = { .cls = RET_STD_NODES, .size = 8, .name = "O",
                                       .cast = "std::optional<int>", .char_prefix = 'o',
                                       .members = oe, .n_members = 1 };
                uint8_t ob[8] = { 0 }, ona[8] = { 1, 1, 1, 1, 0, 1, 1, 1 };

                got = ret_format_partial(&op, ob, ona, false, NULL);
                assert_string_equal(got, "std::optional<int> [no contained value]");
                free(got);
                ob[4] = 1;
                got = ret_format_partial(&op, ob, ona, false, NULL);
                assert_string_equal(got, "std::optional<int> = {[contained value] = "
                                         "<optimized out>}");
                free(got);
                ona[4] = 1;
                got = ret_format_partial(&op, ob, ona, false, NULL);
                assert_string_equal(got, "<optimized out>");
                free(got);
        }
}

/* libstdc++'s std::string and std::vector, as gdb's pretty printers show them: the
 * string's bytes and the vector's elements read through the process. */
static void test_retval_std(void **state)
{
        struct ret_type ti = { .cls = RET_SIGNED, .size = 4, .name = "int" };
        struct ret_type str = { .cls = RET_STD_STRING, .size = 32, .name = "std::string" };
        struct ret_member el[] = { { .name = "", .offset = 0, .type = &ti } };
        struct ret_type vec = { .cls = RET_STD_VECTOR, .size = 24, .name = "std::vector<int>",
                                .members = el, .n_members = 1 };
        struct ret_process p = { raw_read, fake_symbol, NULL, NULL };
        /* at 0x1000: "hi \"x\"", then at 0x1010 the ints 1, 2, 3 */
        uint8_t mem[0x20] = { 'h', 'i', ' ', '"', 'x', '"' };
        uint8_t sb[32] = { 0x00, 0x10, 0, 0, 0, 0, 0, 0, 6 };
        uint8_t vb[24] = { 0x10, 0x10, 0, 0, 0, 0, 0, 0, 0x1c, 0x10, 0, 0, 0, 0, 0, 0,
                           0x20, 0x10 };
        uint8_t empty[24] = { 0 };
        char *got;

        (void)state;
        for (int i = 0; i < 3; i++)
                mem[0x10 + 4 * i] = (uint8_t)(i + 1);
        raw_mem = mem;
        raw_len = sizeof(mem);
        got = ret_format_bytes(&str, sb, false, &p);
        assert_string_equal(got, "\"hi \\\"x\\\"\"");
        free(got);
        got = ret_format_bytes(&vec, vb, false, &p);
        assert_string_equal(got, "std::vector of length 3, capacity 4 = {1, 2, 3}");
        free(got);
        got = ret_format_bytes(&vec, empty, false, &p);
        assert_string_equal(got, "std::vector of length 0, capacity 0");
        free(got);
        {
                /* a set of 1, 2, 3: root 2 at 0x1000, its children 1 at 0x1040 and 3
                 * at 0x1080 (node: color, parent, left, right, then the value) */
                struct ret_type set = { .cls = RET_STD_TREE, .size = 48, .name = "S",
                                        .cast = "std::set", .members = el, .n_members = 1 };
                struct ret_type sp = { .cls = RET_STD_POINTER, .size = 16, .name = "P",
                                       .cast = "std::shared_ptr<int>", .char_prefix = 's' };
                uint8_t tree[0xc0] = { 0 }, tb[48] = { 0 }, pb[16] = { 0x20, 0x10 };
                const uint64_t nodes[3][5] = { { 0x1000, 0x2000, 0x1040, 0x1080, 2 },
                                               { 0x1040, 0x1000, 0, 0, 1 },
                                               { 0x1080, 0x1000, 0, 0, 3 } };

                for (int i = 0; i < 3; i++) {
                        uint8_t *nd = tree + (nodes[i][0] - 0x1000);

                        memcpy(nd + 8, &nodes[i][1], 8);
                        memcpy(nd + 16, &nodes[i][2], 8);
                        memcpy(nd + 24, &nodes[i][3], 8);
                        nd[32] = (uint8_t)nodes[i][4];
                }
                tb[24] = 0x40; /* the leftmost: 0x1040 */
                tb[25] = 0x10;
                tb[40] = 3;
                raw_mem = tree;
                raw_len = sizeof(tree);
                got = ret_format_bytes(&set, tb, false, &p);
                assert_string_equal(got, "std::set with 3 elements = {[0] = 1, [1] = 2, [2] = 3}");
                free(got);
                /* a shared_ptr: its control block at 0x1000 (use count 2, weak 1) */
                memset(tree, 0, sizeof(tree));
                tree[8] = 2;
                tree[12] = 1;
                pb[8] = 0x00;
                pb[9] = 0x10;
                got = ret_format_bytes(&sp, pb, false, &p);
                assert_string_equal(got, "std::shared_ptr<int> (use count 2, weak count 0) = "
                                         "{get() = 0x1020}");
                free(got);
                memset(pb + 8, 0, 8);
                got = ret_format_bytes(&sp, pb, false, &p);
                assert_string_equal(got, "std::shared_ptr<int> (empty) = {get() = 0x1020}");
                free(got);
                raw_mem = mem;
                raw_len = sizeof(mem);
        }
        {
                /* a list of 7, 8 (nodes at 0x1000 and 0x1020: next, prev, value) and
                 * optionals of int */
                struct ret_type li = { .cls = RET_STD_NODES, .size = 24, .name = "L",
                                       .cast = "std::__cxx11::list", .char_prefix = 'l',
                                       .members = el, .n_members = 1 };
                struct ret_type op = { .cls = RET_STD_NODES, .size = 8, .name = "O",
                                       .cast = "std::optional<int>", .char_prefix = 'o',
                                       .members = el, .n_members = 1 };
                uint8_t nodes[0x40] = { 0x20, 0x10 }, lb[24] = { 0x00, 0x10 };
                uint8_t ob[8] = { 5, 0, 0, 0, 1 };

                nodes[16] = 7;
                nodes[0x20 + 16] = 8;
                lb[16] = 2;
                raw_mem = nodes;
                raw_len = sizeof(nodes);
                got = ret_format_bytes(&li, lb, false, &p);
                assert_string_equal(got, "std::__cxx11::list = {[0] = 7, [1] = 8}");
                free(got);
                lb[16] = 0;
                got = ret_format_bytes(&li, lb, false, &p);
                assert_string_equal(got, "empty std::__cxx11::list");
                free(got);
                got = ret_format_bytes(&op, ob, false, &p);
                assert_string_equal(got, "std::optional<int> = {[contained value] = 5}");
                free(got);
                ob[4] = 0;
                got = ret_format_bytes(&op, ob, false, &p);
                assert_string_equal(got, "std::optional<int> [no contained value]");
                free(got);
                raw_mem = mem;
                raw_len = sizeof(mem);
        }
        vb[0] = 0x40; /* start past finish: not a vector */
        got = ret_format_bytes(&vec, vb, false, &p);
        assert_string_equal(got, "<error: a std::vector that is not well-formed>");
        free(got);
}

/* Wide strings: wchar_t arrays as L"...", runs folded, characters past ASCII in
 * UTF-8, as gdb on a UTF-8 host. */
static void test_retval_wide(void **state)
{
        struct ret_type wc = { .cls = RET_WIDE_CHAR, .size = 4, .name = "wchar_t",
                               .char_prefix = 'L', .is_signed = true };
        struct ret_member el[] = { { .name = NULL, .offset = 0, .type = &wc } };
        struct ret_type arr = { .cls = RET_ARRAY, .size = 16 * 4, .name = "wchar_t [16]",
                                .members = el, .n_members = 1 };
        uint32_t w[16] = { 'h', 0xe9 };
        char *got;

        (void)state;
        for (int i = 2; i < 15; i++)
                w[i] = 'x';
        w[15] = 0;
        got = ret_format_bytes(&arr, (const uint8_t *)w, false, NULL);
        assert_string_equal(got, "L\"h\u00e9\", L'x' <repeats 13 times>");
        free(got);
        memset(w, 0, sizeof(w));
        got = ret_format_bytes(&arr, (const uint8_t *)w, false, NULL);
        assert_string_equal(got, "L'\\000' <repeats 15 times>");
        free(got);
}

/* char arrays as gdb shows them on a UTF-8 host: UTF-8 decoded, <repeats> of
 * characters, invalid bytes and controls escaped, an incomplete sequence at the end
 * (the character before it kept, where gdb 13 drops it); UTF-16 surrogate pairs, and
 * a hex digit escaped after a \x escape. */
static void test_retval_utf8(void **state)
{
        struct ret_type tc = { .cls = RET_CHAR_SIGNED, .size = 1, .name = "char" };
        struct ret_type t16 = { .cls = RET_WIDE_CHAR, .size = 2, .name = "char16_t",
                                .char_prefix = 'u' };
        struct ret_type t32 = { .cls = RET_WIDE_CHAR, .size = 4, .name = "wchar_t",
                                .char_prefix = 'L', .is_signed = true };
        struct ret_member ec[] = { { .name = NULL, .offset = 0, .type = &tc } };
        struct ret_member e16[] = { { .name = NULL, .offset = 0, .type = &t16 } };
        struct ret_member e32[] = { { .name = NULL, .offset = 0, .type = &t32 } };
        static const struct { const char *bytes; size_t n; const char *want; } cases[] = {
                { "caf\xc3\xa9", 5, "\"caf\u00e9\"" },
                { "x\xe9y", 3, "\"x\\351y\"" },
                { "\xc2\x85z\xc2\xa0", 5, "\"\\302\\205z\u00a0\"" },
                { "\xe2\x80\xa8", 3, "\"\\342\\200\\250\"" },
                { "\xed\xa0\x80", 3, "\"\\355\\240\\200\"" },
                { "ab\xe2\x82", 4, "\"ab\", <incomplete sequence \\342\\202>" },
                { "\xe2\x82", 2, "<incomplete sequence \\342\\202>" },
                { "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                  "\xc3\xa9\xc3\xa9q", 23, "'\u00e9' <repeats 11 times>, \"q\"" },
                { "\x7f\x1b", 2, "\"\\177\\033\"" },
        };
        uint16_t s16[] = { 0xd834, 0xdd1e, 'y', 0xdc00, 'z' };
        uint32_t s32[] = { 'b', 0x2028, 'c', 0x85, 'b' };
        char *got;

        (void)state;
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                struct ret_type arr = { .cls = RET_ARRAY, .size = (unsigned)cases[i].n,
                                        .name = "char []", .members = ec, .n_members = 1 };

                got = ret_format_bytes(&arr, (const uint8_t *)cases[i].bytes, false, NULL);
                assert_string_equal(got, cases[i].want);
                free(got);
        }
        struct ret_type a16 = { .cls = RET_ARRAY, .size = sizeof(s16), .name = "char16_t [5]",
                                .members = e16, .n_members = 1 };
        got = ret_format_bytes(&a16, (const uint8_t *)s16, false, NULL);
        assert_string_equal(got, "u\"\U0001d11ey\\xdc00z\"");
        free(got);
        struct ret_type a32 = { .cls = RET_ARRAY, .size = sizeof(s32), .name = "wchar_t [5]",
                                .members = e32, .n_members = 1 };
        got = ret_format_bytes(&a32, (const uint8_t *)s32, false, NULL);
        assert_string_equal(got, "L\"b\\x2028\\143\\205b\"");
        free(got);
}

/* gdb's print/FMT: every number of the value in the format; a float's bits, a
 * pointer's address alone, a char array element by element. */
static void test_retval_formats(void **state)
{
        struct ret_type ts = { .cls = RET_SIGNED, .size = 2, .name = "short" };
        struct ret_type tc = { .cls = RET_CHAR_SIGNED, .size = 1, .name = "char" };
        struct ret_type td = { .cls = RET_FLOAT, .size = 8, .name = "double" };
        struct ret_type tp = { .cls = RET_STRING, .size = 8, .name = "char *" };
        struct ret_member el[] = { { .name = NULL, .offset = 0, .type = &tc } };
        struct ret_type arr = { .cls = RET_ARRAY, .size = 3, .name = "char [3]",
                                .members = el, .n_members = 1 };
        uint8_t neg[2] = { 0xfb, 0xff }, dbl[8] = { 0, 0, 0, 0, 0, 0, 0xd0, 0x3f };
        uint8_t ptr[8] = { 0x1c, 0x20, 0x40 }, hi[3] = { 'h', 'i', 0 };
        static const struct { char fmt; const char *want; } shorts[] = {
                { 'x', "0xfffb" }, { 'd', "-5" }, { 'u', "65531" }, { 'o', "0177773" },
                { 't', "1111111111111011" }, { 'c', "-5 '\\373'" },
        };
        char *got;

        (void)state;
        for (size_t i = 0; i < sizeof(shorts) / sizeof(shorts[0]); i++) {
                got = ret_format_as(&ts, neg, NULL, true, shorts[i].fmt, NULL);
                assert_string_equal(got, shorts[i].want);
                free(got);
        }
        got = ret_format_as(&td, dbl, NULL, true, 'x', NULL);
        assert_string_equal(got, "0x3fd0000000000000"); /* 0.25 */
        free(got);
        got = ret_format_as(&td, dbl, NULL, true, 'c', NULL); /* its value: 0 */
        assert_string_equal(got, "0 '\\000'");
        free(got);
        got = ret_format_as(&tp, ptr, NULL, true, 'x', NULL);
        assert_string_equal(got, "0x40201c");
        free(got);
        got = ret_format_as(&arr, hi, NULL, false, 'x', NULL);
        assert_string_equal(got, "{0x68, 0x69, 0x0}");
        free(got);
        got = ret_format_as(&ts, neg, NULL, true, 0, NULL);
        assert_string_equal(got, "-5");
        free(got);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_retval_strings),
                cmocka_unit_test(test_retval_scalars),
                cmocka_unit_test(test_retval_complex),
                cmocka_unit_test(test_retval_enums),
                cmocka_unit_test(test_retval_struct_in_registers),
                cmocka_unit_test(test_retval_arrays),
                cmocka_unit_test(test_retval_reference),
                cmocka_unit_test(test_retval_partial),
                cmocka_unit_test(test_retval_std),
                cmocka_unit_test(test_retval_formats),
                cmocka_unit_test(test_retval_wide),
                cmocka_unit_test(test_retval_utf8),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
