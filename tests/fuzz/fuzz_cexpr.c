/* fuzz_cexpr — print's C arithmetic (cexpr.c) on arbitrary text: it must not crash, and
 * keeps its contract: 0 with a value of a C type, -1 or -2 with a reason. Operands
 * are read by a stand-in: by their first letter a value of a few types, a char pointer
 * to a string in the stand-in's memory (for $_streq and the like), or one that cannot be
 * read. */
#include "cexpr.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c)                                                                     \
        do {                                                                         \
                if (!(c)) {                                                          \
                        fprintf(stderr, "fuzz_cexpr: invariant failed: %s\n", #c);   \
                        abort();                                                     \
                }                                                                    \
        } while (0)

static int operand(void *ctx, const char *text, size_t len, struct cnum *ret, char *why,
                   size_t whylen)
{
        char c = text[0] == '*' || text[0] == '&' ? text[len - 1] : text[0];

        (void)ctx;
        CHECK(len > 0);
        switch (c % 8 == 3 ? 4 : c % 4) {
        case 0:
                *ret = (struct cnum){ .size = 4, .i = (uint64_t)(int64_t)-7 };
                return 0;
        case 1:
                *ret = (struct cnum){ .size = 8, .is_unsigned = true, .i = UINT64_MAX };
                return 0;
        case 2:
                *ret = (struct cnum){ .is_float = true, .size = 8, .f = 0.5 };
                return 0;
        case 4:
                *ret = (struct cnum){ .size = 8, .ptr = 'p', .elem = 1, .i = 0x1000 };
                return 0;
        default:
                snprintf(why, whylen, "cannot be read");
                return -1;
        }
}

/* Memory: 128 bytes of 'a' and a NUL at 0x1000, 128 more bytes of 'b' after it. */
static long mem_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
        size_t n = 0;

        (void)ctx;
        for (; n < len && addr + n >= 0x1000 && addr + n < 0x1100; n++)
                ((char *)buf)[n] = addr + n < 0x1080 ? 'a' : addr + n == 0x1080 ? 0 : 'b';
        return n ? (long)n : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const struct cexpr_host host = { .operand = operand, .read = mem_read };
        char text[512], why[256];
        struct cnum v;
        int r;

        if (size >= sizeof(text))
                size = sizeof(text) - 1;
        memcpy(text, data, size);
        text[size] = 0;
        (void)cexpr_is_arith(text);
        r = cexpr_eval_host(text, size & 1, &host, NULL, &v, why, sizeof(why));
        CHECK(r == 0 || r == -1 || r == -2);
        if (r < 0) {
                CHECK(why[0] != 0);
                return 0;
        }
        if (v.str) { /* a string literal of the text */
                CHECK(v.str >= text && v.str < text + size);
                CHECK(cexpr_string(&v, why, sizeof(why)) < v.size);
                return 0;
        }
        CHECK(v.size == 1 || v.size == 2 || v.size == 4 || v.size == 8 ||
              (v.is_float && v.size == 16)); /* long double */
        CHECK(cexpr_type_name(&v)[0] != 0);
        return 0;
}
