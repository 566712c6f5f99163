/* bench_buffer — fills a 64 MiB static buffer (bench_buf) with a pattern, then stops
 * itself with an int3 (SIGTRAP) so that a tracer can read the buffer; exits 0 if
 * resumed. Non-PIE: nm gives bench_buf's address. */
#include <stddef.h>

#define BENCH_BUF_SIZE (64u << 20)

unsigned char bench_buf[BENCH_BUF_SIZE];

int main(void)
{
        for (size_t i = 0; i < sizeof(bench_buf); i++)
                bench_buf[i] = (unsigned char)(i * 131u + (i >> 12));
        __asm__ volatile("int3");
        return 0;
}
