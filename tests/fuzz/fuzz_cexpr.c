/* fuzz_cexpr — print's C arithmetic (cexpr.c) on arbitrary text: it must not crash, and
 * keeps its contract: 0 with a value of a C type, -1 or -2 with a reason. Operands
 * are read by a stand-in: names starting with a letter before 'n' are values of a few
 * types, others cannot be read. */
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
        switch (c % 4) {
        case 0:
                *ret = (struct cnum){ .size = 4, .i = (uint64_t)(int64_t)-7 };
                return 0;
        case 1:
                *ret = (struct cnum){ .size = 8, .is_unsigned = true, .i = UINT64_MAX };
                return 0;
        case 2:
                *ret = (struct cnum){ .is_float = true, .size = 8, .f = 0.5 };
                return 0;
        default:
                snprintf(why, whylen, "cannot be read");
                return -1;
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char text[512], why[256];
        struct cnum v;
        int r;

        if (size >= sizeof(text))
                size = sizeof(text) - 1;
        memcpy(text, data, size);
        text[size] = 0;
        (void)cexpr_is_arith(text);
        r = cexpr_eval(text, size & 1, operand, NULL, &v, why, sizeof(why));
        CHECK(r == 0 || r == -1 || r == -2);
        if (r < 0) {
                CHECK(why[0] != 0);
                return 0;
        }
        CHECK(v.size == 1 || v.size == 2 || v.size == 4 || v.size == 8 ||
              (v.is_float && v.size == 16)); /* long double */
        CHECK(cexpr_type_name(&v)[0] != 0);
        return 0;
}
